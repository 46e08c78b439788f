import pytest
from wagtail import hooks

from govpages_events.models import EventIndexPage, EventPage, ForumSessionPage, Question

from .conftest import local_dt, make_event, occurrence


@pytest.mark.portal
def test_demo_has_events_and_questions(client, demo_portal):
    index = EventIndexPage.objects.get(slug="events", depth=demo_portal.root_page.depth + 1)
    disclosure_day = EventPage.objects.get(slug="2026-zhengwu-gongkai-ri")
    assert disclosure_day.event_type.name == "政务公开日"
    assert disclosure_day.people_received and disclosure_day.materials.count() == 3
    open_day = EventPage.objects.get(slug="zhengfu-kaifang-ri")
    assert open_day.occurrences.get().rrule
    session = ForumSessionPage.objects.get(slug="zaixian-fangtan")
    assert session.questions.answered().exists() and session.questions.pending().exists()
    for url in [index.url, disclosure_day.url, open_day.url, session.url]:
        assert client.get(url).status_code == 200
    home_html = client.get("/").content.decode()
    assert open_day.title in home_html  # the home block gets it from home_upcoming_events
    assert "王女士" not in client.get(session.url).content.decode()  # unpublished question


@pytest.mark.portal
def test_demo_departments_run_their_own_sessions_and_answer_their_questions(client, demo_portal):
    """Issue 16: 市财政局 and 市教育局 keep a 活动 page of their own; the portal's lists both."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    finance = ForumSessionPage.objects.get(slug="yusuan-gongkai-fangtan")
    education = ForumSessionPage.objects.get(slug="ruxue-zhengce-fangtan")
    assert finance.url.startswith("/czj/events/") and education.url.startswith("/jyj/events/")
    portal_index = EventIndexPage.objects.get(slug="events", depth=demo_portal.root_page.depth + 1)
    listing = client.get(portal_index.url).content.decode()
    assert finance.title in listing and education.title in listing
    assert finance.questions.overdue().exists()
    assert "已逾期未答复" in client.get(finance.url).content.decode()
    assert 'name="text"' in client.get(education.url).content.decode()  # still taking them
    users = get_user_model().objects
    for username, own, other in [
        ("czj_bianji", finance, education),
        ("jyj_bianji", education, finance),
        ("czj_shenhe", finance, education),
    ]:
        client.force_login(users.get(username=username))
        dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "待答复的网民提问" in dashboard, username
        assert own.questions.pending().first().text in dashboard
        assert other.questions.pending().first().text not in dashboard
        foreign = other.questions.first()
        edit = client.get(reverse("govpages_questions:edit", args=[foreign.pk]))
        assert edit.status_code == 404


@pytest.mark.portal
def test_load_demo_is_idempotent_for_events(demo_portal):
    from django.core.management import call_command

    counts = (EventPage.objects.count(), ForumSessionPage.objects.count(), Question.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert counts == (
        EventPage.objects.count(),
        ForumSessionPage.objects.count(),
        Question.objects.count(),
    )


def test_search_hooks_describe_events(index, event_type):
    page = make_event(
        index,
        "2026年“5·15政务公开日”主题活动",
        [occurrence(local_dt(2026, 5, 15, 9), local_dt(2026, 5, 15, 17))],
        event_type=event_type,
    )
    fields = {}
    for fn in hooks.get_hooks("govpages_search_result_fields_for_page"):
        fields.update(fn(page))
    assert fields["event_start"] == "2026-05-15 09:00" and fields["event_type"] == "政务公开日"
    assert page.get_search_date().year == 2026
