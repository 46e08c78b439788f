"""The batched iCal import (issue 17 item 11): the same drafts as one add_child and one
save_revision per event, in a number of queries that does not grow with the events."""

import datetime

import icalendar
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from modelsearch.conf import get_app_config
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from govpages_events import ical
from govpages_events.ical import import_calendar
from govpages_events.models import EventIndexPage, EventOccurrence, EventPage, EventVenue

from .conftest import TZ, local_dt, make_draft, occurrence
from .ical_one_by_one import import_one_by_one

KINDS = ["政务公开日", "政府开放日", "新闻发布会"]


# --- files -----------------------------------------------------------------------------------


def vevent(number, prefix):
    """Event ``number``: five shapes in turn (all-day, UTC, weekly with an exception, several
    days, floating monthly), four events in a row with the same title and day (their slugs get
    -2, -3, -4), now and then a title with no letters or one longer than a slug takes."""
    group = number // 4
    kind = KINDS[group % 3]
    title = f"{kind}（第{group}期）"
    if number % 50 == 49:
        title = "！？"
    elif number % 37 == 36:
        title = kind * 14 + str(group)
    day = datetime.date(2026, 1, 1) + datetime.timedelta(days=group % 300)
    event = icalendar.Event()
    event.add("uid", f"{prefix}-{number}@example.org")
    event.add("dtstamp", datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    event.add("summary", title)
    shape = number % 5
    if shape == 0:
        event.add("dtstart", day)
    elif shape == 1:
        start = datetime.datetime.combine(day, datetime.time(1, 30), tzinfo=datetime.UTC)
        event.add("dtstart", start)
        event.add("dtend", start + datetime.timedelta(hours=2))
    elif shape == 2:
        start = datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=TZ)
        event.add("dtstart", start)
        event.add("dtend", start + datetime.timedelta(minutes=90))
        event.add("rrule", {"freq": "weekly", "until": start + datetime.timedelta(days=70)})
        event.add("exdate", [start + datetime.timedelta(days=14)])
    elif shape == 3:
        event.add("dtstart", day)
        event.add("dtend", day + datetime.timedelta(days=3))
    else:
        event.add("dtstart", datetime.datetime.combine(day, datetime.time(14, 0)))
        event.add("duration", datetime.timedelta(hours=2))
        event.add("rrule", {"freq": "monthly", "count": 3})
    if number % 2 == 0:
        event.add("location", f"市民中心{number % 7}号厅")
    if number % 3 == 0:
        event.add("description", f"第一段 <b>{number}</b>\n\n第二段 & 更多")
    return event


def calendar_file(count, prefix="bulk", extra=()):
    cal = icalendar.Calendar()
    cal.add("prodid", "-//govpages tests//ZH")
    cal.add("version", "2.0")
    for number in range(count):
        cal.add_component(vevent(number, prefix))
    for component in extra:
        cal.add_component(component)
    cal.add_missing_timezones()
    return cal.to_ical()


# --- what an import wrote --------------------------------------------------------------------


