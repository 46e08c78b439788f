"""Benchmark of the iCal import (``govpages_import_ical``): batched against one by one.

    PYTHONPATH=site .venv/bin/python bench/ical_import.py [--sizes 500,2000,10000]
        [--baseline-max 2000] [--postgres postgres://postgres@127.0.0.1:5432/gp_ical]
        [--data ../shared/data/govdocs.jsonl.gz]

The events are made up from the shared corpus: titles of real documents (《…》宣传活动), their
issuer as the location and their first article as the description, one day of 2026 each,
every fifth all-day, every fifth repeating weekly with an exception date. Each database runs in
a fresh child process against a fresh database (a temporary SQLite file; with --postgres, a
scratch database ``<name>_bench`` created and dropped on that server), with the settings of
DJANGO_SETTINGS_MODULE (portal.settings.test unless set). Rows, for each number of events N,
each into a new event index page:

- one by one: the import as it was, ``add_child`` + ``save_revision`` per event (search
  signals on), only for N up to --baseline-max: it re-reads the index's slugs for every event,
  so it slows down as the index fills (10,000 took 893 s in issue 17 item 11);
- batched: ``import_calendar`` as it is now.

Times include parsing the file (the "parse" column is that part alone). "vs one by one" is the
speed-up over the one-by-one row of the same N; for an N without one, it is against the events
per second of the largest one-by-one run (marked *), which flatters the old way.
"""

import argparse
import datetime
import gzip
import importlib.util
import json
import sys
import time
from pathlib import Path

from _databases import run_on_each_database, setup_django

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "govdocs.jsonl.gz"


def read_docs(path):
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def first_article(body):
    for paragraph in body.split("\n\n"):
        if paragraph.startswith("第一条"):
            return paragraph[:300]
    return ""


def calendar_file(docs, count, prefix):
    """An .ics file of ``count`` events (bytes)."""
    import icalendar

    from govpages_events.conf import time_zone

    zone = time_zone()
    cal = icalendar.Calendar()
    cal.add("prodid", "-//govpages bench//ZH")
    cal.add("version", "2.0")
    for number in range(count):
        doc = docs[number % len(docs)]
        day = datetime.date(2026, 1, 1) + datetime.timedelta(days=number % 365)
        event = icalendar.Event()
        event.add("uid", f"{prefix}-{number}@bench.govpages")
        event.add("dtstamp", datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
        event.add("summary", f"《{doc['title']}》宣传活动")
        if number % 5 == 0:
            event.add("dtstart", day)
        else:
            start = datetime.datetime.combine(day, datetime.time(9 + number % 8, 30), tzinfo=zone)
            event.add("dtstart", start)
            event.add("dtend", start + datetime.timedelta(hours=2))
            if number % 5 == 1:
                event.add("rrule", {"freq": "weekly", "count": 6})
                event.add("exdate", [start + datetime.timedelta(days=14)])
        if doc.get("issuer"):
            event.add("location", doc["issuer"])
        description = first_article(doc.get("body", ""))
        if description:
            event.add("description", description)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def import_one_by_one(data, index_page, user=None):
    """The import before issue 17 item 11, as tests/events/ical_one_by_one.py keeps it."""
    path = REPO / "tests" / "events" / "ical_one_by_one.py"
    spec = importlib.util.spec_from_file_location("ical_one_by_one", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.import_one_by_one(data, index_page, user)


def batched(data, index_page, user=None):
    from govpages_events.ical import import_calendar

    return import_calendar(data, index_page, user)


def new_index(slug):
    from wagtail.models import Page

    from govpages_events.models import EventIndexPage

    home = Page.objects.get(depth=2)
    index = EventIndexPage(title=f"导入 {slug}", slug=slug)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed_import(function, data, index, count):
    from django.db import connection

    from govpages_events.models import EventPage

    counter = QueryCounter()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        created, skipped = function(data, index)[:2]
    seconds = time.perf_counter() - started
    assert len(created) == count and not skipped, (len(created), len(skipped))
    assert EventPage.objects.child_of(index).count() == count
    return seconds, counter.count


def run_one(database_url, data_path, sizes, baseline_max):
    setup_django(database_url)
    from govpages_events.ical import parse_calendar

    docs = read_docs(data_path)
    rows = []
    for count in sizes:
        data = {name: calendar_file(docs, count, f"{name}-{count}") for name in ("old", "new")}
        started = time.perf_counter()
        parse_calendar(data["new"])
        parse_seconds = time.perf_counter() - started
        if count <= baseline_max:
            seconds, queries = timed_import(
                import_one_by_one, data["old"], new_index(f"old-{count}"), count
            )
            rows.append(
                {
                    "path": "one by one",
                    "events": count,
                    "seconds": seconds,
                    "queries": queries,
                    "parse": parse_seconds,
                }
            )
        seconds, queries = timed_import(batched, data["new"], new_index(f"new-{count}"), count)
        rows.append(
            {
                "path": "batched",
                "events": count,
                "seconds": seconds,
                "queries": queries,
                "parse": parse_seconds,
            }
        )
    print(json.dumps(rows))


def print_table(results):
    header = (
        f"{'database':<10} {'path':<11} {'events':>6} {'seconds':>8} {'parse':>6} "
        f"{'events/s':>8} {'queries':>8} {'q/event':>7} {'vs one by one':>14}"
    )
    print(header)
    print("-" * len(header))
    starred = False
    for database, rows in results:
        baselines = {row["events"]: row for row in rows if row["path"] == "one by one"}
        largest = baselines[max(baselines)] if baselines else None
        for row in rows:
            rate = row["events"] / row["seconds"]
            if row["path"] == "one by one":
                ratio = "1.0x"
            elif row["events"] in baselines:
                ratio = f"{baselines[row['events']]['seconds'] / row['seconds']:.1f}x"
            elif largest:
                ratio = f"{rate / (largest['events'] / largest['seconds']):.1f}x*"
                starred = True
            else:
                ratio = "-"
            print(
                f"{database:<10} {row['path']:<11} {row['events']:>6} {row['seconds']:>8.2f} "
                f"{row['parse']:>6.2f} {rate:>8.0f} {row['queries']:>8} "
                f"{row['queries'] / row['events']:>7.2f} {ratio:>14}"
            )
    if starred:
        print("* against the events per second of the largest one-by-one run of that database")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--sizes", default="500,2000,10000", help="numbers of events, comma-separated"
    )
    parser.add_argument(
        "--baseline-max", type=int, default=2000, help="largest N run one by one too"
    )
    parser.add_argument("--postgres", help="PostgreSQL URL; the bench uses <name>_bench on it")
    parser.add_argument("--skip-sqlite", action="store_true", help="only the PostgreSQL run")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if args.child:
        return run_one(args.child, args.data, sizes, args.baseline_max)
    if not args.data.exists():
        sys.exit(f"corpus not found: {args.data}")
    results = run_on_each_database(
        __file__,
        ["--data", str(args.data), "--sizes", args.sizes, "--baseline-max", str(args.baseline_max)],
        args.postgres,
        args.skip_sqlite,
    )
    print_table(results)


if __name__ == "__main__":
    main()
