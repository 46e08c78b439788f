from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from ...departments.staff import StaffImportError, decode, import_staff, read_rows


class Command(BaseCommand):
    help = (
        "Create or update department staff from a CSV file with the columns "
        "username,name,email,department,role (department: organisation code or name; "
        "role: editor/编辑 or reviewer/审核). One bad row aborts the import; nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file (UTF-8 or GB18030)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                gettext("Cannot read %(path)s: %(error)s") % {"path": path, "error": error.strerror}
            ) from None
        try:
            rows = read_rows(decode(data))
        except StaffImportError as error:
            raise CommandError(f"{path.name}: {error}") from None
        summary = import_staff(rows)
        self.stdout.write(
            f"{len(rows)} staff: {summary.created} created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged"
        )
