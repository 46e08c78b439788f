"""iCalendar (RFC 5545) export and import, built with the `icalendar` library.

Export: one VEVENT per occurrence, with its stable UID, DTSTAMP, DTSTART/DTEND in the events
time zone (with its VTIMEZONE) or as DATE values for all-day occurrences, RRULE and EXDATE.
Import: VEVENTs become draft EventPages under an index, skipping UIDs already known.
"""

import datetime

import icalendar
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import conf, recurrence

PRODID = "-//govpages//events//ZH"


class ICalImportError(ValueError):
    """A file that cannot be imported; the message is one line for the user."""


# --- export ----------------------------------------------------------------------------------


def calendar_for_events(pages, request=None, name=""):
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", conf.get("GOVPAGES_EVENTS_TIME_ZONE"))
    for page in pages:
        for occurrence in page.occurrences.all():
            cal.add_component(event_component(page, occurrence, request))
    cal.add_missing_timezones()
    return cal


def event_component(page, occurrence, request=None):
    event = icalendar.Event()
    event.add("uid", occurrence.uid)
    stamp = page.last_published_at or page.latest_revision_created_at or timezone.now()
    event.add("dtstamp", stamp.astimezone(datetime.UTC))
    event.add("summary", page.title)
    start, end = recurrence.occurrence_bounds(occurrence.start, occurrence.end, occurrence.all_day)
    if occurrence.all_day:
        event.add("dtstart", start.date())
        event.add("dtend", end.date())
    else:
        event.add("dtstart", start)
        event.add("dtend", end)
    if occurrence.rrule:
        event.add("rrule", icalendar.vRecur.from_ical(occurrence.rrule))
        exdates = exdate_values(occurrence, start)
        if exdates:
            event.add("exdate", exdates)
    description = page.plain_description()
    if description:
        event.add("description", description)
    venues = [str(venue) for venue in page.venues.all()]
    if venues:
        event.add("location", "；".join(venues))
    if page.event_type_id:
        event.add("categories", [page.event_type.name])
    url = page.get_full_url(request)
    if url:
        event.add("url", url)
    return event


def exdate_values(occurrence, first_start):
    """EXDATEs in the value type of DTSTART: a date exception on a timed rule excludes the
    instance that starts that day, at the rule's start time."""
    values = []
    for value in recurrence.parse_exdates(occurrence.exdates, occurrence.all_day):
        if occurrence.all_day:
            values.append(value)
        elif isinstance(value, datetime.datetime):
            values.append(value.replace(tzinfo=conf.time_zone()))
        else:
            values.append(datetime.datetime.combine(value, first_start.timetz()))
    return values


def ical_response(cal, filename):
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    safe_name = slugify(filename) or "events"
    response["Content-Disposition"] = f'attachment; filename="{safe_name}.ics"'
    return response


# --- import ----------------------------------------------------------------------------------


def parse_calendar(data):
    """The VEVENTs of an .ics file, as dicts ready to become events. Raises ICalImportError."""
    if isinstance(data, str):
        data = data.encode()
    check_structure(data)
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except (ValueError, IndexError, KeyError) as error:
        raise ICalImportError(
            _("Not a valid iCalendar file: %(error)s") % {"error": error}
        ) from error
    if not calendars or any(cal.name != "VCALENDAR" for cal in calendars):
        raise ICalImportError(_("Not a valid iCalendar file: no VCALENDAR found."))
    events = []
    for cal in calendars:
        for component in cal.walk("VEVENT"):
            events.append(_event_values(component, len(events) + 1))
    if not events:
        raise ICalImportError(_("The file contains no events (VEVENT)."))
    return events


