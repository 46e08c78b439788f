"""iCal export and import, checked against an independent expander (recurring-ical-events)."""

import datetime

import icalendar
import pytest
import recurring_ical_events
from django.core.management import CommandError, call_command

from govpages_events.ical import ICalImportError, import_calendar
from govpages_events.models import EventIndexPage, EventOccurrence, EventPage

from .conftest import TZ, local_dt, make_event, occurrence


@pytest.fixture
def recurring_events(index, event_type):
    weekly = make_event(
        index,
        "每周六政府开放日",
        [
            occurrence(
                local_dt(2026, 3, 7, 9, 30),
                local_dt(2026, 3, 7, 11, 0),
                rrule="FREQ=WEEKLY;BYDAY=SA;UNTIL=20260630",
                exdates="2026-04-04\n2026-05-02 09:30",
            )
        ],
        event_type=event_type,
    )
    all_day = make_event(
        index,
        "政务公开周",
        [
            occurrence(
                local_dt(2026, 5, 11),
                local_dt(2026, 5, 12),
                all_day=True,
                rrule="FREQ=MONTHLY;COUNT=6",
                exdates="2026-07-11",
            )
        ],
    )
    single = make_event(
        index,
        "新闻发布会",
        [occurrence(local_dt(2026, 5, 15, 14, 0), local_dt(2026, 5, 15, 16, 0))],
    )
    multi_day = make_event(
        index,
        "跨月展览",
        [occurrence(local_dt(2026, 4, 29), local_dt(2026, 5, 3), all_day=True)],
    )
    return [weekly, all_day, single, multi_day]


def export(client, page):
    response = client.get(page.url + "ical/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return response.content


def as_key(value):
    if isinstance(value, datetime.datetime):
        return ("dt", value.astimezone(datetime.UTC))
    return ("d", value)


def test_expansion_matches_recurring_ical_events(client, index, recurring_events):
    data = export(client, index)
    calendar = icalendar.Calendar.from_ical(data)
    window = (local_dt(2026, 1, 1), local_dt(2027, 1, 1))
    for page in recurring_events:
        ours = sorted(
            as_key(i.start.date() if i.all_day else i.start) for i in page.instances(*window)
        )
        theirs_events = [
            e
            for e in recurring_ical_events.of(calendar).between(*window)
            if str(e["SUMMARY"]) == page.title
        ]
        theirs = sorted(as_key(e.decoded("DTSTART")) for e in theirs_events)
        assert ours == theirs, page.title
        assert ours, page.title
    weekly = recurring_events[0]
    starts = [i.start for i in weekly.instances(*window)]
    assert local_dt(2026, 4, 4, 9, 30) not in starts  # date exception
    assert local_dt(2026, 5, 2, 9, 30) not in starts  # date-time exception
    assert local_dt(2026, 4, 11, 9, 30) in starts
    assert max(starts) == local_dt(2026, 6, 27, 9, 30)  # UNTIL is inclusive of its day
    monthly = [i.start.date() for i in recurring_events[1].instances(*window)]
    assert monthly == [datetime.date(2026, m, 11) for m in (5, 6, 8, 9, 10)]


def test_export_is_valid_rfc5545_with_stable_uids(client, index, recurring_events):
    data = export(client, index)
    text = data.decode()
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Asia/Shanghai"]
    events = calendar.walk("VEVENT")
    assert len(events) == 4
    for event in events:
        assert event["UID"] and "http" not in str(event["UID"]) and "/" not in str(event["UID"])
        assert event.decoded("DTSTAMP").tzinfo is not None
    assert "DTSTART;TZID=Asia/Shanghai:20260307T093000" in text
    assert "DTSTART;VALUE=DATE:20260429" in text
    assert "DTEND;VALUE=DATE:20260504" in text  # exclusive end of an inclusive 5/3
    assert "RRULE:FREQ=WEEKLY;UNTIL=20260630T155959Z;BYDAY=SA" in text
    assert "EXDATE;TZID=Asia/Shanghai:20260404T093000,20260502T093000" in text
    assert "EXDATE;VALUE=DATE:20260711" in text
    # The same UIDs on a second export, on the event's own feed, and after a new revision.
    page = recurring_events[2]
    uid = page.occurrences.get().uid
    assert uid in export(client, index).decode()
    assert uid in export(client, page).decode()
    page.title = "新闻发布会（更新）"
    page.save_revision().publish()
    assert EventPage.objects.get(pk=page.pk).occurrences.get().uid == uid


def test_copied_event_gets_a_new_uid(index, recurring_events):
    original = recurring_events[2]
    copy = original.copy(update_attrs={"slug": "copy", "title": "复制"})
    uid = copy.occurrences.get().uid
    assert uid != original.occurrences.get().uid
    # Publishing the copied revision keeps the copy's own UID.
    copy.latest_revision.publish()
    assert EventPage.objects.get(pk=copy.pk).occurrences.get().uid == uid


def test_copy_in_the_admin_gives_new_uids(client, index, recurring_events):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    client.force_login(get_user_model().objects.create_superuser("root", "r@x.cn", "x"))
    original = recurring_events[0]
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[original.pk]),
        {"new_title": "复制的开放日", "new_slug": "copied", "new_parent_page": index.pk},
    )
    assert response.status_code == 302
    copy = EventPage.objects.get(slug="copied")
    uid = copy.occurrences.get().uid
    assert uid != original.occurrences.get().uid
    copy.latest_revision.publish()
    assert EventPage.objects.get(pk=copy.pk).occurrences.get().uid == uid
    uids = [o.uid for o in EventOccurrence.objects.all()]
    assert len(uids) == len(set(uids))


