from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from ...ical import ICalImportError, import_calendar
from ...models import EventIndexPage


class Command(BaseCommand):
    help = "Import the events of an .ics file as draft events under an event index page."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the .ics file")
        parser.add_argument(
            "--index", required=True, help="Event index page: its id or its URL path (/events/)"
        )

    def handle(self, *args, **options):
        index_page = self.find_index(options["index"])
        try:
            with open(options["file"], "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}") from error
        try:
            created, skipped, notes = import_calendar(data, index_page)
        except ICalImportError as error:
            raise CommandError(str(error)) from error
        for note in notes:
            self.stdout.write(note)
        self.stdout.write(
            f"Imported {len(created)} event(s) as drafts under '{index_page.title}'; "
            f"skipped {len(skipped)} already known UID(s)."
        )

    def find_index(self, value):
        value = value.strip()
        if value.isdigit():
            page = EventIndexPage.objects.filter(pk=int(value)).first()
        else:
            path = "/" + value.strip("/") + "/" if value.strip("/") else "/"
            page = next(
                (
                    p
                    for p in EventIndexPage.objects.all()
                    if p.url_path.endswith(path) and self._is_site_path(p, path)
                ),
                None,
            )
        if page is None:
            raise CommandError(f"No event index page found for --index {value!r}.")
        return page

    @staticmethod
    def _is_site_path(page, path):
        """Match a site-relative path (/events/) against the page's path below its site root."""
        url_path = page.url_path
        for root in Page.objects.filter(depth=2):
            if url_path.startswith(root.url_path) and url_path[len(root.url_path) - 1 :] == path:
                return True
        return url_path == path
