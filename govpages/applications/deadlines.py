"""Working-day arithmetic of a case, on the toolkit's one calendar (govpages_workdays).

The day of receipt is never counted (the count starts the next working day); a receipt on a
non-working day is received on the next working day (条例 art. 31). Days from the day after a
补正 notice or a third-party consultation starts up to the day it ends are not counted.
"""

import datetime

from govpages_workdays.workcalendar import WorkCalendar

from . import conf


def receipt_working_day(day, calendar=None):
    calendar = calendar or WorkCalendar()
    while not calendar.is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def correction_notice_deadline(received_on, calendar=None):
    days = conf.get("GOVPAGES_APPLICATIONS_CORRECTION_NOTICE_DAYS")
    return (calendar or WorkCalendar()).add_working_days(received_on, days)


def is_paused(day, pauses):
    return any(start < day and (end is None or day <= end) for start, end in pauses)


def reply_deadline(received_on, pauses=(), extension_days=0, calendar=None):
    """The last day to reply, or None while a pause is open (the clock is stopped).

    ``pauses`` are (start, end) dates, end None while the pause lasts."""
    if any(end is None for _start, end in pauses):
        return None
    calendar = calendar or WorkCalendar()
    remaining = conf.get("GOVPAGES_APPLICATIONS_REPLY_DAYS") + extension_days
    day = received_on
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day) and not is_paused(day, pauses):
            remaining -= 1
    return day


def working_days_left(deadline, today, calendar=None):
    """Working days from today (not counted) to the deadline; negative when overdue."""
    calendar = calendar or WorkCalendar()
    if deadline >= today:
        count, day = 0, today
        while day < deadline:
            day += datetime.timedelta(days=1)
            count += calendar.is_working_day(day)
        return count
    count, day = 0, deadline
    while day < today:
        day += datetime.timedelta(days=1)
        count += calendar.is_working_day(day)
    return -max(count, 1)
