import uuid

from . import conf


def new_ical_uid():
    """A globally unique, stable iCalendar UID: independent of the page's URL or title."""
    return f"{uuid.uuid4()}@{conf.get('GOVPAGES_EVENTS_ICAL_UID_DOMAIN')}"


def copied_ical_uid(uid, page_id):
    """The UID an occurrence copied onto page ``page_id`` gets in place of ``uid``: new, and
    the same for every occurrence of that page that had ``uid`` (a series and its moved
    instances stay one event in the copy)."""
    name = uuid.uuid5(uuid.NAMESPACE_URL, f"govpages-copy:{page_id}:{uid}")
    return f"{name}@{conf.get('GOVPAGES_EVENTS_ICAL_UID_DOMAIN')}"
