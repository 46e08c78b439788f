"""Reading and writing disclosure records: JSONL (optionally gzipped) and CSV.

A record uses the field names of the shared ``govdocs.jsonl.gz`` corpus (``id``, ``title``,
``body``, ``category``, ``issuer``, ``date``, ``doc_number`` ...) plus the catalog's own
metadata. Keys the catalog has no field for (``subcategory``, ``history``, ``source_url`` ...)
are kept in the item's ``source_metadata`` and written back on export, so export then import
loses nothing.
"""

import csv
import datetime
import gzip
import io
import json
import re
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path

from django.utils.text import slugify

# Field name in the file -> meaning. Anything else in a JSONL record goes to source_metadata.
KNOWN_FIELDS = [
    "id",
    "title",
    "slug",
    "summary",
    "body",
    "body_html",
    "category",
    "issuer",
    "date",
    "publication_date",
    "doc_number",
    "topic",
    "audience",
    "keywords",
    "disclosure_method",
    "disclosure_scope",
    "disclosure_period",
    "validity",
    "repeal_date",
    "index_number",
]
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
REQUIRED_FIELDS = ["id", "title"]
MULTI_VALUE_SEPARATOR = ";"

CHOICE_FIELDS = {
    "disclosure_method": {"proactive": "主动公开", "on_request": "依申请公开"},
    "disclosure_scope": {"public": "面向社会", "specific": "面向特定对象"},
    "disclosure_period": {"long_term": "长期", "limited": "限时"},
    "validity": {"valid": "有效", "expired": "失效", "repealed": "废止"},
}

MAX_LENGTHS = {
    "id": 100,
    "title": 255,
    "slug": 255,
    "doc_number": 100,
    "keywords": 255,
    "index_number": 64,
    "category": 100,
    "audience": 100,
}

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


@dataclass
class ItemRecord:
    """One validated input record, ready to be written."""

    line: int
    source_id: str
    title: str
    slug: str
    summary: str = ""
    body: str = ""
    genre: str = ""
    issuers: list = field(default_factory=list)
    document_date: datetime.date | None = None
    publication_date: datetime.date | None = None
    doc_number: str = ""
    topic: str = ""
    audience: str = ""
    keywords: str = ""
    disclosure_method: str = "proactive"
    disclosure_scope: str = "public"
    disclosure_period: str = "long_term"
    validity: str = "valid"
    repeal_date: datetime.date | None = None
    index_number: str = ""
    source_metadata: dict = field(default_factory=dict)


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


def _text(data, name, line, default=""):
    value = data.get(name, default)
    if value is None:
        return default
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
    too_long = [item for item in names if len(item) > 100]
    if too_long:
        raise RecordError(f"name longer than 100 characters: {too_long[0][:20]}…", line, name)
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


def validate_record(line, data):
    """Turn one raw dict into an ItemRecord or raise RecordError naming the field."""
    for name in REQUIRED_FIELDS:
        if not _text(data, name, line):
            raise RecordError("missing", line, name)
    source_id = _text(data, "id", line)
    metadata = {
        key: value for key, value in data.items() if key not in KNOWN_FIELDS and value is not None
    }
    document_date, imprecise_date = parse_date(data.get("date"), line, "date")
    if imprecise_date:
        metadata["date"] = imprecise_date
    publication_date, _ = parse_date(data.get("publication_date"), line, "publication_date")
    repeal_date, _ = parse_date(data.get("repeal_date"), line, "repeal_date")
    body_html = _text(data, "body_html", line)
    keywords = data.get("keywords")
    if isinstance(keywords, list):
        data = {**data, "keywords": " ".join(str(word) for word in keywords)}
    return ItemRecord(
        line=line,
        source_id=source_id,
        title=_text(data, "title", line),
        slug=_text(data, "slug", line) or slugify(source_id, allow_unicode=True)[:255] or "item",
        summary=_text(data, "summary", line),
        body=body_html or plain_text_to_html(_text(data, "body", line)),
        genre=_text(data, "category", line),
        issuers=_names(data, "issuer", line),
        document_date=document_date,
        publication_date=publication_date or document_date,
        doc_number=_text(data, "doc_number", line),
        topic=_text(data, "topic", line),
        audience=_text(data, "audience", line),
        keywords=_text(data, "keywords", line),
        disclosure_method=_choice(data, "disclosure_method", line, "proactive"),
        disclosure_scope=_choice(data, "disclosure_scope", line, "public"),
        disclosure_period=_choice(data, "disclosure_period", line, "long_term"),
        validity=_choice(data, "validity", line, "valid"),
        repeal_date=repeal_date,
        index_number=_text(data, "index_number", line),
        source_metadata=metadata,
    )


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


def item_to_record(item, topic_paths=None):
    """The export form of one item (a dict in govdocs field names).

    ``topic_paths`` maps topic ids to their paths, so exporting many items does not walk each
    item's topic ancestors again.
    """
    metadata = dict(item.source_metadata or {})
    imprecise_date = metadata.pop("date", None)
    record = {
        "id": item.source_id or f"page-{item.pk}",
        "title": item.title,
        "slug": item.slug,
        "summary": item.summary,
        "body": html_to_plain_text(item.body),
        "body_html": item.body,
        "category": item.genre.name if item.genre_id else "",
        "issuer": [organisation.name for organisation in item.issuers.all()],
        "date": imprecise_date or (item.document_date.isoformat() if item.document_date else ""),
        "publication_date": item.publication_date.isoformat() if item.publication_date else "",
        "doc_number": item.doc_number,
        "topic": (topic_paths or {}).get(item.topic_id)
        or (item.topic.path if item.topic_id else ""),
        "audience": item.audience.name if item.audience_id else "",
        "keywords": item.keywords,
        "disclosure_method": item.disclosure_method,
        "disclosure_scope": item.disclosure_scope,
        "disclosure_period": item.disclosure_period,
        "validity": item.validity,
        "repeal_date": item.repeal_date.isoformat() if item.repeal_date else "",
        "index_number": item.index_number or "",
    }
    if len(record["issuer"]) == 1:
        record["issuer"] = record["issuer"][0]
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
            row = dict(record)
            if isinstance(row["issuer"], list):
                row["issuer"] = MULTI_VALUE_SEPARATOR.join(row["issuer"])
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