def table_counts():
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def written_rows(index):
    """Every row the import wrote for the pages under ``index``: ids, keys and times are
    checked for consistency and replaced by the page's tree path."""
    index_row = Page.objects.get(pk=index.pk)
    page_type = ContentType.objects.get_for_model(Page)
    pages = list(EventPage.objects.child_of(index).order_by("path"))
    path_of = {page.pk: page.path for page in pages}
    ids = [str(pk) for pk in path_of]
    revisions = {
        revision.pk: revision
        for revision in Revision.objects.filter(base_content_type=page_type, object_id__in=ids)
    }
    assert len(revisions) == len(pages)  # one revision each
    rows = {"numchild": (index_row.numchild, index.numchild), "pages": {}}
    for row in EventPage.objects.filter(pk__in=path_of).values():
        pk = row.pop("id")
        assert row.pop("page_ptr_id") == pk
        revision = revisions[row.pop("latest_revision_id")]
        assert row.pop("latest_revision_created_at") == revision.created_at
        translation_key = row.pop("translation_key")
        children = {
            "occurrences": list(EventOccurrence.objects.filter(page_id=pk).values()),
            "venues": list(EventVenue.objects.filter(page_id=pk).values()),
        }
        content = dict(revision.content)
        assert content.pop("pk") == pk
        assert content.pop("translation_key") == str(translation_key)
        for name, stored in children.items():
            assert [child["pk"] for child in content[name]] == [child["id"] for child in stored]
            for child in content[name] + stored:
                child.pop("pk", None)
                child.pop("id", None)
                assert child.pop("page", None) in (pk, None)
                assert child.pop("page_id", None) in (pk, None)
        row["children"] = children
        row["revision"] = {
            "content": content,
            "user": revision.user_id,
            "object_str": revision.object_str,
            "content_type": revision.content_type_id,
            "base_content_type": revision.base_content_type_id,
            "approved_go_live_at": revision.approved_go_live_at,
        }
        logs = []
        for entry in PageLogEntry.objects.filter(page_id=pk).order_by("pk").values():
            assert entry.pop("timestamp") is not None
            for name in ("id", "page_id"):
                entry.pop(name)
            if entry["revision_id"] is not None:
                assert entry.pop("revision_id") == revision.pk
                entry["revision"] = "latest"
            logs.append(entry)
        row["logs"] = logs
        row["references"] = [
            {key: value for key, value in reference.items() if key not in ("id", "object_id")}
            for reference in ReferenceIndex.objects.filter(
                base_content_type=page_type, object_id=str(pk)
            ).values()
        ]
        rows["pages"][path_of[pk]] = row
    # title_norm is left out: PostgreSQL's database backend sets it from the average title
    # length of the entries at the time, so it depends on how many were added at once.
    entries = index_entries().filter(object_id__in=ids)
    rows["search"] = {
        path_of[int(entry.pop("object_id"))]: {
            key: value for key, value in entry.items() if key not in ("id", "title_norm")
        }
        for entry in entries.values()
    }
    return rows


def index_entries():
    """The entries of event pages in a database search backend's table (none with another)."""
    IndexEntry = get_app_config().get_model("IndexEntry")
    return IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(EventPage))


def run_and_roll_back(import_function, data, index, user):
    """What ``import_function`` returns and writes, then the database as it was before."""
    numchild = index.numchild
    with transaction.atomic():
        before = table_counts()
        created, skipped = import_function(data, index, user)[:2]
        summary = [(page.title, page.slug, page.live, page.owner_id) for page in created]
        for page in created:
            assert page.pk and page.latest_revision_id and not page._state.adding
        after = table_counts()
        grown = {
            label: after[label] - before[label] for label in after if after[label] != before[label]
        }
        result = {
            "created": summary,
            "skipped": skipped,
            "rows": written_rows(index),
            "grown": grown,
        }
        transaction.set_rollback(True)
    index.refresh_from_db()
    assert index.numchild == numchild
    return result


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.cn", "x")


@pytest.fixture
def busy_index(index):
    """An index that already has children: one has the slug the first imported event would get,
    one has the UID of event 3 of the file."""
    make_draft(
        index, "已有活动", [occurrence(local_dt(2026, 1, 1))], slug="政务公开日第0期-20260101"
    )
    make_draft(
        index,
        "已导入过的活动",
        [EventOccurrence(start=local_dt(2026, 1, 1), uid="bulk-3@example.org")],
        slug="imported-before",
    )
    index.refresh_from_db()
    return index


# --- tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "batch_size,bulk_returning",
    [(ical.BATCH_SIZE, True), (7, True), (ical.BATCH_SIZE, False)],
    ids=["one-batch", "batches-of-7", "no-ids-from-bulk-inserts"],
)
@pytest.mark.parametrize("user", [None, "editor"])
def test_batched_import_writes_what_one_by_one_wrote(
    request, monkeypatch, busy_index, batch_size, bulk_returning, user
):
    user = request.getfixturevalue(user) if user else None
    monkeypatch.setattr(ical, "BATCH_SIZE", batch_size)
    # A database that cannot return the ids of a multi-row insert (SQLite before 3.35).
    features = type(connection.features)
    monkeypatch.setattr(features, "can_return_rows_from_bulk_insert", bulk_returning)
    # Event 5 again (a UID twice in the file) and event 3 is already known: both are skipped.
    data = calendar_file(60, extra=[vevent(5, "bulk")])

    old = run_and_roll_back(import_one_by_one, data, busy_index, user)
    new = run_and_roll_back(import_calendar, data, busy_index, user)

    assert len(old["created"]) == 61 - 2
    assert old["skipped"] == ["bulk-3@example.org", "bulk-5@example.org"]
    slugs = [slug for _title, slug, _live, _owner in old["created"]]
    assert slugs[:4] == [
        "政务公开日第0期-20260101-2",  # the index already has the slug without -2
        "政务公开日第0期-20260101-3",
        "政务公开日第0期-20260101-4",
        "政府开放日第1期-20260102",
    ]
    assert "event-20260113" in slugs
    assert new["created"] == old["created"]
    assert new["skipped"] == old["skipped"]
    assert new["grown"] == old["grown"]
    assert new["rows"]["numchild"] == old["rows"]["numchild"]
    assert new["rows"]["search"] == old["rows"]["search"]
    if index_entries().exists():  # busy_index's drafts are indexed: a database search backend
        assert len(new["rows"]["search"]) == len(new["rows"]["pages"]) == 2 + 59
    assert new["rows"]["pages"].keys() == old["rows"]["pages"].keys()
    for path, row in old["rows"]["pages"].items():
        assert new["rows"]["pages"][path] == row, path


