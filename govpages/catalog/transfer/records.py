"""Reading and writing disclosure records: JSONL, CSV (both optionally gzipped) and .xlsx.

A record uses the field names of the shared ``govdocs.jsonl.gz`` corpus (``id``, ``title``,
``body``, ``category``, ``issuer``, ``date``, ``doc_number`` ...) plus the catalog's own
metadata. Keys the catalog has no field for (``subcategory``, ``history``, ``source_url`` ...)
are kept in the item's ``source_metadata`` and written back on export, so export then import
loses nothing.
"""

import csv
import dataclasses
import datetime
import gzip
import io
import json
import re
import zipfile
from html import escape, unescape
from pathlib import Path

import openpyxl
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.exceptions import InvalidFileException

from ...textfiles import BOM, UndecodableText
from ...textfiles import decode as decode_text
from .fields import (
    ATTRIBUTE_FIELDS,
    CHOICE,
    DATE,
    FIELDS,
    FIELDS_BY_COLUMN,
    NAMES,
    PLAIN,
    SLUG,
    SOURCE_DATE,
    TOPIC,
    VOCABULARY,
    WORDS,
)

# The columns a record may have, their meaning and limits: fields.FIELDS. Anything else in a
# JSONL record goes to source_metadata.
KNOWN_FIELDS = [field.column for field in FIELDS]
# govdocs fields without a catalog counterpart; CSV files may carry them as columns.
GOVDOCS_EXTRA_FIELDS = [
    "subcategory",
    "first_date",
    "history",
    "source_url",
    "source_repo",
    "source_commit",
    "source_path",
    "license",
]
CSV_METADATA_COLUMN = "source_metadata"
REQUIRED_FIELDS = [field.column for field in FIELDS if field.required]
MULTI_VALUE_SEPARATOR = ";"
CHOICE_FIELDS = {field.column: field.choices for field in FIELDS if field.kind == CHOICE}
MAX_LENGTHS = {field.column: field.max_length for field in FIELDS if field.max_length}
# A column standing in for another of its attribute (body for body_html) is read through that one.
_STAND_INS = {(field.fallback, field.attribute) for field in FIELDS if field.fallback}
READ_FIELDS = [field for field in FIELDS if (field.column, field.attribute) not in _STAND_INS]

DATE_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), "day"),
    (re.compile(r"^(\d{4})-(\d{1,2})$"), "month"),
    (re.compile(r"^(\d{4})$"), "year"),
]


class RecordError(ValueError):
    """A problem in the input, with the place it was found."""

    def __init__(self, message, line=None, field=None):
        self.line, self.field = line, field
        super().__init__(message)

    def located(self, filename):
        place = f"{filename}:{self.line}" if self.line else filename
        where = f" field '{self.field}':" if self.field else ""
        return f"{place}:{where} {self.args[0]}"


def _record_attribute(field):
    if field.required:
        return field.attribute, str
    if field.kind == NAMES:
        return field.attribute, list, dataclasses.field(default_factory=list)
    if field.kind in (DATE, SOURCE_DATE):
        return field.attribute, datetime.date | None, None
    return field.attribute, str, field.default


ItemRecord = dataclasses.make_dataclass(
    "ItemRecord",
    [
        ("line", int),
        *(_record_attribute(field) for field in ATTRIBUTE_FIELDS),
        ("source_metadata", dict, dataclasses.field(default_factory=dict)),
    ],
    namespace={"__doc__": "One validated input record, ready to be written."},
)
ItemRecord.__module__ = __name__


# -- reading ---------------------------------------------------------------------------------

FORMATS = ("jsonl", "csv", "xlsx")
# The most characters an .xlsx cell holds (Excel's limit, which openpyxl enforces too).
XLSX_CELL_LIMIT = 32_767


def open_text(path, mode="rt"):
    path = Path(path)
    if path.suffix == ".gz":
        return gzip.open(path, mode, encoding="utf-8", newline="")
    return open(path, mode, encoding="utf-8", newline="")


