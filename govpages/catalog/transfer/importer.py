"""Bulk import of disclosure items into one catalog.

Speed comes from writing pages the way a migration would rather than one ``add_child`` and one
``publish()`` per item: tree paths are computed once, page rows, item rows, issuer links and
revisions are inserted in batches, and index numbers are reserved per (organisation, year) in one
counter update. Per-page signals are therefore not sent. What they would keep in step is kept in
bulk instead: the items that went live (or changed while live) are handed, in batches and inside the
import's transaction, to the functions of the Wagtail hook ``govpages_pages_published_in_bulk``
(the search app writes its facet rows there); the search index is updated in bulk after the
transaction commits (or skipped, in which case ``govpages_update_index`` should follow).
"""

import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from wagtail import hooks
from wagtail.models import Page, Revision
from wagtail.search.backends import get_search_backends

from ...models import (
    DisclosureCatalogPage,
    DisclosureItemPage,
    DocumentGenre,
    Organisation,
    ServiceAudience,
    TopicCategory,
)
from ...models.vocabularies import TOPIC_PATH_SEPARATOR
from ..index_numbers import index_numbers_for, number_items, publication_day
from .fields import ATTRIBUTE_FIELDS, TERM_KINDS
from .records import RecordError

BATCH_SIZE = 200
# hook(pages): the specific pages a bulk write made live or changed while live, with none of the
# per-page signals a publish sends. Called inside the writer's transaction, one batch at a time.
PUBLISHED_IN_BULK_HOOK = "govpages_pages_published_in_bulk"
# Rows of fields.FIELDS held in DisclosureItemPage's own table, written on create and compared
# and rewritten on update. Not the id, which finds the item, nor the index number, which is
# written once; the title is a Page field and the issuers are links, both written apart.
ITEM_ROWS = [
    row
    for row in ATTRIBUTE_FIELDS
    if row.model_field in DisclosureItemPage._meta.local_concrete_fields
    and row.attribute not in ("source_id", "index_number")
]
ITEM_FIELDS = [row.attname for row in ITEM_ROWS] + ["source_metadata"]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    published: int = 0
    indexed: int = 0
    index_seconds: float = 0.0
    index_skipped: bool = False
    created_terms: dict = field(default_factory=dict)
    live_ids: list = field(default_factory=list)


class Vocabulary:
    """Resolves names in the file to vocabulary rows, optionally creating missing ones."""

    def __init__(self, create_missing):
        self.create_missing = create_missing
        self.created = defaultdict(int)
        self.genres = {genre.name: genre for genre in DocumentGenre.objects.all()}
        self.audiences = {audience.name: audience for audience in ServiceAudience.objects.all()}
        self.organisations = {org.name: org for org in Organisation.objects.all()}
        self.topics = TopicCategory.by_path()

    def check(self, records):
        """Raise RecordError for the first name that is unknown (when not creating)."""
        if self.create_missing:
            return
        for record in records:
            for name in record.issuers:
                if name not in self.organisations:
                    raise RecordError(f"unknown organisation {name!r}", record.line, "issuer")
            if record.genre and record.genre not in self.genres:
                raise RecordError(f"unknown genre {record.genre!r}", record.line, "category")
            if record.audience and record.audience not in self.audiences:
                raise RecordError(f"unknown audience {record.audience!r}", record.line, "audience")
            if record.topic and self._topic_key(record.topic) not in self.topics:
                raise RecordError(f"unknown topic {record.topic!r}", record.line, "topic")

    @staticmethod
    def _topic_key(path):
        return TOPIC_PATH_SEPARATOR.join(part.strip() for part in path.split(">") if part.strip())

    def _get_or_create(self, table, model, name, kind):
        if name not in table:
            table[name] = model.objects.create(name=name)
            self.created[kind] += 1
        return table[name]

    def genre(self, name):
        return self._get_or_create(self.genres, DocumentGenre, name, "genres") if name else None

    def audience(self, name):
        if not name:
            return None
        return self._get_or_create(self.audiences, ServiceAudience, name, "audiences")

    def organisation(self, name):
        return self._get_or_create(self.organisations, Organisation, name, "organisations")

    def term(self, row, name):
        """The term a vocabulary column names: each has a method named like its attribute."""
        return getattr(self, row.attribute)(name)

    def topic(self, path):
        if not path:
            return None
        key = self._topic_key(path)
        if key not in self.topics:
            parent = None
            parts = key.split(TOPIC_PATH_SEPARATOR)
            for depth in range(1, len(parts) + 1):
                prefix = TOPIC_PATH_SEPARATOR.join(parts[:depth])
                if prefix not in self.topics:
                    topic = TopicCategory.objects.create(name=parts[depth - 1], parent=parent)
                    self.topics[prefix] = topic
                    self.created["topics"] += 1
                parent = self.topics[prefix]
        return self.topics[key]


