from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from govpages.models import DepartmentPage

from ...export import to_csv, to_xlsx


class Command(BaseCommand):
    help = "Export a department's application cases of a year (CSV or XLSX, by the file name)."

    def add_arguments(self, parser):
        parser.add_argument("output", help="the file to write: .csv or .xlsx")
        parser.add_argument("--department", required=True, help="organisation code or page id")
        parser.add_argument("--year", type=int, required=True)

    def handle(self, output, department, year, **options):
        found = DepartmentPage.objects.filter(org_code=department).first()
        if found is None and department.isdigit():
            found = DepartmentPage.objects.filter(pk=int(department)).first()
        if found is None:
            raise CommandError(f"no department with organisation code or id {department!r}")
        path = Path(output)
        writers = {".csv": to_csv, ".xlsx": to_xlsx}
        if path.suffix.lower() not in writers:
            raise CommandError(f"{output}: the file name must end in .csv or .xlsx")
        try:
            path.write_bytes(writers[path.suffix.lower()](found, year))
        except OSError as error:
            raise CommandError(f"{output}: {error.strerror}") from None
        self.stdout.write(f"{path}: cases of {found.title}, {year}")
