"""The report's tables laid out once for the page, the .docx and the CSV files.

A table is a caption, header rows of cells ({text, colspan, rowspan, scope, id}) and body rows:
either a group heading ({"group": text}) or a data row ({"id", "label", "cells": [{value,
headers}]}), where ``headers`` lists the ids of the header cells that describe the cell.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import tables


@dataclass
class Table:
    key: str
    caption: str
    header_rows: list
    body: list = field(default_factory=list)
    column_labels: list = field(default_factory=list)

    def data_rows(self):
        return [row for row in self.body if "cells" in row]


def head(text, id, colspan=1, rowspan=1, scope="col"):
    return {"text": str(text), "id": id, "colspan": colspan, "rowspan": rowspan, "scope": scope}


def data_row(prefix, key, label, values, column_ids, extra_headers=()):
    row_id = f"{prefix}-r-{key}"
    return {
        "id": row_id,
        "label": str(label),
        "cells": [
            {"value": value, "headers": " ".join([*extra_headers, row_id, *ids])}
            for value, ids in zip(values, column_ids, strict=True)
        ],
    }


def table_two_tables(report):
    values = report.table_two()
    result = []
    for index, (article, columns, rows) in enumerate(tables.TABLE_TWO_GROUPS, start=1):
        prefix = f"t2-{index}"
        header = [head(_("Content"), f"{prefix}-item")] + [
            head(label, f"{prefix}-c-{key}") for key, label in columns
        ]
        table = Table(
            key=f"2-{index}",
            caption=_("Table 2.%(index)d: %(article)s") % {"index": index, "article": article},
            header_rows=[header],
            column_labels=[str(label) for _key, label in columns],
        )
        for key, label in rows:
            table.body.append(
                data_row(
                    prefix,
                    key,
                    label,
                    [values[key][column] for column, _label in columns],
                    [[f"{prefix}-c-{column}"] for column, _label in columns],
                )
            )
        result.append(table)
    return result


def table_three_table(report):
    values = report.table_three()
    prefix = "t3"
    organisation = f"{prefix}-c-organisations"
    column_ids = [
        [f"{prefix}-c-{key}"]
        if key not in tables.ORGANISATION_KEYS
        else [organisation, f"{prefix}-c-{key}"]
        for key in tables.COLUMN_KEYS
    ]
    header_rows = [
        [
            head(_("Item"), f"{prefix}-item", rowspan=2),
            head(tables.APPLICANT_COLUMNS[0][1], f"{prefix}-c-natural_person", rowspan=2),
            head(
                _("Legal persons or other organisations"),
                organisation,
                colspan=len(tables.ORGANISATION_KEYS),
                scope="colgroup",
            ),
            head(_("Total"), f"{prefix}-c-total", rowspan=2),
        ],
        [head(label, f"{prefix}-c-{key}") for key, label in tables.APPLICANT_COLUMNS[1:]],
    ]
    table = Table(
        key="3",
        caption=_("Table 3: applications received and handled"),
        header_rows=header_rows,
        column_labels=[str(label) for _key, label in tables.TABLE_THREE_COLUMNS],
    )
    labels = dict(tables.table_three_rows())

    def add(key, extra=()):
        table.body.append(
            data_row(
                prefix,
                key,
                labels[key],
                [values[key][column] for column in tables.COLUMN_KEYS],
                column_ids,
                extra,
            )
        )

    add("new")
    add("carried_over")
    results = f"{prefix}-g-results"
    table.body.append({"group": _("3. Results this year"), "id": results, "level": 1})
    for index, (heading, rows) in enumerate(tables.outcome_groups()):
        if len(rows) == 1:
            key, _label = rows[0]
            table.body.append(
                data_row(
                    prefix,
                    key,
                    heading,
                    [values[key][column] for column in tables.COLUMN_KEYS],
                    column_ids,
                    [results],
                )
            )
            continue
        group_id = f"{prefix}-g-{index}"
        table.body.append({"group": str(heading), "id": group_id, "level": 2})
        for number, (key, label) in enumerate(rows, start=1):
            table.body.append(
                data_row(
                    prefix,
                    key,
                    f"{number}. {short_outcome(label)}",
                    [values[key][column] for column in tables.COLUMN_KEYS],
                    column_ids,
                    [results, group_id],
                )
            )
    add("results_total", [results])
    add("carried_forward")
    return table


def short_outcome(label):
    """The row label under its group heading: "不予公开：属于国家秘密" → "属于国家秘密"."""
    text = str(label)
    for separator in ("：", ": "):
        if separator in text:
            return text.split(separator, 1)[1]
    return text


def table_four_table(report):
    values = report.table_four()
    prefix = "t4"
    header_rows = [
        [head(_("Category"), f"{prefix}-item")]
        + [head(label, f"{prefix}-c-{key}") for key, label in tables.RESULT_COLUMNS]
    ]
    table = Table(
        key="4",
        caption=_("Table 4: administrative reconsideration and litigation"),
        header_rows=header_rows,
        column_labels=[str(label) for _key, label in tables.RESULT_COLUMNS],
    )
    for group, label in tables.TABLE_FOUR_GROUPS:
        table.body.append(
            data_row(
                prefix,
                group,
                label,
                [values[group][column] for column, _label in tables.RESULT_COLUMNS],
                [[f"{prefix}-c-{column}"] for column, _label in tables.RESULT_COLUMNS],
            )
        )
    return table


def report_layout(report):
    return {
        "two": table_two_tables(report),
        "three": table_three_table(report),
        "four": table_four_table(report),
        "applications_installed": bool(tables.outcome_groups()),
    }


def table_rows(report, key):
    """The rows of one table for a CSV file: a header row, then one row per data row."""
    layout = report_layout(report)
    if key == "2":
        rows = [[_("Article"), _("Content"), _("Indicator"), _("Value")]]
        for table, (article, _c, _r) in zip(layout["two"], tables.TABLE_TWO_GROUPS, strict=True):
            for row in table.data_rows():
                for label, cell in zip(table.column_labels, row["cells"], strict=True):
                    rows.append([str(article), row["label"], label, cell["value"]])
        return rows
    table = layout["three"] if key == "3" else layout["four"]
    rows = [[_("Item"), *table.column_labels]]
    for row in table.data_rows():
        rows.append([row["label"], *[cell["value"] for cell in row["cells"]]])
    return rows
