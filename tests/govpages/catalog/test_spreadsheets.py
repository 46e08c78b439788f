"""Disclosure files as spreadsheets exchange them (issue 17 item 4).

The referees are the tools on the other side: Excel's reading of CSV (a UTF-8 byte order mark,
then what Python's csv module reads with utf-8-sig), files as Excel and WPS save them ("CSV UTF-8"
with a BOM and CRLF, plain "CSV" in GB18030) and openpyxl for .xlsx, both ways.
"""

import csv
import datetime
import gzip
import io
import itertools
import json

import openpyxl
import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from govpages.catalog.transfer.records import KNOWN_FIELDS
from govpages.models import DisclosureItemPage, Organisation

from .test_import_export import DOCS, GOVDOCS, issuers, run_import, state, write_jsonl

__all__ = ["issuers"]  # the fixture, imported for the tests below

BOM = b"\xef\xbb\xbf"
TABLE_COLUMNS = [*KNOWN_FIELDS, "source_metadata"]  # the columns of our CSV and .xlsx files
XLSX_CELL_LIMIT = 32767  # the most characters an Excel cell holds ("Excel specifications")
HEADER = ["id", "title", "body", "category", "issuer", "date", "doc_number"]
ROWS = [
    [
        "c-1",
        "关于印发示范市政府信息公开办法的通知",
        "各区人民政府：\n\n现将《示范市政府信息公开办法》印发给你们，请认真贯彻执行。",
        "通知",
        "示范市财政局;示范市审计局",
        "2023-07-01",
        "示财〔2023〕1号",
    ],
    [
        "c-2",
        "示范市2024年部门预算公开目录（䶮字第一号）",  # 䶮: a GB18030 four-byte character
        "一、收支总表\n\n二、“三公”经费支出",
        "通知",
        "示范市财政局",
        "2024-01-15",
        "",
    ],
]


def corpus_docs(count):
    """The first documents of the shared corpus (real laws and reports), else the two of DOCS."""
    if not GOVDOCS.exists():
        return [dict(doc) for doc in DOCS]
    with gzip.open(GOVDOCS, "rt", encoding="utf-8") as source:
        return [json.loads(line) for line in itertools.islice(source, count)]


def export(catalog, path, *args):
    err = io.StringIO()
    call_command(
        "govpages_export_disclosures",
        str(path),
        "--catalog",
        str(catalog.pk),
        *args,
        stdout=io.StringIO(),
        stderr=err,
    )
    return err.getvalue()