class DisclosureImporter:
    def __init__(
        self, catalog, publish=False, create_missing=False, update_index=True, progress=None
    ):
        self.catalog = catalog
        self.publish = publish
        self.vocabulary = Vocabulary(create_missing)
        self.update_index = update_index
        self.progress = progress or (lambda iterable, **kwargs: iterable)
        self.now = timezone.now()
        self.result = ImportResult()

    # -- checks that need the database, done before anything is written --------------------

    def check(self, records):
        self.vocabulary.check(records)
        ids = [record.source_id for record in records]
        existing = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for item in DisclosureItemPage.objects.filter(source_id__in=chunk).select_related(
                "genre", "topic", "audience"
            ):
                existing[item.source_id] = item
        elsewhere = [
            (record, existing[record.source_id])
            for record in records
            if record.source_id in existing
            and not existing[record.source_id].path.startswith(self.catalog.path)
        ]
        if elsewhere:
            record, item = elsewhere[0]
            raise RecordError(
                f"id {record.source_id!r} already belongs to another catalog ({item.url_path})",
                record.line,
                "id",
            )
        self._check_index_numbers(records)
        self._check_slugs(records, existing)
        return existing

    def _check_index_numbers(self, records):
        given = {r.index_number: r for r in records if r.index_number}
        if not given:
            return
        seen = {}
        for record in records:
            if record.index_number and record.index_number in seen:
                raise RecordError(
                    f"duplicate index number {record.index_number!r}", record.line, "index_number"
                )
            seen[record.index_number] = record
        taken = DisclosureItemPage.objects.filter(index_number__in=list(given)).exclude(
            source_id__in=[r.source_id for r in given.values()]
        )
        clash = taken.values_list("index_number", flat=True).first()
        if clash:
            raise RecordError(
                f"index number {clash!r} is used by another item", given[clash].line, "index_number"
            )

    def _check_slugs(self, records, existing):
        new_records = [r for r in records if r.source_id not in existing]
        slugs = {}
        for record in new_records:
            if record.slug in slugs:
                raise RecordError(f"duplicate slug {record.slug!r}", record.line, "slug")
            slugs[record.slug] = record
        taken = Page.objects.child_of(self.catalog).filter(slug__in=list(slugs))
        clash = taken.values_list("slug", flat=True).first()
        if clash:
            raise RecordError(f"slug {clash!r} is used by another page", slugs[clash].line, "slug")

    # -- writing --------------------------------------------------------------------------------

    def run(self, records):
        existing = self.check(records)
        self.given_index_numbers = {r.index_number for r in records if r.index_number}
        with transaction.atomic():
            catalog = DisclosureCatalogPage.objects.select_for_update().get(pk=self.catalog.pk)
            self.catalog = catalog
            new = [r for r in records if r.source_id not in existing]
            old = [r for r in records if r.source_id in existing]
            self._create(new)
            self._update(old, existing)
            self.result.created_terms = dict(self.vocabulary.created)
            self._announce_published()
        if self.update_index:
            self._index()
        else:
            self.result.index_skipped = True
        return self.result

    def _item_values(self, record):
        """ITEM_FIELDS as the record gives them, vocabulary names turned into row ids."""
        values = {}
        for row in ITEM_ROWS:
            value = getattr(record, row.attribute)
            if row.kind in TERM_KINDS:
                value = getattr(self.vocabulary.term(row, value), "pk", None)
            values[row.attname] = value
        values["source_metadata"] = record.source_metadata
        return values

    def _issuer_ids(self, record):
        return [self.vocabulary.organisation(name).pk for name in record.issuers]

    def _create(self, records):
        if not records:
            return
        catalog = self.catalog
        last = Page.objects.child_of(catalog).order_by("-path").values_list("path", flat=True)
        last_path = last.first()
        step = Page._str2int(last_path[-Page.steplen :]) if last_path else 0
        index_numbers = self._new_index_numbers(records)
        page_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
        item_fields = DisclosureItemPage._meta.local_concrete_fields
        for start in self.progress(
            range(0, len(records), BATCH_SIZE), desc="create", unit_scale=BATCH_SIZE
        ):
            batch = records[start : start + BATCH_SIZE]
            items, issuer_ids = [], []
            for record in batch:
                step += 1
                number = record.index_number or index_numbers.get(record.source_id)
                items.append(self._new_item(record, step, number))
                issuer_ids.append(self._issuer_ids(record))
            self._insert_pages(items, page_fields, item_fields)
            self._insert_issuers(items, issuer_ids)
            self._insert_revisions(items, issuer_ids, live=self.publish, created=True)
            self.result.created += len(items)
            if self.publish:
                self.result.published += len(items)
                self.result.live_ids.extend(item.pk for item in items)
        Page.objects.filter(pk=catalog.pk).update(numchild=F("numchild") + len(records))

    def _new_item(self, record, step, index_number):
        """The page of a new record, the catalog's child at ``step``, not yet saved."""
        catalog, depth = self.catalog, self.catalog.depth + 1
        return DisclosureItemPage(
            title=record.title,
            draft_title=record.title,
            slug=record.slug,
            content_type=ContentType.objects.get_for_model(DisclosureItemPage),
            path=Page._get_path(catalog.path, depth, step),
            depth=depth,
            numchild=0,
            url_path=f"{catalog.url_path}{record.slug}/",
            locale_id=catalog.locale_id,
            translation_key=uuid.uuid4(),
            live=self.publish,
            has_unpublished_changes=not self.publish,
            first_published_at=self.now if self.publish else None,
            last_published_at=self.now if self.publish else None,
            latest_revision_created_at=self.now,
            source_id=record.source_id,
            index_number=index_number,
            **self._item_values(record),
        )

    def _new_index_numbers(self, records):
        """{source id: number} for the new records to publish that bring none, by date."""
        if not self.publish:
            return {}
        unnumbered = sorted(
            (record for record in records if not record.index_number),
            key=lambda record: (publication_day(record.publication_date), record.line),
        )
        numbers = index_numbers_for(
            [record.publication_date for record in unnumbered],
            self.catalog.effective_org_code,
            exclude=self.given_index_numbers,
        )
        return dict(zip((record.source_id for record in unnumbered), numbers, strict=True))

    def _insert_pages(self, items, page_fields, item_fields):
        returned = Page._base_manager._insert(
            items, fields=page_fields, returning_fields=Page._meta.db_returning_fields
        )
        if returned and len(returned) == len(items):
            ids = [row[0] for row in returned]
        else:  # a backend that cannot return ids from a bulk insert
            ids = list(
                Page.objects.filter(path__in=[item.path for item in items])
                .order_by("path")
                .values_list("pk", flat=True)
            )
        for item, pk in zip(items, ids, strict=True):
            item.id = item.page_ptr_id = pk
            item._state.adding = False
            item._state.db = connection.alias
        DisclosureItemPage._base_manager._insert(items, fields=item_fields)

    def _insert_issuers(self, items, issuer_ids):
        Through = DisclosureItemPage.issuers.through
        rows = [
            Through(disclosureitempage_id=item.pk, organisation_id=organisation_id)
            for item, ids in zip(items, issuer_ids, strict=True)
            for organisation_id in ids
        ]
        Through.objects.bulk_create(rows)

    def _insert_revisions(self, items, issuer_ids, live, created=False):
        base_type = ContentType.objects.get_for_model(Page)
        item_type = ContentType.objects.get_for_model(DisclosureItemPage)
        revisions = []
        for item, ids in zip(items, issuer_ids, strict=True):
            if created:
                # A new page has no child objects; say so rather than let each relation query.
                for relation in get_all_child_relations(item):
                    setattr(item, relation.get_accessor_name(), [])
                item.issuers = [Organisation(pk=pk) for pk in ids]
            content = item.serializable_data()
            content["issuers"] = ids
            revisions.append(
                Revision(
                    content_type=item_type,
                    base_content_type=base_type,
                    object_id=str(item.pk),
                    content=content,
                    object_str=item.title,
                    created_at=self.now,
                    approved_go_live_at=None,
                )
            )
        # On PostgreSQL Django bulk-inserts through UNNEST(arrays), and psycopg escapes every
        # quote of the JSON content inside an array literal in Python: ten times slower than
        # one plain INSERT per revision, which is what a batch size of 1 gives.
        Revision.objects.bulk_create(
            revisions, batch_size=1 if connection.vendor == "postgresql" else None
        )
        for item, revision in zip(items, revisions, strict=True):
            item.latest_revision_id = revision.pk
            item.latest_revision_created_at = self.now
            if live:
                item.live_revision_id = revision.pk
        self._set_revision_pointers(items)

    @staticmethod
    def _set_revision_pointers(items):
        """One executemany instead of bulk_update's large CASE expression (much faster)."""
        meta, quote = Page._meta, connection.ops.quote_name
        columns = ["latest_revision", "latest_revision_created_at", "live_revision"]
        assignments = ", ".join(f"{quote(meta.get_field(name).column)} = %s" for name in columns)
        sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
        created_field = meta.get_field("latest_revision_created_at")
        rows = [
            (
                item.latest_revision_id,
                created_field.get_db_prep_value(item.latest_revision_created_at, connection),
                item.live_revision_id,
                item.pk,
            )
            for item in items
        ]
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def _update(self, records, existing):
        changed_records = []
        current_issuers = defaultdict(list)
        Through = DisclosureItemPage.issuers.through
        items = [existing[r.source_id] for r in records]
        for start in range(0, len(items), 500):
            chunk = [item.pk for item in items[start : start + 500]]
            for item_id, organisation_id in Through.objects.filter(
                disclosureitempage_id__in=chunk
            ).values_list("disclosureitempage_id", "organisation_id"):
                current_issuers[item_id].append(organisation_id)
        for record in records:
            item = existing[record.source_id]
            values = self._item_values(record)
            issuer_ids = self._issuer_ids(record)
            same = (
                item.title == record.title
                and all(getattr(item, name) == value for name, value in values.items())
                and sorted(current_issuers[item.pk]) == sorted(issuer_ids)
                and (not record.index_number or record.index_number == item.index_number)
                and (item.live or not self.publish)
                and not (self.publish and item.has_unpublished_changes)
            )
            if same:
                self.result.unchanged += 1
                continue
            changed_records.append((record, item, values, issuer_ids))
        for start in self.progress(
            range(0, len(changed_records), BATCH_SIZE), desc="update", unit_scale=BATCH_SIZE
        ):
            self._update_batch(changed_records[start : start + BATCH_SIZE])

    def _update_batch(self, batch):
        """Write new values; a live item imported without --publish only gets a new draft."""
        rows, drafts = ([], []), ([], [])
        for record, item, values, issuer_ids in batch:
            target = self._updated(record, item, values)
            items, issuers = rows if target is item else drafts
            items.append(target)
            issuers.append(issuer_ids)
        unnumbered = [item for item in rows[0] if self.publish and not item.index_number]
        if unnumbered:
            org_code = self.catalog.effective_org_code
            number_items(unnumbered, org_code, exclude=self.given_index_numbers)
        self._write_rows(*rows)
        self._write_drafts(*drafts)
        self.result.updated += len(batch)

    def _updated(self, record, item, values):
        """The item with the record's values, or a draft copy when the live row must stay."""
        writes_row = self.publish or not item.live
        target = item if writes_row else DisclosureItemPage(pk=item.pk)
        if not writes_row:
            # Build the draft from the live row so the revision holds every field.
            for field_obj in DisclosureItemPage._meta.concrete_fields:
                setattr(target, field_obj.attname, getattr(item, field_obj.attname))
            target.has_unpublished_changes = True
        target.title = target.draft_title = record.title
        for name, value in values.items():
            setattr(target, name, value)
        if record.index_number and not item.index_number:
            target.index_number = record.index_number
        if self.publish:
            target.live = True
            target.has_unpublished_changes = False
            target.first_published_at = target.first_published_at or self.now
            target.last_published_at = self.now
        return target

    def _write_rows(self, items, issuer_ids):
        if not items:
            return
        Page.objects.bulk_update(
            items,
            [
                "title",
                "draft_title",
                "live",
                "has_unpublished_changes",
                "first_published_at",
                "last_published_at",
            ],
        )
        DisclosureItemPage.objects.bulk_update(items, ITEM_FIELDS + ["index_number"])
        Through = DisclosureItemPage.issuers.through
        Through.objects.filter(disclosureitempage_id__in=[item.pk for item in items]).delete()
        self._insert_issuers(items, issuer_ids)
        self._insert_revisions(items, issuer_ids, live=self.publish)
        if self.publish:
            self.result.published += len(items)
            self.result.live_ids.extend(item.pk for item in items)

    def _write_drafts(self, items, issuer_ids):
        if items:
            self._insert_revisions(items, issuer_ids, live=False)
            Page.objects.bulk_update(items, ["has_unpublished_changes", "draft_title"])

    # -- what per-page signals would have kept in step -------------------------------------------

    def _live_items(self, ids, desc):
        """The live items of ``ids`` with what the search index and facets read, in batches."""
        for start in self.progress(
            range(0, len(ids), BATCH_SIZE), desc=desc, unit_scale=BATCH_SIZE
        ):
            items = list(
                DisclosureItemPage.objects.filter(pk__in=ids[start : start + BATCH_SIZE])
                .select_related("genre")
                .prefetch_related("issuers")
            )
            for item in items:  # all are the catalog's children
                item.department = self.catalog.department
            yield items

    def _announce_published(self):
        """Run the PUBLISHED_IN_BULK_HOOK functions with the items made or changed live."""
        functions = hooks.get_hooks(PUBLISHED_IN_BULK_HOOK)
        ids = sorted(set(self.result.live_ids))
        if not functions or not ids:
            return
        for items in self._live_items(ids, desc="announce"):
            for function in functions:
                function(items)

    # -- search ----------------------------------------------------------------------------------

    def _index(self):
        """Add live items to every auto-updating search backend in batches."""
        ids = sorted(set(self.result.live_ids))
        backends = list(get_search_backends(with_auto_update=True))
        if not ids or not backends:
            return
        started = time.monotonic()
        for objs in self._live_items(ids, desc="index"):
            for backend in backends:
                backend.add_bulk(DisclosureItemPage, objs)
            self.result.indexed += len(objs)
        self.result.index_seconds = time.monotonic() - started
