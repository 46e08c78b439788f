import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from wagtail.models import GroupPagePermission, Page, PageViewRestriction, Site

from govpages_events.conf import time_zone
from govpages_events.models import (
    EventIndexPage,
    EventMaterial,
    EventOccurrence,
    EventPage,
    EventType,
    EventVenue,
    ForumSessionPage,
)
from govpages_events.recurrence import midnight

TZ = time_zone()


def local_dt(*args):
    return datetime.datetime(*args, tzinfo=TZ)


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    """Wagtail's own default site root page: the events app needs nothing from govpages."""
    return Site.objects.get(is_default_site=True).root_page


@pytest.fixture
def index(home):
    page = EventIndexPage(title="活动", slug="events")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def occurrence(start, end=None, all_day=False, rrule="", exdates=""):
    return EventOccurrence(start=start, end=end, all_day=all_day, rrule=rrule, exdates=exdates)


def make_event(parent, title, occurrences, publish=True, slug=None, **fields):
    materials = fields.pop("materials", None)
    page = EventPage(title=title, slug=slug or f"event-{EventPage.objects.count() + 1}", **fields)
    page.occurrences = occurrences
    if materials:
        page.materials = [EventMaterial(kind=k, count=c) for k, c in materials]
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    else:
        page.unpublish() if page.live else None
    page.refresh_from_db()
    return page


def make_draft(parent, title, occurrences, **fields):
    page = EventPage(
        title=title,
        slug=fields.pop("slug", f"draft-{EventPage.objects.count() + 1}"),
        live=False,
        **fields,
    )
    page.occurrences = occurrences
    parent.add_child(instance=page)
    page.save_revision()
    return page


def make_private(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    return page


def make_session(parent, title="访谈", start=None, **fields):
    page = ForumSessionPage(
        title=title,
        slug=fields.pop("slug", f"session-{ForumSessionPage.objects.count() + 1}"),
        start=start or local_dt(2026, 5, 15, 9, 30),
        **fields,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def editors_of(page, name, publish=False):
    """A group with Wagtail page permissions on ``page``'s subtree, like a department's editors."""
    group = Group.objects.create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    perms = ["add_page", "change_page"] + (["publish_page"] if publish else [])
    for codename in perms:
        GroupPagePermission.objects.create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"
            ),
        )
    return group


@pytest.fixture
def event_type(db):
    return EventType.objects.get(name="政务公开日")


__all__ = ["EventVenue", "Page", "midnight"]
