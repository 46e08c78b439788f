"""Issue 16: events and sessions live in the subtree of the department that runs them (its own
event index), and the portal's 活动 page, set to list the whole site, still lists them all.

The events app alone: a department here is any page whose subtree a group may edit."""

import datetime

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from govpages_events.models import EventIndexPage, Question

from .conftest import editors_of, make_event, make_private, make_session, occurrence


def add_index(parent, title, slug, **fields):
    page = EventIndexPage(title=title, slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def tree(home):
    """The portal's 活动 (whole site) and a department page with its own 活动."""
    portal = add_index(home, "活动", "events", lists_whole_site=True)
    department = Page(title="市财政局", slug="czj")
    home.add_child(instance=department)
    department.save_revision().publish()
    own = add_index(department, "财政局活动", "events")
    soon = timezone.now() + datetime.timedelta(days=5)
    make_event(portal, "门户开放日", [occurrence(soon)], slug="portal-day")
    make_event(own, "财政局开放日", [occurrence(soon)], slug="czj-day")
    session = make_session(own, "预算公开访谈", slug="czj-talk", start=soon)
    return {"portal": portal, "department": department, "own": own, "session": session}


def test_the_portal_index_lists_every_department_event_and_session(client, tree):
    html = client.get(tree["portal"].url).content.decode()
    assert "门户开放日" in html and "财政局开放日" in html and "预算公开访谈" in html
    assert tree["session"].url in html


def test_a_department_index_lists_only_its_own(client, tree):
    html = client.get(tree["own"].url).content.decode()
    assert "财政局开放日" in html and "预算公开访谈" in html
    assert "门户开放日" not in html


def test_an_index_not_set_to_the_whole_site_lists_only_its_subtree(client, tree):
    tree["portal"].lists_whole_site = False
    tree["portal"].save_revision().publish()
    html = client.get(tree["portal"].url).content.decode()
    assert "门户开放日" in html and "财政局开放日" not in html and "预算公开访谈" not in html


def test_the_whole_site_feeds_carry_department_events(client, tree):
    portal = tree["portal"]
    feed = feedparser.parse(client.get(portal.url + portal.reverse_subpage("rss")).content)
    assert {entry.title for entry in feed.entries} == {"门户开放日", "财政局开放日"}


def test_private_or_unpublished_department_indexes_are_not_gathered(client, tree, home):
    make_private(tree["own"])
    hidden_parent = Page(title="草稿部门", slug="draft-dept")
    home.add_child(instance=hidden_parent)
    hidden_parent.save_revision().publish()
    draft_index = add_index(hidden_parent, "草稿活动栏目", "events")
    make_event(
        draft_index,
        "草稿栏目里的活动",
        [occurrence(timezone.now() + datetime.timedelta(days=3))],
        slug="in-draft-index",
    )
    draft_index.unpublish()
    html = client.get(tree["portal"].url).content.decode()
    assert "门户开放日" in html
    assert "财政局开放日" not in html and "预算公开访谈" not in html
    assert "草稿栏目里的活动" not in html


def test_department_staff_answer_the_questions_of_their_own_index(client, tree):
    """Rights come from the page tree: the group that may edit the department subtree."""
    editor = get_user_model().objects.create_user("czj_editor", password="x")
    editor.groups.add(editors_of(tree["department"], "财政局编辑"))
    question = Question.objects.create(session=tree["session"], text="预算何时公开")
    portal_session = make_session(tree["portal"], "门户访谈", slug="portal-talk")
    foreign = Question.objects.create(session=portal_session, text="门户的问题")
    client.force_login(editor)
    listing = client.get(reverse("govpages_questions:index")).content.decode()
    assert "预算何时公开" in listing and "门户的问题" not in listing
    assert client.get(reverse("govpages_questions:edit", args=[question.pk])).status_code == 200
    assert client.get(reverse("govpages_questions:edit", args=[foreign.pk])).status_code == 404
