"""PostgreSQL with the Chinese pipeline.

Matching: modelsearch's tsvector columns, built with the ``simple`` configuration over the
analysed (space-joined) text, queried with to_tsquery (AND/OR/NOT/phrase/prefix all work).
Ranking: BM25 computed in SQL from ``search.Posting`` (term, weighted frequency, document
length per indexed object) and ``search.IndexedDocument``, because ts_rank has no inverse
document frequency and ranks natural-language questions poorly. The postings are written in
the same transaction as the index entry.
"""

from collections import Counter

from modelsearch.backends.database.postgres.postgres import (
    ObjectIndexer,
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchAtomicRebuilder,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchRebuilder,
)
from modelsearch.backends.database.postgres.weights import get_weight
from modelsearch.index import SearchField
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
)
from .querytree import TSQueryDialect


class ChinesePostgresObjectIndexer(AnalysedFieldsMixin, ObjectIndexer):
    def field_item(self, field, value):
        return (field, get_weight(field.boost), value)

    def analysed_tokens(self, title):
        tokens = []
        for field in self.search_fields:
            for current_field, _weight, value in self.prepare_field(self.obj, field):
                is_title = current_field.field_name == "title"
                if isinstance(current_field, SearchField) and is_title == title:
                    tokens.extend(value.split())
        return tokens


