"""Every counted cell of tables 二 and 三 against hand-counted fixtures; an empty year."""

from django.test import Client

from govpages.applications.outcomes import Outcome
from govpages.models import DisclosureCatalogPage, DisclosureItemPage, DocumentGenre
from govpages.reports import tables

from .conftest import D, make_case, make_report, replied


def add_catalog(department):
    catalog = DisclosureCatalogPage(title="信息公开目录", slug=f"xxgk-{department.pk}")
    department.add_child(instance=catalog)
    catalog.save_revision().publish()
    return catalog


def add_item(catalog, genre, live=True, **fields):
    item = DisclosureItemPage(
        title="文件",
        slug=f"item-{DisclosureItemPage.objects.count() + 1}",
        genre=DocumentGenre.objects.get(name=genre),
        live=False,
        **fields,
    )
    catalog.add_child(instance=item)
    revision = item.save_revision()
    if live:
        revision.publish()
    return item


def test_table_two_counts_the_departments_catalog(world):
    a, b = world["a"], world["b"]
    catalog = add_catalog(a)
    add_item(catalog, "规章", document_date=D(2026, 3, 1))  # issued, in force
    add_item(
        catalog, "规章", document_date=D(2025, 5, 1), validity="repealed", repeal_date=D(2026, 6, 1)
    )
    add_item(catalog, "规章", document_date=D(2024, 1, 1))  # in force
    add_item(catalog, "规章", document_date=D(2026, 8, 1), live=False)  # a draft counts nowhere
    add_item(catalog, "规章", document_date=D(2027, 1, 5))  # next year's
    # No 成文日期: issued on its 发布日期.
    add_item(catalog, "行政规范性文件", publication_date=D(2026, 2, 2))
    # Expires only next year: still in force at the end of 2026.
    add_item(
        catalog,
        "行政规范性文件",
        document_date=D(2025, 1, 1),
        validity="expired",
        repeal_date=D(2027, 1, 10),
    )
    add_item(catalog, "通知", document_date=D(2026, 4, 1))
    add_item(add_catalog(b), "规章", document_date=D(2026, 4, 1))  # another department's

    report = make_report(a, 2026, licensing_decisions=12, fees_amount=3)
    table = report.table_two()
    assert table["rules"] == {"issued": 1, "repealed": 1, "in_force": 2}
    assert table["normative"] == {"issued": 1, "repealed": 0, "in_force": 2}
    assert table["licensing"] == {"decisions": 12}
    assert table["penalty"] == {"decisions": 0}
    assert table["enforcement"] == {"decisions": 0}
    assert table["fees"] == {"amount": 3}


def test_table_three_counts_the_departments_cases(world):
    a, b = world["a"], world["b"]
    replied(make_case(a, D(2025, 12, 22)), Outcome.DISCLOSED, D(2026, 1, 9))  # carried over
    make_case(a, D(2025, 12, 29))  # carried over and forward
    replied(make_case(a, D(2026, 3, 2)), Outcome.PARTLY_DISCLOSED, D(2026, 3, 20))
    replied(make_case(a, D(2026, 5, 6), "business"), Outcome.WITHHELD_PROCESS, D(2026, 5, 20))
    replied(make_case(a, D(2026, 6, 1), "research"), Outcome.NOT_HANDLED_REPEATED, D(2026, 6, 5))
    make_case(a, D(2026, 12, 28), "legal_service")  # carried forward
    make_case(b, D(2026, 3, 3))

    table = make_report(a, 2026).table_three()
    zero = dict.fromkeys(tables.COLUMN_KEYS, 0)
    assert table["new"] == {
        **zero,
        "natural_person": 1,
        "business": 1,
        "research": 1,
        "legal_service": 1,
        "total": 4,
    }
    assert table["carried_over"] == {**zero, "natural_person": 2, "total": 2}
    assert table["disclosed"] == {**zero, "natural_person": 1, "total": 1}
    assert table["partly_disclosed"] == {**zero, "natural_person": 1, "total": 1}
    assert table["withheld_process"] == {**zero, "business": 1, "total": 1}
    assert table["not_handled_repeated"] == {**zero, "research": 1, "total": 1}
    untouched = set(tables.outcome_keys()) - {
        "disclosed",
        "partly_disclosed",
        "withheld_process",
        "not_handled_repeated",
    }
    assert all(table[row] == zero for row in untouched)
    assert table["results_total"] == {
        **zero,
        "natural_person": 2,
        "business": 1,
        "research": 1,
        "total": 4,
    }
    assert table["carried_forward"] == {**zero, "natural_person": 1, "legal_service": 1, "total": 2}
    assert make_report(a, 2026, slug="again").problems() == []


def test_a_year_without_data_gives_an_empty_valid_report(world):
    report = make_report(world["a"], 2019)
    assert report.live
    assert report.problems() == []
    assert all(v == 0 for cells in report.table_three().values() for v in cells.values())
    assert all(v == 0 for cells in report.table_two().values() for v in cells.values())
    response = Client().get(report.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    assert "本年新收政府信息公开申请数量" in html
