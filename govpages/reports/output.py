"""The report as a Word file in the paper layout, and each table as a CSV file."""

import csv
import io

from django.http import HttpResponse
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

from govpages.textfiles import BOM

from .layout import report_layout, table_rows

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_title(report):
    return _("%(issuer)s Annual Report on Government Information Disclosure for %(year)d") % {
        "issuer": report.issuer_name,
        "year": report.year,
    }


def section_headings():
    return [
        _("1. Overview"),
        _("2. Proactive disclosure of government information"),
        _("3. Applications for government information received and handled"),
        _("4. Administrative reconsideration and litigation about disclosure"),
        _("5. Main problems and improvements"),
        _("6. Other matters to report"),
    ]


def paragraphs(rich_text):
    """The paragraphs of a rich-text field as plain text (the .docx has no HTML)."""
    import re

    blocks = re.split(r"</(?:p|h[1-6]|li)>|<br\s*/?>", rich_text or "")
    return [text for text in (strip_tags(block).strip() for block in blocks) if text]


def add_table(document, table):
    from docx.shared import Pt

    columns = 1 + len(table.column_labels)
    document.add_paragraph(table.caption, style="Caption")
    grid = document.add_table(rows=0, cols=columns)
    grid.style = "Table Grid"
    header = grid.add_row().cells
    header[0].text = table.header_rows[0][0]["text"]
    for cell, label in zip(header[1:], table.column_labels, strict=True):
        cell.text = label
    for row in table.body:
        cells = grid.add_row().cells
        if "group" in row:
            merged = cells[0].merge(cells[-1])
            merged.text = row["group"]
            continue
        cells[0].text = row["label"]
        for cell, value in zip(cells[1:], row["cells"], strict=True):
            cell.text = str(value["value"])
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(10.5)


def build_docx(report):
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    title = document.add_heading(report_title(report), level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    layout = report_layout(report)
    headings = section_headings()
    texts = {0: report.overview, 4: report.improvements, 5: report.other_matters}
    for index, heading in enumerate(headings):
        document.add_heading(heading, level=1)
        if index in texts:
            for text in paragraphs(texts[index]):
                document.add_paragraph(text)
        elif index == 1:
            for table in layout["two"]:
                add_table(document, table)
        elif index == 2:
            add_table(document, layout["three"])
        else:
            add_table(document, layout["four"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def filename(report, suffix):
    return f"annual-report-{report.year}-{slugify(report.slug) or report.pk}{suffix}"


def docx_response(report):
    response = HttpResponse(build_docx(report), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename(report, ".docx")}"'
    return response


def csv_text(report, key):
    buffer = io.StringIO()
    buffer.write(BOM)
    csv.writer(buffer).writerows(table_rows(report, key))
    return buffer.getvalue()


def csv_response(report, key):
    response = HttpResponse(
        csv_text(report, key).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    name = filename(report, f"-table-{key}.csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
