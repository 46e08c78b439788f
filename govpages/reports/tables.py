"""The three tables of the annual report (国办公开办函〔2021〕30号) as rows × columns of numbers.

Every table is a dict ``{row_key: {column_key: int}}``; the layouts below give the order and
headings. Table 二 and 四 hold what staff enter (and, for 二, what the catalog counts); table 三
what the application cases count, after staff corrections.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Table 二: (row key, heading, section of Article 20, columns).
DOCUMENT_COLUMNS = [
    ("issued", _("Issued this year")),
    ("repealed", _("Repealed this year")),
    ("in_force", _("Currently in force")),
]
DECISION_COLUMNS = [("decisions", _("Decisions this year"))]
FEE_COLUMNS = [("amount", _("Fees collected this year (10,000 yuan)"))]
TABLE_TWO_GROUPS = [
    (
        _("Article 20 (1)"),
        DOCUMENT_COLUMNS,
        [("rules", _("Rules")), ("normative", _("Normative documents"))],
    ),
    (_("Article 20 (5)"), DECISION_COLUMNS, [("licensing", _("Administrative licensing"))]),
    (
        _("Article 20 (6)"),
        DECISION_COLUMNS,
        [
            ("penalty", _("Administrative penalties")),
            ("enforcement", _("Administrative compulsion")),
        ],
    ),
    (_("Article 20 (8)"), FEE_COLUMNS, [("fees", _("Administrative fees"))]),
]
# The rows of table 二 that the catalog counts; the others are entered.
CATALOG_ROWS = {"rules": "规章", "normative": "行政规范性文件"}
TABLE_TWO_ENTERED = [
    (row, column)
    for _heading, columns, rows in TABLE_TWO_GROUPS
    for row, _label in rows
    if row not in CATALOG_ROWS
    for column, _clabel in columns
]

# Table 三.
APPLICANT_COLUMNS = [
    ("natural_person", _("Natural persons")),
    ("business", _("Commercial enterprises")),
    ("research", _("Research institutions")),
    ("public_interest", _("Public-interest organisations")),
    ("legal_service", _("Legal service institutions")),
    ("other_organisation", pgettext_lazy("applicant", "Other")),
]
ORGANISATION_KEYS = [key for key, _label in APPLICANT_COLUMNS[1:]]
TABLE_THREE_COLUMNS = [*APPLICANT_COLUMNS, ("total", _("Total"))]
COLUMN_KEYS = [key for key, _label in TABLE_THREE_COLUMNS]


def outcome_groups():
    """[(heading, [(row key, label)])] from the applications app, or no outcome rows without it."""
    from django.apps import apps

    if not apps.is_installed("govpages.applications"):
        return []
    from govpages.applications.outcomes import OUTCOME_GROUPS

    return [
        (heading, [(outcome.value, outcome.label) for outcome in outcomes])
        for heading, outcomes in OUTCOME_GROUPS
    ]


def outcome_keys():
    return [key for _heading, rows in outcome_groups() for key, _label in rows]


def table_three_rows():
    """[(key, label)] in the report's order."""
    return [
        ("new", _("1. New applications this year")),
        ("carried_over", _("2. Applications carried over from last year")),
        *[
            (key, heading if len(rows) == 1 else label)
            for heading, rows in outcome_groups()
            for key, label in rows
        ],
        ("results_total", _("(7) Total of results")),
        ("carried_forward", _("4. Carried forward to next year")),
    ]


def table_three_row_keys():
    return [key for key, _label in table_three_rows()]


def table_three_label(row):
    return dict(table_three_rows()).get(row, row)


def column_label(column):
    return dict(TABLE_THREE_COLUMNS).get(column, column)


def empty_table_three():
    return {row: dict.fromkeys(COLUMN_KEYS, 0) for row in table_three_row_keys()}


def table_three_from_cases(department, year):
    """Table 三 counted from the department's cases, or all zero without the applications app."""
    from django.apps import apps

    table = empty_table_three()
    if not apps.is_installed("govpages.applications"):
        return table
    from govpages.applications.reports import table_three

    counted = table_three(department, year)
    rows = {
        "new": counted.new,
        "carried_over": counted.carried_over,
        "results_total": counted.results_total,
        "carried_forward": counted.carried_forward,
        **{outcome.value: cells for outcome, cells in counted.outcomes.items()},
    }
    for row, cells in rows.items():
        for column, value in cells.items():
            table[row][str(column)] = value
    return table


# Table 四: (group key, heading, [(column key, label)]).
RESULT_COLUMNS = [
    ("upheld", _("Upheld")),
    ("corrected", _("Corrected")),
    ("other", _("Other results")),
    ("pending", _("Not yet concluded")),
    ("total", _("Total")),
]
TABLE_FOUR_GROUPS = [
    ("review", _("Administrative reconsideration")),
    ("direct_suit", _("Lawsuits without prior reconsideration")),
    ("suit_after_review", _("Lawsuits after reconsideration")),
]
TABLE_FOUR_PARTS = [key for key, _label in RESULT_COLUMNS if key != "total"]


def sum_tables(tables):
    """Cell-by-cell sum of tables of the same shape (missing cells count as 0)."""
    total = {}
    for table in tables:
        for row, cells in table.items():
            target = total.setdefault(row, {})
            for column, value in cells.items():
                target[column] = target.get(column, 0) + (value or 0)
    return total