#: Analysed text (in characters) sent in one INSERT of index entries: the statement is built
#: in memory, so a chunk of long laws is written in several statements rather than one of
#: hundreds of megabytes.
ENTRY_BATCH_CHARS = 4_000_000
#: Posting rows written to COPY's buffer at a time.
COPY_ROWS = 20_000
#: The primary key's order (term first): the rows of a batch are sent sorted by it, so the
#: index is filled leaf by leaf instead of at a random place per row, which once the index
#: outgrows the buffer cache costs a page read per row.
ENTRY_VALUES = ("title", "autocomplete", "body", "title_norm", "title_text", "body_text")
POSTING_COLUMNS = "(term, content_type_id, object_id, frequency, document_length)"
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class ChinesePostgresIndex(PostingsIndexMixin, PostgresIndex):
    indexer_class = ChinesePostgresObjectIndexer

    def __init__(self, backend):
        super().__init__(backend)
        # Set by the rebuilder: postings go to a fresh, unindexed table swapped in at the end.
        self.rebuild_postings_table = None

    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        indexers = [self.indexer_class(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        for batch in _batches_by_size(indexers):
            self._write_entries(content_type_pk, batch)
        self._write_postings(content_type_pk, indexers)
        # modelsearch refreshes title_norm here (a scan of the whole table per batch); our
        # ranking does not read it.

    def _refresh_title_norms(self, full=False):
        pass

    def _write_entries(self, content_type_pk, indexers):
        # The same upsert as modelsearch's PostgresIndex, with our indexer. The plain-text
        # columns (for modelsearch's trigram fuzzy search, which our backend does not use)
        # stay empty: they would hold a second copy of every analysed text.
        rows, params = [], []
        compiler = _compiler(self.write_connection)
        for ix in indexers:
            row = ["%s", "%s"]
            params.extend((content_type_pk, ix.id))
            for name in ("title", "autocomplete", "body"):
                value = compiler.prepare_value(IndexEntry._meta.get_field(name), getattr(ix, name))
                sql, value_params = value.as_sql(compiler, self.write_connection)
                row.append(sql)
                params.extend(value_params)
            rows.append("(" + ", ".join(row) + ", 1.0, '', '')")
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {IndexEntry._meta.db_table} (content_type_id, object_id, title, "
                "autocomplete, body, title_norm, title_text, body_text) "
                f"VALUES {', '.join(rows)} "
                "ON CONFLICT (content_type_id, object_id) DO UPDATE SET title = EXCLUDED.title, "
                "title_norm = 1.0, autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body, "
                "title_text = '', body_text = '' "
                # An entry that is already right is left alone: rewriting it would add a row
                # version and its terms to three GIN indexes (most of what a rebuild costs).
                f"WHERE {_columns(IndexEntry._meta.db_table)} IS DISTINCT FROM "
                f"{_columns('EXCLUDED')}",
                params,
            )

    def _write_postings(self, content_type_pk, indexers):
        ids = [ix.id for ix in indexers]
        table = self.rebuild_postings_table
        if table is None:
            table = Posting._meta.db_table
            Posting.objects.filter(content_type_id=content_type_pk, object_id__in=ids).delete()
        IndexedDocument.objects.filter(content_type_id=content_type_pk, object_id__in=ids).delete()
        documents, lines = [], []
        for ix in indexers:
            length = self._posting_lines(content_type_pk, ix, lines)
            documents.append(
                IndexedDocument(content_type_id=content_type_pk, object_id=ix.id, length=length)
            )
        # Each line starts with its term, then the object: sorted lines are in key order.
        lines.sort()
        with self.write_connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} {POSTING_COLUMNS} FROM STDIN") as copy:
                for start in range(0, len(lines), COPY_ROWS):
                    copy.write("".join(lines[start : start + COPY_ROWS]))
        IndexedDocument.objects.bulk_create(documents, batch_size=1000)
        forget_corpus_stats()

    @staticmethod
    def _posting_lines(content_type_pk, ix, lines):
        """Append the COPY lines of one object's postings; return its weighted length."""
        title, body = ix.analysed_tokens(True), ix.analysed_tokens(False)
        length = TITLE_WEIGHT * len(title) + len(body)
        frequency = Counter(body)
        for token in title:
            frequency[token] += TITLE_WEIGHT
        _fit_terms_to_column(frequency)
        object_columns = f"\t{content_type_pk}\t{ix.id.translate(COPY_ESCAPES)}\t"
        suffix = f"\t{length!r}\n"
        lines.extend(f"{term}{object_columns}{tf!r}{suffix}" for term, tf in frequency.items())
        return length

    def delete_stale_entries(self, postings=True):
        """Entries (and their rows) of objects gone; a rebuild replaces every posting anyway,
        so it skips the anti-join over millions of posting rows."""
        super().delete_stale_entries()
        entries = IndexEntry._meta.db_table
        with self.write_connection.cursor() as cursor:
            for model in (Posting, IndexedDocument) if postings else (IndexedDocument,):
                cursor.execute(
                    f"DELETE FROM {model._meta.db_table} p WHERE NOT EXISTS (SELECT 1 FROM "
                    f"{entries} e WHERE e.content_type_id = p.content_type_id "
                    "AND e.object_id = p.object_id)"
                )
        forget_corpus_stats()

    def reset(self):
        super().reset()
        with self.write_connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {Posting._meta.db_table}, {IndexedDocument._meta.db_table}")


def _columns(table):
    """The entry's values, as a row of ``table``'s columns."""
    return "(" + ", ".join(f"{table}.{column}" for column in ENTRY_VALUES) + ")"


def _fit_terms_to_column(frequency):
    """Cut terms to the column's 100 characters (adding up the counts of terms that then
    coincide) and escape them for COPY. Tokens hold no whitespace, so only a backslash needs
    escaping, and few terms need either."""
    odd = [term for term in frequency if len(term) > 100 or "\\" in term]
    fitted = Counter()
    for term in odd:
        fitted[term[:100].translate(COPY_ESCAPES)] += frequency.pop(term)
    frequency.update(fitted)


def _batches_by_size(indexers):
    """The indexers in consecutive groups of at most ENTRY_BATCH_CHARS analysed characters."""
    batch, size = [], 0
    for ix in indexers:
        ix_size = sum(
            len(value)
            for field in ix.search_fields
            for _field, _weight, value in ix.prepare_field(ix.obj, field)
            if isinstance(value, str)
        )
        if batch and size + ix_size > ENTRY_BATCH_CHARS:
            yield batch
            batch, size = [], 0
        batch.append(ix)
        size += ix_size
    if batch:
        yield batch


class PostingsSwap:
    """A full rebuild writes every posting again: into a new table without indexes, indexed
    once at the end and swapped in, rather than deleting and re-inserting millions of rows
    through two indexes. Readers see the old table until the rebuild commits."""

    def __init__(self, index):
        self.index = index
        self.table = Posting._meta.db_table
        self.new_table = f"{self.table}_rebuild"

    def start(self):
        with self.index.write_connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.new_table}")
            cursor.execute(f"CREATE TABLE {self.new_table} (LIKE {self.table} INCLUDING DEFAULTS)")
            cursor.execute(f"DELETE FROM {IndexedDocument._meta.db_table}")
        self.index.rebuild_postings_table = self.new_table

    def finish(self):
        self.index.rebuild_postings_table = None
        with self.index.write_connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {self.table}")
            cursor.execute(f"ALTER TABLE {self.new_table} RENAME TO {self.table}")
            # Enough memory to sort the postings for the key in one pass.
            cursor.execute("SET maintenance_work_mem = '256MB'")
            cursor.execute(
                f"ALTER TABLE {self.table} ADD CONSTRAINT {self.table}_pkey "
                "PRIMARY KEY (term, content_type_id, object_id) "
                # As migration 0004: the ranking reads the postings from the index alone.
                "INCLUDE (frequency, document_length)"
            )
            cursor.execute(
                f"CREATE INDEX search_posting_object ON {self.table} (content_type_id, object_id)"
            )
            cursor.execute("RESET maintenance_work_mem")
            cursor.execute(f"ANALYZE {self.table}")


