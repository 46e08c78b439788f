"""No recurrence rule can make a page expand without bound (issue 17 item 0).

Sub-daily rules, huge COUNTs, series longer than five years and rules that never match are refused
in the editor and in the importer; what still validates is expanded lazily, so every events view
costs a bounded number of dateutil steps.
"""

import datetime

import pytest
from dateutil import rrule as dateutil_rrule
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation
from wagtail import hooks

from govpages_events import recurrence
from govpages_events.models import EventPage

from .conftest import make_event, occurrence

REFUSED_RULES = [
    ("FREQ=SECONDLY", "at most daily"),
    ("FREQ=MINUTELY;COUNT=10", "at most daily"),
    ("FREQ=HOURLY;UNTIL=20270101T000000Z", "at most daily"),
    ("FREQ=DAILY;BYHOUR=9,10,11", "one value only"),
    ("FREQ=DAILY;BYMINUTE=0,30", "one value only"),
    ("FREQ=DAILY;COUNT=1000000", "COUNT must be"),
    ("FREQ=DAILY;COUNT=0", "COUNT must be"),
    ("FREQ=WEEKLY;UNTIL=20400101", "five years"),
    ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "no date within five years"),
]


def started_today():
    return timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)


@pytest.mark.parametrize(("rule", "message"), REFUSED_RULES)
def test_unbounded_rules_are_refused_with_a_message(rule, message):
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        recurrence.normalize_rrule(rule, started_today(), all_day=False)
    assert message in " ".join(raised.value.messages)


def test_refusals_are_in_chinese():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as raised:
        recurrence.normalize_rrule("FREQ=SECONDLY", started_today(), all_day=False)
    assert "每天" in raised.value.messages[0]


def test_the_largest_rules_that_still_validate():
    start = started_today()
    assert recurrence.normalize_rrule(f"FREQ=DAILY;COUNT={recurrence.MAX_COUNT}", start, False)
    assert recurrence.normalize_rrule("FREQ=DAILY;BYHOUR=9;BYMINUTE=0", start, False)
    four_years = (start + datetime.timedelta(days=366 * 4)).strftime("%Y%m%d")
    assert recurrence.normalize_rrule(f"FREQ=DAILY;UNTIL={four_years}", start, False)


def test_the_importer_refuses_a_secondly_rule(tmp_path, index):
    ics = tmp_path / "flood.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        "UID:flood@example.org\r\nSUMMARY:Flood\r\nDTSTART:20260601T090000Z\r\n"
        "RRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(CommandError, match="最多每天重复一次"):
        call_command("govpages_import_ical", str(ics), "--index", str(index.pk))
    assert not EventPage.objects.exists()


@pytest.fixture
def dateutil_steps(monkeypatch):
    """Counts every value dateutil produces, whoever asks for it (between, xafter, iteration)."""
    produced = {"values": 0}
    original = dateutil_rrule.rrule._iter

    def counting_iter(self):
        for value in original(self):
            produced["values"] += 1
            yield value

    monkeypatch.setattr(dateutil_rrule.rrule, "_iter", counting_iter)
    return produced


def test_worst_valid_rules_render_every_view_within_a_bounded_expansion(
    client, index, dateutil_steps
):
    """Five events with the heaviest rules that validate: an open daily series begun almost five
    years ago, and daily series of MAX_COUNT instances. Every view stays within a fixed budget of
    dateutil steps (before the fix, one 5-year window of a SECONDLY rule was 158 million)."""
    now = started_today()
    worst = [
        occurrence(now - datetime.timedelta(days=366 * 5 - 10), rrule="FREQ=DAILY"),
        occurrence(now, rrule=f"FREQ=DAILY;COUNT={recurrence.MAX_COUNT}"),
        occurrence(
            now - datetime.timedelta(days=500), rrule=f"FREQ=DAILY;COUNT={recurrence.MAX_COUNT}"
        ),
        occurrence(now, all_day=True, rrule="FREQ=DAILY"),
        occurrence(now, rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU"),
    ]
    pages = [make_event(index, f"活动{n}", [o]) for n, o in enumerate(worst)]
    for page in pages:
        page.full_clean()
        for occ in page.occurrences.all():
            occ.full_clean()
    month = f"{now:%Y-%m}"
    views = [
        index.url,
        f"{index.url}?month={month}",
        f"{index.url}?year={now.year}",
        f"{index.url}feed/",
        f"{index.url}ical/",
        *[page.url for page in pages],
        *[f"{page.url}ical/" for page in pages],
    ]
    # One expansion reads at most one span of daily values; allow a few expansions per event.
    budget_per_view = len(pages) * 2 * recurrence.MAX_INSTANCES
    for url in views:
        dateutil_steps["values"] = 0
        response = client.get(url)
        assert response.status_code == 200, url
        assert dateutil_steps["values"] <= budget_per_view, (url, dateutil_steps["values"])
    dateutil_steps["values"] = 0
    for upcoming_events in hooks.get_hooks("govpages_home_upcoming_events"):
        assert len(upcoming_events(None, 5)) == 5
    assert dateutil_steps["values"] <= budget_per_view


def test_next_instance_does_not_expand_the_whole_window(index, dateutil_steps):
    page = make_event(index, "每日", [occurrence(started_today(), rrule="FREQ=DAILY")])
    dateutil_steps["values"] = 0
    assert page.next_instance() is not None
    assert dateutil_steps["values"] <= 3


def test_expansion_stops_at_the_span_even_without_an_end():
    start = started_today() - datetime.timedelta(days=366 * 6)
    instances = recurrence.expand(start, None, False, "FREQ=WEEKLY")
    assert instances and instances[-1].start <= start + recurrence.MAX_SPAN
    assert recurrence.expand(start, None, False, "FREQ=WEEKLY", window_start=timezone.now()) == []
