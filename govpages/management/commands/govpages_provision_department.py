from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext
from wagtail.models import Page

from ...departments.provisioning import DepartmentSpec, ProvisioningError, provision_department
from ._utils import find_page

CONTACT_OPTIONS = ("address", "office_hours", "phone", "fax", "email", "website")


class Command(BaseCommand):
    help = (
        "Create or update a department: its page, editors and reviewers groups with page "
        "permissions on its subtree, a collection for its media and a moderation workflow. "
        "Running it again with the same input changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org-code", required=True, help="organisation code or USCC")
        parser.add_argument("--name", required=True, help="full name, e.g. 示范市财政局")
        parser.add_argument("--short-name", help="short name, e.g. 市财政局")
        parser.add_argument(
            "--parent", help="ID or URL path of the parent page (default: the site's home page)"
        )
        parser.add_argument("--slug", default="", help="URL slug (default: from the name)")
        parser.add_argument(
            "--rename",
            action="store_true",
            help="rename an existing department found by its organisation code",
        )
        for option in CONTACT_OPTIONS:
            parser.add_argument(f"--{option.replace('_', '-')}")

    def handle(self, *args, **options):
        spec = DepartmentSpec(
            org_code=options["org_code"],
            name=options["name"],
            short_name=options["short_name"],
            parent=self.find_parent(options["parent"]),
            slug=options["slug"],
            **{option: options[option] for option in CONTACT_OPTIONS},
        )
        try:
            result = provision_department(spec, rename=options["rename"])
        except ProvisioningError as error:
            raise CommandError(str(error)) from None
        department = result.department
        if result.created:
            verb = "Created"
        elif result.changes:
            verb = "Updated"
        else:
            verb = "Unchanged"
        self.stdout.write(
            f"{verb}: {department.title} ({department.org_code}), page {department.pk}, "
            f"{len(result.changes)} change(s)"
        )

    def find_parent(self, value):
        """A page ID, or a URL path such as /departments/ (see find_page)."""
        if not value:
            return None
        page = find_page(Page, value)
        if page is None:
            raise CommandError(gettext("Parent page not found: %(value)s") % {"value": value})
        return page
