"""Allocation of 索引号 (index numbers).

A number is built from ``settings.GOVPAGES_INDEX_NUMBER_PATTERN`` (default
``{org_code}/{yyyy}-{serial:05d}``) with a serial per organisation code and year. Serials come
from one counter row per (organisation, year), incremented under a row lock, so two editors
publishing at the same moment are serialised by the database; the unique constraint on
``DisclosureItemPage.index_number`` is the final guarantee, and numbers that are already taken
(items imported with their old number, for instance) are skipped.
"""

from collections import defaultdict

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone

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


def publication_day(date):
    """The day whose year an index number takes: the publication date, else today."""
    return date or timezone.localdate()


def index_numbers_for(dates, org_code, exclude=()):
    """New numbers for items published on ``dates`` (None: today), one a date, in that order.

    Serials run per (``org_code``, year of the date); each year's are reserved together, years in
    ascending order. Numbers in ``exclude`` are skipped.
    """
    positions = defaultdict(list)
    for position, date in enumerate(dates):
        positions[publication_day(date).year].append(position)
    numbers = [None] * len(dates)
    for year, year_positions in sorted(positions.items()):
        allocated = allocate_index_numbers(org_code, year, len(year_positions), exclude=exclude)
        for position, number in zip(year_positions, allocated, strict=True):
            numbers[position] = number
    return numbers


def number_items(items, org_code, exclude=()):
    """Number pages being published, in the order given; one without a date is dated today."""
    for item in items:
        item.publication_date = publication_day(item.publication_date)
    dates = [item.publication_date for item in items]
    for item, number in zip(items, index_numbers_for(dates, org_code, exclude), strict=True):
        item.index_number = number
