"""Moved and cancelled instances of a series (RECURRENCE-ID), as Google, Outlook and Apple
write them, imported and exported back (issue 17 item 3). recurring-ical-events, which no one
here wrote, says which instances each file means."""

import datetime

import icalendar
import pytest
import recurring_ical_events
from django.core.management import call_command

from govpages_events.ical import ICalImportError, calendar_for_events, import_calendar
from govpages_events.models import EventIndexPage, EventPage

from .conftest import TZ, local_dt

WINDOW = (local_dt(2026, 1, 1), local_dt(2027, 1, 1))
UID = "series-1@calendar.example.com"
STAMP = datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)


def vevent(summary="局长信箱接待日", **properties):
    event = icalendar.Event()
    event.add("uid", properties.pop("uid", UID))
    event.add("dtstamp", STAMP)
    if summary:
        event.add("summary", summary)
    for name, value in properties.items():
        event.add(name.replace("_", "-"), value)
    return event


def calendar(*events):
    cal = icalendar.Calendar()
    cal.add("prodid", "-//calendar.example.com//EN")
    cal.add("version", "2.0")
    for event in events:
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def weekly_series():
    return vevent(
        dtstart=local_dt(2026, 3, 7, 9, 30),
        dtend=local_dt(2026, 3, 7, 11, 0),
        rrule={"freq": "weekly", "count": 6},
    )


def moved_later_the_same_day():
    moved = vevent(
        recurrence_id=local_dt(2026, 3, 21, 9, 30),
        dtstart=local_dt(2026, 3, 21, 14, 0),
        dtend=local_dt(2026, 3, 21, 15, 30),
        sequence=1,
    )
    return calendar(weekly_series(), moved)


def moved_to_another_day_recurrence_id_in_utc():
    """Written before its series, with RECURRENCE-ID in UTC, as some programs do."""
    moved = vevent(
        recurrence_id=datetime.datetime(2026, 3, 14, 1, 30, tzinfo=datetime.UTC),
        dtstart=local_dt(2026, 3, 15, 10, 0),
        dtend=local_dt(2026, 3, 15, 12, 0),
    )
    return calendar(moved, weekly_series())


def all_day_series_one_day_moved():
    series = vevent(
        summary="政务公开日宣传周",
        dtstart=datetime.date(2026, 5, 11),
        dtend=datetime.date(2026, 5, 12),
        rrule={"freq": "daily", "count": 5},
    )
    moved = vevent(
        summary="政务公开日宣传周",
        recurrence_id=datetime.date(2026, 5, 13),
        dtstart=datetime.date(2026, 5, 16),
        dtend=datetime.date(2026, 5, 17),
    )
    return calendar(series, moved)


def one_instance_cancelled():
    cancelled = vevent(
        recurrence_id=local_dt(2026, 3, 28, 9, 30),
        dtstart=local_dt(2026, 3, 28, 9, 30),
        dtend=local_dt(2026, 3, 28, 11, 0),
        status="CANCELLED",
    )
    return calendar(weekly_series(), cancelled)


SHAPES = [
    moved_later_the_same_day,
    moved_to_another_day_recurrence_id_in_utc,
    all_day_series_one_day_moved,
    one_instance_cancelled,
]


def as_key(start, end):
    if isinstance(start, datetime.datetime):
        return (start.astimezone(datetime.UTC), end.astimezone(datetime.UTC))
    return (start, end)


def instances_in_file(data):
    """The instances a calendar program shows for the file: cancelled ones are not shown."""
    cal = icalendar.Calendar.from_ical(data)
    return sorted(
        as_key(event.decoded("dtstart"), event.decoded("dtend"))
        for event in recurring_ical_events.of(cal).between(*WINDOW)
        if str(event.get("status", "")).upper() != "CANCELLED"
    )


def instances_on_portal(page):
    return sorted(
        as_key(i.start.date(), i.end.date()) if i.all_day else as_key(i.start, i.end)
        for i in page.instances(*WINDOW)
    )


def import_and_publish(data, index):
    created, skipped, notes = import_calendar(data, index)
    assert skipped == [] and notes == []
    [page] = created
    page.latest_revision.publish()
    return EventPage.objects.get(pk=page.pk)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.__name__)