def check_structure(data):
    """Every BEGIN has its END, in order: icalendar itself accepts truncated files."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ICalImportError(_("Not a valid iCalendar file: it is not UTF-8 text.")) from None
    stack = []
    for line in text.splitlines():
        name, _sep, value = line.partition(":")
        name = name.strip().upper()
        if name == "BEGIN":
            stack.append(value.strip().upper())
        elif name == "END":
            if not stack or stack.pop() != value.strip().upper():
                raise ICalImportError(
                    _("Not a valid iCalendar file: END:%(name)s does not match its BEGIN.")
                    % {"name": value.strip()}
                )
    if stack:
        raise ICalImportError(
            _("Not a valid iCalendar file: BEGIN:%(name)s is never closed (truncated file?).")
            % {"name": stack[-1]}
        )


def _event_values(component, number):
    def fail(reason):
        return ICalImportError(
            _("Event %(number)d: %(reason)s") % {"number": number, "reason": reason}
        )

    uid = str(component.get("uid", "")).strip()
    if not uid:
        raise fail(_("it has no UID."))
    if len(uid) > 255:
        raise fail(_("its UID is longer than 255 characters."))
    title = str(component.get("summary", "")).strip()
    if not title:
        raise fail(_("it has no SUMMARY (title)."))
    try:
        dtstart = component.decoded("dtstart")
    except (KeyError, ValueError, TypeError):
        raise fail(_("it has no valid DTSTART.")) from None
    all_day = not isinstance(dtstart, datetime.datetime)
    try:
        end = _event_end(component, dtstart, all_day)
    except (ValueError, TypeError):
        raise fail(_("its DTEND or DURATION is not valid.")) from None
    start = _as_local_datetime(dtstart)
    rrule = ""
    if component.get("rrule"):
        rrule_text = component.get("rrule").to_ical().decode()
        try:
            rrule = recurrence.normalize_rrule(rrule_text, start, all_day)
        except Exception as error:  # ValidationError carries a list of messages
            raise fail(" ".join(getattr(error, "messages", [str(error)]))) from None
    if end is not None and end < start:
        raise fail(_("it ends before it starts."))
    return {
        "uid": uid,
        "title": title[:255],
        "description": str(component.get("description", "")).strip(),
        "location": str(component.get("location", "")).strip(),
        "start": start,
        "end": end,
        "all_day": all_day,
        "rrule": rrule,
        "exdates": "\n".join(_exdate_lines(component, all_day)) if rrule else "",
    }


def _event_end(component, dtstart, all_day):
    if component.get("dtend") is not None:
        dtend = component.decoded("dtend")
    elif component.get("duration") is not None:
        dtend = dtstart + component.decoded("duration")
    else:
        return None
    if all_day:
        # DTEND of an all-day event is exclusive; occurrences store the last day.
        last_day = dtend if not isinstance(dtend, datetime.datetime) else dtend.date()
        return _as_local_datetime(max(last_day - datetime.timedelta(days=1), dtstart))
    return _as_local_datetime(dtend)


def _as_local_datetime(value):
    """Aware local datetime; DATE values become local midnight, floating times local time."""
    if not isinstance(value, datetime.datetime):
        return recurrence.midnight(value)
    if value.tzinfo is None:
        return value.replace(tzinfo=conf.time_zone())
    return recurrence.local(value)


def _exdate_lines(component, all_day):
    exdates = component.get("exdate")
    if exdates is None:
        return []
    if not isinstance(exdates, list):
        exdates = [exdates]
    lines = []
    for group in exdates:
        for item in group.dts:
            value = item.dt
            if all_day or not isinstance(value, datetime.datetime):
                day = value.date() if isinstance(value, datetime.datetime) else value
                lines.append(day.isoformat())
            else:
                lines.append(f"{_as_local_datetime(value):%Y-%m-%d %H:%M}")
    return lines


def import_calendar(data, index_page, user=None):
    """Create a draft EventPage under ``index_page`` for each new UID; returns (created, skipped).

    All or nothing: any invalid event aborts the import before anything is written.
    """
    from .models import EventOccurrence, EventPage, EventVenue

    events = parse_calendar(data)
    created, skipped = [], []
    with transaction.atomic():
        known = set(
            EventOccurrence.objects.filter(uid__in=[e["uid"] for e in events]).values_list(
                "uid", flat=True
            )
        )
        for values in events:
            if values["uid"] in known:
                skipped.append(values["uid"])
                continue
            known.add(values["uid"])
            page = EventPage(
                title=values["title"],
                slug=_unique_slug(index_page, values),
                live=False,
                owner=user,
                announcement=_paragraphs(values["description"]),
            )
            page.occurrences = [
                EventOccurrence(
                    uid=values["uid"],
                    start=values["start"],
                    end=values["end"],
                    all_day=values["all_day"],
                    rrule=values["rrule"],
                    exdates=values["exdates"],
                )
            ]
            if values["location"]:
                page.venues = [EventVenue(name=values["location"][:200])]
            index_page.add_child(instance=page)
            page.save_revision(user=user, log_action=True)
            created.append(page)
    return created, skipped


def _paragraphs(text):
    from django.utils.html import escape

    return "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())


def _unique_slug(parent, values):
    base = slugify(values["title"], allow_unicode=True)[:60] or "event"
    base = f"{base}-{values['start']:%Y%m%d}"
    slug, counter = base, 2
    existing = set(parent.get_children().values_list("slug", flat=True))
    while slug in existing:
        slug = f"{base}-{counter}"
        counter += 1
    return slug