def open_binary(path, mode="rb"):
    path = Path(path)
    return gzip.open(path, mode) if path.suffix == ".gz" else open(path, mode)


def detect_format(path, explicit=None):
    if explicit:
        return explicit
    suffixes = [s.lower() for s in Path(path).suffixes if s.lower() != ".gz"]
    last = suffixes[-1] if suffixes else ""
    if last == ".xls":
        raise RecordError(
            gettext("Excel 97-2003 workbooks (.xls) are not supported: use .xlsx or CSV UTF-8")
        )
    if last in (".csv", ".xlsx"):
        return last[1:]
    return "jsonl"


def read_bytes(path):
    """The file's bytes, gunzipped when its name ends in .gz."""
    try:
        with open_binary(path) as stream:
            return stream.read()
    except (OSError, EOFError) as error:  # gzip.BadGzipFile is an OSError
        raise RecordError(gettext("cannot read the file (%s)") % error) from None


def read_text(path):
    """The file's text: UTF-8 with or without BOM, or GB18030 (what spreadsheets save)."""
    data = read_bytes(path)
    try:
        return decode_text(data)
    except UndecodableText as error:
        raise RecordError(error.problem, error.line) from None


def read_raw_records(path, file_format):
    """Yield (line number, dict) pairs; raise RecordError for malformed lines.

    A line of an .xlsx file is a row of its first sheet.
    """
    if file_format == "xlsx":
        yield from _read_xlsx(path)
        return
    stream = io.StringIO(read_text(path), newline="")
    if file_format == "csv":
        yield from _read_csv(stream)
    else:
        yield from _read_jsonl(stream)


def _read_jsonl(stream):
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise RecordError(
                f"malformed JSON ({error.msg}, column {error.colno})", number
            ) from None
        if not isinstance(data, dict):
            raise RecordError("a line must hold a JSON object", number)
        yield number, data


# The csv module refuses fields over 128 KiB by default, less than the body of a long law.
CSV_FIELD_LIMIT = 64 * 1024 * 1024


def _csv_rows(stream):
    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)  # process-wide, but only ever raised
    reader = csv.reader(stream)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise RecordError(f"malformed CSV ({error})", reader.line_num) from None
        yield reader.line_num, cells


def _read_csv(stream):
    yield from _read_table(_csv_rows(stream), "CSV")


