"""Settings of the events app, each with a default so the app runs without configuration."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

DEFAULTS = {
    # Times are entered, shown and exported in this zone.
    "GOVPAGES_EVENTS_TIME_ZONE": "Asia/Shanghai",
    # Right-hand side of generated iCalendar UIDs ("<uuid>@<domain>").
    "GOVPAGES_EVENTS_ICAL_UID_DOMAIN": "govpages.events",
    # Questions not answered live are answered online within this many working days.
    "GOVPAGES_EVENTS_ANSWER_WORKING_DAYS": 5,
    # Take holidays and 调休 from the chinese-calendar package (the State Council's schedule).
    "GOVPAGES_EVENTS_CHINESE_CALENDAR": True,
    # Public holidays ("YYYY-MM-DD") and adjusted working days (调休, weekend days worked),
    # on top of chinese-calendar; the DayAdjustment snippet goes on top of both.
    "GOVPAGES_EVENTS_HOLIDAYS": [],
    "GOVPAGES_EVENTS_EXTRA_WORKDAYS": [],
    # Citizen question submissions: at most COUNT per WINDOW seconds from one address.
    "GOVPAGES_EVENTS_QUESTION_RATE_LIMIT": (5, 3600),
    "GOVPAGES_EVENTS_QUESTION_MAX_LENGTH": 500,
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])


def time_zone():
    return ZoneInfo(get("GOVPAGES_EVENTS_TIME_ZONE"))


def configured_dates(name):
    return {datetime.date.fromisoformat(str(value)) for value in get(name)}
