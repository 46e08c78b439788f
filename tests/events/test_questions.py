"""Citizen questions: submission, rate limit, moderation rights, due dates, overdue listing."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from govpages_events.forms import new_submission_token
from govpages_events.models import Question
from govpages_workdays.models import DayAdjustment
from govpages_workdays.workcalendar import add_working_days

from .conftest import editors_of, local_dt, make_event, make_session, occurrence


@pytest.fixture
def session(index):
    return make_session(index, "市财政局在线访谈", start=local_dt(2026, 5, 15, 9, 30), slug="talk")


def post_question(client, session, **data):
    payload = {"name": "", "contact": "", "text": "", "token": new_submission_token()}
    payload.update(data)
    return client.post(session.url, payload)


# --- submission ----------------------------------------------------------------------------


def test_valid_question_arrives_unpublished_and_private(client, session):
    response = post_question(
        client, session, name="张女士", contact="13800000000", text="如何申请公开？"
    )
    assert response.status_code == 302 and response["Location"].endswith("?submitted=1#ask")
    question = Question.objects.get()
    assert (question.session_id, question.asker_name, question.contact) == (
        session.pk,
        "张女士",
        "13800000000",
    )
    assert question.published is False and question.submitted_online
    assert question.asker_type == Question.NETIZEN
    html = client.get(session.url + "?submitted=1").content.decode()
    assert "感谢您的提问" in html
    assert "如何申请公开" not in html  # not until staff publish it
    question.published = True
    question.save()
    html = client.get(session.url).content.decode()
    assert "如何申请公开" in html and "张女士" in html
    assert "13800000000" not in html  # contact is never shown


@pytest.mark.parametrize(
    "text,message",
    [
        ("", "请填写您要提出的问题。"),
        ("   \n  ", "请填写您要提出的问题。"),
        ("问" * 501, "问题过长：最多 500 个字，您输入了 501 个字。"),
    ],
)
def test_invalid_questions_are_rejected_with_chinese_messages(client, session, text, message):
    response = post_question(client, session, text=text)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Question.objects.exists()


def test_over_long_name_and_contact_are_rejected(client, session):
    response = post_question(client, session, name="名" * 31, contact="1" * 101, text="问题")
    html = response.content.decode()
    assert response.status_code == 400
    assert "姓名过长" in html and "联系方式过长" in html
    assert not Question.objects.exists()


def test_invisible_and_bidi_characters_never_reach_the_public_page(client, session):
    """Issue 17 item 14: a name with a right-to-left override or zero-width characters could
    pass for another person's (or department's) on the published page."""
    post_question(client, session, name="\u202e张\u200b三\ufeff", text="请问\u2066何时\u2069公开？")
    question = Question.objects.get()
    assert question.asker_name == "张三"
    assert question.text == "请问何时公开？"
    question.published = True
    question.save()
    html = client.get(session.url).content.decode()
    for character in ["\u202e", "\u200b", "\ufeff", "\u2066", "\u2069"]:
        assert character not in html


def test_the_same_form_sent_twice_makes_one_question(client, session):
    """Issue 17 item 12: a double click or a reload made two questions."""
    html = client.get(session.url).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html)[1]
    for _ in range(2):
        response = post_question(client, session, text="同一个问题", token=token)
        assert response.status_code == 302
    assert Question.objects.count() == 1
    post_question(client, session, text="另一个问题")  # a fresh form
    assert Question.objects.count() == 2


@pytest.mark.parametrize("token", ["", "forged", "x:1abc:def"])
def test_a_missing_or_forged_token_is_refused_with_a_message(client, session, token):
    response = post_question(client, session, text="问题", token=token)
    assert response.status_code == 400 and not Question.objects.exists()
    assert "已过期" in response.content.decode()


def test_html_and_script_are_escaped_never_executed(client, session):
    evil = '<script>alert("x")</script><b onmouseover="x()">粗体</b>'
    post_question(client, session, name="<i>甲</i>", text=evil)
    question = Question.objects.get()
    assert question.text == evil  # stored as typed ...
    question.published = True
    question.answer = "<img src=x onerror=alert(1)>答复"
    question.save()
    html = client.get(session.url).content.decode()
    assert "<script>alert" not in html and "<b onmouseover" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html  # ... and shown escaped
    assert "&lt;i&gt;甲&lt;/i&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;答复" in html
    # Invalid submissions echo the input escaped too.
    response = post_question(client, session, name="<script>x</script>" * 3, text="")
    assert "<script>x</script>" not in response.content.decode()


def test_csrf_is_required(session):
    client = Client(enforce_csrf_checks=True)
    response = post_question(client, session, text="没有令牌")
    assert response.status_code == 403
    assert not Question.objects.exists()
    form_page = client.get(session.url)
    assert 'name="csrfmiddlewaretoken"' in form_page.content.decode()
    token = form_page.cookies["csrftoken"].value
    payload = {"text": "有令牌", "csrfmiddlewaretoken": token, "token": new_submission_token()}
    response = client.post(session.url, payload)
    assert response.status_code == 302 and Question.objects.count() == 1


def test_rate_limit_per_address(client, session, settings):
    settings.GOVPAGES_EVENTS_QUESTION_RATE_LIMIT = (3, 3600)
    for number in range(3):
        assert post_question(client, session, text=f"问题{number}").status_code == 302
    response = post_question(client, session, text="第四个问题")
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert Question.objects.count() == 3
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert post_question(other, session, text="另一个地址").status_code == 302
    assert Question.objects.count() == 4


def test_rate_limit_key_does_not_contain_the_address(rf):
    from govpages_events.submissions import rate_limit_key

    request = rf.get("/", REMOTE_ADDR="203.0.113.9")
    assert "203.0.113.9" not in rate_limit_key(request)


def test_closed_session_refuses_questions(client, session):
    session.accepts_questions = False
    session.save_revision().publish()
    response = post_question(client, session, text="还能提问吗")
    assert response.status_code == 403 and not Question.objects.exists()


# --- due dates -----------------------------------------------------------------------------


def test_due_date_skips_weekends():
    friday = datetime.date(2026, 5, 15)
    assert friday.weekday() == 4
    assert add_working_days(friday, 5, set(), set()) == datetime.date(2026, 5, 22)
    saturday = datetime.date(2026, 5, 16)
    assert add_working_days(saturday, 5, set(), set()) == datetime.date(2026, 5, 22)


def test_due_date_skips_holidays_and_counts_adjusted_workdays(db, settings):
    # The overrides alone, without chinese-calendar's schedule (tests/events/test_workdays.py).
    settings.GOVPAGES_EVENTS_CHINESE_CALENDAR = False
    # 2026-09-24 (Thu); 09-25 is a holiday (setting); 09-26 (Sat) is a 调休 working day (snippet).
    settings.GOVPAGES_EVENTS_HOLIDAYS = ["2026-09-25"]
    DayAdjustment.objects.create(date=datetime.date(2026, 9, 26), kind=DayAdjustment.WORKDAY)
    DayAdjustment.objects.create(date=datetime.date(2026, 9, 30), kind=DayAdjustment.HOLIDAY)
    # working days after 09-24: 26 (Sat, 调休), 28, 29, 10-01, 10-02
    assert add_working_days(datetime.date(2026, 9, 24), 5) == datetime.date(2026, 10, 2)


def test_question_due_date_is_five_working_days_after_the_session(session, settings):
    settings.GOVPAGES_EVENTS_HOLIDAYS = ["2026-05-19"]
    question = Question.objects.create(
        session=session, text="会后答复", created_at=local_dt(2026, 5, 10, 8)
    )
    # The session is on Friday 5/15: working days 18, 20, 21, 22, 25 (weekends and the 19th off).
    assert question.due_date == datetime.date(2026, 5, 25)
    live = Question.objects.create(
        session=session, text="现场答复", answered_live=True, answer="好"
    )
    assert live.due_date is None and live.answered_at is not None


def test_submitted_question_gets_a_due_date(client, session):
    post_question(client, session, text="何时答复？")
    question = Question.objects.get()
    base = max(timezone.localdate(), datetime.date(2026, 5, 15))
    assert question.due_date == add_working_days(base, 5)


# --- moderation ----------------------------------------------------------------------------


@pytest.fixture
def departments(index):
    """Two departments' event subtrees, each with an editors group, as govpages would set up."""
    finance = make_event(index, "财政局开放日", [occurrence(local_dt(2026, 5, 15, 9))], slug="fin")
    education = make_event(
        index, "教育局开放日", [occurrence(local_dt(2026, 5, 16, 9))], slug="edu"
    )
    finance_session = make_session(finance, "财政访谈", slug="fin-talk")
    education_session = make_session(education, "教育访谈", slug="edu-talk")
    User = get_user_model()
    editor = User.objects.create_user("fin_editor", password="x")
    editor.groups.add(editors_of(finance, "财政局编辑"))
    reviewer = User.objects.create_user("fin_reviewer", password="x")
    reviewer.groups.add(editors_of(finance, "财政局审核", publish=True))
    outsider = User.objects.create_user("edu_editor", password="x")
    outsider.groups.add(editors_of(education, "教育局编辑"))
    fin_q = Question.objects.create(
        session=finance_session, text="财政预算公开吗", contact="a@b.cn"
    )
    edu_q = Question.objects.create(session=education_session, text="学区划分何时公布")
    return {
        "editor": editor,
        "reviewer": reviewer,
        "outsider": outsider,
        "fin_q": fin_q,
        "edu_q": edu_q,
        "fin_session": finance_session,
    }


