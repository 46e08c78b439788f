"""What indexing costs on the PostgreSQL backend (issue 17 item 13), asserted as statement sizes
and query shapes, never as timings (bench/index_cost.py has the figures)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.backends import get_search_backend
from modelsearch.utils import get_content_type_pk
from wagtail.models import Page

from govpages_search.models import IndexedDocument, Posting

from ..pages import ContentPage

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL backend's own index writing"
)

POSTING_KEY = "PRIMARY KEY (term, content_type_id, object_id) INCLUDE (frequency, document_length)"
# Real text: the same 10 clauses over again make a long body (about 5,000 characters).
CLAUSE = (
    "为了规范政府信息公开工作，保障公民、法人和其他组织依法获取政府信息，提高政府工作的透明度。"
)


def long_pages(make_page, count):
    return [make_page(f"政府信息公开规定第{i}号", CLAUSE * 110 + f"第{i}条") for i in range(count)]


def entry_inserts(queries):
    return [
        q["sql"] for q in queries if q["sql"].startswith("INSERT INTO wagtailsearch_indexentry")
    ]


def test_entries_of_long_documents_are_written_in_statements_of_bounded_size(
    make_page, monkeypatch
):
    """Each INSERT of index entries is built in memory: a chunk of 1,000 long laws in one
    statement is what took `update_index` past 2 GB."""
    from govpages_search.backends import postgres

    pages = long_pages(make_page, 8)
    budget = 30_000
    # raising=False: the test runs (and fails) against code that sends one statement per chunk.
    monkeypatch.setattr(postgres, "ENTRY_BATCH_CHARS", budget, raising=False)
    backend = get_search_backend()
    with CaptureQueriesContext(connection) as queries:
        backend.add_bulk(ContentPage, [ContentPage.objects.get(pk=p.pk) for p in pages])
    inserts = entry_inserts(queries.captured_queries)
    assert len(inserts) >= 4
    # An analysed body is about 15,000 characters: at most two of them per statement.
    assert max(len(sql) for sql in inserts) < 2.5 * budget
    found = Page.objects.live().search("政府信息公开规定第3号", operator="and")
    assert [p.pk for p in found] == [pages[3].pk]


def postings(pages):
    page_type = get_content_type_pk(ContentPage)
    rows = Posting.objects.filter(
        content_type_id=page_type, object_id__in=[str(p.pk) for p in pages]
    )
    return set(rows.values_list("term", "object_id", "frequency", "document_length"))


def test_rebuild_writes_postings_into_a_fresh_table_without_deleting_row_by_row(make_page):
    pages = long_pages(make_page, 3)
    ids = [str(p.pk) for p in pages]
    page_type = get_content_type_pk(ContentPage)
    incremental = postings(pages)
    lengths = dict(
        IndexedDocument.objects.filter(object_id__in=ids, content_type_id=page_type).values_list(
            "object_id", "length"
        )
    )
    assert {object_id for _t, object_id, _f, _l in incremental} == set(ids)
    with CaptureQueriesContext(connection) as queries:
        call_command("govpages_update_index", stdout=io.StringIO())
    statements = [q["sql"] for q in queries.captured_queries]
    # Neither per-batch deletes nor the stale-row anti-join over every posting.
    assert not [
        sql
        for sql in statements
        if sql.startswith("DELETE") and "govpages_search_posting" in sql.split(" WHERE")[0]
    ]
    assert postings(pages) == incremental
    assert (
        dict(
            IndexedDocument.objects.filter(
                object_id__in=ids, content_type_id=page_type
            ).values_list("object_id", "length")
        )
        == lengths
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'govpages_search_posting'::regclass AND contype = 'p'"
        )
        assert cursor.fetchone() == (POSTING_KEY,)
    found = Page.objects.live().search("政府信息公开规定第1号", operator="and")
    assert [p.pk for p in found] == [pages[1].pk]


def test_the_posting_key_carries_what_the_ranking_reads(db):
    """Migration 0004: the ranking is answered from the primary key index alone."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'govpages_search_posting'::regclass AND contype = 'p'"
        )
        assert cursor.fetchone() == (POSTING_KEY,)


def test_terms_longer_than_the_column_are_cut_and_counted_once(make_page):
    """Two long tokens that share their first 100 characters are one term in the 100-character
    column: one posting with both counts, not a duplicate key that aborts the whole batch."""
    stem = "x" * 100
    page = make_page("长词", f"{stem}a {stem}b {stem}a 税务")
    rows = {term: frequency for term, _object, frequency, _length in postings([page])}
    assert rows[stem] == 3
    assert "税务" in rows
    call_command("govpages_update_index", stdout=io.StringIO())
    assert {term: f for term, _o, f, _l in postings([page])} == rows


def entry_versions(pages):
    """Each page's index entry row version (xmin changes whenever the row is rewritten)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT object_id, xmin::text FROM wagtailsearch_indexentry "
            "WHERE content_type_id = %s AND object_id = ANY(%s)",
            [get_content_type_pk(ContentPage), [str(p.pk) for p in pages]],
        )
        return dict(cursor.fetchall())


def test_a_rebuild_leaves_entries_that_are_already_right_alone(make_page):
    """Rewriting an unchanged entry adds a row version and its terms to three GIN indexes:
    most of what `update_index` cost after an import."""
    pages = long_pages(make_page, 3)
    before = entry_versions(pages)
    call_command("govpages_update_index", stdout=io.StringIO())
    assert entry_versions(pages) == before
    changed = ContentPage.objects.get(pk=pages[1].pk)
    changed.title = "灯塔管理办法"
    changed.save_revision().publish()
    after = entry_versions(pages)
    assert after[str(pages[1].pk)] != before[str(pages[1].pk)]
    assert {k: v for k, v in after.items() if k != str(pages[1].pk)} == {
        k: v for k, v in before.items() if k != str(pages[1].pk)
    }
    assert [p.pk for p in Page.objects.live().search("灯塔管理办法", operator="and")] == [
        pages[1].pk
    ]
