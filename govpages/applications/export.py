"""A department's cases of one year as CSV or XLSX, for the annual report. Identity numbers are
masked: the export is for counting, not for contacting applicants."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from .models import Case


def columns():
    return [
        (_("Case number"), lambda c: c.number),
        (_("Applicant"), lambda c: c.get_applicant_type_display()),
        (_("Name (of the person or the organisation)"), lambda c: c.name),
        (_("identity document number"), lambda c: c.masked_id_number),
        (_("Date of receipt"), lambda c: c.received_on.isoformat()),
        (_("State"), lambda c: c.get_state_display()),
        (_("Reply due by"), lambda c: c.due_date.isoformat() if c.due_date else ""),
        (_("extension (working days)"), lambda c: c.extension_days),
        (_("Outcome"), lambda c: c.get_outcome_display()),
        (_("Replied on"), lambda c: c.replied_on.isoformat() if c.replied_on else ""),
    ]


def year_cases(department, year):
    """Cases received in the year, or received before it and still open at its start."""
    return (
        Case.objects.filter(department=department, received_on__year__lte=year)
        .exclude(replied_on__year__lt=year)
        .order_by("received_on", "pk")
    )


def rows(department, year):
    cols = columns()
    yield [heading for heading, _value in cols]
    for case in year_cases(department, year):
        yield [value(case) for _heading, value in cols]


def to_csv(department, year):
    out = io.StringIO()
    out.write("\ufeff")  # spreadsheets open UTF-8 with a BOM as UTF-8
    csv.writer(out).writerows(rows(department, year))
    return out.getvalue().encode("utf-8")


def to_xlsx(department, year):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(year)
    for row in rows(department, year):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
