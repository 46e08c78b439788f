import threading
from unittest import mock

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Page

from govpages.catalog import index_numbers
from govpages.models import DisclosureItemPage, IndexNumberCounter

from .conftest import ORG_CODE, make_item, publish


def test_first_publication_assigns_number_in_default_pattern(catalog):
    item = make_item(catalog, live=False)
    assert item.index_number is None

    item = publish(item)

    year = timezone.localdate().year
    assert item.index_number == f"{ORG_CODE}/{year}-00001"
    assert item.publication_date == timezone.localdate()
    second = make_item(catalog, title="第二份文件")
    assert second.index_number == f"{ORG_CODE}/{year}-00002"


def test_serial_is_per_organisation_and_year(catalog, home):
    import datetime

    from govpages.models import DepartmentPage, DisclosureCatalogPage

    other = DepartmentPage(title="示范市教育局", slug="jyj", org_code="000014350")
    home.add_child(instance=other)
    other_catalog = DisclosureCatalogPage(title="目录", slug="ml")
    other.add_child(instance=other_catalog)

    a = make_item(catalog, publication_date=datetime.date(2023, 3, 1))
    b = make_item(catalog, title="b", publication_date=datetime.date(2024, 3, 1))
    c = make_item(other_catalog, title="c", publication_date=datetime.date(2023, 6, 1))

    assert a.index_number == f"{ORG_CODE}/2023-00001"
    assert b.index_number == f"{ORG_CODE}/2024-00001"
    assert c.index_number == "000014350/2023-00001"


def test_portal_level_catalog_uses_its_own_code_or_the_default(home):
    from govpages.models import DisclosureCatalogPage

    catalog = DisclosureCatalogPage(title="政府信息公开", slug="zfxxgk", org_code="113700000")
    home.add_child(instance=catalog)
    assert make_item(catalog).index_number.startswith("113700000/")

    plain = DisclosureCatalogPage(title="目录", slug="plain")
    home.add_child(instance=plain)
    assert make_item(plain, title="x").index_number.startswith("000000000/")


@override_settings(GOVPAGES_INDEX_NUMBER_PATTERN="{org_code}-{yyyy}-{serial:04d}")
def test_pattern_is_a_setting(catalog):
    item = make_item(catalog)
    assert item.index_number == f"{ORG_CODE}-{timezone.localdate().year}-0001"


def test_number_never_changes(catalog):
    item = make_item(catalog, live=False)
    first_revision = item.latest_revision
    item = publish(item)
    number = item.index_number

    item.title = "修改后的标题"
    item = publish(item)
    assert item.index_number == number

    # Publishing a revision saved before the number existed keeps the number.
    first_revision.publish()
    item.refresh_from_db()
    assert item.index_number == number

    item.unpublish()
    item = publish(DisclosureItemPage.objects.get(pk=item.pk))
    assert item.index_number == number
    assert IndexNumberCounter.objects.get().last_serial == 1


def test_copy_does_not_copy_number(catalog):
    item = make_item(catalog)
    copy = item.copy(update_attrs={"slug": "copy", "title": "副本"}, keep_live=False)
    assert copy.specific.index_number is None


def test_database_rejects_a_duplicate_number(catalog):
    a = make_item(catalog)
    b = make_item(catalog, title="b", live=False)
    b.index_number = a.index_number
    with pytest.raises(IntegrityError), transaction.atomic():
        DisclosureItemPage.objects.filter(pk=b.pk).update(index_number=a.index_number)


def test_numbers_already_taken_are_skipped(catalog):
    year = timezone.localdate().year
    imported = make_item(catalog, title="imported", live=False)
    DisclosureItemPage.objects.filter(pk=imported.pk).update(
        index_number=f"{ORG_CODE}/{year}-00001"
    )

    item = make_item(catalog, title="new")

    assert item.index_number == f"{ORG_CODE}/{year}-00002"


def test_allocation_retries_when_the_constraint_rejects_a_number(catalog):
    """A number taken between allocation and save (by a writer outside the counter) is retried."""
    year = timezone.localdate().year
    taken = make_item(catalog, title="taken")
    real_allocate = index_numbers.allocate_index_numbers
    calls = []

    def allocate_stale_first(org_code, year_, count=1, exclude=()):
        calls.append(1)
        if len(calls) == 1:
            real_allocate(org_code, year_, count)
            return [taken.index_number]  # as if another writer got there first
        return real_allocate(org_code, year_, count)

    with mock.patch.object(index_numbers, "allocate_index_numbers", allocate_stale_first):
        item = make_item(catalog, title="retry")

    assert len(calls) == 2
    assert item.index_number == f"{ORG_CODE}/{year}-00003"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="threads publishing at once need separate connections to a server database",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_publishing_never_shares_a_number(catalog):
    drafts = [make_item(catalog, title=f"并发 {n}", live=False) for n in range(8)]
    barrier = threading.Barrier(len(drafts))
    errors = []

    def publish_in_thread(pk):
        try:
            page = Page.objects.get(pk=pk).specific
            revision = page.save_revision()
            barrier.wait(timeout=10)
            revision.publish()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish_in_thread, args=(d.pk,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    numbers = list(
        DisclosureItemPage.objects.filter(pk__in=[d.pk for d in drafts]).values_list(
            "index_number", flat=True
        )
    )
    year = timezone.localdate().year
    assert sorted(numbers) == [f"{ORG_CODE}/{year}-{n:05d}" for n in range(1, 9)]
