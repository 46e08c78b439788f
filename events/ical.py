"""iCalendar (RFC 5545) export and import, built with the `icalendar` library.

Export: one VEVENT per occurrence, with its stable UID, DTSTAMP, DTSTART/DTEND in the events
time zone (with its VTIMEZONE) or as DATE values for all-day occurrences, RRULE and EXDATE.
Import: VEVENTs become draft EventPages under an index, skipping UIDs already known.
"""

import datetime
import logging
from typing import NamedTuple

import icalendar
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import get_all_child_relations
from treebeard.exceptions import PathOverflow
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.search.backends import get_search_backends_with_name
from wagtail.search.index import class_is_indexed

from . import conf, recurrence

logger = logging.getLogger(__name__)

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
        occurrences = list(page.occurrences.all())
        moved = _moved_instances(occurrences)
        for occurrence in occurrences:
            cal.add_component(
                event_component(page, occurrence, request, moved.get(occurrence.uid, ()))
            )
    cal.add_missing_timezones()
    return cal


def _moved_instances(occurrences):
    """{uid: the series' instance starts that a moved instance (RECURRENCE-ID) replaces}."""
    moved = {}
    for occurrence in occurrences:
        if occurrence.recurrence_id is not None:
            moved.setdefault(occurrence.uid, set()).add(recurrence.local(occurrence.recurrence_id))
    return moved


def event_component(page, occurrence, request=None, moved=()):
    """The VEVENT of one occurrence; ``moved`` are the instance starts of its series that
    VEVENTs of their own replace (they are then no exception dates of the series)."""
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
    if occurrence.recurrence_id is not None:
        replaced = recurrence.local(occurrence.recurrence_id)
        event.add("recurrence-id", replaced.date() if occurrence.all_day else replaced)
    elif occurrence.rrule:
        event.add("rrule", icalendar.vRecur.from_ical(occurrence.rrule))
        exdates = [
            value
            for value in exdate_values(occurrence, start)
            if _instance_start(value) not in moved
        ]
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


def _instance_start(value):
    """An exception date as the local start of the instance it excludes."""
    if isinstance(value, datetime.datetime):
        return recurrence.local(value)
    return recurrence.midnight(value)


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
    return _join_moved_instances(events)


def _join_moved_instances(events):
    """Fold each moved instance (a VEVENT with RECURRENCE-ID) into its series, the VEVENT of
    the same UID without one, wherever it is in the file; one whose series is not in the file
    becomes an event of its own, with a note saying so."""
    series = {}
    for values in events:
        if values["recurrence_id"] is None:
            series.setdefault(values["uid"], values)
    joined = []
    for values in events:
        if values["recurrence_id"] is None:
            joined.append(values)
        elif values["uid"] in series:
            _join(series[values["uid"]], values)
        else:
            joined.append(_lone_instance(values))
    return joined


def _join(master, instance):
    replaced = instance["recurrence_id"]
    if not master["rrule"]:
        # A one-off event rescheduled the way calendar programs write it.
        if not instance["cancelled"]:
            master.update(start=instance["start"], end=instance["end"], all_day=instance["all_day"])
        return
    line = f"{replaced.date():%Y-%m-%d}" if master["all_day"] else f"{replaced:%Y-%m-%d %H:%M}"
    if line not in master["exdates"].splitlines():
        master["exdates"] = "\n".join(filter(None, [master["exdates"], line]))
    if instance["cancelled"]:
        return
    master["moved"].append(instance)
    if instance["title"] and instance["title"] != master["title"]:
        master["notes"].append(
            _(
                "Event %(number)d: the instance of %(date)s has a title of its own "
                "(%(title)s); it is kept as an instance of '%(series)s'."
            )
            % {
                "number": instance["number"],
                "date": f"{replaced:%Y-%m-%d}",
                "title": instance["title"],
                "series": master["title"],
            }
        )


def _lone_instance(values):
    if not values["title"]:
        raise ICalImportError(
            _("Event %(number)d: %(reason)s")
            % {"number": values["number"], "reason": _("it has no SUMMARY (title).")}
        )
    values["notes"].append(
        _(
            "Event %(number)d (%(title)s) is a moved instance (RECURRENCE-ID %(date)s) of a "
            "series that is not in the file: imported as an event of its own."
        )
        % {
            "number": values["number"],
            "title": values["title"],
            "date": f"{values['recurrence_id']:%Y-%m-%d}",
        }
    )
    values["recurrence_id"] = None
    return values


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
    try:
        recurrence_id = _recurrence_id(component)
    except (ValueError, TypeError):
        raise fail(_("its RECURRENCE-ID is not a valid date.")) from None
    title = str(component.get("summary", "")).strip()
    if not title and recurrence_id is None:  # a moved instance may take its series' title
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
        "number": number,
        "uid": uid,
        "title": title[:255],
        "description": str(component.get("description", "")).strip(),
        "location": str(component.get("location", "")).strip(),
        "start": start,
        "end": end,
        "all_day": all_day,
        "rrule": rrule if recurrence_id is None else "",
        "exdates": "\n".join(_exdate_lines(component, all_day)) if rrule else "",
        "recurrence_id": recurrence_id,
        "cancelled": str(component.get("status", "")).upper() == "CANCELLED",
        "moved": [],
        "notes": [],
    }


