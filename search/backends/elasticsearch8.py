"""Elasticsearch 8 with the Chinese pipeline (see search.backends.elasticsearch)."""

from modelsearch.backends import elasticsearch8 as wagtail_es

from .elasticsearch import build_backend_classes

SearchBackend = build_backend_classes(
    globals(),
    "Elasticsearch8",
    {
        "mapping": wagtail_es.Elasticsearch8Mapping,
        "search": wagtail_es.Elasticsearch8SearchQueryCompiler,
        "autocomplete": wagtail_es.Elasticsearch8AutocompleteQueryCompiler,
        "backend": wagtail_es.Elasticsearch8SearchBackend,
    },
)