def test_overrides_round_trip(client, index, shape):
    data = shape()
    expected = instances_in_file(data)
    assert len(expected) in (4, 5, 6)

    page = import_and_publish(data, index)
    assert instances_on_portal(page) == expected
    assert {occurrence.uid for occurrence in page.occurrences.all()} == {UID}

    exported = client.get(page.url + "ical/").content
    assert instances_in_file(exported) == expected
    moved = [o for o in page.occurrences.all() if o.recurrence_id is not None]
    assert exported.count(b"RECURRENCE-ID") == len(moved)

    # And back again, into another index: the same instances from the exported file.
    page.delete()
    target = EventIndexPage(title="导入", slug="imported")
    index.get_parent().add_child(instance=target)
    assert instances_on_portal(import_and_publish(exported, target)) == expected


def test_moved_instance_is_shown_at_its_new_time(index):
    page = import_and_publish(moved_later_the_same_day(), index)
    starts = [instance.start for instance in page.instances(*WINDOW)]
    assert local_dt(2026, 3, 21, 14, 0) in starts
    assert local_dt(2026, 3, 21, 9, 30) not in starts
    series = page.occurrences.get(recurrence_id__isnull=True)
    assert series.rrule and "2026-03-21 09:30" in series.exdates
    # The series' exception date for the moved instance is not written back as an EXDATE: the
    # VEVENT with RECURRENCE-ID replaces that instance.
    exported = calendar_for_events([page])
    master = next(e for e in exported.walk("VEVENT") if "RECURRENCE-ID" not in e)
    assert "EXDATE" not in master


def test_override_with_its_own_title_is_kept_and_noted(index):
    series = weekly_series()
    renamed = vevent(
        summary="局长信箱接待日（改期）",
        recurrence_id=local_dt(2026, 3, 14, 9, 30),
        dtstart=local_dt(2026, 3, 16, 9, 30),
        dtend=local_dt(2026, 3, 16, 11, 0),
    )
    created, skipped, notes = import_calendar(calendar(series, renamed), index)
    [page] = created
    assert page.title == "局长信箱接待日"
    assert len(notes) == 1 and "局长信箱接待日（改期）" in notes[0] and "2026-03-14" in notes[0]
    assert local_dt(2026, 3, 16, 9, 30) in [i.start for i in page.instances(*WINDOW)]


def test_override_without_its_series_is_a_single_event_and_said_so(tmp_path, index, capsys):
    lone = vevent(
        recurrence_id=local_dt(2026, 3, 21, 9, 30),
        dtstart=local_dt(2026, 3, 21, 14, 0),
        dtend=local_dt(2026, 3, 21, 15, 30),
    )
    ics = tmp_path / "moved.ics"
    ics.write_bytes(calendar(lone))
    call_command("govpages_import_ical", str(ics), "--index", str(index.pk))
    output = capsys.readouterr().out
    assert "RECURRENCE-ID 2026-03-21" in output and "已作为单独的活动导入" in output
    assert "Imported 1 event(s)" in output
    page = EventPage.objects.child_of(index).get()
    occurrence = page.occurrences.get()
    assert (occurrence.start, occurrence.rrule, occurrence.recurrence_id) == (
        local_dt(2026, 3, 21, 14, 0),
        "",
        None,
    )


def test_override_without_a_title_or_series_is_refused(index):
    lone = vevent(
        summary="",
        recurrence_id=local_dt(2026, 3, 21, 9, 30),
        dtstart=local_dt(2026, 3, 21, 14, 0),
    )
    with pytest.raises(ICalImportError, match="第 1 个活动：缺少 SUMMARY"):
        import_calendar(calendar(lone), index)
    assert not EventPage.objects.exists()


def test_a_copy_keeps_the_series_and_its_moved_instance_together(index):
    page = import_and_publish(moved_later_the_same_day(), index)
    copy = page.copy(update_attrs={"slug": "copy", "title": "复制"})
    uids = {occurrence.uid for occurrence in copy.occurrences.all()}
    assert len(uids) == 1 and uids != {UID}
    assert copy.occurrences.filter(recurrence_id__isnull=False).count() == 1
    assert [i.start for i in copy.instances(*WINDOW)] == [i.start for i in page.instances(*WINDOW)]


def test_recurrence_id_times_are_local(index):
    page = import_and_publish(moved_to_another_day_recurrence_id_in_utc(), index)
    moved = page.occurrences.get(recurrence_id__isnull=False)
    assert moved.recurrence_id == datetime.datetime(2026, 3, 14, 9, 30, tzinfo=TZ)
