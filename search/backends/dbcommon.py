"""What the SQLite and PostgreSQL backends share: analysed indexing and BM25-ranked search.

Matching is done in SQL by the database's full-text index over the analysed text. Ranking
is BM25 over the same tokens (SQLite: FTS5's bm25(); PostgreSQL: computed from the postings
table, since ts_rank knows no inverse document frequency). The matched objects are then
intersected with the caller's queryset (live, public ... filters), so a result can never
escape the queryset's filters.
"""

from collections import OrderedDict

from django.db import connections
from django.db.models import Count
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property
from modelsearch.backends.base import BaseSearchResults, FilterFieldError
from modelsearch.conf import get_app_config
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.query import MatchAll
from modelsearch.utils import get_descendants_content_types_pks

from search.analysis import get_analyzer

from .querytree import MatchCompiler, split_negation

IndexEntry = get_app_config().get_model("IndexEntry", require_ready=False)

#: How much a title occurrence counts against a body occurrence.
TITLE_WEIGHT = 4.0
#: Matches ranked by score; any further matches follow in primary-key order.
MAX_RANKED = 10_000


class AnalysedFieldsMixin:
    """For the stock ObjectIndexers: index the analysed text of search and autocomplete fields."""

    def prepare_field(self, obj, field):
        analyzer = get_analyzer()
        cache = self.__dict__.setdefault("_analysed", {})
        for item in super().prepare_field(obj, field):
            current_field, value = item[0], item[-1]
            if isinstance(current_field, (SearchField, AutocompleteField)) and isinstance(
                value, str
            ):
                if value not in cache:
                    cache[value] = analyzer.index_text(value)
                item = item[:-1] + (cache[value],)
            yield item


class ChineseSearchQueryCompilerMixin:
    DEFAULT_OPERATOR = "or"
    dialect_class = None
    autocomplete = False

    def columns(self):
        """Index columns to match: title and body, or just the title when asked for."""
        if self.autocomplete:
            return ["autocomplete"]
        if self.fields and all(f == "title" for f in self.fields):
            return ["title"]
        return ["title", "body"]

    @cached_property
    def compiled(self):
        """(match expression or None, scoring tokens, negated); None expression = MatchAll."""
        query, negated = split_negation(self.query)
        if isinstance(query, MatchAll):
            return None, [], negated
        compiler = MatchCompiler(self.dialect_class(), autocomplete=self.autocomplete)
        expression = compiler.compile(query)
        return expression or "", list(dict.fromkeys(compiler.scoring_tokens)), negated

    @cached_property
    def content_type_pks(self):
        return get_descendants_content_types_pks(self.queryset.model)

    @property
    def connection(self):
        return connections[self.queryset.db]

    def matched_ids_sql(self, expression):
        """SQL selecting the object ids (as the model's pk type) matching the expression."""
        raise NotImplementedError

    def ranked_object_ids(self, expression, tokens):
        """[(object_id as str, score)] best first, at most MAX_RANKED."""
        raise NotImplementedError

    def matching_queryset(self):
        expression, _tokens, negated = self.compiled
        if expression is None:
            return self.queryset.none() if negated else self.queryset
        if expression == "":
            return self.queryset if negated else self.queryset.none()
        sql, params = self.matched_ids_sql(expression)
        condition = {"pk__in": RawSQL(sql, params)}
        return self.queryset.exclude(**condition) if negated else self.queryset.filter(**condition)

    def results(self, start, stop, score_field=None):
        expression, tokens, negated = self.compiled
        queryset = self.matching_queryset()
        ranked = expression and not negated and self.order_by_relevance
        if not ranked:
            if not queryset.query.order_by:
                queryset = queryset.order_by("-pk")
            objects = list(queryset[start:stop])
            if score_field:
                for obj in objects:
                    setattr(obj, score_field, None)
            return objects

        scores = dict(self.ranked_object_ids(expression, tokens))
        pk_field = self.queryset.model._meta.pk
        allowed = list(queryset.order_by().values_list("pk", flat=True))
        allowed.sort(key=lambda pk: (-scores.get(str(pk), float("-inf")), _negated_key(pk)))
        page = allowed[start:stop]
        by_pk = {obj.pk: obj for obj in self.queryset.filter(pk__in=page)}
        objects = [by_pk[pk_field.to_python(pk)] for pk in page if pk in by_pk]
        if score_field:
            for obj in objects:
                setattr(obj, score_field, scores.get(str(obj.pk)))
        return objects

    def count(self):
        return self.matching_queryset().count()


def _negated_key(pk):
    return -pk if isinstance(pk, (int, float)) else 0


class ChineseSearchResults(BaseSearchResults):
    supports_facet = True

    def _do_search(self):
        return self.query_compiler.results(self.start, self.stop, self._score_field)

    def _do_count(self):
        return self.query_compiler.count()

    def facet(self, field_name):
        field = self.query_compiler._get_filterable_field(field_name)
        if field is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add '
                f"index.FilterField('{field_name}') to "
                f"{self.query_compiler.queryset.model.__name__}.search_fields.",
                field_name=field_name,
            )
        rows = (
            self.query_compiler.matching_queryset()
            .order_by()
            .values(field_name)
            .annotate(count=Count("pk"))
            .order_by("-count")
        )
        return OrderedDict((row[field_name], row["count"]) for row in rows)


def pk_cast_type(model, connection):
    pk = model._meta.pk
    field = pk.target_field if pk.is_relation else pk
    return field.cast_db_type(connection)
