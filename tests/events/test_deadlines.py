"""Issue 16: answer deadlines as a date and working days (admin and public), overdue questions
shown as such, and a session that stops taking questions closes its form and refuses posts."""

import datetime
import re

import chinese_calendar
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from govpages_events.deadlines import deadline_for
from govpages_events.forms import new_submission_token
from govpages_events.models import Question
from govpages_workdays.models import DayAdjustment

from .conftest import editors_of, local_dt, make_session


def day(text):
    return datetime.date.fromisoformat(text)


# --- the text of a deadline ----------------------------------------------------------------


@pytest.mark.parametrize(
    "due,today,text",
    [
        # December 2026 has no holidays: Mon-Fri are the working days.
        ("2026-12-09", "2026-12-04", "2026-12-09，还剩 3 个工作日"),  # Mon 7, Tue 8, Wed 9
        ("2026-12-09", "2026-12-08", "2026-12-09，还剩 1 个工作日"),
        ("2026-12-09", "2026-12-09", "2026-12-09，今天到期"),
        ("2026-12-09", "2026-12-11", "2026-12-09，已逾期 2 个工作日"),  # Thu 10, Fri 11
        ("2026-12-11", "2026-12-12", "2026-12-11，已逾期"),  # Saturday: no working day past
        ("2026-12-11", "2026-12-14", "2026-12-11，已逾期 1 个工作日"),
    ],
)
def test_deadline_reads_as_date_and_working_days(db, due, today, text):
    assert str(deadline_for(day(due), day(today))) == text


def test_deadline_counts_the_editable_calendar(db):
    DayAdjustment.objects.create(date=day("2026-12-08"), kind=DayAdjustment.HOLIDAY)
    assert str(deadline_for(day("2026-12-09"), day("2026-12-04"))) == "2026-12-09，还剩 2 个工作日"


def test_deadline_across_national_day_agrees_with_chinese_calendar(db):
    due, today = day("2026-09-30"), day("2026-10-09")
    past = len(chinese_calendar.get_workdays(due + datetime.timedelta(days=1), today))
    assert str(deadline_for(due, today)) == f"2026-09-30，已逾期 {past} 个工作日"


# --- admin listing and dashboard -----------------------------------------------------------


def referee_working_days(first, last):
    """chinese-calendar's count of working days in (first, last]."""
    if last <= first:
        return 0
    return len(chinese_calendar.get_workdays(first + datetime.timedelta(days=1), last))


@pytest.fixture
def staffed(index):
    """Two sessions in two subtrees, one editor each, questions due soon and overdue."""
    finance = make_session(index, "财政访谈", slug="fin-talk")
    education = make_session(index, "教育访谈", slug="edu-talk")
    User = get_user_model()
    editor = User.objects.create_user("fin_editor", password="x")
    editor.groups.add(editors_of(finance, "财政局编辑"))
    outsider = User.objects.create_user("edu_editor", password="x")
    outsider.groups.add(editors_of(education, "教育局编辑"))
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=9)
    late = today - datetime.timedelta(days=9)
    due_soon = Question.objects.create(session=finance, text="预算何时公开", published=True)
    overdue = Question.objects.create(session=finance, text="三公经费为何减少", published=True)
    Question.objects.filter(pk=due_soon.pk).update(due_date=soon)
    Question.objects.filter(pk=overdue.pk).update(due_date=late)
    other = Question.objects.create(session=education, text="学区何时划定")
    return {
        "editor": editor,
        "outsider": outsider,
        "finance": finance,
        "due_soon": due_soon,
        "overdue": overdue,
        "other": other,
        "soon": soon,
        "late": late,
        "today": today,
    }


def expected_texts(staffed):
    today = staffed["today"]
    soon, late = staffed["soon"], staffed["late"]
    left = referee_working_days(today, soon)
    past = referee_working_days(late, today)
    return (
        f"{soon:%Y-%m-%d}</time>，还剩 {left} 个工作日",
        f"{late:%Y-%m-%d}</time>，<strong>已逾期 {past} 个工作日</strong>",
    )


def test_listing_shows_absolute_deadlines_in_working_days(client, staffed):
    client.force_login(staffed["editor"])
    html = client.get(reverse("govpages_questions:index")).content.decode()
    for text in expected_texts(staffed):
        assert text in html
    assert "学区何时划定" not in html


