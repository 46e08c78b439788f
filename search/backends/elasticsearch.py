"""The Chinese pipeline for Wagtail's Elasticsearch and OpenSearch backends.

Documents carry the analysed (space-joined) text of every search and autocomplete field, and
every text field (the fields, the ``_all_text`` copies and ``_edgengrams``) gets a
per-field ``whitespace`` analyzer, so the cluster needs no Chinese plugin and ranks with its
own BM25 over exactly the tokens SQLite and PostgreSQL use. Queries go through the same
pipeline. Autocomplete is indexed with edge n-grams of the tokens and searched with the
whitespace analyzer (Wagtail hard-codes ``standard`` there, which would split Chinese into
single characters).

Analyzers are set per field rather than as ``analysis.analyzer.default`` because some
OpenSearch-compatible servers ignore the default.
"""

from copy import deepcopy

from modelsearch.backends.elasticsearchbase import Field
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.query import And, Boost, Fuzzy, Not, Or, Phrase, PlainText
from modelsearch.utils import deep_update

from ..analysis import get_analyzer
from ..analysis.pipeline import prefix_tokens
from .ranking import BM25_B, BM25_K1, TITLE_WEIGHT

ANALYZER = "govpages_zh"
#: The text a search over every field is ranked on: the title's tokens TITLE_WEIGHT times, then
#: those of the other search fields. That is the document the database backends score (title
#: occurrences weighted in one bag of tokens), so BM25 gives both the same ranking; Wagtail's
#: multi_match over ``_all_text`` and per-boost copies scores each copy apart and adds them.
WEIGHTED_FIELD = "_govpages_weighted_text"
EDGENGRAM_ANALYZER = "govpages_zh_edgengram"

ANALYSIS_SETTINGS = {
    "settings": {
        # The BM25 parameters of the database backends (the default similarity of every field).
        "index": {"similarity": {"default": {"type": "BM25", "k1": BM25_K1, "b": BM25_B}}},
        "analysis": {
            "analyzer": {
                ANALYZER: {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]},
                EDGENGRAM_ANALYZER: {
                    "type": "custom",
                    "tokenizer": "whitespace",
                    "filter": ["lowercase", "govpages_edgengram"],
                },
            },
            "filter": {"govpages_edgengram": {"type": "edge_ngram", "min_gram": 1, "max_gram": 15}},
        },
    }
}


class ChineseMappingMixin:
    edgengram_analyzer_config = {
        "analyzer": EDGENGRAM_ANALYZER,
        "search_analyzer": ANALYZER,
    }

    def get_field_mapping(self, field):
        name, mapping = super().get_field_mapping(field)
        if (
            isinstance(field, SearchField)
            and mapping.get("type") == "text"
            and "analyzer" not in mapping
        ):
            mapping["analyzer"] = ANALYZER
        return name, mapping

    def get_mapping(self):
        mapping = super().get_mapping()
        for name, field_mapping in mapping["properties"].items():
            if name == "_all_text" or name.startswith("_all_text_boost_"):
                field_mapping["analyzer"] = ANALYZER
        mapping["properties"][WEIGHTED_FIELD] = {"type": "text", "analyzer": ANALYZER}
        return mapping

    def get_document(self, obj):
        document = super().get_document(obj)
        title, body = [], []
        for field in self.model.get_search_fields():
            if isinstance(field, SearchField):
                value = document.get(self.get_field_column_name(field))
                (title if field.field_name == "title" else body).extend(_strings(value))
        document[WEIGHTED_FIELD] = " ".join(title * int(TITLE_WEIGHT) + body)
        return document

    def _get_document_field_data(self, field, obj):
        name, value, edgengrams = super()._get_document_field_data(field, obj)
        if not isinstance(field, (SearchField, AutocompleteField)):
            return name, value, edgengrams
        analysed = _analyse_value(value)
        if isinstance(field, AutocompleteField):
            return name, analysed, [analysed]
        return name, analysed, edgengrams


def _strings(value):
    """The strings of a document field's value (rich text and streams give lists)."""
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _strings(item)]
    return []


