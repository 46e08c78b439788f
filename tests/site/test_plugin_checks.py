"""Each app says in a system check what it needs, not with an ImportError or a 500."""

import contextlib

import pytest
from django.apps import apps
from django.core import checks
from django.test.utils import override_settings


@contextlib.contextmanager
def installed_without(name):
    """The app registry as a site that left ``name`` out of INSTALLED_APPS would answer it.

    Overriding INSTALLED_APPS itself would rebuild the registry and remount the portal's URLs."""
    is_installed = apps.is_installed
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(apps, "is_installed", lambda app: app != name and is_installed(app))
        yield


def check_ids():
    return {message.id for message in checks.run_checks()}


def test_the_portal_passes_every_toolkit_check():
    assert not {i for i in check_ids() if i.startswith(("govpages", "govpages_"))}


def test_missing_routable_page_is_named_for_govpages_and_events():
    with installed_without("wagtail.contrib.routable_page"):
        messages = [
            m for m in checks.run_checks() if m.id in {"govpages.E001", "govpages_events.E001"}
        ]
    assert {m.id for m in messages} == {"govpages.E001", "govpages_events.E001"}
    assert all("wagtail.contrib.routable_page" in m.msg for m in messages)


def test_missing_site_settings_is_named_for_govpages():
    with installed_without("wagtail.contrib.settings"):
        messages = [m for m in checks.run_checks() if m.id == "govpages.E001"]
    assert [m.msg for m in messages] == [
        "govpages needs 'wagtail.contrib.settings' in INSTALLED_APPS."
    ]


def test_missing_search_promotions_is_named_for_search():
    with installed_without("wagtail.contrib.search_promotions"):
        messages = [m for m in checks.run_checks() if m.id == "govpages_search.E001"]
    assert len(messages) == 1 and "wagtail.contrib.search_promotions" in messages[0].msg


def test_a_stock_search_backend_gets_a_warning():
    stock = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    with override_settings(WAGTAILSEARCH_BACKENDS=stock):
        assert "govpages_search.W001" in check_ids()
