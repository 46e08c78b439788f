"""Working-day arithmetic for answer deadlines: weekends and public holidays are skipped,
adjusted working days (调休, a Saturday or Sunday worked in exchange) count as working days.

Holidays come from the GOVPAGES_EVENTS_HOLIDAYS / GOVPAGES_EVENTS_EXTRA_WORKDAYS settings and
from the editable
``DayAdjustment`` snippet, so a portal can keep the yearly State Council schedule up to date.
"""

import datetime

from . import conf


def calendar_adjustments():
    """(holidays, extra working days) as sets of dates, from settings and the snippet."""
    from .models import DayAdjustment

    holidays = conf.configured_dates("GOVPAGES_EVENTS_HOLIDAYS")
    workdays = conf.configured_dates("GOVPAGES_EVENTS_EXTRA_WORKDAYS")
    for day, kind in DayAdjustment.objects.values_list("date", "kind"):
        (holidays if kind == DayAdjustment.HOLIDAY else workdays).add(day)
    return holidays, workdays


def is_working_day(day, holidays, workdays):
    if day in workdays:
        return True
    return day.weekday() < 5 and day not in holidays


def add_working_days(start, count, holidays=None, workdays=None):
    """The date ``count`` working days after ``start`` (the start day itself is not counted)."""
    if holidays is None or workdays is None:
        holidays, workdays = calendar_adjustments()
    day = start
    remaining = count
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays, workdays):
            remaining -= 1
    return day
