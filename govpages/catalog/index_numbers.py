"""Allocation of 索引号 (index numbers).

A number is built from ``settings.GOVPAGES_INDEX_NUMBER_PATTERN`` (default
``{org_code}/{yyyy}-{serial:05d}``) with a serial per organisation code and year. Serials come
from one counter row per (organisation, year), incremented under a row lock, so two editors
publishing at the same moment are serialised by the database; the unique constraint on
``DisclosureItemPage.index_number`` is the final guarantee, and numbers that are already taken
(items imported with their old number, for instance) are skipped.
"""

from django.apps import apps
from django.db import IntegrityError, transaction

from .. import conf


class IndexNumberError(RuntimeError):
    pass


def index_number_pattern():
    return conf.get("GOVPAGES_INDEX_NUMBER_PATTERN")


def default_org_code():
    return conf.get("GOVPAGES_DEFAULT_ORG_CODE")


def format_index_number(org_code, year, serial):
    return index_number_pattern().format(org_code=org_code, yyyy=f"{year:04d}", serial=serial)


def _counter_model():
    return apps.get_model("govpages", "IndexNumberCounter")


def _locked_counter(org_code, year):
    Counter = _counter_model()
    for _attempt in range(5):
        counter = Counter.objects.select_for_update().filter(org_code=org_code, year=year).first()
        if counter is not None:
            return counter
        try:
            # A concurrent first publish for the same key makes one of the two inserts fail on
            # the unique constraint; the loser re-reads the winner's row under the lock.
            with transaction.atomic():
                return Counter.objects.create(org_code=org_code, year=year, last_serial=0)
        except IntegrityError:
            continue
    raise IndexNumberError(f"could not lock the index number counter {org_code}/{year}")


def reserve_serials(org_code, year, count=1):
    """Advance the counter by ``count``; must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise IndexNumberError("index numbers must be reserved inside a transaction")
    counter = _locked_counter(org_code, year)
    first = counter.last_serial + 1
    counter.last_serial += count
    counter.save(update_fields=["last_serial"])
    return range(first, first + count)


def allocate_index_numbers(org_code, year, count=1, exclude=()):
    """Reserve ``count`` numbers that no item uses yet (nor any in ``exclude``), in order."""
    Item = apps.get_model("govpages", "DisclosureItemPage")
    numbers = []
    while len(numbers) < count:
        candidates = [
            format_index_number(org_code, year, serial)
            for serial in reserve_serials(org_code, year, count - len(numbers))
        ]
        taken = set(
            Item.objects.filter(index_number__in=candidates).values_list("index_number", flat=True)
        )
        numbers.extend(
            number for number in candidates if number not in taken and number not in exclude
        )
    return numbers