def _cell_text(value):
    """A spreadsheet cell as the text a CSV file would hold: dates as YYYY-MM-DD, whole numbers
    without a decimal point (an id or a year typed as a number)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time.min:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# What openpyxl raises for a file that is not a workbook, or a broken one.
XLSX_ERRORS = (
    zipfile.BadZipFile,
    InvalidFileException,
    KeyError,
    ValueError,
    TypeError,
    SyntaxError,  # xml.etree's ParseError
    OSError,
)


def _read_xlsx(path):
    data = read_bytes(path)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except XLSX_ERRORS as error:
        raise RecordError(
            gettext("not an .xlsx workbook (%s); save it from the spreadsheet as .xlsx")
            % type(error).__name__
        ) from None
    try:
        if not workbook.worksheets:
            raise RecordError(gettext("the workbook has no sheet"))
        sheet = workbook.worksheets[0]
        rows = (
            (number, [_cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        )
        try:
            yield from _read_table(rows, "XLSX", cell_limit=XLSX_CELL_LIMIT)
        except RecordError:
            raise
        except XLSX_ERRORS as error:
            raise RecordError(
                gettext("broken .xlsx workbook (%s)") % type(error).__name__
            ) from None
    finally:
        workbook.close()


def _header(cells):
    columns = [cell.strip() for cell in cells]
    while columns and not columns[-1]:  # spreadsheets keep empty columns that were formatted
        columns.pop()
    return columns


def _read_table(rows, kind, cell_limit=None):
    """Records of a table: (line, cells) pairs, the header first. Empty rows are skipped.

    A cell as long as ``cell_limit`` was most likely cut by the spreadsheet: it is refused,
    so that an item's whole text is never replaced with its beginning.
    """
    columns, header_line = [], 1
    for line, cells in rows:
        columns, header_line = _header(cells), line
        if columns:
            break
    allowed = set(KNOWN_FIELDS) | set(GOVDOCS_EXTRA_FIELDS) | {CSV_METADATA_COLUMN}
    unknown = [column for column in columns if column not in allowed]
    missing = [column for column in REQUIRED_FIELDS if column not in columns]
    if unknown or missing:
        problems = []
        if unknown:
            problems.append("unknown columns " + ", ".join(repr(c) for c in unknown))
        if missing:
            problems.append("missing columns " + ", ".join(repr(c) for c in missing))
        raise RecordError(f"wrong {kind} header: " + "; ".join(problems), header_line)
    width = len(columns)
    for number, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if any(cell.strip() for cell in cells[width:]):
            raise RecordError("more cells than columns", number)
        data = {key: value for key, value in zip(columns, cells, strict=False) if value != ""}
        if cell_limit:
            for key, value in data.items():
                if len(value) >= cell_limit:
                    raise RecordError(
                        gettext(
                            "%(length)d characters, all that an .xlsx cell holds: the text was "
                            "probably cut; import this item from CSV or JSONL"
                        )
                        % {"length": len(value)},
                        number,
                        key,
                    )
        metadata = data.pop(CSV_METADATA_COLUMN, None)
        if metadata:
            try:
                extra = json.loads(metadata)
            except json.JSONDecodeError as error:
                raise RecordError(
                    f"malformed JSON ({error.msg})", number, CSV_METADATA_COLUMN
                ) from None
            if not isinstance(extra, dict):
                raise RecordError("must be a JSON object", number, CSV_METADATA_COLUMN)
            data = {**extra, **data}
        if isinstance(data.get("history"), str) and data["history"].startswith("["):
            try:
                data["history"] = json.loads(data["history"])
            except json.JSONDecodeError:
                pass
        yield number, data


# -- validation -------------------------------------------------------------------------------


def parse_date(value, line, name):
    """A date from YYYY-MM-DD (or YYYY-MM, YYYY); returns (date, original if imprecise)."""
    if value in (None, ""):
        return None, None
    if not isinstance(value, str):
        raise RecordError(f"unparseable date {value!r}", line, name)
    text = value.strip()
    for pattern, precision in DATE_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        parts = [int(part) for part in match.groups()] + [1] * (3 - len(match.groups()))
        try:
            parsed = datetime.date(*parts)
        except ValueError:
            break
        return parsed, (None if precision == "day" else text)
    raise RecordError(f"unparseable date {value!r} (expected YYYY-MM-DD)", line, name)


def _text(data, name, line):
    value = data.get(name, "")
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise RecordError(f"expected text, got {type(value).__name__}", line, name)
    value = value.strip()
    limit = MAX_LENGTHS.get(name)
    if limit and len(value) > limit:
        raise RecordError(f"longer than {limit} characters", line, name)
    return value


def _names(data, name, line):
    value = data.get(name)
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = re.split(r"[;；]", value)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RecordError("expected a name or a list of names", line, name)
    names = [item.strip() for item in value if item.strip()]
    limit = MAX_LENGTHS[name]
    too_long = [item for item in names if len(item) > limit]
    if too_long:
        raise RecordError(f"name longer than {limit} characters: {too_long[0][:20]}…", line, name)
    return list(dict.fromkeys(names))


def _choice(data, name, line, default):
    value = _text(data, name, line)
    if not value:
        return default
    choices = CHOICE_FIELDS[name]
    if value in choices:
        return value
    for code, label in choices.items():
        if value == label:
            return code
    allowed = ", ".join(f"{code}/{label}" for code, label in choices.items())
    raise RecordError(f"unknown value {value!r} (allowed: {allowed})", line, name)


def _words(data, name, line):
    value = data.get(name)
    if isinstance(value, list):
        data = {name: " ".join(str(word) for word in value)}
    return _text(data, name, line)


def plain_text_to_html(text):
    """Paragraphs separated by blank lines become <p>; single line breaks become <br/>."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    return "".join(
        "<p>" + "<br/>".join(escape(line.strip()) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )


def html_to_plain_text(html):
    text = re.sub(r"<br\s*/?>", "\n", html)
    text = re.sub(r"</(p|h[1-6]|li|div|blockquote)>", "\n\n", text)
    text = unescape(re.sub(r"<[^>]+>", "", text))
    return "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", text) if p.strip())


def _read(data, field, line, values, metadata):
    """The value of one column, or of its fallback when it is empty."""
    name, kind = field.column, field.kind
    if kind in (DATE, SOURCE_DATE):
        value, as_written = parse_date(data.get(name), line, name)
        if as_written and kind == SOURCE_DATE:
            metadata[name] = as_written
    elif kind == CHOICE:
        value = _choice(data, name, line, field.default)
    elif kind == NAMES:
        value = _names(data, name, line)
    elif kind == WORDS:
        value = _words(data, name, line)
    else:
        value = _text(data, name, line)
        if kind == PLAIN:
            value = plain_text_to_html(value)
        elif kind == SLUG and not value:
            value = slugify(values["source_id"], allow_unicode=True)[: field.max_length] or "item"
    if not value and field.fallback:
        stand_in = FIELDS_BY_COLUMN[field.fallback]
        if stand_in.attribute in values:
            return values[stand_in.attribute]
        return _read(data, stand_in, line, values, metadata)
    return value


def validate_record(line, data):
    """Turn one raw dict into an ItemRecord or raise RecordError naming the field."""
    for name in REQUIRED_FIELDS:
        if not _text(data, name, line):
            raise RecordError("missing", line, name)
    metadata = {
        key: value for key, value in data.items() if key not in KNOWN_FIELDS and value is not None
    }
    values = {}
    for field in READ_FIELDS:
        values[field.attribute] = _read(data, field, line, values, metadata)
    return ItemRecord(line=line, **values, source_metadata=metadata)


def read_records(path, file_format):
    """Validate the whole file first: the caller writes nothing unless every line is good."""
    records, first_line_of = [], {}
    for line, data in read_raw_records(path, file_format):
        record = validate_record(line, data)
        if record.source_id in first_line_of:
            first = first_line_of[record.source_id]
            raise RecordError(
                f"duplicate id {record.source_id!r} (first on line {first})",
                line,
                "id",
            )
        first_line_of[record.source_id] = line
        records.append(record)
    return records


# -- writing ---------------------------------------------------------------------------------


def _written(item, field, metadata, topic_paths):
    """One column's value in the export form; a date kept as written is taken from metadata."""
    kind, value = field.kind, getattr(item, field.attname)
    if kind == NAMES:
        names = [term.name for term in value.all()]
        return names[0] if len(names) == 1 else names
    if kind == VOCABULARY:
        return getattr(item, field.attribute).name if value else ""
    if kind == TOPIC:
        path = (topic_paths or {}).get(value)
        return path or (getattr(item, field.attribute).path if value else "")
    if kind in (DATE, SOURCE_DATE):
        as_written = metadata.pop(field.column, None) if kind == SOURCE_DATE else None
        return as_written or (value.isoformat() if value else "")
    if kind == PLAIN:
        return html_to_plain_text(value)
    return value or ""


def item_to_record(item, topic_paths=None):
    """The export form of one item (a dict in govdocs field names).

    ``topic_paths`` maps topic ids to their paths, so exporting many items does not walk each
    item's topic ancestors again.
    """
    metadata = dict(item.source_metadata or {})
    record = {field.column: _written(item, field, metadata, topic_paths) for field in FIELDS}
    record["id"] = record["id"] or f"page-{item.pk}"
    return record, metadata