def edit_payload(question, **changes):
    data = {
        "session": question.session_id,
        "asker_type": question.asker_type,
        "asker_name": question.asker_name,
        "contact": question.contact,
        "text": question.text,
        "answering_organisation": question.answering_organisation,
        "answer": question.answer,
        "answered_at": "",
        "due_date": question.due_date.isoformat() if question.due_date else "",
    }
    if question.answered_live:
        data["answered_live"] = "on"
    if question.published:
        data["published"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}


def test_staff_see_only_their_departments_questions(client, departments):
    client.force_login(departments["editor"])
    html = client.get(reverse("govpages_questions:index")).content.decode()
    assert "财政预算公开吗" in html and "学区划分何时公布" not in html
    client.force_login(departments["outsider"])
    html = client.get(reverse("govpages_questions:index")).content.decode()
    assert "学区划分何时公布" in html and "财政预算公开吗" not in html


def assert_denied(response):
    """Wagtail's admin turns PermissionDenied into a redirect to the dashboard."""
    assert (response.status_code, response.get("Location")) in [(403, None), (302, "/admin/")]


def assert_not_found(response):
    """Another department's question does not exist for the user, as in the listing."""
    assert response.status_code == 404


def test_staff_cannot_open_other_departments_questions(client, departments):
    client.force_login(departments["outsider"])
    fin_q = departments["fin_q"]
    assert_not_found(client.get(reverse("govpages_questions:edit", args=[fin_q.pk])))
    assert_not_found(
        client.post(
            reverse("govpages_questions:edit", args=[fin_q.pk]),
            edit_payload(fin_q, answer="越权答复"),
        )
    )
    assert_not_found(client.post(reverse("govpages_questions:delete", args=[fin_q.pk])))
    fin_q.refresh_from_db()
    assert fin_q.answer == ""
    # Their own department's question opens.
    edu_q = departments["edu_q"]
    assert client.get(reverse("govpages_questions:edit", args=[edu_q.pk])).status_code == 200