def test_import_queries_do_not_grow_with_events(monkeypatch, index):
    import_calendar(calendar_file(1, prefix="warm"), index)  # content types, locale, ...

    def queries(count, prefix):
        with CaptureQueriesContext(connection) as context:
            created, skipped, notes = import_calendar(calendar_file(count, prefix=prefix), index)
        assert len(created) == count and skipped == [] and notes == []
        return len(context.captured_queries)

    few = queries(50, "few")
    many = queries(300, "many")
    # A few queries per import and some ten per batch of BATCH_SIZE (500) events, the search
    # backend's included; one by one, it was some 85 per event. The database search backend
    # splits its own inserts by SQLite's parameter limit: a few more statements for 300 events.
    assert few <= 25, few
    assert many <= few + 5, (few, many)
    # In batches of 100, the 300 events cost two batches more, not 250 events more.
    monkeypatch.setattr(ical, "BATCH_SIZE", 100)
    batches = queries(300, "batches")
    print(f"\nqueries: 50 events {few}, 300 events {many}, 300 in batches of 100 {batches}")
    assert batches - many <= 2 * 15, (many, batches)


def children(page, name):
    fields = {"occurrences": ("pk", "uid", "start", "end", "all_day", "rrule", "exdates")}
    names = fields.get(name, ("pk", "name", "address"))
    return [tuple(getattr(child, field) for field in names) for child in getattr(page, name).all()]


@pytest.fixture
def imported(busy_index, editor):
    created, skipped, _notes = import_calendar(calendar_file(300), busy_index, user=editor)
    assert len(created) == 299 and skipped == ["bulk-3@example.org"]
    return busy_index, created


