"""Editors' forms: an end before a start, bad recurrence rules and deadlines are form errors."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from govpages_events.models import EventPage, ForumSessionPage

from .conftest import local_dt, make_event, make_session, occurrence


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("root", "root@example.cn", "x")
    client.force_login(user)
    return client


def event_form(occurrences, initial=0, **fields):
    data = {
        "title": "政务公开日",
        "slug": "gongkai",
        "event_type": "",
        "edition": "",
        "theme": "",
        "organiser": "",
        "organiser_name": "",
        "occurrences": inline_formset(occurrences, initial=initial, min=1),
        "venues": inline_formset([]),
        "online_channels": inline_formset([]),
        "participants": inline_formset([]),
        "announcement": rich_text(""),
        "registration": "none",
        "registration_deadline": "",
        "capacity": "",
        "registration_details": "",
        "notes": rich_text(""),
        "summary": rich_text(""),
        "materials": inline_formset([]),
        "issue_areas": "",
        "highlights": rich_text(""),
        "improvements": rich_text(""),
        "photos": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(fields)
    return nested_form_data(data)


def occ(start, end="", all_day=False, rrule="", exdates=""):
    data = {"start": start, "end": end, "rrule": rrule, "exdates": exdates}
    if all_day:
        data["all_day"] = "on"
    return data


def create_event(client, index, data):
    url = reverse("wagtailadmin_pages:add", args=("govpages_events", "eventpage", index.pk))
    return client.post(url, data)


def test_valid_event_is_created(admin_client, index):
    response = create_event(
        admin_client,
        index,
        event_form(
            [occ("2026-05-15 09:00", "2026-05-15 17:00", rrule="RRULE:freq=yearly;count=3")]
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = EventPage.objects.get(slug="gongkai")
    assert page.live
    assert page.occurrences.get().rrule == "FREQ=YEARLY;COUNT=3"


@pytest.mark.parametrize(
    "occurrence,message",
    [
        (occ("2026-05-15 17:00", "2026-05-15 09:00"), "结束时间早于开始时间。"),
        (occ("2026-05-15 00:00", "2026-05-14 00:00", all_day=True), "结束时间早于开始时间。"),
        (occ("2026-05-15 09:00", rrule="FREQ=SOMETIMES"), "须填写 FREQ"),
        (occ("2026-05-15 09:00", rrule="FREQ=DAILY;BYDAY=XX"), "重复规则无效"),
        (
            occ("2026-05-15 09:00", rrule="FREQ=DAILY;COUNT=2;UNTIL=20260601"),
            "UNTIL 与 COUNT 只能填写其一",
        ),
        (occ("2026-05-15 09:00", rrule="FREQ=DAILY", exdates="5月20日"), "例外日期无效：5月20日"),
        (occ("2026-05-15 09:00", exdates="2026-05-20"), "填写例外日期须先填写重复规则"),
    ],
)
def test_invalid_occurrences_are_form_errors(admin_client, index, occurrence, message):
    response = create_event(admin_client, index, event_form([occurrence]))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not EventPage.objects.exists()


def test_event_needs_an_occurrence(admin_client, index):
    response = create_event(admin_client, index, event_form([]))
    assert response.status_code == 200 and not EventPage.objects.exists()


def test_registration_deadline_after_start_is_an_error(admin_client, index):
    data = event_form(
        [occ("2026-05-15 09:00", "2026-05-15 17:00")],
        registration="required",
        registration_deadline="2026-05-16 09:00",
        registration_details="电话 12345",
    )
    response = create_event(admin_client, index, data)
    assert response.status_code == 200
    assert "报名截止时间晚于活动开始时间。" in response.content.decode()


def test_session_end_before_start_is_an_error(admin_client, index):
    url = reverse("wagtailadmin_pages:add", args=("govpages_events", "forumsessionpage", index.pk))
    data = nested_form_data(
        {
            "title": "在线访谈",
            "slug": "talk",
            "kind": "interview",
            "start": "2026-05-15 10:00",
            "end": "2026-05-15 09:00",
            "venue": "",
            "host": "",
            "moderator": "",
            "citizen_representatives": "",
            "media_count": "",
            "panel": inline_formset([]),
            "introduction": rich_text(""),
            "agenda": rich_text(""),
            "transcript": rich_text(""),
            "video_url": "",
            "accepts_questions": "on",
            "action-publish": "publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "结束时间早于开始时间。" in response.content.decode()
    assert not ForumSessionPage.objects.exists()
    data["end"] = "2026-05-15 11:00"
    assert admin_client.post(url, data).status_code == 302
    assert ForumSessionPage.objects.get().live


def test_admin_pages_render(admin_client, index, event_type):
    from govpages_events.models import EventIndexPage, EventType, EventVenue, Question

    event = make_event(
        index,
        "2026年“5·15政务公开日”主题活动",
        [occurrence(local_dt(2026, 5, 15, 9), local_dt(2026, 5, 15, 17))],
        slug="2026-zhengwu-gongkai-ri",
        event_type=event_type,
        materials=[("政策汇编", 2000), ("办事指南", 3500)],
        venues=[EventVenue(name="市民服务中心一楼大厅", address="示范市人民路1号")],
    )
    session = make_session(event, "政务公开日在线访谈")
    Question.objects.create(session=session, text="依申请公开多久答复？", answer="20个工作日内")
    Question.objects.create(session=session, text="何时公示施工计划？")
    question = Question.objects.first()
    urls = [
        reverse("wagtailadmin_pages:edit", args=[event.pk]),
        reverse("wagtailadmin_pages:edit", args=[session.pk]),
        reverse("wagtailadmin_pages:edit", args=[EventIndexPage.objects.get().pk]),
        reverse("govpages_questions:index"),
        reverse("govpages_questions:index") + "?status=overdue",
        reverse("govpages_questions:add"),
        reverse("govpages_questions:edit", args=[question.pk]),
        reverse("wagtailsnippets_govpages_events_eventtype:list"),
        reverse("wagtailsnippets_govpages_events_dayadjustment:list"),
        reverse("wagtailsnippets_govpages_events_activityform:list"),
        reverse("wagtailadmin_home"),
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
    assert EventType.objects.filter(name="座谈会").exists()
