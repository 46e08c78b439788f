"""SQLite FTS5 with the Chinese pipeline: analysed text in modelsearch's FTS5 table (its
unicode61 tokenizer splits the pre-segmented text on spaces) for matching; ranking is the BM25
both database backends compute from ``search.Posting`` (FTS5's bm25() has fixed parameters and
scores title and body apart), with bm25() as the fallback for an index built without postings
and for autocomplete."""

from django.db import transaction
from modelsearch.backends.database.sqlite.sqlite import (
    ObjectIndexer,
    SQLiteAutocompleteQueryCompiler,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.conf import get_app_config
from modelsearch.utils import get_content_type_pk

from ..models import IndexedDocument, Posting
from .dbcommon import (
    TITLE_WEIGHT,
    AnalysedFieldsMixin,
    ChineseSearchQueryCompilerMixin,
    ChineseSearchResults,
    IndexEntry,
    PostingsIndexMixin,
    forget_corpus_stats,
    pk_cast_type,
    weighted_frequencies,
)
from .querytree import FTS5Dialect

#: Objects per DELETE of old postings (SQLite limits the parameters of one statement).
POSTING_DELETE_BATCH = 500
#: Posting rows held in memory before they are written.
POSTING_INSERT_ROWS = 50_000
#: Objects in one add_items call from which it counts as a bulk write (see _bulk_write_cache).
BULK_WRITE_OBJECTS = 100
BULK_CACHE_KIB = 64 * 1024
SQLiteFTSIndexEntry = get_app_config().get_model("SQLiteFTSIndexEntry", require_ready=False)


class ChineseSQLiteObjectIndexer(AnalysedFieldsMixin, ObjectIndexer):
    pass


class ChineseSQLiteIndex(PostingsIndexMixin, SQLiteIndex):
    indexer_class = ChineseSQLiteObjectIndexer

    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        indexers = [self.indexer_class(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        data = {ix.id: (ix.title, ix.autocomplete, ix.body) for ix in indexers}
        entries = self.entries.filter(content_type_id=content_type_pk)
        existing = set(entries.filter(object_id__in=data).values_list("object_id", flat=True))
        for object_id in existing:
            title, autocomplete, body = data[object_id]
            entries.filter(object_id=object_id).update(
                title=title, autocomplete=autocomplete, body=body
            )
        self.entries.bulk_create(
            [
                IndexEntry(
                    content_type_id=content_type_pk,
                    object_id=object_id,
                    title=title,
                    autocomplete=autocomplete,
                    body=body,
                )
                for object_id, (title, autocomplete, body) in data.items()
                if object_id not in existing
            ],
            batch_size=500,
        )
        if len(indexers) >= BULK_WRITE_OBJECTS:
            self._bulk_write_cache()
        # One transaction: outside one (autocommit), SQLite commits, and journals, every row.
        with transaction.atomic(using=self.write_connection.alias):
            self._write_postings(content_type_pk, data)
        # modelsearch refreshes title_norm here; our ranking does not use it, and the refresh
        # scans the whole table on every batch.

    def _write_postings(self, content_type_pk, data):
        """Replace the postings and lengths of these objects (data: id → analysed texts)."""
        alias = self.write_connection.alias
        ids = list(data)
        for start in range(0, len(ids), POSTING_DELETE_BATCH):
            chunk = ids[start : start + POSTING_DELETE_BATCH]
            for model in (Posting, IndexedDocument):
                model.objects.filter(
                    content_type_id=content_type_pk, object_id__in=chunk
                )._raw_delete(using=alias)
        postings, documents = [], []
        insert = (
            f"INSERT OR REPLACE INTO {Posting._meta.db_table} (content_type_id, object_id, "
            "term, frequency, document_length) VALUES (%s, %s, %s, %s, %s)"
        )
        with self.write_connection.cursor() as cursor:
            for object_id, (title, _autocomplete, body) in data.items():
                frequency, length = weighted_frequencies(title.split(), body.split())
                documents.append((content_type_pk, object_id, length))
                postings.extend(
                    (content_type_pk, object_id, term[:100], tf, length)
                    for term, tf in frequency.items()
                )
                # Written as they come: a batch of long laws holds millions of postings.
                if len(postings) >= POSTING_INSERT_ROWS:
                    _insert_in_key_order(cursor, insert, postings)
            _insert_in_key_order(cursor, insert, postings)
            cursor.executemany(
                f"INSERT INTO {IndexedDocument._meta.db_table} (content_type_id, object_id, "
                "length) VALUES (%s, %s, %s)",
                documents,
            )
        forget_corpus_stats()

    def _bulk_write_cache(self):
        """A bulk write touches pages all over the postings' b-tree: give the connection a
        cache of BULK_CACHE_KIB (SQLite's default is 2 MiB) for as long as it lives."""
        wrapper = self.write_connection
        with wrapper.cursor() as cursor:
            # Once per database connection (the wrapper outlives reconnections).
            if getattr(wrapper, "_govpages_bulk_cache", None) != id(wrapper.connection):
                cursor.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
                wrapper._govpages_bulk_cache = id(wrapper.connection)

    def delete_stale_entries(self):
        """Entries of objects gone, and their postings: the stale objects are found in the
        small lengths table, their postings deleted through the posting table's object index."""
        super().delete_stale_entries()
        documents, entries = IndexedDocument._meta.db_table, IndexEntry._meta.db_table
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"SELECT content_type_id, object_id FROM {documents} d WHERE NOT EXISTS (SELECT 1 "
                f"FROM {entries} e WHERE e.content_type_id = d.content_type_id "
                "AND e.object_id = d.object_id)"
            )
            stale = cursor.fetchall()
            for table in (Posting._meta.db_table, documents):
                cursor.executemany(
                    f"DELETE FROM {table} WHERE content_type_id = %s AND object_id = %s", stale
                )
        forget_corpus_stats()

    def reset(self):
        super().reset()
        for model in (Posting, IndexedDocument):
            model.objects.all()._raw_delete(using=self.write_connection.alias)

    def _refresh_title_norms(self, full=False):
        pass


class ChineseSQLiteCompilerMixin(ChineseSearchQueryCompilerMixin):
    dialect_class = FTS5Dialect

    def _fts_where(self, expression):
        fts = SQLiteFTSIndexEntry._meta.db_table
        columns = " ".join(self.columns())
        placeholders = ", ".join(["%s"] * len(self.content_type_pks))
        sql = (
            f"FROM {fts} JOIN {IndexEntry._meta.db_table} e ON e.id = {fts}.rowid "
            f"WHERE {fts} MATCH %s AND e.content_type_id IN ({placeholders})"
        )
        return sql, ["{" + columns + "} : (" + expression + ")", *self.content_type_pks]

    def matched_ids_sql(self, expression):
        where, params = self._fts_where(expression)
        cast = pk_cast_type(self.queryset.model, self.connection)
        return f"SELECT CAST(e.object_id AS {cast}) {where}", params

    def match_where(self, expression):
        return self._fts_where(expression)

    def ranked_object_ids(self, expression, tokens, limit):
        if not self.autocomplete:
            ranked = self.ranked_by_bm25(expression, tokens, limit)
            if ranked is not None:
                return ranked
        fts = SQLiteFTSIndexEntry._meta.db_table
        where, params = self._fts_where(expression)
        # Columns of the FTS5 table: (autocomplete, body, title). bm25() is lower = better.
        weights = "1.0, 0.0, 0.0" if self.autocomplete else f"0.0, 1.0, {TITLE_WEIGHT}"
        sql = f"SELECT e.object_id, -bm25({fts}, {weights}) AS score {where} "
        sql += f"ORDER BY bm25({fts}, {weights}), e.object_id LIMIT {int(limit)}"
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


class ChineseSQLiteSearchQueryCompiler(ChineseSQLiteCompilerMixin, SQLiteSearchQueryCompiler):
    pass


class ChineseSQLiteAutocompleteQueryCompiler(
    ChineseSQLiteCompilerMixin, SQLiteAutocompleteQueryCompiler
):
    autocomplete = True


class ChineseSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = ChineseSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = ChineseSQLiteAutocompleteQueryCompiler
    index_class = ChineseSQLiteIndex
    results_class = ChineseSearchResults


SearchBackend = ChineseSQLiteSearchBackend


def _insert_in_key_order(cursor, insert, postings):
    """Insert (content type, object, term, ...) rows sorted by the table's key (term first): the
    b-tree is then filled leaf by leaf rather than at a random place per row."""
    postings.sort(key=lambda row: (row[2], row[0], row[1]))
    cursor.executemany(insert, postings)
    postings.clear()
