"""The search behind the search page and the JSON API.

1. The configured Wagtail search backend ranks live, public pages for the query (operator "or":
   a sentence finds documents that share only some of its words; ranking puts the best first).
2. The facet table keeps only pages that may be shown now (live, public, not expired) and gives
   department, category, type and year: counts and filters are computed there, so they are the
   same on every backend and never include a page the index still holds by mistake.
3. One page of results is loaded in bulk (entries, then specific pages by type).
"""

import logging
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from .. import conf
from ..analysis import query as suggestions
from ..backends.errors import client_errors
from ..idlists import id_list
from ..models import SearchFacetEntry
from . import content, facets, querylog, throttle

logger = logging.getLogger(__name__)

#: A question pasted from a letter or a form fits; a longer text is cut at a word boundary.
MAX_QUERY_LENGTH = 500
DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 50
MAX_PAGE_NUMBER = 1000
SORTS = ("relevance", "date")
FILTER_KEYS = ("department", "category", "type", "year")
FACET_LABELS = {
    "department": _("Department"),
    "type": _("Type"),
    "category": _("Category"),
    "year": _("Year"),
}


class SearchUnavailable(Exception):
    """The search backend cannot be reached (Elasticsearch/OpenSearch down)."""


class InvalidParameter(ValueError):
    pass


BACKEND_ERRORS = client_errors(
    (
        ("opensearchpy.exceptions", ("ConnectionError", "TransportError")),
        ("elasticsearch", ("ConnectionError", "TransportError", "ApiError")),
        ("elastic_transport", ("TransportError",)),
    )
)


def max_matches():
    return conf.get("GOVPAGES_SEARCH_MAX_MATCHES")


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    department: str = ""
    category: str = ""
    type: str = ""
    year: int | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    #: The query as typed was longer than MAX_QUERY_LENGTH and was cut (see cut_query).
    query_cut: bool = False

    @property
    def query_notice(self):
        if not self.query_cut:
            return ""
        return _(
            "The query was longer than %(limit)s characters: only its first %(count)s "
            "characters were searched."
        ) % {"limit": MAX_QUERY_LENGTH, "count": len(self.q)}

    @property
    def filters(self):
        return {key: getattr(self, key) for key in FILTER_KEYS if getattr(self, key)}

    def as_query(self, **changes):
        """GET parameters for a link that changes some of these parameters."""
        values = {
            "q": self.q,
            **{key: self.filters.get(key, "") for key in FILTER_KEYS},
            "sort": self.sort if self.sort != "relevance" else "",
            "page": self.page if self.page != 1 else "",
            "page_size": self.page_size if self.page_size != DEFAULT_PAGE_SIZE else "",
        }
        values.update(changes)
        if any(key in changes for key in (*FILTER_KEYS, "sort", "q")) and "page" not in changes:
            values["page"] = ""
        return {key: value for key, value in values.items() if value not in ("", None)}


def _bounded_int(raw, name, minimum, maximum, default, strict):
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        if strict:
            raise InvalidParameter(f"{name} must be an integer") from None
        return default
    if not minimum <= value <= maximum:
        if strict:
            raise InvalidParameter(f"{name} must be between {minimum} and {maximum}")
        return min(max(value, minimum), maximum)
    return value


def cut_query(q, limit=None):
    """(query, was it cut?): a query longer than the limit ends at the last word boundary
    before it (jieba's words for Chinese; spaces and punctuation elsewhere)."""
    limit = limit or MAX_QUERY_LENGTH
    if len(q) <= limit:
        return q, False
    kept = 0
    for word in suggestions.segment(q[: limit + 1]):
        if kept + len(word) > limit:
            break
        kept += len(word)
    return q[: kept or limit].rstrip(), True


def parse_params(data, strict=False):
    """SearchParams from GET data; `strict` raises InvalidParameter instead of using defaults."""
    q, query_cut = cut_query(" ".join((data.get("q") or "").split()))
    sort = data.get("sort") or "relevance"
    if sort not in SORTS:
        if strict:
            raise InvalidParameter(f"sort must be one of: {', '.join(SORTS)}")
        sort = "relevance"
    return SearchParams(
        q=q,
        query_cut=query_cut,
        department=(data.get("department") or "")[:255],
        category=(data.get("category") or "")[:255],
        type=(data.get("type") or "")[:100],
        year=_bounded_int(data.get("year"), "year", 1900, 2200, None, strict),
        sort=sort,
        page=_bounded_int(data.get("page"), "page", 1, MAX_PAGE_NUMBER, 1, strict),
        page_size=_bounded_int(
            data.get("page_size"), "page_size", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, strict
        ),
    )


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    active: bool


@dataclass
class Facet:
    key: str
    label: str
    values: list
    active: bool = False


@dataclass
class SearchOutcome:
    params: SearchParams
    total: int = 0
    results: list = field(default_factory=list)
    facets: list = field(default_factory=list)
    promotions: list = field(default_factory=list)
    suggested_query: str = ""
    original_query: str = ""
    hot: list = field(default_factory=list)
    related: list = field(default_factory=list)

    @property
    def num_pages(self):
        return max(1, math.ceil(self.total / self.params.page_size))

    @property
    def start_index(self):
        return (self.params.page - 1) * self.params.page_size + 1

    @property
    def has_previous(self):
        return self.params.page > 1

    @property
    def has_next(self):
        return self.params.page < self.num_pages