TABLE_COLUMNS = KNOWN_FIELDS + [CSV_METADATA_COLUMN]


def _table_row(record, metadata):
    """The cells of one record in a CSV or .xlsx file: lists joined, metadata as JSON."""
    row = {
        key: MULTI_VALUE_SEPARATOR.join(value) if isinstance(value, list) else value
        for key, value in record.items()
    }
    row[CSV_METADATA_COLUMN] = json.dumps(metadata, ensure_ascii=False) if metadata else ""
    return row


def write_records(path_or_stream, pairs, file_format, bom=True, warn=None):
    """Write (record, metadata) pairs; JSONL puts metadata at top level, CSV and .xlsx in one
    JSON column. CSV starts with a byte order mark unless ``bom`` is false: without it Excel
    reads UTF-8 as the Windows code page. An .xlsx stream must be binary. ``warn`` is called with
    a sentence about anything Excel will not show as written."""
    if isinstance(path_or_stream, (str, Path)):
        if file_format == "xlsx":
            with open_binary(path_or_stream, "wb") as stream:
                return write_records(stream, pairs, file_format, warn=warn)
        with open_text(path_or_stream, "wt") as stream:
            return write_records(stream, pairs, file_format, bom=bom)
    stream = path_or_stream
    if file_format == "xlsx":
        return _write_xlsx(stream, pairs, warn)
    count = 0
    if file_format == "csv":
        if bom:
            stream.write(BOM)
        writer = csv.DictWriter(stream, fieldnames=TABLE_COLUMNS)
        writer.writeheader()
        for record, metadata in pairs:
            writer.writerow(_table_row(record, metadata))
            count += 1
    else:
        for record, metadata in pairs:
            data = {key: value for key, value in record.items() if value not in ("", [], None)}
            data.update({key: value for key, value in metadata.items() if key not in data})
            stream.write(json.dumps(data, ensure_ascii=False) + "\n")
            count += 1
    return count


def _write_xlsx(stream, pairs, warn=None):
    """One sheet, the header row frozen, every cell text (a title starting with "=" is no
    formula). Control characters other than tab and line breaks cannot be stored in .xlsx and are
    left out. A cell holds at most XLSX_CELL_LIMIT characters: longer text is cut, the items are
    named through ``warn``, and the import refuses such a cell rather than store the cut text."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("items")
    sheet.freeze_panes = "A2"
    sheet.append(TABLE_COLUMNS)
    count, cut = 0, []
    for record, metadata in pairs:
        row = _table_row(record, metadata)
        cells = []
        for column in TABLE_COLUMNS:
            text = ILLEGAL_CHARACTERS_RE.sub("", str(row[column] or ""))
            if not text:
                cells.append(None)
                continue
            if len(text) > XLSX_CELL_LIMIT:
                text = text[:XLSX_CELL_LIMIT]
                if record["id"] not in cut[-1:]:
                    cut.append(record["id"])
            cell = WriteOnlyCell(sheet, value=text)
            cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
        count += 1
    workbook.save(stream)
    if cut and warn is not None:
        shown = ", ".join(cut[:10]) + (" …" if len(cut) > 10 else "")
        message = ngettext(
            "%(count)d item has text longer than the %(limit)d characters an .xlsx cell holds "
            "(%(ids)s): it is cut in this file, and importing the file refuses it; export to "
            "CSV or JSONL to keep the whole text",
            "%(count)d items have text longer than the %(limit)d characters an .xlsx cell holds "
            "(%(ids)s): it is cut in this file, and importing the file refuses them; export to "
            "CSV or JSONL to keep the whole text",
            len(cut),
        )
        warn(message % {"count": len(cut), "limit": XLSX_CELL_LIMIT, "ids": shown})
    return count


def stdout_stream(binary=False):
    if binary:
        return open(1, "wb", closefd=False)
    return io.TextIOWrapper(open(1, "wb", closefd=False), encoding="utf-8")
