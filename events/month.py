"""The month calendar of an event index: a grid of weeks, Monday first, with the instances that
cover each day (events spanning several days appear on every day they cover)."""

import calendar
import datetime
import re
from dataclasses import dataclass, field

from .recurrence import midnight

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(value, today):
    """(year, month) from ?month=YYYY-MM; today's month when missing or invalid."""
    match = MONTH_PATTERN.match(value or "")
    if match:
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12 and 1900 <= year <= 2999:
            return year, month
    return today.year, today.month


def shift_month(year, month, delta):
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    entries: list = field(default_factory=list)


@dataclass
class MonthView:
    year: int
    month: int
    weeks: list
    today: datetime.date

    @property
    def first_day(self):
        return datetime.date(self.year, self.month, 1)

    @property
    def previous(self):
        year, month = shift_month(self.year, self.month, -1)
        return f"{year:04d}-{month:02d}"

    @property
    def next(self):
        year, month = shift_month(self.year, self.month, 1)
        return f"{year:04d}-{month:02d}"

    @property
    def param(self):
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def has_entries(self):
        return any(day.entries for week in self.weeks for day in week if day.in_month)


def month_window(year, month):
    start = midnight(datetime.date(year, month, 1))
    next_year, next_month = shift_month(year, month, 1)
    return start, midnight(datetime.date(next_year, next_month, 1))


def build_month(year, month, pages, today):
    """``pages`` are event pages; each day lists (page, instance) pairs covering it."""
    window_start, window_end = month_window(year, month)
    instances = [
        (page, instance) for page in pages for instance in page.instances(window_start, window_end)
    ]
    instances.sort(key=lambda pair: (pair[1].start, pair[0].title))
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        days = []
        for date in week:
            day = Day(date, date.month == month)
            if day.in_month:
                day.entries = [pair for pair in instances if pair[1].covers(date)]
            days.append(day)
        weeks.append(days)
    return MonthView(year, month, weeks, today)
