"""Backends the search behaviour suite runs against.

- ``database``: search.backends.database on whatever DATABASE_URL gives (SQLite by default,
  PostgreSQL in CI's second run);
- ``opensearch``: search.backends.opensearch3 against osmem-server, started once for the
  session (its bundled binary) and stopped at the end; each test gets its own clone;
- ``elasticsearch``: a real cluster at GOVPAGES_TEST_ELASTICSEARCH_URL (backend module from
  GOVPAGES_TEST_ELASTICSEARCH_BACKEND, default search.backends.elasticsearch9); skipped
  when the variable is unset.
"""

import io
import os
import uuid

import pytest
from django.core.management import call_command
from modelsearch.backends import get_search_backend

ELASTICSEARCH_URL = os.environ.get("GOVPAGES_TEST_ELASTICSEARCH_URL")


@pytest.fixture(scope="session")
def osmem():
    from osmem_server import OsmemServer

    server = OsmemServer.start(japanese=False)
    yield server
    server.close()


def backend_config(request):
    name = request.param
    if name == "database":
        return {"BACKEND": "search.backends.database"}
    if name == "opensearch":
        clone = request.getfixturevalue("osmem").clone()
        request.addfinalizer(clone.close)
        return {"BACKEND": "search.backends.opensearch3", "URLS": [clone.url]}
    if not ELASTICSEARCH_URL:
        pytest.skip("GOVPAGES_TEST_ELASTICSEARCH_URL is not set")
    return {
        "BACKEND": os.environ.get(
            "GOVPAGES_TEST_ELASTICSEARCH_BACKEND", "search.backends.elasticsearch9"
        ),
        "URLS": [ELASTICSEARCH_URL],
        "INDEX_PREFIX": f"govpages_test_{uuid.uuid4().hex[:8]}_",
    }


class SearchHelper:
    """Searches the way the portal does, after making recent indexing visible."""

    def __init__(self, name):
        self.name = name

    @property
    def backend(self):
        return get_search_backend()

    def refresh(self):
        from wagtail.models import Page

        if hasattr(self.backend, "es"):
            self.backend.get_index_for_model(Page).refresh()

    def rebuild(self):
        call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
        self.refresh()

    def search(self, query, queryset=None, **kwargs):
        from wagtail.models import Page

        self.refresh()
        queryset = Page.objects.live().public() if queryset is None else queryset
        return [page.specific for page in queryset.search(query, **kwargs)]

    def autocomplete(self, query):
        from wagtail.models import Page

        self.refresh()
        return [page.specific for page in Page.objects.live().public().autocomplete(query)]


@pytest.fixture(params=["database", "opensearch", "elasticsearch"])
def search_backend(request, db, settings):
    config = backend_config(request)
    settings.WAGTAILSEARCH_BACKENDS = {"default": config}
    helper = SearchHelper(request.param)
    if request.param != "database":
        helper.rebuild()  # creates the index with our mappings before any page is saved
    yield helper
    if request.param == "elasticsearch":
        helper.backend.es.indices.delete(index=f"{config['INDEX_PREFIX']}*")