PER_OBJECT_VIEWS = ["edit", "delete", "history", "history_results", "usage"]


@pytest.mark.parametrize("view", PER_OBJECT_VIEWS)
def test_every_per_object_view_is_checked_for_the_question(client, departments, view):
    """Issue 17 item 5: history and usage showed another department's unpublished question."""
    client.force_login(departments["outsider"])
    response = client.get(reverse(f"govpages_questions:{view}", args=[departments["fin_q"].pk]))
    assert_not_found(response)
    assert "财政预算公开吗" not in response.content.decode()
    own = client.get(reverse(f"govpages_questions:{view}", args=[departments["edu_q"].pk]))
    assert own.status_code == 200


def test_the_viewset_has_no_unchecked_per_object_view():
    from govpages_events.views import question_viewset

    per_object = {p.name for p in question_viewset.get_urlpatterns() if "<" in str(p.pattern)}
    assert per_object == set(PER_OBJECT_VIEWS)


def test_users_without_page_rights_get_no_access(client, departments):
    """Admin access alone (no page permissions anywhere) shows no questions."""
    nobody = get_user_model().objects.create_user("nobody", password="x")
    admin_only = Group.objects.create(name="仅后台")
    admin_only.permissions.add(Permission.objects.get(codename="access_admin"))
    nobody.groups.add(admin_only)
    client.force_login(nobody)
    assert_denied(client.get(reverse("govpages_questions:index")))
    assert_denied(client.get(reverse("govpages_questions:edit", args=[departments["fin_q"].pk])))
    assert "网民提问" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_editor_answers_reviewer_publishes(client, departments):
    fin_q = departments["fin_q"]
    client.force_login(departments["editor"])
    response = client.post(
        reverse("govpages_questions:edit", args=[fin_q.pk]),
        edit_payload(fin_q, answer="预算已在信息公开目录公开。", answering_organisation="市财政局"),
    )
    assert response.status_code == 302
    fin_q.refresh_from_db()
    assert fin_q.answer and fin_q.answered_at is not None and not fin_q.published
    # An editor without publish rights cannot publish.
    response = client.post(
        reverse("govpages_questions:edit", args=[fin_q.pk]), edit_payload(fin_q, published="on")
    )
    assert response.status_code == 200
    assert "只有有权发布该场次页面的工作人员才能公开其问题" in response.content.decode()
    fin_q.refresh_from_db()
    assert not fin_q.published
    # A reviewer (publish permission on the subtree) can, and the answer appears on the page.
    client.force_login(departments["reviewer"])
    response = client.post(
        reverse("govpages_questions:edit", args=[fin_q.pk]), edit_payload(fin_q, published="on")
    )
    assert response.status_code == 302
    page_html = Client().get(departments["fin_session"].url).content.decode()
    assert "预算已在信息公开目录公开。" in page_html and "市财政局" in page_html
    assert "a@b.cn" not in page_html


