"""Reading and writing disclosure records: JSONL (optionally gzipped) and CSV.

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
from html import escape, unescape
from pathlib import Path

from django.utils.text import slugify

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


def open_text(path, mode="rt"):
    path = Path(path)
    if path.suffix == ".gz":
        return gzip.open(path, mode, encoding="utf-8", newline="")
    return open(path, mode, encoding="utf-8", newline="")


def detect_format(path, explicit=None):
    if explicit:
        return explicit
    suffixes = [s.lower() for s in Path(path).suffixes if s.lower() != ".gz"]
    if suffixes and suffixes[-1] == ".csv":
        return "csv"
    return "jsonl"


def read_raw_records(path, file_format):
    """Yield (line number, dict) pairs; raise RecordError for malformed lines."""
    with open_text(path) as stream:
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


def _read_csv(stream):
    reader = csv.DictReader(stream)
    columns = reader.fieldnames or []
    allowed = set(KNOWN_FIELDS) | set(GOVDOCS_EXTRA_FIELDS) | {CSV_METADATA_COLUMN}
    unknown = [column for column in columns if column not in allowed]
    missing = [column for column in REQUIRED_FIELDS if column not in columns]
    if unknown or missing:
        problems = []
        if unknown:
            problems.append("unknown columns " + ", ".join(repr(c) for c in unknown))
        if missing:
            problems.append("missing columns " + ", ".join(repr(c) for c in missing))
        raise RecordError("wrong CSV header: " + "; ".join(problems), 1)
    for row in reader:
        number = reader.line_num
        if None in row:
            raise RecordError("more cells than columns", number)
        data = {key: value for key, value in row.items() if value not in (None, "")}
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


def write_records(path_or_stream, pairs, file_format):
    """Write (record, metadata) pairs; JSONL puts metadata at top level, CSV in one JSON column."""
    if isinstance(path_or_stream, (str, Path)):
        with open_text(path_or_stream, "wt") as stream:
            return write_records(stream, pairs, file_format)
    stream = path_or_stream
    count = 0
    if file_format == "csv":
        writer = csv.DictWriter(stream, fieldnames=KNOWN_FIELDS + [CSV_METADATA_COLUMN])
        writer.writeheader()
        for record, metadata in pairs:
            row = {
                key: MULTI_VALUE_SEPARATOR.join(value) if isinstance(value, list) else value
                for key, value in record.items()
            }
            row[CSV_METADATA_COLUMN] = json.dumps(metadata, ensure_ascii=False) if metadata else ""
            writer.writerow(row)
            count += 1
    else:
        for record, metadata in pairs:
            data = {key: value for key, value in record.items() if value not in ("", [], None)}
            data.update({key: value for key, value in metadata.items() if key not in data})
            stream.write(json.dumps(data, ensure_ascii=False) + "\n")
            count += 1
    return count


def stdout_stream():
    return io.TextIOWrapper(open(1, "wb", closefd=False), encoding="utf-8")
