"""manage.py govpages_export_disclosures FILE --catalog PATH_OR_ID [--format jsonl|csv|xlsx]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...catalog.transfer.records import (
    FORMATS,
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
        "Export a catalog's items to JSONL or CSV (optionally .gz) or .xlsx, readable by "
        "import_disclosures. CSV starts with a byte order mark so that Excel reads it as UTF-8."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="Output file (.jsonl, .jsonl.gz, .csv, .csv.gz, .xlsx) or - for stdout"
        )
        parser.add_argument("--catalog", required=True, help="Catalog page id or URL path")
        parser.add_argument("--format", choices=FORMATS, help="Override detection")
        parser.add_argument(
            "--no-bom",
            action="store_true",
            help="CSV without the UTF-8 byte order mark (for tools other than Excel)",
        )
        parser.add_argument(
            "--live-only", action="store_true", help="Only items that are published"
        )

    def handle(self, *args, **options):
        target = options["file"]
        try:
            catalog = resolve_catalog(options["catalog"])
            file_format = options["format"] or ("jsonl" if target == "-" else detect_format(target))
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
        topic_paths = {topic.pk: path for path, topic in TopicCategory.by_path().items()}
        pairs = (item_to_record(item, topic_paths) for item in items.iterator(chunk_size=200))
        bom, warn = not options["no_bom"], self.stderr.write
        if target == "-":
            stream = stdout_stream(binary=file_format == "xlsx")
            write_records(stream, pairs, file_format, bom=bom, warn=warn)
            stream.flush()
            return
        count = write_records(Path(target), pairs, file_format, bom=bom, warn=warn)
        self.stdout.write(f"{count} items of “{catalog.title}” written to {target}")
