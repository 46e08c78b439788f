"""Issue 17 item 14: what a newcomer hit on the reference portal."""

import logging
import logging.config
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.log import DEFAULT_LOGGING
from wagtail.models import PageViewRestriction, Site

pytestmark = pytest.mark.portal
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def child_page(parent, title, slug, live=True):
    from portal.home.models import ContentPage

    page = ContentPage(title=title, slug=slug, live=live)
    parent.add_child(instance=page)
    if live:
        page.save_revision().publish()
    return page


def test_sitemap_lists_live_public_pages_only(client, db):
    root = Site.objects.get(is_default_site=True).root_page
    child_page(root, "公开页面", "open")
    child_page(root, "草稿页面", "draft", live=False)
    private = child_page(root, "受限页面", "private")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    urls = [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    assert any(url.endswith("/open/") for url in urls)
    assert not any(url.endswith(("/draft/", "/private/")) for url in urls)


def test_the_dashboard_does_not_call_out_for_upgrades(client, db):
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
    admin = get_user_model().objects.create_superuser("admin", "a@example.org", "x")
    client.force_login(admin)
    html = client.get("/admin/").content.decode()
    assert "w-upgrade" not in html


def handlers_writing(record):
    """The handlers that would write ``record``, following propagation as logging does."""
    writing = []
    logger = logging.getLogger(record.name)
    while logger:
        writing += [h for h in logger.handlers if record.levelno >= h.level and h.filter(record)]
        logger = logger.parent if logger.propagate else None
    return writing


def test_a_django_warning_is_written_once(settings):
    """Configured as Django does it (its defaults first, then ours), under DEBUG as runserver is."""
    settings.DEBUG = True
    logging.config.dictConfig(DEFAULT_LOGGING)
    logging.config.dictConfig(settings.LOGGING)
    record = logging.getLogger("django.request").makeRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: /missing/", (), None
    )
    assert len(handlers_writing(record)) == 1