def test_dashboard_lists_the_departments_questions_with_deadlines(client, staffed):
    client.force_login(staffed["editor"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = html[html.index('id="questions-to-answer-section"') :]
    assert "待答复的网民提问" in html
    assert "您负责的场次中有 2 个问题待答复。" in panel and "其中 1 个已逾期。" in panel
    for text in expected_texts(staffed):
        assert text in panel
    # Earliest deadline first, each linked to its answer form; nothing of the other department.
    assert panel.index("三公经费为何减少") < panel.index("预算何时公开")
    assert reverse("govpages_questions:edit", args=[staffed["overdue"].pk]) in panel
    assert "学区何时划定" not in html
    client.force_login(staffed["outsider"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "学区何时划定" in html and "三公经费为何减少" not in html


def test_dashboard_panel_queries_do_not_grow_with_questions(
    client, staffed, django_assert_max_num_queries
):
    client.force_login(staffed["editor"])
    client.get(reverse("wagtailadmin_home"))  # warm caches (site, content types)
    with django_assert_max_num_queries(60) as few:
        client.get(reverse("wagtailadmin_home"))
    for number in range(8):
        Question.objects.create(session=staffed["finance"], text=f"追加问题{number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("wagtailadmin_home"))


def test_no_panel_for_staff_with_nothing_to_answer(client, staffed):
    Question.objects.filter(session=staffed["finance"]).update(answer="已答复", published=True)
    client.force_login(staffed["editor"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="questions-to-answer-section"' not in html


# --- the public session page ---------------------------------------------------------------


def test_public_page_shows_overdue_as_overdue(client, staffed):
    html = client.get(staffed["finance"].url).content.decode()
    overdue_item = html[html.index("三公经费为何减少") :].split("</li>")[0]
    assert "已逾期未答复" in overdue_item and "待答复" not in overdue_item
    past = referee_working_days(staffed["late"], staffed["today"])
    assert f"答复期限 {staffed['late']:%Y-%m-%d}，已逾期 {past} 个工作日" in overdue_item
    pending_item = html[html.index("预算何时公开") :].split("</li>")[0]
    left = referee_working_days(staffed["today"], staffed["soon"])
    assert f"待答复（答复期限 {staffed['soon']:%Y-%m-%d}，还剩 {left} 个工作日）" in pending_item


@pytest.fixture
def closing_session(index):
    return make_session(
        index,
        "已截止提问的访谈",
        slug="closed-talk",
        start=local_dt(2026, 5, 15, 9, 30),
        questions_close_at=timezone.now() - datetime.timedelta(minutes=1),
    )


def post_question(client, session, text):
    payload = {"name": "", "contact": "", "text": text, "token": new_submission_token()}
    return client.post(session.url, payload)


def test_form_closes_when_the_session_stops_taking_questions(client, closing_session):
    html = client.get(closing_session.url).content.decode()
    assert 'method="post"' not in html and 'name="text"' not in html
    closed_at = timezone.localtime(closing_session.questions_close_at)
    assert f"本场次已于 {closed_at:%Y-%m-%d %H:%M} 停止接收提问。" in html


def test_a_question_after_the_close_is_refused_and_not_saved(client, closing_session):
    response = post_question(client, closing_session, "截止后还能提问吗<b>？</b>")
    html = response.content.decode()
    assert response.status_code == 403 and not Question.objects.exists()
    assert re.search(r'role="alert">\s*<p>本场次已停止接收提问，您的问题未提交。</p>', html)
    # What was typed is shown back (escaped) so that nothing is lost, but no form to send it.
    assert "截止后还能提问吗&lt;b&gt;？&lt;/b&gt;" in html and 'name="text"' not in html


def test_a_session_not_accepting_questions_refuses_with_a_message(client, index):
    session = make_session(index, "不接受提问", slug="no-questions", accepts_questions=False)
    html = client.get(session.url).content.decode()
    assert 'name="text"' not in html
    response = post_question(client, session, "可以提问吗")
    assert response.status_code == 403 and not Question.objects.exists()
    assert "本场次已停止接收提问，您的问题未提交。" in response.content.decode()


def test_questions_are_taken_until_the_close(client, index):
    session = make_session(
        index,
        "明天截止提问",
        slug="open-talk",
        questions_close_at=timezone.now() + datetime.timedelta(days=1),
    )
    assert 'name="text"' in client.get(session.url).content.decode()
    assert post_question(client, session, "截止前的提问").status_code == 302
    assert Question.objects.filter(session=session).count() == 1
