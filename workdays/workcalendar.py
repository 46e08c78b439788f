"""Working days, one calendar for every deadline of the toolkit.

A day is a working day by, in this order:
1. the editable ``DayAdjustment`` snippet (a holiday, or a weekend day worked: 调休);
2. the GOVPAGES_WORKDAYS_HOLIDAYS / GOVPAGES_WORKDAYS_EXTRA_WORKDAYS settings;
3. the State Council's yearly schedule as published in the ``chinese-calendar`` package
   (GOVPAGES_WORKDAYS_CHINESE_CALENDAR, on by default), for the years it covers;
4. otherwise Monday to Friday.
"""

import datetime
from functools import lru_cache

import chinese_calendar

from . import conf


def _overrides():
    """{date: is a working day} from the settings, then the snippet on top."""
    from .models import DayAdjustment

    days = dict.fromkeys(conf.configured_dates("GOVPAGES_WORKDAYS_HOLIDAYS"), False)
    days.update(dict.fromkeys(conf.configured_dates("GOVPAGES_WORKDAYS_EXTRA_WORKDAYS"), True))
    for day, kind in DayAdjustment.objects.values_list("date", "kind"):
        days[day] = kind == DayAdjustment.WORKDAY
    return days


@lru_cache(maxsize=4096)
def _published_schedule(day):
    """True/False from chinese-calendar, or None for a year it has no data for."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


def has_published_schedule(year):
    return _published_schedule(datetime.date(year, 1, 1)) is not None


class WorkCalendar:
    def __init__(self, holidays=(), workdays=(), overrides=None):
        self.overrides = _overrides() if overrides is None else dict(overrides)
        self.overrides.update(dict.fromkeys(holidays, False))
        self.overrides.update(dict.fromkeys(workdays, True))
        self.use_schedule = conf.get("GOVPAGES_WORKDAYS_CHINESE_CALENDAR")

    def is_working_day(self, day):
        if day in self.overrides:
            return self.overrides[day]
        if self.use_schedule:
            published = _published_schedule(day)
            if published is not None:
                return published
        return day.weekday() < 5

    def add_working_days(self, start, count):
        """The date ``count`` working days after ``start`` (the start day is not counted)."""
        day = start
        while count > 0:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day


def add_working_days(start, count, holidays=None, workdays=None):
    """``count`` working days after ``start``. Given ``holidays`` and ``workdays`` stand in for
    the settings and the snippet (no database query); the published schedule still applies."""
    if holidays is None and workdays is None:
        calendar = WorkCalendar()
    else:
        calendar = WorkCalendar(holidays or (), workdays or (), overrides={})
    return calendar.add_working_days(start, count)


def years_without_schedule(today):
    """This year and next, where neither chinese-calendar nor the snippet has any holiday."""
    from .models import DayAdjustment

    missing = []
    for year in (today.year, today.year + 1):
        if conf.get("GOVPAGES_WORKDAYS_CHINESE_CALENDAR") and has_published_schedule(year):
            continue
        if not DayAdjustment.objects.filter(date__year=year, kind=DayAdjustment.HOLIDAY).exists():
            missing.append(year)
    return missing
