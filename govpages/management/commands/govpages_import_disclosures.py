"""manage.py govpages_import_disclosures FILE --catalog PATH_OR_ID [--publish]

FILE is JSONL, CSV (both optionally gzipped) or .xlsx; text in UTF-8, with or without BOM, or
GB18030. Any problem with the file ends the command with one line naming its place.
"""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ...catalog.transfer.importer import DisclosureImporter
from ...catalog.transfer.records import FORMATS, RecordError, detect_format, read_records
from ._utils import resolve_catalog


class Command(BaseCommand):
    help = (
        "Import disclosure items from JSONL or CSV (optionally .gz) or .xlsx in the govdocs "
        "field names; text in UTF-8 (with or without BOM) or GB18030. "
        "Idempotent by id (source_id): existing items are updated. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSONL, JSONL.gz, CSV, CSV.gz or XLSX file")
        parser.add_argument(
            "--catalog", required=True, help="Catalog page id or URL path (e.g. /czj/xxgk/)"
        )
        parser.add_argument(
            "--publish", action="store_true", help="Publish the items (assigns index numbers)"
        )
        parser.add_argument("--format", choices=FORMATS, help="Override detection")
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Create unknown organisations and vocabulary terms instead of failing",
        )
        parser.add_argument(
            "--skip-index",
            action="store_true",
            help="Do not update the search index (run govpages_update_index afterwards)",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        started = time.monotonic()
        interactive = self.stdout.isatty()

        def progress(iterable, **kwargs):
            return tqdm(iterable, disable=not interactive, file=sys.stderr, leave=False, **kwargs)

        try:
            if not path.is_file():
                raise RecordError("no such file")
            file_format = detect_format(path, options["format"])
            catalog = resolve_catalog(options["catalog"])
            records = read_records(path, file_format)
            importer = DisclosureImporter(
                catalog,
                publish=options["publish"],
                create_missing=options["create_missing"],
                update_index=not options["skip_index"],
                progress=progress,
            )
            result = importer.run(records)
        except RecordError as error:
            raise CommandError(error.located(path) + "; nothing was imported") from None
        seconds = time.monotonic() - started
        self.stdout.write(self.summary(catalog, len(records), result, seconds))

    def summary(self, catalog, total, result, seconds):
        rate = total / seconds if seconds else 0
        parts = [
            f"{total} records into “{catalog.title}” (id {catalog.pk}) in {seconds:.1f}s "
            f"({rate:.0f}/s): {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.published} published"
        ]
        if result.created_terms:
            parts.append(
                "new terms: "
                + ", ".join(f"{k} {v}" for k, v in sorted(result.created_terms.items()))
            )
        if result.index_skipped:
            parts.append("search index not updated: run `manage.py govpages_update_index`")
        else:
            parts.append(f"{result.indexed} live items indexed")
        return "; ".join(parts)