def test_import_of_exported_file_reproduces_the_events(client, index, recurring_events):
    data = export(client, index)
    window = (local_dt(2026, 1, 1), local_dt(2027, 1, 1))

    def snapshot():
        return {
            o.uid: (o.page.title, o.start, o.end, o.all_day, o.rrule, o.instances(*window))
            for o in EventOccurrence.objects.select_related("page")
        }

    before = snapshot()
    EventPage.objects.all().delete()
    target = EventIndexPage(title="导入", slug="imported")
    index.get_parent().add_child(instance=target)

    created, skipped, notes = import_calendar(data, target)
    assert notes == []

    assert len(created) == 4 and skipped == []
    after = snapshot()
    assert after.keys() == before.keys()
    for uid, (*fields, instances) in after.items():
        assert fields == list(before[uid][:-1])
        assert [(i.start, i.end) for i in instances] == [(i.start, i.end) for i in before[uid][-1]]
    for page in EventPage.objects.all():
        assert not page.live and page.get_parent().pk == target.pk
        assert page.latest_revision is not None
    multi = EventPage.objects.get(title="跨月展览")
    assert multi.venues.count() == 0
    # Importing again changes nothing: de-duplicated by UID.
    created, skipped, notes = import_calendar(data, target)
    assert notes == []
    assert created == [] and len(skipped) == 4
    assert EventPage.objects.count() == 4


def test_import_command_by_path_and_id(tmp_path, index):
    ics = tmp_path / "govpages_events.ics"
    ics.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:abc-1@example.org\r\nDTSTAMP:20260101T000000Z\r\n"
        b"DTSTART:20260515T010000Z\r\nDTEND:20260515T090000Z\r\nSUMMARY:\xe6\x94\xbf\xe5\x8a\xa1"
        b"\xe5\x85\xac\xe5\xbc\x80\xe6\x97\xa5\r\nLOCATION:\xe5\xb8\x82\xe6\xb0\x91\xe4\xb8\xad"
        b"\xe5\xbf\x83\r\nDESCRIPTION:<script>alert(1)</script>\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:abc-2@example.org\r\nDTSTAMP:20260101T000000Z\r\n"
        b"DTSTART;VALUE=DATE:20260601\r\nSUMMARY:\xe5\xbc\x80\xe6\x94\xbe\xe6\x97\xa5\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    call_command(
        "govpages_import_ical", str(ics), "--index", "/events/", stdout=open("/dev/null", "w")
    )
    page = EventPage.objects.get(title="政务公开日")
    assert not page.live
    occ = page.occurrences.get()
    assert occ.uid == "abc-1@example.org"
    assert occ.start == local_dt(2026, 5, 15, 9, 0) and occ.end == local_dt(2026, 5, 15, 17, 0)
    assert page.venues.get().name == "市民中心"
    assert "<script>" not in page.announcement and "&lt;script&gt;" in page.announcement
    all_day = EventPage.objects.get(title="开放日").occurrences.get()
    assert all_day.all_day and all_day.start.astimezone(TZ).date() == datetime.date(2026, 6, 1)
    call_command(
        "govpages_import_ical", str(ics), "--index", str(index.pk), stdout=open("/dev/null", "w")
    )
    assert EventPage.objects.count() == 2


MALFORMED = {
    "not ical": b"this is not a calendar",
    "no events": b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
    "truncated": b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n",
    "no dtstart": b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:a\r\n"
    b"END:VEVENT\r\nEND:VCALENDAR\r\n",
    "bad rrule": b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:y\r\nSUMMARY:b\r\n"
    b"DTSTART:20260101T010000Z\r\nRRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    "end before start": b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:z\r\nSUMMARY:c\r\n"
    b"DTSTART:20260102T010000Z\r\nDTEND:20260101T010000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
}


@pytest.mark.parametrize("name", MALFORMED)
def test_malformed_ics_creates_nothing(tmp_path, index, name):
    good = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:good@x\r\nSUMMARY:ok\r\n"
        b"DTSTART:20260101T010000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    ics = tmp_path / "bad.ics"
    # A valid event first: the bad one after it must roll everything back.
    ics.write_bytes(MALFORMED[name] if name == "no events" else good + MALFORMED[name])
    pages_before = EventPage.objects.count()
    with pytest.raises(CommandError) as error:
        call_command("govpages_import_ical", str(ics), "--index", str(index.pk))
    message = str(error.value)
    assert "\n" not in message and message
    assert EventPage.objects.count() == pages_before
    assert not EventOccurrence.objects.exists()


def test_import_errors_are_one_line_and_name_the_problem(index):
    with pytest.raises(ICalImportError, match="DTSTART"):
        import_calendar(MALFORMED["no dtstart"], index)


def test_import_command_rejects_unknown_index_and_missing_file(tmp_path, index):
    with pytest.raises(CommandError, match="No event index"):
        call_command("govpages_import_ical", str(tmp_path / "x.ics"), "--index", "/nowhere/")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("govpages_import_ical", str(tmp_path / "x.ics"), "--index", str(index.pk))
