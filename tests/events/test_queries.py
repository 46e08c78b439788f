"""The event index does a bounded number of queries however many events it shows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from govpages_events.models import EventType

from .conftest import local_dt, make_event, occurrence


def count_queries(client, url):
    client.get(url)  # warm Wagtail's per-site caches, which page saves invalidate
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def add_events(index, home, first, count):
    event_type = EventType.objects.get(name="政府开放日")
    for number in range(first, first + count):
        make_event(
            index,
            f"开放日{number}",
            [occurrence(local_dt(2026, 5, 1 + number % 28, 9))],
            event_type=event_type,
            organiser=home,
            slug=f"open-{number}",
            materials=[("折页", 10)],
        )


def test_index_queries_do_not_grow_with_events(client, index, home):
    add_events(index, home, 0, 3)
    url = index.url + "?month=2026-05"
    few = count_queries(client, url)
    add_events(index, home, 3, 12)
    many = count_queries(client, url)
    assert many == few, (few, many)
    assert count_queries(client, index.url + "ical/") <= few
    assert count_queries(client, index.url + "feed/") <= few
