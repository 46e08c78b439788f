"""Elasticsearch 9 with the Chinese pipeline (see search.backends.elasticsearch)."""

from modelsearch.backends import elasticsearch9 as wagtail_es

from .elasticsearch import build_backend_classes

SearchBackend = build_backend_classes(
    globals(),
    "Elasticsearch9",
    {
        "mapping": wagtail_es.Elasticsearch9Mapping,
        "search": wagtail_es.Elasticsearch9SearchQueryCompiler,
        "autocomplete": wagtail_es.Elasticsearch9AutocompleteQueryCompiler,
        "backend": wagtail_es.Elasticsearch9SearchBackend,
    },
)
