"""The one map between a disclosure file's columns and ``DisclosureItemPage``.

Reading (``records.validate_record``), writing (``records.item_to_record``) and the importer's
comparison and update all follow ``FIELDS``: a new field is the model field and one row here.
Lengths, choices and defaults come from the model field the row names.
"""

from dataclasses import dataclass
from functools import cached_property

from ...models import DisclosureItemPage

# Kinds: how a column is read and written.
TEXT = "text"  # a string, no longer than the model field allows
SLUG = "slug"  # text; made from the id when empty
PLAIN = "plain"  # plain text in the file, HTML paragraphs on the page
DATE = "date"  # YYYY-MM-DD; YYYY-MM or YYYY stands for its first day
SOURCE_DATE = "source_date"  # a date kept as written in source_metadata when YYYY-MM or YYYY
CHOICE = "choice"  # a choice's code or its Chinese name
VOCABULARY = "vocabulary"  # the name of the term the field points to
TOPIC = "topic"  # the path of the topic the field points to, "财政、金融、审计 > 财政"
NAMES = "names"  # one name or a list of them: the terms of a many-to-many field
WORDS = "words"  # text, or a list of words joined with spaces

TERM_KINDS = (VOCABULARY, TOPIC)


@dataclass(frozen=True)
class Field:
    column: str  # name in the file: the govdocs corpus's name where it has the field
    attribute: str  # of DisclosureItemPage, and of the ItemRecord read from the file
    kind: str = TEXT
    required: bool = False
    fallback: str = ""  # the column whose value stands in when this one is empty

    @cached_property
    def model_field(self):
        return DisclosureItemPage._meta.get_field(self.attribute)

    @property
    def attname(self):
        return self.model_field.attname

    @cached_property
    def max_length(self):
        if self.kind in (VOCABULARY, NAMES):
            return self.model_field.related_model._meta.get_field("name").max_length
        if self.kind in (TEXT, SLUG, WORDS):
            return self.model_field.max_length
        return None

    @cached_property
    def choices(self):
        """{code: Chinese name}, in the order of the model's choices."""
        names = DisclosureItemPage.choice_names_zh
        return {code: names[code] for code, _label in self.model_field.choices}

    @cached_property
    def default(self):
        """The value of an empty cell."""
        if self.kind == CHOICE:
            return str(self.model_field.default)
        if self.kind == NAMES:
            return []
        if self.kind in (DATE, SOURCE_DATE):
            return None
        return ""


FIELDS = [
    Field("id", "source_id", required=True),
    Field("title", "title", required=True),
    Field("slug", "slug", SLUG),
    Field("summary", "summary"),
    Field("body", "body", PLAIN),
    Field("body_html", "body", fallback="body"),
    Field("category", "genre", VOCABULARY),
    Field("issuer", "issuers", NAMES),
    Field("date", "document_date", SOURCE_DATE),
    Field("publication_date", "publication_date", DATE, fallback="date"),
    Field("doc_number", "doc_number"),
    Field("topic", "topic", TOPIC),
    Field("audience", "audience", VOCABULARY),
    Field("keywords", "keywords", WORDS),
    Field("disclosure_method", "disclosure_method", CHOICE),
    Field("disclosure_scope", "disclosure_scope", CHOICE),
    Field("disclosure_period", "disclosure_period", CHOICE),
    Field("validity", "validity", CHOICE),
    Field("repeal_date", "repeal_date", DATE),
    Field("index_number", "index_number"),
]

FIELDS_BY_COLUMN = {field.column: field for field in FIELDS}


def _first_of_each_attribute(fields):
    first = {}
    for field in fields:
        first.setdefault(field.attribute, field)
    return list(first.values())


# One row an attribute (body has two columns): what an ItemRecord holds.
ATTRIBUTE_FIELDS = _first_of_each_attribute(FIELDS)