def test_create_form_offers_only_editable_sessions(client, departments):
    client.force_login(departments["editor"])
    html = client.get(reverse("govpages_questions:add")).content.decode()
    assert "财政访谈" in html and "教育访谈" not in html


def test_overdue_questions_are_listed(client, departments):
    fin_q = departments["fin_q"]
    Question.objects.filter(pk=fin_q.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    answered = Question.objects.create(
        session=departments["fin_session"],
        text="已答复",
        answer="答复",
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    Question.objects.filter(pk=answered.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=3)
    )
    assert list(Question.objects.overdue()) == [fin_q]
    client.force_login(departments["editor"])
    html = client.get(reverse("govpages_questions:index"), {"status": "overdue"}).content.decode()
    assert "财政预算公开吗" in html and "已答复" not in html.split("<tbody")[-1]
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "逾期未答复的问题" in dashboard and "财政预算公开吗" in dashboard
    client.force_login(departments["outsider"])
    assert "逾期未答复的问题" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_questions_are_shown_in_their_position(client, session):
    first = Question.objects.create(session=session, text="第一个", published=True)
    second = Question.objects.create(session=session, text="第二个", published=True)
    third = Question.objects.create(session=session, text="第三个", published=True)
    assert [first.sort_order, second.sort_order, third.sort_order] == [1, 2, 3]
    Question.objects.filter(pk=third.pk).update(sort_order=0)
    html = client.get(session.url).content.decode()
    assert html.index("第三个") < html.index("第一个") < html.index("第二个")
