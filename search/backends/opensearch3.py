"""OpenSearch 3 with the Chinese pipeline (see search.backends.elasticsearch)."""

from modelsearch.backends import opensearch3 as wagtail_os

from .elasticsearch import build_backend_classes

SearchBackend = build_backend_classes(
    globals(),
    "OpenSearch3",
    {
        "mapping": wagtail_os.OpenSearch3Mapping,
        "search": wagtail_os.OpenSearch3SearchQueryCompiler,
        "autocomplete": wagtail_os.OpenSearch3AutocompleteQueryCompiler,
        "backend": wagtail_os.OpenSearch3SearchBackend,
    },
)
