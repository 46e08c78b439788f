"""Settings of the working-day calendar, each with a default so it runs without configuration.

The GOVPAGES_EVENTS_HOLIDAYS / _EXTRA_WORKDAYS / _CHINESE_CALENDAR names of the events app, where
the calendar used to live, are still read when the new name is not set (deprecated; a system
check warns).
"""

import datetime

from django.conf import settings

DEFAULTS = {
    # Take holidays and 调休 from the chinese-calendar package (the State Council's schedule).
    "GOVPAGES_WORKDAYS_CHINESE_CALENDAR": True,
    # Public holidays ("YYYY-MM-DD") and adjusted working days (调休, weekend days worked),
    # on top of chinese-calendar; the DayAdjustment snippet goes on top of both.
    "GOVPAGES_WORKDAYS_HOLIDAYS": [],
    "GOVPAGES_WORKDAYS_EXTRA_WORKDAYS": [],
}

DEPRECATED_NAMES = {
    "GOVPAGES_WORKDAYS_CHINESE_CALENDAR": "GOVPAGES_EVENTS_CHINESE_CALENDAR",
    "GOVPAGES_WORKDAYS_HOLIDAYS": "GOVPAGES_EVENTS_HOLIDAYS",
    "GOVPAGES_WORKDAYS_EXTRA_WORKDAYS": "GOVPAGES_EVENTS_EXTRA_WORKDAYS",
}


def get(name):
    if hasattr(settings, name):
        return getattr(settings, name)
    return getattr(settings, DEPRECATED_NAMES[name], DEFAULTS[name])


def configured_dates(name):
    return {datetime.date.fromisoformat(str(value)) for value in get(name)}


def deprecated_names_in_use():
    return [old for old in DEPRECATED_NAMES.values() if hasattr(settings, old)]
