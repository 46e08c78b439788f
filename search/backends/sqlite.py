"""SQLite FTS5 with the Chinese pipeline: analysed text in modelsearch's FTS5 table (its
unicode61 tokenizer splits the pre-segmented text on spaces), bm25() ranking."""

from modelsearch.backends.database.sqlite.sqlite import (
    ObjectIndexer,
    SQLiteAutocompleteQueryCompiler,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.conf import get_app_config
from modelsearch.utils import get_content_type_pk

from .dbcommon import (
    MAX_RANKED,
    TITLE_WEIGHT,
    AnalysedFieldsMixin,
    ChineseSearchQueryCompilerMixin,
    ChineseSearchResults,
    IndexEntry,
    pk_cast_type,
)
from .querytree import FTS5Dialect

SQLiteFTSIndexEntry = get_app_config().get_model("SQLiteFTSIndexEntry", require_ready=False)


class ChineseSQLiteObjectIndexer(AnalysedFieldsMixin, ObjectIndexer):
    pass


class ChineseSQLiteIndex(SQLiteIndex):
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
        # modelsearch refreshes title_norm here; our ranking does not use it, and the refresh
        # scans the whole table on every batch.

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

    def ranked_object_ids(self, expression, tokens):
        fts = SQLiteFTSIndexEntry._meta.db_table
        where, params = self._fts_where(expression)
        # Columns of the FTS5 table: (autocomplete, body, title). bm25() is lower = better.
        weights = "1.0, 0.0, 0.0" if self.autocomplete else f"0.0, 1.0, {TITLE_WEIGHT}"
        sql = f"SELECT e.object_id, -bm25({fts}, {weights}) AS score {where} "
        sql += f"ORDER BY bm25({fts}, {weights}) LIMIT {MAX_RANKED}"
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
