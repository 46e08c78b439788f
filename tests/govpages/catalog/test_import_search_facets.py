"""A bulk import leaves the search complete at once: totals and facet counts (issue 17 item 10).

The importer sends none of the per-page signals that keep the search facet table in step; it runs
the `govpages_pages_published_in_bulk` hook instead, which the search app answers. These tests
need both apps and the search URLs: the portal's settings.
"""

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from govpages.catalog.transfer.importer import DisclosureImporter
from govpages.catalog.transfer.records import validate_record
from govpages.models import DepartmentPage, DisclosureItemPage

pytestmark = pytest.mark.portal

COUNT = 300
DEPARTMENT = "示范市财政局"  # the department of the catalog fixture
ITEM_TYPE = "govpages.disclosureitempage"
DISTRICTS = ["东城区", "西城区", "朝阳区", "海淀区", "丰台区"]


def budget_records(count=COUNT, first=1):
    """Items whose titles all hold 预算 (and nothing else under the department does)."""
    return [
        validate_record(
            number,
            {
                "id": f"ysgk-{number:04d}",
                "title": f"关于{DISTRICTS[number % 5]}做好{2020 + number % 5}年预算公开工作的通知",
                "body": f"各街道、各部门：\n\n现就第{number}批部门预算、决算公开工作通知如下。",
                "category": "通知",
                "issuer": DEPARTMENT,
                "date": f"{2020 + number % 5}-0{1 + number % 9}-15",
            },
        )
        for number in range(first, first + count)
    ]


def search(client, **params):
    response = client.get("/api/search/", params)
    assert response.status_code == 200, response.content
    return response.json()


def counts(data, facet):
    return {value["value"]: value["count"] for value in data["facets"][facet]}


def run_import(catalog, records, **options):
    importer = DisclosureImporter(catalog, publish=True, create_missing=True, **options)
    return importer.run(records)


def test_first_search_after_an_import_counts_every_item(catalog, client, caplog):
    before = search(client, department=DEPARTMENT)["total"]  # the department and catalog pages

    result = run_import(catalog, budget_records(), update_index=True)

    assert result.published == result.indexed == COUNT
    with caplog.at_level(logging.WARNING, logger="govpages_search"):
        found = search(client, q="预算", page_size=50)
        listed = search(client, department=DEPARTMENT)
        items = search(client, department=DEPARTMENT, type=ITEM_TYPE)
    assert found["total"] == COUNT
    assert counts(found, "department") == {DEPARTMENT: COUNT}
    assert counts(found, "category") == {"通知": COUNT}
    assert counts(found, "type") == {ITEM_TYPE: COUNT}
    assert sum(counts(found, "year").values()) == COUNT
    assert len(found["results"]) == 50
    assert all(result["department"] == DEPARTMENT for result in found["results"])
    # The filter-only listing reads the facet table alone: nothing back-fills it.
    assert listed["total"] == before + COUNT
    assert counts(listed, "type")[ITEM_TYPE] == COUNT
    assert items["total"] == COUNT
    # No row had to be added while searching.
    assert "had no search facet row" not in caplog.text


def test_facet_rows_are_written_in_bulk_and_follow_a_reimport(catalog, client):
    from govpages_search.models import SearchFacetEntry

    with CaptureQueriesContext(connection) as queries:
        run_import(catalog, budget_records(), update_index=True)
    sql = [query["sql"] for query in queries.captured_queries]
    facet_table = SearchFacetEntry._meta.db_table
    facet_writes = [q for q in sql if facet_table in q and not q.lstrip().startswith("SELECT")]
    department_lookups = [q for q in sql if DepartmentPage._meta.db_table in q]
    # A few bulk inserts (SQLite takes some 90 rows a statement), not a query a page; the
    # department of the items is looked up once, not once an item.
    assert 0 < len(facet_writes) <= COUNT // 50, facet_writes
    assert len(department_lookups) <= 2, department_lookups
    rows = SearchFacetEntry.objects.filter(page__in=DisclosureItemPage.objects.all())
    assert rows.count() == COUNT
    assert set(rows.values_list("department", "category")) == {(DEPARTMENT, "通知")}

    # A second import that renames the items and adds new ones, without touching the index.
    renamed = [
        validate_record(record.line, {"id": record.source_id, "title": "年度预算调整方案"})
        for record in budget_records(10)
    ]
    run_import(catalog, renamed + budget_records(5, first=COUNT + 1), update_index=False)

    assert rows.count() == COUNT + 5
    assert rows.filter(title="年度预算调整方案").count() == 10
    assert rows.filter(category="").count() == 10  # the new version names no category
    listed = search(client, department=DEPARTMENT, type=ITEM_TYPE)
    assert listed["total"] == COUNT + 5
    assert counts(listed, "category") == {"通知": COUNT - 5}
