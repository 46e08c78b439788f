"""Issue 17 item 2: deadlines follow the State Council's holidays out of the box."""

import datetime

import chinese_calendar
import pytest
from django.contrib.auth import get_user_model

from govpages_workdays.models import DayAdjustment
from govpages_workdays.workcalendar import add_working_days, years_without_schedule


def receipt_dates():
    day, last = datetime.date(2025, 1, 1), datetime.date(2026, 12, 15)
    while day <= last:
        yield day
        day += datetime.timedelta(days=1)


def referee_deadline(received, count=5):
    """chinese-calendar's own answer: find_workday(0, day) is the first working day on or after
    ``day``, so find_workday(count - 1, received + 1 day) is the count-th working day after the
    receipt day, which is itself not counted (as in our deadlines)."""
    return chinese_calendar.find_workday(count - 1, received + datetime.timedelta(days=1))


def test_every_five_working_day_deadline_matches_chinese_calendar(db):
    dates = list(receipt_dates())
    assert len(dates) == 714
    differing = [d for d in dates if add_working_days(d, 5) != referee_deadline(d)]
    assert differing == []


def test_spring_festival_and_national_day(db):
    # 2026 春节: 2-15 .. 2-23 off, 2-14 (Sat) and 2-28 (Sat) worked.
    assert add_working_days(datetime.date(2026, 2, 13), 1) == datetime.date(2026, 2, 14)
    assert add_working_days(datetime.date(2026, 2, 14), 1) == datetime.date(2026, 2, 24)
    assert add_working_days(datetime.date(2026, 9, 30), 1) == datetime.date(2026, 10, 8)


def test_the_snippet_overrides_the_published_schedule(db):
    # A portal closing on 2026-10-08 too (a local decision) moves the deadline by a day.
    DayAdjustment.objects.create(date=datetime.date(2026, 10, 8), kind=DayAdjustment.HOLIDAY)
    assert add_working_days(datetime.date(2026, 9, 30), 1) == datetime.date(2026, 10, 9)


@pytest.mark.parametrize("enter_schedule", [False, True])
def test_administrators_are_warned_of_a_year_without_holidays(client, db, enter_schedule):
    next_year = max(chinese_calendar.holidays).year + 1
    today = datetime.date(next_year - 1, 12, 3)
    if enter_schedule:
        DayAdjustment.objects.create(date=datetime.date(next_year, 1, 1), name="元旦")
    assert years_without_schedule(today) == ([] if enter_schedule else [next_year])
    admin = get_user_model().objects.create_superuser("admin", "a@example.org", "x")
    client.force_login(admin)
    html = client.get("/admin/").content.decode()
    latest_known = max(chinese_calendar.holidays).year
    warned = "missing-holidays" in html
    # On the dashboard the check runs for the real today.
    from django.utils import timezone

    assert warned == bool(years_without_schedule(timezone.localdate()))
    assert latest_known >= 2026


def test_the_former_events_setting_names_still_work_and_warn(db, settings):
    from govpages_workdays.checks import check_deprecated_settings

    settings.GOVPAGES_WORKDAYS_CHINESE_CALENDAR = False
    settings.GOVPAGES_EVENTS_HOLIDAYS = ["2030-01-02"]
    assert add_working_days(datetime.date(2030, 1, 1), 1) == datetime.date(2030, 1, 3)
    warnings = check_deprecated_settings(None)
    assert [w.id for w in warnings] == ["govpages_workdays.W001"]
    assert "GOVPAGES_WORKDAYS_HOLIDAYS" in warnings[0].hint
    settings.GOVPAGES_WORKDAYS_HOLIDAYS = []
    assert add_working_days(datetime.date(2030, 1, 1), 1) == datetime.date(2030, 1, 2)
