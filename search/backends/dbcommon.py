"""What the SQLite and PostgreSQL backends share: analysed indexing and BM25-ranked search.

Matching is done in SQL by the database's full-text index over the analysed text. Ranking
is BM25 over the same tokens, computed by the same SQL on both databases from the postings table
(ts_rank knows no inverse document frequency, and FTS5's bm25() has fixed parameters and scores
each column apart); see ranking.py for the parameters. The matched objects are then
intersected with the caller's queryset (live, public ... filters), so a result can never
escape the queryset's filters.
"""

import math
import re
import time
from collections import Counter, OrderedDict
from html import unescape

from django.core.exceptions import FieldDoesNotExist
from django.db import connections
from django.db.models import Avg, Count, F
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property
from modelsearch.backends.base import BaseSearchResults, FilterFieldError, get_model_root
from modelsearch.conf import get_app_config
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.query import Fuzzy, MatchAll, PlainText
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.fields import RichTextField

from ..analysis import get_analyzer
from ..analysis.pipeline import prefix_tokens
from ..idlists import id_list
from .querytree import MatchCompiler, split_negation
from .ranking import BM25_B, BM25_K1, TITLE_WEIGHT

IndexEntry = get_app_config().get_model("IndexEntry", require_ready=False)

#: Matches ranked by score; any further matches follow in primary-key order.
MAX_RANKED = 10_000


BLOCK_TAG_RE = re.compile(
    r"</?(?:p|div|h\d|li|ul|ol|dl|dt|dd|blockquote|br|hr|tr|td|th|table|pre|section)\b[^>]*>",
    re.IGNORECASE,
)
TAG_RE = re.compile(r"<[^>]*>")


def rich_text_to_plain(html):
    """Text of rich text for indexing: block tags become spaces, inline tags vanish (so a
    word split by <b> stays whole). Wagtail's get_text_for_indexing does the same with
    Django's HTML parser, which is the slowest step of indexing long documents."""
    return unescape(TAG_RE.sub("", BLOCK_TAG_RE.sub(" ", html))).strip()


def _model_field(obj, field):
    try:
        return obj._meta.get_field(field.field_name)
    except FieldDoesNotExist:
        return None


#: Seconds a process reuses the index's document count and average length: reading them is a
#: scan of a row per document, and a few seconds' drift moves no score that matters. An index
#: write in the same process forgets them at once.
CORPUS_STATS_TTL = 10
_corpus_stats = {}


def corpus_stats(using):
    """{"n": indexed objects, "avgdl": their average weighted length} of the database index."""
    from ..models import IndexedDocument

    cached = _corpus_stats.get(using)
    if cached and time.monotonic() - cached[0] < CORPUS_STATS_TTL:
        return cached[1]
    stats = IndexedDocument.objects.using(using).aggregate(n=Count("pk"), avgdl=Avg(F("length")))
    _corpus_stats[using] = (time.monotonic(), stats)
    return stats


def forget_corpus_stats():
    _corpus_stats.clear()


class PostingsIndexMixin:
    """For the database indexes: an object deleted from the index takes its postings and its
    length row with it."""

    def reset(self):
        forget_corpus_stats()
        super().reset()

    def delete_item(self, item):
        forget_corpus_stats()
        super().delete_item(item)
        from ..models import IndexedDocument, Posting

        content_types = get_descendants_content_types_pks(get_model_root(type(item)))
        for model in (Posting, IndexedDocument):
            model.objects.filter(
                content_type_id__in=content_types, object_id=str(item.pk)
            )._raw_delete(using=self.write_connection.alias)


