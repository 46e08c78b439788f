"""The checks a report must pass before it is published; each problem names its cell."""

from django.utils.translation import gettext as _

from . import tables


def cell_name(table, row, column):
    return _("table %(table)s, row “%(row)s”, column “%(column)s”") % {
        "table": table,
        "row": row,
        "column": column,
    }


def table_three_problems(table):
    problems = []
    outcome_rows = tables.outcome_keys()
    for row in tables.table_three_row_keys():
        cells = table[row]
        parts = sum(cells[key] for key, _label in tables.APPLICANT_COLUMNS)
        if cells["total"] != parts:
            problems.append(
                _("%(cell)s: the total %(total)d is not the sum of the columns, %(parts)d")
                % {
                    "cell": cell_name("三", tables.table_three_label(row), _("Total")),
                    "total": cells["total"],
                    "parts": parts,
                }
            )
    for column in tables.COLUMN_KEYS:
        label = tables.column_label(column)
        results = table["results_total"][column]
        if outcome_rows:
            parts = sum(table[row][column] for row in outcome_rows)
            if results != parts:
                problems.append(
                    _("%(cell)s: %(total)d is not the sum of the results above it, %(parts)d")
                    % {
                        "cell": cell_name("三", tables.table_three_label("results_total"), label),
                        "total": results,
                        "parts": parts,
                    }
                )
        new, carried_over = table["new"][column], table["carried_over"][column]
        carried_forward = table["carried_forward"][column]
        if new + carried_over != results + carried_forward:
            problems.append(
                _(
                    "%(cell)s: new %(new)d + carried over %(over)d ≠ results %(results)d + "
                    "carried forward %(forward)d"
                )
                % {
                    "cell": cell_name("三", tables.table_three_label("carried_forward"), label),
                    "new": new,
                    "over": carried_over,
                    "results": results,
                    "forward": carried_forward,
                }
            )
    return problems


def carried_over_problems(table, last_year):
    problems = []
    for column in tables.COLUMN_KEYS:
        expected = last_year["carried_forward"][column]
        if table["carried_over"][column] != expected:
            problems.append(
                _("%(cell)s: %(value)d, but last year's report carried forward %(expected)d")
                % {
                    "cell": cell_name(
                        "三", tables.table_three_label("carried_over"), tables.column_label(column)
                    ),
                    "value": table["carried_over"][column],
                    "expected": expected,
                }
            )
    return problems


def table_four_problems(table):
    problems = []
    for group, group_label in tables.TABLE_FOUR_GROUPS:
        cells = table[group]
        parts = sum(cells[key] for key in tables.TABLE_FOUR_PARTS)
        if cells["total"] != parts:
            problems.append(
                _("%(cell)s: the total %(total)d is not the sum of the results, %(parts)d")
                % {
                    "cell": cell_name("四", group_label, _("Total")),
                    "total": cells["total"],
                    "parts": parts,
                }
            )
    return problems


def roll_up_problems(report_tables, departments_sum, labels):
    """Cells of a portal-level report that differ from the sum of its departments' reports."""
    problems = []
    for name, table in report_tables.items():
        expected = departments_sum.get(name, {})
        for row, cells in table.items():
            for column, value in cells.items():
                should_be = expected.get(row, {}).get(column, 0)
                if value != should_be:
                    table_name, row_label, column_label = labels(name, row, column)
                    problems.append(
                        _("%(cell)s: %(value)d, but the departments' reports add up to %(sum)d")
                        % {
                            "cell": cell_name(table_name, row_label, column_label),
                            "value": value,
                            "sum": should_be,
                        }
                    )
    return problems