class ChinesePostgresRebuilder(PostgresSearchRebuilder):
    def start(self):
        self.index.delete_stale_entries(postings=False)
        self.swap = PostingsSwap(self.index)
        self.swap.start()
        return self.index

    def finish(self):
        self.swap.finish()
        super().finish()


class ChinesePostgresAtomicRebuilder(PostgresSearchAtomicRebuilder):
    def start(self):
        self.transaction.__enter__()
        self.transaction_opened = True
        return ChinesePostgresRebuilder.start(self)

    def finish(self):
        # After a failure (see modelsearch's __del__) the transaction only rolls back.
        if self.transaction_opened and not self.index.write_connection.needs_rollback:
            self.swap.finish()
        super().finish()


def _compiler(connection):
    from django.db.models.sql import InsertQuery

    return InsertQuery(IndexEntry).get_compiler(connection=connection)


class ChinesePostgresCompilerMixin(ChineseSearchQueryCompilerMixin):
    dialect_class = TSQueryDialect

    def _entries_where(self, expression):
        placeholders = ", ".join(["%s"] * len(self.content_type_pks))
        matches = " OR ".join(
            f"e.{column} @@ to_tsquery('simple', %s)" for column in self.columns()
        )
        sql = (
            f"FROM {IndexEntry._meta.db_table} e WHERE ({matches}) "
            f"AND e.content_type_id IN ({placeholders})"
        )
        return sql, [expression] * len(self.columns()) + list(self.content_type_pks)

    def matched_ids_sql(self, expression):
        where, params = self._entries_where(expression)
        cast = pk_cast_type(self.queryset.model, self.connection)
        return f"SELECT CAST(e.object_id AS {cast}) {where}", params

    def match_where(self, expression):
        return self._entries_where(expression)

    def ranked_object_ids(self, expression, tokens, limit):
        if self.autocomplete:
            return self._ranked_by_ts_rank(expression, limit)
        ranked = self.ranked_by_bm25(expression, tokens, limit)
        return self._ranked_by_ts_rank(expression, limit) if ranked is None else ranked

    def _ranked_by_ts_rank(self, expression, limit):
        where, params = self._entries_where(expression)
        sql = (
            "SELECT e.object_id, ts_rank(e.autocomplete, to_tsquery('simple', %s)) AS score "
            f"{where} ORDER BY score DESC, e.object_id LIMIT {int(limit)}"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [expression, *params])
            return cursor.fetchall()


class ChinesePostgresSearchQueryCompiler(ChinesePostgresCompilerMixin, PostgresSearchQueryCompiler):
    pass


class ChinesePostgresAutocompleteQueryCompiler(
    ChinesePostgresCompilerMixin, PostgresAutocompleteQueryCompiler
):
    autocomplete = True


class ChinesePostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = ChinesePostgresSearchQueryCompiler
    autocomplete_query_compiler_class = ChinesePostgresAutocompleteQueryCompiler
    index_class = ChinesePostgresIndex
    results_class = ChineseSearchResults
    rebuilder_class = ChinesePostgresRebuilder
    atomic_rebuilder_class = ChinesePostgresAtomicRebuilder

    def __init__(self, params):
        super().__init__(params)
        # Tokens are already normalised: no stemming, no stop words.
        self.config = "simple"
        self.autocomplete_config = "simple"


SearchBackend = ChinesePostgresSearchBackend
