"""OpenSearch 3 with the Chinese pipeline (see search.backends.elasticsearch)."""

from ._compat import import_opensearchpy

import_opensearchpy()

from modelsearch.backends import opensearch3 as wagtail_os  # noqa: E402

from .elasticsearch import build_backend_classes  # noqa: E402

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