def test_imported_drafts_open_in_the_admin_and_publish(client, editor, imported):
    index, created = imported
    client.force_login(editor)
    listing = client.get(reverse("wagtailadmin_explore", args=[index.pk]))
    assert listing.status_code == 200
    # The edit view shows the latest revision: for every page it holds what the rows hold.
    for page in created:
        draft = Revision.objects.get(pk=page.latest_revision_id).as_object()
        stored = EventPage.objects.get(pk=page.pk)
        assert draft.title == stored.title and draft.slug == stored.slug
        for name in ("occurrences", "venues"):
            assert children(draft, name) == children(stored, name), page.slug
    # Rendering it takes most of a second: every combination of shape, venue and description
    # is in the first 30 events, then a title with no letters and one longer than a slug.
    sample = created[:30]
    sample += [page for page in created if page.title == "！？"][:1]
    sample += [page for page in created if len(page.title) > 60][:1]
    assert len(sample) == 32
    for page in sample:
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page.slug
        start = EventOccurrence.objects.get(page=page).start.astimezone(TZ)
        assert f"{start:%Y-%m-%d %H:%M}" in response.content.decode(), page.slug
        history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
        assert history.status_code == 200, page.slug

    # One through the editor's form, the others by publishing their latest revision.
    first = EventPage.objects.get(pk=created[0].pk)
    occ = first.latest_revision.as_object().occurrences.get()
    data = nested_form_data(
        {
            "title": first.title,
            "slug": first.slug,
            "event_type": "",
            "edition": "",
            "theme": "",
            "organiser": "",
            "organiser_name": "",
            "occurrences": inline_formset(
                [
                    {
                        "id": occ.pk,
                        "start": f"{occ.start.astimezone(TZ):%Y-%m-%d %H:%M}",
                        "end": f"{occ.end.astimezone(TZ):%Y-%m-%d %H:%M}" if occ.end else "",
                        "all_day": "on" if occ.all_day else "",
                        "rrule": occ.rrule,
                        "exdates": occ.exdates,
                    }
                ],
                initial=1,
                min=1,
            ),
            "venues": inline_formset(
                [
                    {"id": venue.pk, "name": venue.name, "address": ""}
                    for venue in first.venues.all()
                ],
                initial=first.venues.count(),
            ),
            "online_channels": inline_formset([]),
            "participants": inline_formset([]),
            "announcement": rich_text(first.announcement),
            "registration": "none",
            "registration_deadline": "",
            "capacity": "",
            "registration_details": "",
            "notes": rich_text(""),
            "summary": rich_text(""),
            "materials": inline_formset([]),
            "issue_areas": "",
            "highlights": rich_text(""),
            "improvements": rich_text(""),
            "photos": inline_formset([]),
            "action-publish": "publish",
        }
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[first.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]

    expected = {
        page.pk: list(EventOccurrence.objects.filter(page=page).values_list("uid", "start"))
        for page in created
    }
    for page in created[1:]:
        EventPage.objects.get(pk=page.pk).latest_revision.publish(user=editor)
    for page in EventPage.objects.filter(pk__in=expected).prefetch_related("occurrences"):
        assert page.live and not page.has_unpublished_changes, page.slug
        assert [(o.uid, o.start) for o in page.occurrences.all()] == expected[page.pk], page.slug
    assert client.get(created[1].url).status_code == 200


def test_imported_pages_keep_the_tree_valid(imported):
    index, created = imported
    problems = Page.find_problems()
    assert all(not found for found in problems), problems
    index.refresh_from_db()
    assert index.numchild == 2 + 299 == index.get_children().count()
    assert [page.pk for page in index.get_children()[2:]] == [page.pk for page in created]
    for page in EventPage.objects.child_of(index):
        assert page.url_path == f"{index.url_path}{page.slug}/"
        assert page.get_parent().pk == index.pk
    slugs = list(index.get_children().values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))
    # An editor's page added afterwards goes after the imported ones.
    later = make_draft(index, "之后添加", [occurrence(local_dt(2026, 12, 1))], slug="later")
    assert later.path > created[-1].path
    assert all(not found for found in Page.find_problems())


def test_bad_event_in_a_large_file_imports_nothing(tmp_path, index):
    bad = icalendar.Event()
    bad.add("uid", "bad@example.org")
    bad.add("summary", "没有开始时间")
    ics = tmp_path / "events.ics"
    ics.write_bytes(calendar_file(300, extra=[bad]))
    with pytest.raises(CommandError) as error:
        call_command("govpages_import_ical", str(ics), "--index", str(index.pk))
    message = str(error.value)
    assert "\n" not in message and "301" in message and "DTSTART" in message
    assert not EventPage.objects.exists() and not EventOccurrence.objects.exists()


def test_failure_in_a_later_batch_rolls_back_the_earlier_ones(monkeypatch, index):
    monkeypatch.setattr(ical, "BATCH_SIZE", 50)
    calls = []
    original = ical._set_revision_pointers

    def fail_on_third_batch(pages):
        calls.append(len(pages))
        if len(calls) == 3:
            raise RuntimeError("disk full")
        original(pages)

    monkeypatch.setattr(ical, "_set_revision_pointers", fail_on_third_batch)
    before = table_counts()
    with pytest.raises(RuntimeError, match="disk full"):
        import_calendar(calendar_file(300), index)
    assert calls == [50, 50, 50]
    assert table_counts() == before
    assert EventIndexPage.objects.get(pk=index.pk).numchild == 0


def test_command_reports_created_and_skipped(tmp_path, index):
    ics = tmp_path / "events.ics"
    ics.write_bytes(calendar_file(300))
    out = tmp_path / "out.txt"
    with open(out, "w") as stdout:
        call_command("govpages_import_ical", str(ics), "--index", "/events/", stdout=stdout)
    with open(out, "a") as stdout:
        call_command("govpages_import_ical", str(ics), "--index", str(index.pk), stdout=stdout)
    assert out.read_text().splitlines() == [
        "Imported 300 event(s) as drafts under '活动'; skipped 0 already known UID(s).",
        "Imported 0 event(s) as drafts under '活动'; skipped 300 already known UID(s).",
    ]
    assert EventPage.objects.child_of(index).count() == 300