def _recurrence_id(component):
    """The local start of the series instance that this VEVENT replaces, or None.

    RANGE=THISANDFUTURE (this and later instances) is taken for this one instance: the
    common calendar programs split the series in two instead of writing it.
    """
    if component.get("recurrence-id") is None:
        return None
    return _as_local_datetime(component.decoded("recurrence-id"))


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


# Events written per batch (fewer where SQLite allows fewer parameters in one statement), and
# UIDs looked up per query.
BATCH_SIZE = 500
UID_CHUNK = 2000


class ImportResult(NamedTuple):
    created: list  # the new draft EventPages
    skipped: list  # UIDs already on the portal
    notes: list  # what the user should know about how an event was read (one line each)


def import_calendar(data, index_page, user=None):
    """Create a draft EventPage under ``index_page`` for each new UID; returns an ImportResult.

    All or nothing: any invalid event aborts the import before anything is written. The pages
    are written in batches (see DraftWriter), not with one ``add_child`` and one
    ``save_revision`` each, which made 10,000 events take a quarter of an hour.
    """
    events = parse_calendar(data)
    with transaction.atomic():
        return DraftWriter(index_page, user).write(events)


class DraftWriter:
    """Writes new events as draft EventPages at the end of an index page's children.

    What it writes is what ``index_page.add_child(instance=page)`` followed by
    ``page.save_revision(user=user, log_action=True)`` writes for each event: the page and event
    rows at the next tree paths, the occurrence and the venue, one revision whose content holds
    them, the 'wagtail.create' and 'wagtail.edit' log entries, the parent's child count and the
    page's search index entry. It does so in a fixed number of statements per batch of
    BATCH_SIZE events (the other way took some 85 per event), reading the parent, its
    children's slugs and paths and the known UIDs once.

    Model ``save()`` methods and ``post_save`` receivers do not run. What they do for a new
    draft is done here (the search index) or is nothing: occurrences come with UIDs no other
    page has (known ones are skipped) and rules already normalised; the reference index
    records nothing for these pages (links could only be in the announcement, which is escaped
    plain text); the search app's facet table has no row for a draft.
    tests/events/test_ical_bulk.py compares every row with what the one-by-one way writes.
    """

    def __init__(self, index_page, user=None):
        from .models import EventPage

        self.index_page = index_page
        self.user = user
        self.page_type = ContentType.objects.get_for_model(EventPage)
        self.base_type = ContentType.objects.get_for_model(Page)
        self.log_context = get_active_log_context()
        self.batch_size = _batch_size()
        # Every child relation and parental many-to-many field, to set to [] on new pages.
        self.empty_relations = [r.get_accessor_name() for r in get_all_child_relations(EventPage)]
        self.empty_relations += [
            field.name
            for field in EventPage._meta.get_fields()
            if isinstance(field, ParentalManyToManyField)
        ]

    def write(self, events):
        from .models import EventOccurrence

        # Lock the parent as add_child does: a concurrent import waits here, then sees our UIDs.
        parent = Page.objects.select_for_update().get(pk=self.index_page.pk)
        known = set()
        uids = list(dict.fromkeys(values["uid"] for values in events))
        for start in range(0, len(uids), UID_CHUNK):
            chunk = uids[start : start + UID_CHUNK]
            known.update(
                EventOccurrence.objects.filter(uid__in=chunk).values_list("uid", flat=True)
            )
        new, skipped = [], []
        for values in events:
            if values["uid"] in known:
                skipped.append(values["uid"])
            else:
                known.add(values["uid"])
                new.append(values)
        notes = [note for values in new for note in values["notes"]]
        if not new:
            return ImportResult([], skipped, notes)
        self.parent = parent
        children = Page.objects.child_of(parent).values_list("slug", "path")
        self.taken_slugs, paths = set(), []
        for slug, path in children:
            self.taken_slugs.add(slug)
            paths.append(path)
        self.step = Page._str2int(max(paths)[-Page.steplen :]) if paths else 0
        self.slug_counters = {}
        created = []
        for start in range(0, len(new), self.batch_size):
            created.extend(self._write_batch(new[start : start + self.batch_size]))
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(created))
        self.index_page.numchild = parent.numchild + len(created)
        # In the transaction, as the one-by-one way did: a database backend's entries go with it.
        for start in range(0, len(created), self.batch_size):
            _index_pages(created[start : start + self.batch_size])
        return ImportResult(created, skipped, notes)

    def _write_batch(self, batch):
        pages = [self._new_page(values) for values in batch]
        self._insert_pages(pages)
        for page in pages:
            for child in page.occurrences.all():
                child.page_id = page.pk
            for child in page.venues.all():
                child.page_id = page.pk
        _insert_rows([child for page in pages for child in page.occurrences.all()])
        _insert_rows([child for page in pages for child in page.venues.all()])
        revisions = [self._revision(page) for page in pages]
        _insert_rows(revisions)
        for page, revision in zip(pages, revisions, strict=True):
            page.latest_revision = revision
            page.latest_revision_created_at = revision.created_at
            page.has_unpublished_changes = True
        _set_revision_pointers(pages)
        _insert_rows([entry for page in pages for entry in self._log_entries(page)])
        return pages

    def _new_page(self, values):
        from .models import EventPage

        parent = self.parent
        slug = self._free_slug(values)
        self.step += 1
        page = EventPage(
            title=values["title"],
            draft_title=values["title"],
            slug=slug,
            live=False,
            owner=self.user,
            announcement=_paragraphs(values["description"]),
            path=_child_path(parent, self.step),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{slug}/",
            locale_id=parent.locale_id,
        )
        # Related objects are held in memory (modelcluster): the revision content and the search
        # index are built from them without a query.
        for name in self.empty_relations:
            setattr(page, name, [])
        page.occurrences, page.venues = new_relations(values)
        page._cached_parent_obj = self.index_page
        return page

    def _free_slug(self, values):
        """The slug the event had with one add_child each: the first of base, base-2, base-3 ...
        that no other child of the index page has (Wagtail's rule: unique among siblings)."""
        base = slugify(values["title"], allow_unicode=True)[:60] or "event"
        base = f"{base}-{values['start']:%Y%m%d}"
        counter = self.slug_counters.get(base, 1)
        slug = base if counter == 1 else f"{base}-{counter}"
        while slug in self.taken_slugs:
            counter += 1
            slug = f"{base}-{counter}"
        self.slug_counters[base] = counter
        self.taken_slugs.add(slug)
        return slug

    def _insert_pages(self, pages):
        from .models import EventPage

        page_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
        ids = _insert(Page, pages, page_fields)
        for page, pk in zip(pages, ids, strict=True):
            page.id = page.page_ptr_id = pk
            page._state.adding = False
            page._state.db = connection.alias
        _insert(EventPage, pages, EventPage._meta.local_concrete_fields, returning=False)

    def _revision(self, page):
        """The revision save_revision() makes: its content is the page as it is just before."""
        created_at = timezone.now()
        return Revision(
            content_type=self.page_type,
            base_content_type=self.base_type,
            object_id=str(page.pk),
            user=self.user,
            approved_go_live_at=None,
            content=page.serializable_data(),
            object_str=str(page),
            created_at=created_at,
        )

    def _log_entries(self, page):
        """The entries add_child ('wagtail.create') and save_revision ('wagtail.edit') log."""
        context = self.log_context
        common = {
            "content_type": self.page_type,
            "label": page.get_admin_display_title(),
            "timestamp": page.latest_revision_created_at,
            "data": {},
            "uuid": context.uuid,
            "content_changed": True,
            "page_id": page.pk,
        }
        return [
            PageLogEntry(action="wagtail.create", user=self.user or context.user, **common),
            PageLogEntry(
                action="wagtail.edit",
                user=self.user or context.user,
                revision=page.latest_revision,
                **common,
            ),
        ]