def _analyse_value(value):
    """Analyse a string, or each string of a list (rich text and streams give lists)."""
    if isinstance(value, str):
        return get_analyzer().index_text(value)
    if isinstance(value, (list, tuple)):
        return [_analyse_value(item) for item in value]
    return value


def analyse_query(query, autocomplete=False):
    """The query tree with every text replaced by its space-joined tokens."""
    analyzer = get_analyzer()
    if isinstance(query, (PlainText, Fuzzy)):
        if autocomplete or (query.operator or "or").lower() == "and":
            return PlainText(" ".join(analyzer.required_tokens(query.query_string)), "and")
        return PlainText(" ".join(analyzer.query_tokens(query.query_string)), "or")
    if isinstance(query, Phrase):
        return Phrase(" ".join(analyzer.required_tokens(query.query_string)))
    if isinstance(query, Boost):
        return Boost(analyse_query(query.subquery, autocomplete), query.boost)
    if isinstance(query, And):
        return And([analyse_query(q, autocomplete) for q in query.subqueries])
    if isinstance(query, Or):
        return Or([analyse_query(q, autocomplete) for q in query.subqueries])
    if isinstance(query, Not):
        return Not(analyse_query(query.subquery, autocomplete))
    return query


class ChineseQueryCompilerMixin:
    autocomplete = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.query = analyse_query(self.query, autocomplete=self.autocomplete)

    def _remap_fields(self, fields):
        """A search over every field is ranked on WEIGHTED_FIELD alone."""
        if fields or self.autocomplete:
            return super()._remap_fields(fields)
        return [Field(WEIGHTED_FIELD)]

    def _compile_plaintext_query(self, query, fields, boost=1.0):
        """As Wagtail's, except that a query of one-character Han tokens matches them as
        prefixes, as the database backends do (see prefix_tokens): 税 finds 税收 and 税务."""
        prefixes = prefix_tokens(query.query_string.split())
        if not prefixes or self.autocomplete:
            return super()._compile_plaintext_query(query, fields, boost)
        clauses = [_prefix_clause(token, fields, boost) for token in sorted(prefixes)]
        occur = "must" if (query.operator or "or").lower() == "and" else "should"
        return {"bool": {occur: clauses}}


def _prefix_clause(token, fields, boost):
    """Documents having a token that starts with ``token`` in any of the fields."""
    prefixes = [
        {"prefix": {field.field_name: {"value": token, "boost": boost * field.boost}}}
        for field in fields
    ]
    return prefixes[0] if len(prefixes) == 1 else {"bool": {"should": prefixes}}


class ChineseBackendMixin:
    def __init__(self, params):
        params = dict(params)
        params["INDEX_SETTINGS"] = deep_update(
            deepcopy(ANALYSIS_SETTINGS), params.get("INDEX_SETTINGS", {})
        )
        super().__init__(params)


def build_backend_classes(module_globals, prefix, base):
    """Create the Chinese mapping, compilers and backend over one of Wagtail's backends.

    ``base`` maps role → Wagtail class: mapping, search, autocomplete, backend."""
    mapping = type(f"Chinese{prefix}Mapping", (ChineseMappingMixin, base["mapping"]), {})
    search = type(
        f"Chinese{prefix}SearchQueryCompiler",
        (ChineseQueryCompilerMixin, base["search"]),
        {"mapping_class": mapping},
    )
    autocomplete = type(
        f"Chinese{prefix}AutocompleteQueryCompiler",
        (ChineseQueryCompilerMixin, base["autocomplete"]),
        {"mapping_class": mapping, "autocomplete": True},
    )
    backend = type(
        f"Chinese{prefix}SearchBackend",
        (ChineseBackendMixin, base["backend"]),
        {
            "mapping_class": mapping,
            "query_compiler_class": search,
            "autocomplete_query_compiler_class": autocomplete,
        },
    )
    for cls in (mapping, search, autocomplete, backend):
        cls.__module__ = module_globals["__name__"]
        module_globals[cls.__name__] = cls
    return backend
