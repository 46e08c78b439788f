"""Answer deadlines as people read them: the date, and working days left or past.

"2026-12-09，还剩 3 个工作日" is what an editor acts on; a relative time ("刚刚", "1 周后") says
nothing about working days, which is what the deadline counts.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from govpages_workdays.workcalendar import WorkCalendar

REQUEST_CALENDAR_ATTRIBUTE = "_govpages_events_work_calendar"


@dataclass(frozen=True)
class Deadline:
    due: datetime.date
    today: datetime.date
    working_days: int  # left when not overdue, past when overdue

    @property
    def overdue(self):
        return self.due < self.today

    @property
    def due_today(self):
        return self.due == self.today

    @property
    def date_text(self):
        return f"{self.due:%Y-%m-%d}"

    @property
    def remaining_text(self):
        if self.due_today:
            return _("due today")
        if self.overdue:
            if not self.working_days:  # past the date, but no working day since
                return _("overdue")
            return ngettext(
                "overdue by %(count)d working day",
                "overdue by %(count)d working days",
                self.working_days,
            ) % {"count": self.working_days}
        return ngettext(
            "%(count)d working day left", "%(count)d working days left", self.working_days
        ) % {"count": self.working_days}

    def __str__(self):
        return _("%(date)s, %(remaining)s") % {
            "date": self.date_text,
            "remaining": self.remaining_text,
        }


def working_days_between(calendar, first, last):
    """Working days in the span (first, last]: the first day is not counted, the last one is."""
    count, day = 0, first
    while day < last:
        day += datetime.timedelta(days=1)
        count += calendar.is_working_day(day)
    return count


def deadline_for(due, today=None, calendar=None):
    """The deadline of a question due on ``due``, or None when it has no due date."""
    if due is None:
        return None
    today = today or timezone.localdate()
    calendar = calendar or WorkCalendar()
    if due < today:
        return Deadline(due, today, working_days_between(calendar, due, today))
    return Deadline(due, today, working_days_between(calendar, today, due))


def calendar_for_request(request):
    """One calendar per request: building it reads the day adjustments from the database."""
    if request is None:
        return WorkCalendar()
    calendar = getattr(request, REQUEST_CALENDAR_ATTRIBUTE, None)
    if calendar is None:
        calendar = WorkCalendar()
        setattr(request, REQUEST_CALENDAR_ATTRIBUTE, calendar)
    return calendar


def question_deadline(question, request=None, today=None):
    """The deadline of a question still awaiting an answer; None when answered or undated."""
    if question.is_answered or question.answered_live:
        return None
    return deadline_for(question.due_date, today, calendar_for_request(request))
