"""Drafts, private (view-restricted) and unpublished events never appear in any output."""

import datetime

import icalendar
import pytest
from django.utils import timezone
from wagtail import hooks

from govpages_events.models import EventIndexPage

from .conftest import make_draft, make_event, make_private, make_session, occurrence

SOON = timezone.now() + datetime.timedelta(days=3)


def soon_occurrence():
    return occurrence(SOON, SOON + datetime.timedelta(hours=2))


@pytest.fixture
def mixed(index, home):
    public = make_event(index, "公开活动", [soon_occurrence()])
    draft = make_draft(index, "草稿活动", [soon_occurrence()])
    private = make_private(make_event(index, "私密活动", [soon_occurrence()]))
    unpublished = make_event(index, "已撤销活动", [soon_occurrence()])
    unpublished.unpublish()
    # A live event under a private index is private too (restrictions are inherited).
    hidden_index = EventIndexPage(title="内部活动", slug="internal")
    home.add_child(instance=hidden_index)
    hidden_index.save_revision().publish()
    make_private(hidden_index)
    inherited = make_event(hidden_index, "内部私密活动", [soon_occurrence()])
    # A published event with an unpublished newer draft shows its live title only.
    changed = make_event(index, "已发布标题", [soon_occurrence()])
    changed.title = "未发布的新标题"
    changed.save_revision()
    return {"public": public, "draft": draft, "private": private, "inherited": inherited}


HIDDEN = ["草稿活动", "私密活动", "已撤销活动", "内部私密活动", "未发布的新标题"]


def assert_only_public(text):
    assert "公开活动" in text and "已发布标题" in text
    for title in HIDDEN:
        assert title not in text, title


def test_index_lists_and_calendar(client, index, mixed):
    html = client.get(index.url, {"month": f"{SOON:%Y-%m}"}).content.decode()
    assert_only_public(html)
    calendar = html[html.index('class="calendar-table"') :]
    assert "公开活动" in calendar[: calendar.index("</table>")]


def test_rss_feed(client, index, mixed):
    assert_only_public(client.get(index.url + "feed/").content.decode())


def test_index_ical(client, index, mixed):
    data = client.get(index.url + "ical/").content
    titles = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]
    assert sorted(titles) == ["公开活动", "已发布标题"]


def test_event_ical_of_private_and_draft_events_is_not_served(client, mixed):
    assert client.get(mixed["public"].url + "ical/").status_code == 200
    private = client.get(mixed["private"].url + "ical/")
    assert private.status_code == 200 and b"BEGIN:VCALENDAR" not in private.content
    assert b"password" in private.content.lower()
    inherited = client.get(mixed["inherited"].url + "ical/")
    assert b"BEGIN:VCALENDAR" not in inherited.content
    assert client.get("/events/" + mixed["draft"].slug + "/ical/").status_code == 404


def test_home_upcoming_events_hook(rf, index, mixed):
    request = rf.get("/")
    titles = [
        page.title
        for fn in hooks.get_hooks("govpages_home_upcoming_events")
        for page in fn(request, 10)
    ]
    assert sorted(titles) == ["公开活动", "已发布标题"]


def test_home_hook_includes_standalone_public_sessions_only(rf, index, mixed):
    make_session(index, "独立访谈", start=SOON, slug="solo")
    make_private(make_session(index, "私密独立访谈", start=SOON, slug="solo-private"))
    make_session(mixed["public"], "活动下的访谈", start=SOON, slug="child")
    request = rf.get("/")
    titles = [
        page.title
        for fn in hooks.get_hooks("govpages_home_upcoming_events")
        for page in fn(request, 10)
    ]
    assert sorted(titles) == ["公开活动", "已发布标题", "独立访谈"]


def test_sessions_list_and_event_page_skip_private_sessions(client, index, mixed):
    public_event = mixed["public"]
    make_session(public_event, "公开访谈", slug="open")
    make_private(make_session(public_event, "私密访谈", slug="closed"))
    html = client.get(public_event.url).content.decode()
    assert "公开访谈" in html and "私密访谈" not in html
