"""Fixtures for the search page, API, query log and index consistency tests.

Pages are the portal's plain ContentPage (no govpages models). Test hooks stand in for the apps
that own departments and categories: a page under a section whose slug starts with "dept-" belongs
to that department, its `seo_title` is its category, and pages with category "Disclosure" return
the extra result fields a disclosure item would.
"""

import datetime

import pytest
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page, Site

from portal.home.models import ContentPage


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
            ("search_facets_for_page", department_and_category),
            ("search_result_fields_for_page", disclosure_fields),
        ]
    ):
        yield


@pytest.fixture
def home(db):
    return Site.objects.get(is_default_site=True).root_page.specific


def aware(year, month=1, day=1):
    return timezone.make_aware(datetime.datetime(year, month, day, 9, 0))


def publish(parent, title, body="", *, slug=None, category="", date=None, publish=True):
    """A ContentPage published through a revision, as an editor would."""
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
