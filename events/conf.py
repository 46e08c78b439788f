"""Settings of the events app, each with a default so the app runs without configuration."""

from zoneinfo import ZoneInfo

from django.conf import settings

DEFAULTS = {
    # Times are entered, shown and exported in this zone.
    "GOVPAGES_EVENTS_TIME_ZONE": "Asia/Shanghai",
    # Right-hand side of generated iCalendar UIDs ("<uuid>@<domain>").
    "GOVPAGES_EVENTS_ICAL_UID_DOMAIN": "govpages.events",
    # Questions not answered live are answered online within this many working days.
    "GOVPAGES_EVENTS_ANSWER_WORKING_DAYS": 5,
    # (Holidays and 调休: the working-day calendar, govpages_workdays.)
    # Citizen question submissions: at most COUNT per WINDOW seconds from one address.
    "GOVPAGES_EVENTS_QUESTION_RATE_LIMIT": (5, 3600),
    "GOVPAGES_EVENTS_QUESTION_MAX_LENGTH": 500,
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])


def time_zone():
    return ZoneInfo(get("GOVPAGES_EVENTS_TIME_ZONE"))
