"""Table 二's 规章 and 行政规范性文件 rows, counted from the disclosure catalog."""

import datetime

from django.db.models import Q
from django.db.models.functions import Coalesce

from govpages.models import DisclosureItemPage

from .tables import CATALOG_ROWS


def catalog_rows(department, year):
    """{row: {"issued", "repealed", "in_force"}} for the live items under ``department`` (all
    departments when None). An item is issued on its 成文日期 (its 发布日期 when that is empty)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    items = DisclosureItemPage.objects.live().annotate(
        issued_on=Coalesce("document_date", "publication_date")
    )
    if department is not None:
        items = items.descendant_of(department)
    ended = Q(validity__in=["repealed", "expired"])
    rows = {}
    for row, genre_name in CATALOG_ROWS.items():
        of_genre = items.filter(genre__name=genre_name)
        rows[row] = {
            "issued": of_genre.filter(issued_on__gte=start, issued_on__lte=end).count(),
            "repealed": of_genre.filter(
                ended, repeal_date__gte=start, repeal_date__lte=end
            ).count(),
            "in_force": of_genre.filter(issued_on__lte=end)
            .filter(Q(validity="valid") | Q(ended, repeal_date__gt=end))
            .count(),
        }
    return rows