def write_csv(path, rows, encoding="utf-8", lineterminator="\r\n"):
    """A CSV file as a spreadsheet saves it (CRLF line ends; utf-8-sig writes Excel's BOM)."""
    with open(path, "w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream, lineterminator=lineterminator)
        writer.writerows(rows)
    return path


def sheet_rows(path):
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def assert_imported_rows():
    first = DisclosureItemPage.objects.get(source_id="c-1")
    assert first.title == ROWS[0][1]
    assert sorted(first.issuer_names) == ["示范市审计局", "示范市财政局"]
    assert first.body == (
        "<p>各区人民政府：</p><p>现将《示范市政府信息公开办法》印发给你们，请认真贯彻执行。</p>"
    )
    assert first.doc_number == "示财〔2023〕1号"
    assert DisclosureItemPage.objects.get(source_id="c-2").title == ROWS[1][1]


# -- CSV as Excel reads it ------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".csv.gz"])
def test_csv_export_starts_with_a_bom_and_reads_back_as_excel_does(
    catalog, issuers, tmp_path, suffix
):
    run_import(write_jsonl(tmp_path / "in.jsonl", DOCS), catalog.pk, "--publish")
    out = tmp_path / f"out{suffix}"
    export(catalog, out)

    raw = gzip.decompress(out.read_bytes()) if suffix == ".csv.gz" else out.read_bytes()
    assert raw.startswith(BOM + b"id,title,")  # what makes Excel read UTF-8
    with io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        rows = list(reader)
    assert reader.fieldnames == TABLE_COLUMNS
    assert [row["title"] for row in rows] == [doc["title"] for doc in DOCS]
    assert sorted(rows[1]["issuer"].split(";")) == ["示范市审计局", "示范市财政局"]
    assert rows[1]["doc_number"] == "示财预〔2024〕3号"


def test_csv_export_without_bom_on_request(catalog, issuers, tmp_path):
    run_import(write_jsonl(tmp_path / "in.jsonl", DOCS), catalog.pk, "--publish")
    out = tmp_path / "out.csv"
    export(catalog, out, "--no-bom")
    assert out.read_bytes().startswith(b"id,title,")
    assert out.read_text(encoding="utf-8").count("示范市政府信息公开规定") == 1


def test_import_csv_saved_by_excel_as_csv_utf8(catalog, issuers, tmp_path):
    path = write_csv(tmp_path / "docs.csv", [HEADER, *ROWS], encoding="utf-8-sig")
    assert path.read_bytes().startswith(BOM + b"id,")

    summary = run_import(path, catalog.pk, "--publish")

    assert "2 created" in summary
    assert_imported_rows()


@pytest.mark.parametrize("suffix", [".csv", ".csv.gz"])
def test_import_gb18030_csv_with_chinese_text(catalog, tmp_path, suffix):
    docs = corpus_docs(40)
    rows = [HEADER] + [
        [doc["id"], doc["title"], doc["body"], doc["category"], doc.get("issuer", "")]
        + [doc.get("date", ""), doc.get("doc_number", "")]
        for doc in docs
    ]
    rows.append(ROWS[1])
    path = write_csv(tmp_path / "docs.csv", rows, encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # really not UTF-8
    if suffix == ".csv.gz":
        path = tmp_path / "docs.csv.gz"
        path.write_bytes(gzip.compress((tmp_path / "docs.csv").read_bytes()))

    summary = run_import(path, catalog.pk, "--publish", "--create-missing")

    assert f"{len(docs) + 1} created" in summary
    for doc in docs:
        item = DisclosureItemPage.objects.get(source_id=doc["id"])
        assert item.title == doc["title"]
        assert item.genre.name == doc["category"]
        assert doc["body"].split("\n\n")[0].strip()[:30] in item.body
    assert DisclosureItemPage.objects.get(source_id="c-2").title == ROWS[1][1]


def test_csv_keeps_a_body_longer_than_the_csv_module_reads_by_default(catalog, issuers, tmp_path):
    article = "第{}条 行政机关应当依照本条例的规定，主动公开本行政机关的政府信息。"
    body = "\n\n".join(article.format(number) for number in range(1, 4000))
    assert len(body) > 131072  # csv.field_size_limit() by default
    run_import(write_jsonl(tmp_path / "in.jsonl", [dict(DOCS[1], body=body)]), catalog.pk)
    out = tmp_path / "out.csv"
    export(catalog, out)
    DisclosureItemPage.objects.all().delete()
    run_import(out, catalog.pk)
    assert DisclosureItemPage.objects.get(source_id="doc-2").body.count("<p>") == 3999


@pytest.mark.parametrize(
    "data",
    [
        "id,title\nx,䶮\n".encode(),
        "id,title\nx,䶮\n".encode("utf-8-sig"),
        "id,title\nx,䶮\n".encode("gb18030"),
        b"\x84\x31\x95\x33" + "id,title\nx,䶮\n".encode("gb18030"),  # GB18030's own BOM
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "gb18030-bom"],
)
def test_staff_and_disclosure_imports_share_one_decoder(data):
    from govpages.catalog.transfer import records
    from govpages.departments import staff
    from govpages.textfiles import decode

    assert decode(data) == staff.decode(data) == "id,title\nx,䶮\n"
    assert records.decode_text is decode


# -- files in neither encoding ------------------------------------------------------------------

UTF8_LINES = ["id,title", "x-1,示范市政府信息公开规定", "x-2,关于预算公开的通知"]


@pytest.mark.parametrize(
    ("data", "line"),
    [
        # Latin-1 (a Western European code page): é is no UTF-8, and é followed by a line end no
        # GB18030.
        ("id,title\nx-1,Règlement\nx-2,Café\n".encode("latin-1"), 3),
        # "Unicode text" from Excel: UTF-16 with its byte order mark.
        ("\n".join(UTF8_LINES).encode("utf-16"), 1),
        # UTF-8 with one stray Windows-1252 byte on line 4: the line UTF-8 stops at.
        ("\n".join(UTF8_LINES).encode() + "\nx-3,Caf\xe9\n".encode("cp1252"), 4),
    ],
    ids=["latin-1", "utf-16", "utf-8-with-a-cp1252-byte"],
)
def test_undecodable_files_name_the_line_and_the_encodings_tried(
    catalog, issuers, tmp_path, data, line
):
    path = tmp_path / "docs.csv"
    path.write_bytes(data)
    before = state()

    with pytest.raises(CommandError) as error:
        run_import(path, catalog.pk, "--publish")

    message = str(error.value)
    assert message.startswith(f"{path}:{line}: ")
    assert "UTF-8" in message and "GB18030" in message
    assert message.index("UTF-8") < message.index("GB18030")  # in the order they were tried
    assert "\n" not in message
    assert state() == before


def test_undecodable_file_ends_the_command_with_one_line(
    catalog, issuers, tmp_path, capsys, monkeypatch
):
    from django.db import connections

    path = tmp_path / "docs.csv"
    path.write_bytes("id,title\nx-1,Café\n".encode("latin-1"))
    before = state()
    # run_from_argv closes every connection when it ends, the test's own one included (on
    # PostgreSQL the check below would then fail on a closed connection).
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(
            ["manage.py", "govpages_import_disclosures", str(path), "--catalog", str(catalog.pk)]
        ).execute()
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1  # one line, no traceback
    assert err.startswith(f"CommandError: {path}:2: ")
    assert "UTF-8" in err and "GB18030" in err
    assert state() == before


def test_undecodable_staff_file_names_its_line_too():
    """The staff import reads files through the same decoder."""
    from govpages.departments.staff import StaffImportError, decode

    with pytest.raises(StaffImportError) as error:
        decode("username,name\nzs,Zoë\n".encode("latin-1"))
    assert "2" in str(error.value)
    assert "UTF-8" in str(error.value) and "GB18030" in str(error.value)


# -- .xlsx ---------------------------------------------------------------------------------------


def test_import_xlsx_made_by_openpyxl(catalog, issuers, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "信息公开目录"
    sheet.append([*HEADER, "publication_date", "keywords", "validity", None, None])
    sheet.append(ROWS[0])
    sheet.append([])  # a blank row between records
    # Cells as people type them: a number for the id, real dates, a year for the date.
    sheet.append([2024001, ROWS[1][1], ROWS[1][2], "通知", "示范市财政局", 2024, None])
    sheet.cell(row=4, column=8, value=datetime.datetime(2024, 1, 15))
    sheet.cell(row=2, column=8, value=datetime.date(2023, 7, 3))
    sheet.cell(row=4, column=9, value="预算 公开")
    sheet.cell(row=4, column=10, value="有效")
    workbook.create_sheet("说明").append(["只读第一个工作表"])
    path = tmp_path / "docs.xlsx"
    workbook.save(path)

    summary = run_import(path, catalog.pk, "--publish")

    assert "2 created" in summary
    first = DisclosureItemPage.objects.get(source_id="c-1")
    assert sorted(first.issuer_names) == ["示范市审计局", "示范市财政局"]
    assert str(first.document_date) == "2023-07-01"
    assert str(first.publication_date) == "2023-07-03"
    second = DisclosureItemPage.objects.get(source_id="2024001")
    assert second.title == ROWS[1][1]
    assert str(second.publication_date) == "2024-01-15"
    assert second.source_metadata["date"] == "2024"
    assert second.keywords == "预算 公开"
    assert second.validity == "valid"


def test_xlsx_export_reads_back_with_openpyxl(catalog, issuers, tmp_path):
    run_import(write_jsonl(tmp_path / "in.jsonl", DOCS), catalog.pk, "--publish")
    item = DisclosureItemPage.objects.get(source_id="doc-2")
    item.summary = '=HYPERLINK("http://example.com")，不是公式'
    item.save()
    out = tmp_path / "out.xlsx"
    export(catalog, out)

    workbook = openpyxl.load_workbook(out)
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == TABLE_COLUMNS
    records = [dict(zip(TABLE_COLUMNS, row, strict=True)) for row in rows[1:]]
    assert [record["title"] for record in records] == [doc["title"] for doc in DOCS]
    assert sorted(records[1]["issuer"].split(";")) == ["示范市审计局", "示范市财政局"]
    assert records[1]["topic"] == "财政、金融、审计 > 财政"
    assert records[1]["date"] == "2024"
    summary_cell = sheet.cell(row=3, column=TABLE_COLUMNS.index("summary") + 1)
    assert summary_cell.data_type == "s" and summary_cell.value == item.summary  # no formula
    assert json.loads(records[0]["source_metadata"])["history"] == DOCS[0]["history"]
    assert sheet.freeze_panes == "A2"


def test_xlsx_round_trip_export_import_export(catalog, tmp_path):
    docs = corpus_docs(60)
    source = write_jsonl(tmp_path / "in.jsonl", docs)
    run_import(source, catalog.pk, "--publish", "--create-missing")
    first = tmp_path / "first.xlsx"
    export(catalog, first)

    DisclosureItemPage.objects.all().delete()
    summary = run_import(first, catalog.pk, "--publish")
    second = tmp_path / "second.xlsx"
    export(catalog, second)

    assert f"{len(docs)} created" in summary
    assert sheet_rows(second) == sheet_rows(first)
    assert len(sheet_rows(first)) == len(docs) + 1
    for doc in docs[::7]:
        item = DisclosureItemPage.objects.get(source_id=doc["id"])
        assert item.title == doc["title"]
        assert item.issuer_names == ([doc["issuer"]] if doc.get("issuer") else [])


def test_text_longer_than_an_xlsx_cell_is_named_on_export_and_refused_on_import(
    catalog, issuers, tmp_path
):
    article = "第{}条 行政机关应当依照本条例的规定，主动公开本行政机关的政府信息。"
    body = "\n\n".join(article.format(number) for number in range(1, 1200))
    assert len(body) > XLSX_CELL_LIMIT
    run_import(write_jsonl(tmp_path / "in.jsonl", [DOCS[0], dict(DOCS[1], body=body)]), catalog.pk)
    out = tmp_path / "out.xlsx"

    warning = export(catalog, out)

    assert "doc-2" in warning and "doc-1" not in warning
    assert str(XLSX_CELL_LIMIT) in warning
    cut = sheet_rows(out)[2][TABLE_COLUMNS.index("body")]
    assert len(cut) == XLSX_CELL_LIMIT and body.startswith(cut)
    # Importing the cut text would replace the whole body with its beginning: refused.
    before = state()
    with pytest.raises(CommandError) as error:
        run_import(out, catalog.pk, "--publish")
    assert str(error.value).startswith(f"{out}:3: field 'body': {XLSX_CELL_LIMIT} ")
    assert state() == before
    assert DisclosureItemPage.objects.get(source_id="doc-2").body.count("<p>") == 1199


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("docs.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "docs.xls: "),
        ("docs.xlsx", "id,title\nx,标题\n".encode(), "docs.xlsx: "),
        ("docs.csv.gz", b"\x1f\x8b\x08\x00broken", "docs.csv.gz: "),
    ],
    ids=["xls", "csv-named-xlsx", "broken-gzip"],
)
def test_files_that_are_no_spreadsheet_are_refused_in_one_line(
    catalog, issuers, tmp_path, name, data, expected
):
    path = tmp_path / name
    path.write_bytes(data)
    before = state()
    with pytest.raises(CommandError) as error:
        run_import(path, catalog.pk)
    assert str(error.value).startswith(f"{tmp_path}/{expected}")
    assert "\n" not in str(error.value)
    assert state() == before


def test_xlsx_with_a_wrong_header_names_the_columns(catalog, issuers, tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["id", "标题", "body"])
    workbook.active.append(["x", "标题", "正文"])
    workbook.save(tmp_path / "docs.xlsx")
    with pytest.raises(CommandError) as error:
        run_import(tmp_path / "docs.xlsx", catalog.pk)
    assert "docs.xlsx:1: wrong XLSX header: unknown columns '标题'; missing columns 'title'" in (
        str(error.value)
    )
    assert Organisation.objects.count() == len(issuers)