class AnalysedFieldsMixin:
    """For the stock ObjectIndexers: index the analysed text of search and autocomplete fields.

    The stock indexer extracts every field three times (for title, body and autocomplete);
    rich text extraction and analysis are the expensive part, so each field is extracted
    and analysed once per object.
    """

    def prepare_field(self, obj, field):
        if obj is not self.obj:
            yield from self._analyse(self._prepare_field(obj, field))
            return
        cache = self.__dict__.setdefault("_prepared", {})
        key = id(field)
        if key not in cache:
            cache[key] = list(self._analyse(self._prepare_field(obj, field)))
        yield from cache[key]

    def _prepare_field(self, obj, field):
        if isinstance(field, SearchField) and isinstance(_model_field(obj, field), RichTextField):
            source = getattr(obj, field.field_name, "") or ""
            yield self.field_item(field, rich_text_to_plain(str(source)))
            return
        yield from super().prepare_field(obj, field)

    def field_item(self, field, value):
        """The (field, ..., value) tuple the stock indexer yields for a search field."""
        return (field, value)

    def _analyse(self, items):
        analyzer = get_analyzer()
        for item in items:
            current_field, value = item[0], item[-1]
            if isinstance(current_field, (SearchField, AutocompleteField)) and isinstance(
                value, str
            ):
                item = item[:-1] + (analyzer.index_text(value),)
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
        # A plain OR query over every field matches exactly the objects having any of its
        # tokens in their postings.
        self.plain_or = (
            isinstance(query, (PlainText, Fuzzy))
            and (query.operator or "or").lower() == "or"
            and not self.autocomplete
            and self.columns() == ["title", "body"]
        )
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

    def ranked_object_ids(self, expression, tokens, limit):
        """[(object_id as str, score)] best first, at most ``limit``."""
        raise NotImplementedError

    def match_where(self, expression):
        """(SQL "FROM ... WHERE ..." with the matching index entries as ``e``, params)."""
        raise NotImplementedError

    def ranked_by_bm25(self, expression, tokens, limit):
        """BM25 over the postings (title occurrences weighted, see TITLE_WEIGHT): the same SQL on
        SQLite and PostgreSQL. None when no postings have been written (an index built before
        the postings existed: rebuild it)."""
        from ..models import Posting

        if not tokens:
            return []
        stats = corpus_stats(self.queryset.db)
        if not stats["n"]:
            return None
        placeholders = ", ".join(["%s"] * len(self.content_type_pks))
        restriction, restriction_params = "", []
        if not self.plain_or:
            # AND / NOT / phrase: rank only what the full-text match accepts.
            where, restriction_params = self.match_where(expression)
            restriction = f"AND p.object_id IN (SELECT e.object_id {where})"
        term_condition, term_params = posting_term_condition(tokens)
        scored_condition, _same_params = posting_term_condition(tokens, "p.term")
        table = Posting._meta.db_table
        with self.connection.cursor() as cursor:
            # Each term's weight once, from its document frequency (an index-only count).
            cursor.execute(
                f"SELECT term, COUNT(*) FROM {table} WHERE {term_condition} GROUP BY term",
                term_params,
            )
            weights = [(term, bm25_idf(stats["n"], df)) for term, df in cursor.fetchall()]
            if not weights:
                return []
            weight_sql, join, weight_params = _term_weights(weights)
            # tf (k1 + 1) / (tf + k1 (1 - b + b dl / avgdl)), with the constants folded. The
            # unary plus keeps SQLite from reading the postings through the object index (every
            # posting of the content types) when the terms are a prefix range.
            sql = f"""
                {join[0]}
                SELECT p.object_id, SUM(
                    {weight_sql} * p.frequency * %s / (p.frequency + %s + %s * p.document_length)
                ) AS score
                FROM {table} p {join[1]}
                WHERE {scored_condition}
                    AND +p.content_type_id IN ({placeholders}) {restriction}
                GROUP BY p.object_id ORDER BY score DESC, p.object_id LIMIT {int(limit)}
            """
            params = [*weight_params, BM25_K1 + 1, BM25_K1 * (1 - BM25_B)]
            params += [BM25_K1 * BM25_B / stats["avgdl"], *term_params]
            params += [*self.content_type_pks, *restriction_params]
            cursor.execute(sql, params)
            return [(object_id, float(score)) for object_id, score in cursor.fetchall()]

    def matching_queryset(self):
        expression, _tokens, negated = self.compiled
        if expression is None:
            return self.queryset.none() if negated else self.queryset
        if expression == "":
            return self.queryset if negated else self.queryset.none()
        sql, params = self.matched_ids_sql(expression)
        condition = {"pk__in": RawSQL(sql, params)}
        return self.queryset.exclude(**condition) if negated else self.queryset.filter(**condition)

    def ranking(self, limit=None):
        """(object ids best first, {object id: score}, complete?) of at least ``limit`` allowed
        matches where there are that many (of every match, up to MAX_RANKED, for None).

        The best matches come from the full-text index, a few more than asked for; they are
        intersected with the caller's queryset in one query, and more are ranked only when too
        few of them were allowed. ``complete`` is True when every match was ranked (else the
        rest follow in primary-key order)."""
        limit = MAX_RANKED if limit is None else max(1, min(limit, MAX_RANKED))
        rankings = self.__dict__.setdefault("_rankings", [])
        for ordered, scores, complete in rankings:
            if complete or len(ordered) >= limit:
                return ordered, scores, complete
        expression, tokens, _negated = self.compiled
        fetch = min(MAX_RANKED, limit + limit // 4 + 50)
        while True:
            ranked = self.ranked_object_ids(expression, tokens, fetch)
            complete = len(ranked) < fetch
            ordered, scores = self._allowed(ranked)
            if complete or len(ordered) >= limit or fetch == MAX_RANKED:
                break
            fetch = min(MAX_RANKED, fetch * 4)
        rankings.append((ordered, scores, complete))
        return ordered, scores, complete

    def _allowed(self, ranked):
        """The ranked (object id, score) pairs the caller's queryset allows: ([pk], {pk: score})."""
        scores = dict(ranked)
        pk_field = self.queryset.model._meta.pk
        candidates = [pk_field.to_python(object_id) for object_id, _score in ranked]
        allowed_queryset = self.queryset.order_by().filter(
            pk__in=id_list(candidates, self.queryset.db)
        )
        allowed = set(allowed_queryset.values_list("pk", flat=True))
        ordered = [pk for pk in candidates if pk in allowed]
        return ordered, {pk: scores[str(pk)] for pk in ordered}

    def results(self, start, stop, score_field=None):
        expression, tokens, negated = self.compiled
        ranked = expression and not negated and self.order_by_relevance
        if not ranked:
            queryset = self.matching_queryset()
            if not queryset.query.order_by:
                queryset = queryset.order_by("-pk")
            objects = list(queryset[start:stop])
            if score_field:
                for obj in objects:
                    setattr(obj, score_field, None)
            return objects

        ordered, scores, complete = self.ranking(stop)
        page = ordered[start:stop]
        if not complete and (stop is None or stop > len(ordered)):
            rest = self.matching_queryset().exclude(pk__in=ordered).order_by("-pk")
            page += list(rest.values_list("pk", flat=True))[
                : None if stop is None else stop - len(ordered)
            ]
        by_pk = {obj.pk: obj for obj in self.queryset.filter(pk__in=page)}
        objects = [by_pk[pk] for pk in page if pk in by_pk]
        if score_field:
            for obj in objects:
                setattr(obj, score_field, scores.get(obj.pk))
        return objects

    def count(self):
        expression, _tokens, negated = self.compiled
        if expression and not negated:
            ordered, _scores, complete = self.ranking()
            if complete:
                return len(ordered)
        return self.matching_queryset().count()


class ChineseSearchResults(BaseSearchResults):
    supports_facet = True

    def ranked_ids(self, limit):
        """Primary keys of the first ``limit`` results, best first, without loading objects.

        The search page ranks up to a thousand matches for its facet counts; building that many
        model instances only to read their keys cost more than the full-text query itself."""
        compiler = self.query_compiler
        expression, _tokens, negated = compiler.compiled
        if not (expression and not negated and compiler.order_by_relevance):
            return [obj.pk for obj in self[:limit]]
        ordered, _scores, complete = compiler.ranking(limit)
        ids = ordered[:limit]
        if not complete and len(ids) < limit:
            rest = compiler.matching_queryset().exclude(pk__in=ordered).order_by("-pk")
            ids += list(rest.values_list("pk", flat=True)[: limit - len(ids)])
        return ids

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


def posting_term_condition(tokens, column="term"):
    """SQL (and parameters) selecting the postings of the query tokens; a prefix token (see
    prefix_tokens) selects every term that starts with it, by a range scan of the posting key
    (both databases compare these strings by code point here)."""
    prefixes = prefix_tokens(tokens)
    exact = [t for t in tokens if t not in prefixes]
    conditions, params = [], []
    if exact:
        conditions.append(f"{column} IN ({', '.join(['%s'] * len(exact))})")
        params += exact
    for token in sorted(prefixes):
        conditions.append(f"({column} >= %s AND {column} < %s AND SUBSTR({column}, 1, 1) = %s)")
        params += [token, chr(ord(token) + 1), token]
    return "(" + " OR ".join(conditions) + ")", params


#: Up to this many terms a query's weights are a CASE over them (the planner then knows how many
#: postings come: with a join, PostgreSQL expected 100 rows, sorted 90,000 on disk and took
#: 92 ms against 66); beyond it (a one-character prefix has hundreds of terms) the CASE costs
#: more per row than the join.
CASE_TERMS = 64


def _term_weights(weights):
    """(SQL of a posting's term weight, (WITH clause, JOIN clause), and the parameters, which
    come before any other of the statement's)."""
    params = [value for weight in weights for value in weight]
    if len(weights) <= CASE_TERMS:
        return "CASE p.term " + "WHEN %s THEN %s " * len(weights) + "END", ("", ""), params
    values = ", ".join(["(%s, %s)"] * len(weights))
    join = (f"WITH w(term, idf) AS (VALUES {values})", "JOIN w ON w.term = p.term")
    return "w.idf", join, params


def bm25_idf(documents, document_frequency):
    """BM25's inverse document frequency (the variant that is never negative, as Lucene's)."""
    return math.log(1 + (documents - document_frequency + 0.5) / (document_frequency + 0.5))


def weighted_frequencies(title_tokens, body_tokens):
    """({term: frequency with title occurrences weighted}, weighted length) of one object."""
    frequency = Counter(body_tokens)
    for token in title_tokens:
        frequency[token] += TITLE_WEIGHT
    return frequency, TITLE_WEIGHT * len(title_tokens) + len(body_tokens)


def pk_cast_type(model, connection):
    pk = model._meta.pk
    field = pk.target_field if pk.is_relation else pk
    return field.cast_db_type(connection)
