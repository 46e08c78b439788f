"""Issue 17 item 2: forum answer deadlines follow the shared working-day calendar."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from govpages_events.models import Question
from govpages_workdays.models import DayAdjustment
from govpages_workdays.workcalendar import add_working_days

from .conftest import local_dt, make_session


def test_open_deadlines_move_when_the_calendar_changes(db, index):
    monday = datetime.date.today() + datetime.timedelta(days=21)
    monday -= datetime.timedelta(days=monday.weekday())
    session = make_session(index, "访谈", start=local_dt(monday.year, monday.month, monday.day, 9))
    computed = Question.objects.create(session=session, text="何时公开？")
    by_hand = Question.objects.create(session=session, text="另一个问题", due_date=monday)
    Question.objects.filter(pk=by_hand.pk).update(due_date_fixed=True)
    assert computed.due_date == add_working_days(monday, 5)
    first_working_day = add_working_days(monday, 1)

    DayAdjustment.objects.create(date=first_working_day, kind=DayAdjustment.HOLIDAY)

    computed.refresh_from_db()
    by_hand.refresh_from_db()
    assert computed.due_date == add_working_days(monday, 5) > add_working_days(monday, 4)
    assert computed.due_date == add_working_days(first_working_day, 5)
    assert by_hand.due_date == monday
    DayAdjustment.objects.all().delete()
    computed.refresh_from_db()
    assert computed.due_date == add_working_days(monday, 5)


def test_staff_entering_a_due_date_fix_it(client, db, index):
    from django.urls import reverse

    admin = get_user_model().objects.create_superuser("admin", "a@example.org", "x")
    client.force_login(admin)
    session = make_session(index, "访谈", start=local_dt(2026, 5, 15, 9))
    question = Question.objects.create(session=session, text="何时公开？")
    data = {
        "session": session.pk,
        "asker_type": question.asker_type,
        "text": question.text,
        "due_date": "2026-06-30",
    }
    response = client.post(reverse("govpages_questions:edit", args=[question.pk]), data)
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.due_date, question.due_date_fixed) == (datetime.date(2026, 6, 30), True)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_move_from_events_keeps_the_rows(request):
    """A database migrated when the snippet lived in govpages_events keeps its days: the table
    is adopted, not created again."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    before = [
        ("govpages_workdays", None),
        ("govpages_events", "0005_session_question_close_and_site_wide_index"),
    ]
    executor.migrate(before)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO govpages_events_dayadjustment (date, kind, name) "
            "VALUES ('2027-02-06', 'workday', '春节调休')"
        )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    day = DayAdjustment.objects.get()
    assert (day.date, day.kind, day.name) == (datetime.date(2027, 2, 6), "workday", "春节调休")
