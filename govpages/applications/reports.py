"""Table 三 of the annual report (收到和处理政府信息公开申请情况) from a department's cases.

Columns: 自然人, the five kinds of 法人或其他组织, 总计. Rows: new this year, carried over from
last year, each outcome replied this year, the results' total, carried over to next year. For
every column: new + carried over = results total + carried forward.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from .models import Case
from .models.case import ApplicantType
from .outcomes import Outcome

COLUMNS = [
    ApplicantType.NATURAL_PERSON,
    ApplicantType.BUSINESS,
    ApplicantType.RESEARCH,
    ApplicantType.PUBLIC_INTEREST,
    ApplicantType.LEGAL_SERVICE,
    ApplicantType.OTHER_ORGANISATION,
]


@dataclass
class TableThree:
    year: int
    new: dict
    carried_over: dict
    outcomes: dict  # outcome -> {column: count}
    results_total: dict
    carried_forward: dict


def per_column(cases):
    counts = Counter(cases.values_list("applicant_type", flat=True))
    row = {column: counts.get(column, 0) for column in COLUMNS}
    row["total"] = sum(row.values())
    return row


def table_three(department, year):
    cases = Case.objects.filter(department=department)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    replied_this_year = cases.filter(replied_on__gte=start, replied_on__lte=end)
    outcomes = {
        outcome: per_column(replied_this_year.filter(outcome=outcome)) for outcome in Outcome
    }
    return TableThree(
        year=year,
        new=per_column(cases.filter(received_on__gte=start, received_on__lte=end)),
        carried_over=per_column(cases.filter(received_on__lt=start).exclude(replied_on__lt=start)),
        outcomes=outcomes,
        results_total=per_column(replied_this_year),
        carried_forward=per_column(cases.filter(received_on__lte=end).exclude(replied_on__lte=end)),
    )
