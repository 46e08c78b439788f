"""PostgreSQL with the Chinese pipeline.

Matching: modelsearch's tsvector columns, built with the ``simple`` configuration over the
analysed (space-joined) text, queried with to_tsquery (AND/OR/NOT/phrase/prefix all work).
Ranking: BM25 computed in SQL from ``search.Posting`` (term, weighted frequency, document
length per indexed object) and ``search.IndexedDocument``, because ts_rank has no inverse
document frequency and ranks natural-language questions poorly. The postings are written in
the same transaction as the index entry.
"""

from collections import Counter

from django.db.models import Avg, Count, F
from modelsearch.backends.base import get_model_root
from modelsearch.backends.database.postgres.postgres import (
    ObjectIndexer,
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.backends.database.postgres.weights import get_weight
from modelsearch.index import SearchField
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from ..models import IndexedDocument, Posting
from .dbcommon import (
    MAX_RANKED,
    TITLE_WEIGHT,
    AnalysedFieldsMixin,
    ChineseSearchQueryCompilerMixin,
    ChineseSearchResults,
    IndexEntry,
    pk_cast_type,
)
from .querytree import TSQueryDialect

BM25_K1 = 1.2
BM25_B = 0.75


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


class ChinesePostgresIndex(PostgresIndex):
    indexer_class = ChinesePostgresObjectIndexer

    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        indexers = [self.indexer_class(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        self._write_entries(content_type_pk, indexers)
        self._write_postings(content_type_pk, indexers)
        self._refresh_title_norms()

    def _write_entries(self, content_type_pk, indexers):
        # The same upsert as modelsearch's PostgresIndex, with our indexer.
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
            params.extend((ix.title_text, ix.body_text))
            rows.append("(" + ", ".join(row) + ", 1.0, %s, %s)")
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {IndexEntry._meta.db_table} (content_type_id, object_id, title, "
                "autocomplete, body, title_norm, title_text, body_text) "
                f"VALUES {', '.join(rows)} "
                "ON CONFLICT (content_type_id, object_id) DO UPDATE SET title = EXCLUDED.title, "
                "title_norm = 1.0, autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body, "
                "title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text",
                params,
            )

    def _write_postings(self, content_type_pk, indexers):
        ids = [ix.id for ix in indexers]
        Posting.objects.filter(content_type_id=content_type_pk, object_id__in=ids).delete()
        IndexedDocument.objects.filter(content_type_id=content_type_pk, object_id__in=ids).delete()
        documents = []
        with self.write_connection.cursor() as cursor:
            copy_sql = (
                f"COPY {Posting._meta.db_table} (content_type_id, object_id, term, frequency, "
                "document_length) FROM STDIN"
            )
            with cursor.cursor.copy(copy_sql) as copy:
                for ix in indexers:
                    title, body = ix.analysed_tokens(True), ix.analysed_tokens(False)
                    length = TITLE_WEIGHT * len(title) + len(body)
                    frequency = Counter(body)
                    for token in title:
                        frequency[token] += TITLE_WEIGHT
                    for term, tf in frequency.items():
                        copy.write_row((content_type_pk, ix.id, term[:100], tf, length))
                    documents.append(
                        IndexedDocument(
                            content_type_id=content_type_pk, object_id=ix.id, length=length
                        )
                    )
        IndexedDocument.objects.bulk_create(documents, batch_size=1000)

    def delete_item(self, item):
        super().delete_item(item)
        content_types = get_descendants_content_types_pks(get_model_root(type(item)))
        for model in (Posting, IndexedDocument):
            model.objects.filter(
                content_type_id__in=content_types, object_id=str(item.pk)
            )._raw_delete(using=self.write_connection.alias)

    def delete_stale_entries(self):
        super().delete_stale_entries()
        entries = IndexEntry._meta.db_table
        with self.write_connection.cursor() as cursor:
            for model in (Posting, IndexedDocument):
                cursor.execute(
                    f"DELETE FROM {model._meta.db_table} p WHERE NOT EXISTS (SELECT 1 FROM "
                    f"{entries} e WHERE e.content_type_id = p.content_type_id "
                    "AND e.object_id = p.object_id)"
                )

    def reset(self):
        super().reset()
        with self.write_connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {Posting._meta.db_table}, {IndexedDocument._meta.db_table}")


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

    def ranked_object_ids(self, expression, tokens):
        if self.autocomplete:
            return self._ranked_by_ts_rank(expression)
        if not tokens:
            return []
        stats = IndexedDocument.objects.aggregate(n=Count("pk"), avgdl=Avg(F("length")))
        n, avgdl = stats["n"] or 1, stats["avgdl"] or 1.0
        placeholders = ", ".join(["%s"] * len(self.content_type_pks))
        restriction, restriction_params = "", []
        if not self.plain_or:
            # AND / NOT / phrase: rank only what the tsvector match accepts.
            where, restriction_params = self._entries_where(expression)
            restriction = f"AND object_id IN (SELECT e.object_id {where})"
        sql = f"""
            WITH p AS (
                SELECT content_type_id, object_id, frequency, document_length,
                       COUNT(*) OVER (PARTITION BY term) AS df
                FROM {Posting._meta.db_table} WHERE term = ANY(%s)
            )
            SELECT object_id, SUM(
                LN(1 + (%s - df + 0.5) / (df + 0.5))
                * frequency * {BM25_K1 + 1}
                / (frequency + {BM25_K1} * (1 - {BM25_B} + {BM25_B} * document_length / %s))
            ) AS score
            FROM p WHERE content_type_id IN ({placeholders}) {restriction}
            GROUP BY object_id ORDER BY score DESC LIMIT {MAX_RANKED}
        """
        params = [tokens, float(n), avgdl, *self.content_type_pks, *restriction_params]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [(object_id, float(score)) for object_id, score in cursor.fetchall()]

    def _ranked_by_ts_rank(self, expression):
        where, params = self._entries_where(expression)
        sql = (
            "SELECT e.object_id, ts_rank(e.autocomplete, to_tsquery('simple', %s)) AS score "
            f"{where} ORDER BY score DESC LIMIT {MAX_RANKED}"
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

    def __init__(self, params):
        super().__init__(params)
        # Tokens are already normalised: no stemming, no stop words.
        self.config = "simple"
        self.autocomplete_config = "simple"


SearchBackend = ChinesePostgresSearchBackend