# Matching ------------------------------------------------------------------------------------


PUNCTUATION = re.compile(r"[^\w\s]+")


def _ranked_ids(query):
    # Only ids are needed: up to max_matches() rows must not load whole pages.
    queryset = Page.objects.live().public().filter(depth__gt=1).only("id")
    results = get_search_backend().search(query, queryset, operator="or")
    if hasattr(results, "ranked_ids"):  # the Chinese database backends rank ids directly
        return results.ranked_ids(max_matches())
    return [page.pk for page in results[: max_matches()]]


def match_page_ids(query):
    """Ids of live, public pages matching the query, best first (at most max_matches())."""
    try:
        try:
            with transaction.atomic():
                return _ranked_ids(query)
        except DatabaseError:
            # A database full-text engine may reject query syntax (FTS5 and a stray quote):
            # retry with the words alone rather than fail the page.
            logger.info("Search query rejected by the backend, retrying without punctuation")
            words = " ".join(PUNCTUATION.sub(" ", query).split())
            return _ranked_ids(words) if words else []
    except BACKEND_ERRORS as error:
        logger.error("Search backend unavailable: %s", error, exc_info=True)
        raise SearchUnavailable from error


# Facets --------------------------------------------------------------------------------------


def _type_key(content_type_id):
    content_type = ContentType.objects.get_for_id(content_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def _type_label(type_key):
    app_label, _dot, model_name = type_key.partition(".")
    try:
        model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
    except ContentType.DoesNotExist:
        model = None
    return str(model._meta.verbose_name) if model else type_key


@dataclass
class _Row:
    page_id: int
    department: str
    category: str
    type: str
    year: int | None
    date: object

    def matches(self, filters, skip=None):
        return all(getattr(self, key) == value for key, value in filters.items() if key != skip)


def _rows(entries):
    # The page's own content type (the same as the entry's): on SQLite the entry's column comes
    # after the snippet text, so reading it walks that text's overflow pages for every row.
    values = entries.values_list(
        "page_id", "department", "category", "page__content_type_id", "year", "date"
    )
    type_keys = {}
    rows = []
    for page_id, department, category, ct_id, year, date in values:
        if ct_id not in type_keys:
            type_keys[ct_id] = _type_key(ct_id)
        rows.append(_Row(page_id, department, category, type_keys[ct_id], year, date))
    return rows


def _visible_rows(page_ids):
    """Facet rows of the matched content pages that may be shown (all of them if None)."""
    if page_ids is None:
        return content.only_content(_rows(SearchFacetEntry.objects.visible()))
    # Matched ids come from a search over live, public pages: only expiry is left to check.
    entries = SearchFacetEntry.objects.unexpired()
    rows = _rows(entries.filter(page_id__in=id_list(page_ids)))
    if len(rows) < len(page_ids) and facets.add_missing(page_ids):
        rows = _rows(entries.filter(page_id__in=id_list(page_ids)))
    return content.only_content(rows)


def _facet(key, rows, filters):
    others = {name: value for name, value in filters.items() if name != key}
    if others:
        rows = [row for row in rows if row.matches(others)]
    counts = Counter(getattr(row, key) for row in rows)
    counts.pop(None, None)
    counts.pop("", None)
    if key == "year":
        ordered = sorted(counts.items(), key=lambda item: -item[0])
    else:
        ordered = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    return Facet(
        key=key,
        label=FACET_LABELS[key],
        active=key in filters,
        values=[
            FacetValue(
                value=str(value),
                label=_type_label(value) if key == "type" else str(value),
                count=count,
                active=filters.get(key) == value,
            )
            for value, count in ordered
        ],
    )


def _ordered_ids(rows, page_ids, sort):
    if sort == "date" or page_ids is None:
        by_date = sorted(rows, key=lambda row: row.page_id, reverse=True)
        by_date.sort(key=lambda row: row.date.timestamp() if row.date else 0, reverse=True)
        return [row.page_id for row in by_date]
    kept = {row.page_id for row in rows}
    return [page_id for page_id in page_ids if page_id in kept]


IDENTIFIER_BRACKETS = str.maketrans(
    {"[": "〔", "]": "〕", "［": "〔", "］": "〕", "(": "〔", ")": "〕"}
)


def identifier_forms(query):
    """What a typed identifier may be stored as: as typed, NFKC, and with 文号 brackets 〔〕."""
    plain = "".join(query.split())
    normal = unicodedata.normalize("NFKC", plain)
    return sorted({plain, normal, normal.translate(IDENTIFIER_BRACKETS), normal.upper()})


def exact_identifier_first(ordered_ids, query):
    """Pages whose identifier (a result field named in GOVPAGES_SEARCH_EXACT_FIELDS: 索引号,
    文号) is exactly the query go before every other match."""
    fields = conf.get("GOVPAGES_SEARCH_EXACT_FIELDS")
    # 索引号 and 文号 always hold a number (a year, a serial): other queries are not looked up.
    if not fields or not query or len(query) > 60 or not any(c.isdigit() for c in query):
        return ordered_ids
    forms = identifier_forms(query)
    same = Q()
    for name in fields:
        same |= Q(**{f"extra__result_fields__{name}__in": forms})
    exact = set(
        SearchFacetEntry.objects.filter(same, page_id__in=id_list(ordered_ids)).values_list(
            "page_id", flat=True
        )
    )
    if not exact:
        return ordered_ids
    return [i for i in ordered_ids if i in exact] + [i for i in ordered_ids if i not in exact]


# Results -------------------------------------------------------------------------------------


def _load_results(page_ids, query, request):
    entries = {entry.page_id: entry for entry in SearchFacetEntry.objects.filter(pk__in=page_ids)}
    # Specific classes (their URL logic may differ) without loading their own, large fields.
    pages = {page.pk: page for page in Page.objects.filter(pk__in=page_ids).specific(defer=True)}
    results = []
    for page_id in page_ids:
        entry, page = entries.get(page_id), pages.get(page_id)
        if entry is None or page is None:
            continue
        type_key = _type_key(entry.content_type_id)
        result = {
            "id": page_id,
            "title": page.title,
            "title_html": suggestions.highlight(page.title, query),
            "url": page.get_url(request=request),
            "snippet": suggestions.snippet(entry.text, query),
            "date": entry.date,
            "department": entry.department,
            "category": entry.category,
            "type": _type_label(type_key),
            "type_key": type_key,
        }
        result.update(entry.extra.get("result_fields", {}))
        results.append(result)
    return results


def _promotions(query, request):
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.search.utils import normalise_query_string

    forms = {normalise_query_string(query), suggestions.normalise_query(query)}
    promotions = list(
        SearchPromotion.objects.filter(query__query_string__in=forms, page__isnull=False)
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    if promotions:
        shown = set(
            SearchFacetEntry.objects.visible()
            .filter(page_id__in=[promotion.page_id for promotion in promotions])
            .values_list("page_id", flat=True)
        )
        promotions = [promotion for promotion in promotions if promotion.page_id in shown]
    seen, promoted = set(), []
    for promotion in promotions:
        if promotion.page_id in seen:
            continue
        seen.add(promotion.page_id)
        promoted.append(
            {
                "id": promotion.page_id,
                "title": promotion.page.title,
                "url": promotion.page.get_url(request=request),
                "description": promotion.description,
            }
        )
    return promoted


def correction_candidates(query):
    """Queries to try when this one finds nothing: its 简体 form, Chinese for pinyin."""
    candidates = []
    simplified = suggestions.to_simplified(query)
    if simplified != query:
        candidates.append(simplified)
    # Full-width letters (ＺＷＧＫ) become zwgk before they are read as pinyin.
    letters = suggestions.normalise_query(query)
    candidates.extend(suggestions.pinyin_candidates(letters) or querylog.spelled_by(letters))
    return [candidate for candidate in dict.fromkeys(candidates) if candidate != query]


def run_search(params, request=None, log=True, suggest=True, clamp_page=True):
    """Search with facets, one page of results, promotions and suggestions."""
    outcome = SearchOutcome(params=params)
    if not params.q and not params.filters:
        outcome.hot = querylog.hot_searches()
        return outcome

    page_ids = match_page_ids(params.q) if params.q else None
    rows = _visible_rows(page_ids)
    filters = params.filters
    outcome.facets = [_facet(key, rows, filters) for key in FILTER_KEYS]
    kept = [row for row in rows if row.matches(filters)]
    ordered = _ordered_ids(kept, page_ids, params.sort)
    if params.q and params.sort != "date":
        ordered = exact_identifier_first(ordered, params.q)
    outcome.total = len(ordered)

    first_page_asked = params.page == 1
    if clamp_page and params.page > outcome.num_pages:
        params = replace(params, page=outcome.num_pages)
        outcome.params = params
    start = (params.page - 1) * params.page_size
    outcome.results = _load_results(ordered[start : start + params.page_size], params.q, request)

    if params.q:
        if first_page_asked:
            outcome.promotions = _promotions(params.q, request)
            if log:
                client = throttle.client_digest(request) if request is not None else None
                querylog.record_query(params.q, found_results=outcome.total > 0, client=client)
        if outcome.total == 0 and suggest:
            outcome = _suggest(outcome, request, clamp_page)
        outcome.related = querylog.related_searches(params.q)
    if outcome.total == 0:
        outcome.hot = querylog.hot_searches()
    return outcome


def _suggest(outcome, request, clamp_page):
    """On zero results, show the results of the first correction that finds something."""
    for candidate in correction_candidates(outcome.params.q):
        corrected = run_search(
            replace(outcome.params, q=candidate, page=1),
            request,
            log=False,
            suggest=False,
            clamp_page=clamp_page,
        )
        if corrected.total:
            corrected.suggested_query = candidate
            corrected.original_query = outcome.params.q
            return corrected
    return outcome
