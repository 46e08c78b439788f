"""manage.py govpages_export_disclosures FILE --catalog PATH_OR_ID [--format jsonl|csv]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...catalog.transfer.records import (
    RecordError,
    detect_format,
    item_to_record,
    stdout_stream,
    write_records,
)
from ...models import DisclosureItemPage, TopicCategory
from ._utils import resolve_catalog


class Command(BaseCommand):
    help = (
        "Export a catalog's items to JSONL (optionally .gz) or CSV, readable by import_disclosures."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="Output file (.jsonl, .jsonl.gz, .csv, .csv.gz) or - for stdout"
        )
        parser.add_argument("--catalog", required=True, help="Catalog page id or URL path")
        parser.add_argument("--format", choices=["jsonl", "csv"], help="Override detection")
        parser.add_argument(
            "--live-only", action="store_true", help="Only items that are published"
        )

    def handle(self, *args, **options):
        try:
            catalog = resolve_catalog(options["catalog"])
        except RecordError as error:
            raise CommandError(str(error)) from None
        items = (
            DisclosureItemPage.objects.child_of(catalog)
            .select_related("genre", "audience")
            .prefetch_related("issuers")
            .order_by("path")
        )
        if options["live_only"]:
            items = items.live()
        target = options["file"]
        file_format = options["format"] or ("jsonl" if target == "-" else detect_format(target))
        topic_paths = {topic.pk: path for path, topic in TopicCategory.by_path().items()}
        pairs = (item_to_record(item, topic_paths) for item in items.iterator(chunk_size=200))
        if target == "-":
            stream = stdout_stream()
            count = write_records(stream, pairs, file_format)
            stream.flush()
            return
        count = write_records(Path(target), pairs, file_format)
        self.stdout.write(f"{count} items of “{catalog.title}” written to {target}")
