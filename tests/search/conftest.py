"""Backends the search behaviour suite runs against.

- ``database``: search.backends.database on whatever DATABASE_URL gives (SQLite by default,
  PostgreSQL in CI's second run);
- ``opensearch``: search.backends.opensearch3 against osmem-server, started once for the
  session (its bundled binary) and stopped at the end; each test gets its own clone;
- ``elasticsearch``: a real cluster at GOVPAGES_TEST_ELASTICSEARCH_URL (backend module from
  GOVPAGES_TEST_ELASTICSEARCH_BACKEND, default search.backends.elasticsearch9); skipped
  when the variable is unset.

Search page fixtures (page, API, query log, index consistency):

Pages are a plain content page (tests/pages.py: the portal's ContentPage, or the test app's
TestPage when the search app runs alone; no govpages models). Test hooks stand in for the apps
that own departments and categories: a page under a section whose slug starts with "dept-" belongs
to that department, its `seo_title` is its category, and pages with category "Disclosure" return
the extra result fields a disclosure item would.
"""

import datetime
import io
import os
import uuid

import pytest
from django.core.management import call_command
from django.utils import timezone
from modelsearch.backends import get_search_backend
from wagtail import hooks
from wagtail.models import Page, Site

from ..pages import ContentPage

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
        return {"BACKEND": "govpages_search.backends.database"}
    if name == "opensearch":
        clone = request.getfixturevalue("osmem").clone()
        request.addfinalizer(clone.close)
        return {"BACKEND": "govpages_search.backends.opensearch3", "URLS": [clone.url]}
    if not ELASTICSEARCH_URL:
        pytest.skip("GOVPAGES_TEST_ELASTICSEARCH_URL is not set")
    return {
        "BACKEND": os.environ.get(
            "GOVPAGES_TEST_ELASTICSEARCH_BACKEND", "govpages_search.backends.elasticsearch9"
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
        call_command("govpages_update_index", stdout=io.StringIO(), stderr=io.StringIO())
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


def department_and_category(page):
    values = {}
    for ancestor in page.get_ancestors():
        if ancestor.slug.startswith("dept-"):
            values["department"] = ancestor.title
    if page.seo_title:
        values["category"] = page.seo_title
    return values


def disclosure_fields(page):
    if page.seo_title == "Disclosure":
        return {"index_number": f"000014349/2024-{page.slug}", "source_id": f"src-{page.slug}"}
    return {}


@pytest.fixture(autouse=True)
def search_hooks():
    with hooks.register_temporarily(
        [
            ("govpages_search_facets_for_page", department_and_category),
            ("govpages_search_result_fields_for_page", disclosure_fields),
        ]
    ):
        yield


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Each test starts with an unused search request budget (the cache outlives tests)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def home(db):
    return Site.objects.get(is_default_site=True).root_page.specific


def aware(year, month=1, day=1):
    return timezone.make_aware(datetime.datetime(year, month, day, 9, 0))


def publish(parent, title, body="", *, slug=None, category="", date=None, publish=True):
    """A content page published through a revision, as an editor would."""
    page = ContentPage(
        title=title,
        slug=slug or f"p-{ContentPage.objects.count() + 1}",
        body=body,
        seo_title=category,
        live=False,
        first_published_at=date,
    )
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def make_page(home):
    def make(title, body="", parent=None, **kwargs):
        return publish(parent or home, title, body, **kwargs)

    return make


@pytest.fixture
def department(home):
    def make(title, slug):
        return publish(home, title, slug=slug)

    return make


def specific(page):
    return Page.objects.get(pk=page.pk).specific


@pytest.fixture
def osmem_clone_url(osmem):
    """A fresh clone of the session's osmem-server (an OpenSearch-compatible server)."""
    clone = osmem.clone()
    yield clone.url
    clone.close()