def new_relations(values):
    """The (unsaved) occurrences and venues of an event read from a file."""
    from .models import EventOccurrence, EventVenue

    occurrences = [
        EventOccurrence(
            uid=values["uid"],
            start=values["start"],
            end=values["end"],
            all_day=values["all_day"],
            rrule=values["rrule"],
            exdates=values["exdates"],
        )
    ]
    occurrences += [
        EventOccurrence(
            uid=values["uid"],
            start=moved["start"],
            end=moved["end"],
            all_day=moved["all_day"],
            recurrence_id=moved["recurrence_id"],
        )
        for moved in values["moved"]
    ]
    venues = [EventVenue(name=values["location"][:200])] if values["location"] else []
    return occurrences, venues


def _batch_size():
    """BATCH_SIZE, or as many events as the widest insert of a batch can take on SQLite."""
    if connection.vendor != "sqlite":
        return BATCH_SIZE
    import sqlite3

    from .models import EventOccurrence, EventPage, EventVenue

    def width(model, per_event=1):
        return per_event * len(model._meta.local_concrete_fields)

    widest = max(
        width(Page),
        width(EventPage),
        width(EventOccurrence),
        width(EventVenue),
        width(Revision),
        width(PageLogEntry, per_event=2),
    )
    connection.ensure_connection()
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return max(1, min(BATCH_SIZE, limit // widest))


def _child_path(parent, step):
    """Tree path of the parent's child number ``step``, as treebeard's add_child computes it."""
    key = Page._int2str(step)
    if len(key) > Page.steplen:
        raise PathOverflow(f"Path Overflow from: '{parent.path}'")
    path = Page._get_path(parent.path, parent.depth + 1, step)
    if len(path) > Page._meta.get_field("path").max_length:
        raise PathOverflow("The new node is too deep in the tree")
    return path


def _insert(model, objs, fields, returning=True):
    """One INSERT of ``objs`` into ``model``'s table; their new primary keys if ``returning``.

    Not bulk_create(), which cuts inserts into statements of 999 parameters on SQLite whatever
    the library allows (_batch_size() keeps within what it allows). On SQLite, Django's compiler
    takes a third of the import's time, so the statement is written here, with the values the
    compiler would pass; so it is on PostgreSQL for JSON columns (the revisions' content),
    which psycopg escapes slowly in the arrays of the compiler's UNNEST insert.
    """
    manager, vendor = model._base_manager, connection.vendor
    returning_fields = model._meta.db_returning_fields if returning else None
    if returning and not connection.features.can_return_rows_from_bulk_insert:
        # A backend that gives back the id of a one-row insert only (SQLite before 3.35).
        return [
            manager._insert([obj], fields=fields, returning_fields=returning_fields)[0][0]
            for obj in objs
        ]
    if vendor == "sqlite" or (
        vendor == "postgresql" and any(isinstance(f, models.JSONField) for f in fields)
    ):
        return _insert_values(model, objs, fields, returning)
    rows = manager._insert(objs, fields=fields, returning_fields=returning_fields)
    return [row[0] for row in rows] if returning else None


def _insert_values(model, objs, fields, returning):
    """INSERT ... VALUES (...), (...) [RETURNING pk], as Django's compiler writes it."""
    ops = connection.ops
    columns = ", ".join(ops.quote_name(field.column) for field in fields)
    sql = f"INSERT INTO {ops.quote_name(model._meta.db_table)} ({columns}) "
    sql += ops.bulk_insert_sql(fields, [["%s"] * len(fields)] * len(objs))
    params = [
        field.get_db_prep_save(field.pre_save(obj, True), connection)
        for obj in objs
        for field in fields
    ]
    if returning:
        # Plain SQL that SQLite (3.35+) and PostgreSQL share, not Django's private helpers for
        # it, which were renamed in Django 6.0.
        sql += f" RETURNING {ops.quote_name(model._meta.pk.column)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if returning:
            return [row[0] for row in cursor.fetchall()]
    return None


def _insert_rows(objs):
    """Insert new objects of one model (not a page type) in one statement and set their keys."""
    if not objs:
        return
    model = type(objs[0])
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for obj, pk in zip(objs, _insert(model, objs, fields), strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias


def _set_revision_pointers(pages):
    """What save_revision() saves on the page row, in one executemany."""
    meta, quote = Page._meta, connection.ops.quote_name
    columns = ["latest_revision", "latest_revision_created_at", "has_unpublished_changes"]
    assignments = ", ".join(f"{quote(meta.get_field(name).column)} = %s" for name in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    created_field = meta.get_field("latest_revision_created_at")
    flag_field = meta.get_field("has_unpublished_changes")
    rows = [
        (
            page.latest_revision_id,
            created_field.get_db_prep_value(page.latest_revision_created_at, connection),
            flag_field.get_db_prep_value(page.has_unpublished_changes, connection),
            page.pk,
        )
        for page in pages
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _index_pages(pages):
    """Add new pages to every auto-updating search backend, as Wagtail's post_save receiver
    does for each page, logging (not raising) the errors of backends that catch them."""
    if not pages:
        return
    model = type(pages[0])
    if not (class_is_indexed(model) and getattr(model, "search_auto_update", True)):
        return
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            backend.add_bulk(model, pages)
        except Exception:
            logger.exception("Cannot add %d imported events to search backend %r", len(pages), name)
            if not backend.catch_indexing_errors:
                raise


def _paragraphs(text):
    from django.utils.html import escape

    return "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
