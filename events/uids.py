import uuid

from . import conf


def new_ical_uid():
    """A globally unique, stable iCalendar UID: independent of the page's URL or title."""
    return f"{uuid.uuid4()}@{conf.get('GOVPAGES_EVENTS_ICAL_UID_DOMAIN')}"
