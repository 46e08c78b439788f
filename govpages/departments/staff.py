"""Importing department staff from a CSV file (``manage.py govpages_import_staff``).

The whole file is validated before anything is written; the first bad row stops the import with
a message naming its line. Each user ends up in exactly one department group (editors or
reviewers of one department); groups that belong to no department are left untouched.
"""

import csv
import io
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext

from ..models import DepartmentPage
from ..textfiles import UndecodableText
from ..textfiles import decode as decode_text
from .provisioning import ROLE_EDITOR, ROLE_REVIEWER

REQUIRED_COLUMNS = ("username", "name", "email", "department", "role")
ROLE_ALIASES = {
    "editor": ROLE_EDITOR,
    "编辑": ROLE_EDITOR,
    "reviewer": ROLE_REVIEWER,
    "审核": ROLE_REVIEWER,
}
MAX_FILE_BYTES = 5 * 1024 * 1024


class StaffImportError(Exception):
    """One line naming what is wrong with the file."""


@dataclass
class StaffRow:
    line: int
    username: str
    name: str
    email: str
    department: DepartmentPage
    role: str


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def decode(data):
    if len(data) > MAX_FILE_BYTES:
        raise StaffImportError(gettext("The file is larger than 5 MB."))
    try:
        return decode_text(data)  # UTF-8 with or without BOM, or GB18030 (spreadsheets)
    except UndecodableText as error:
        raise StaffImportError(
            gettext("Line %(line)d: %(problem)s") % {"line": error.line, "problem": error.problem}
        ) from None


def read_rows(text):
    """Parse and validate every row; return StaffRow objects or raise StaffImportError."""
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        raise StaffImportError(gettext("The file is not valid CSV: %s") % error) from None
    records = [(number, record) for number, record in enumerate(records, 1) if any(record)]
    if not records:
        raise StaffImportError(gettext("The file is empty."))
    _, header = records[0]
    header = [column.strip().lower() for column in header]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise StaffImportError(gettext("Missing column(s): %s.") % ", ".join(missing))
    if len(records) == 1:
        raise StaffImportError(gettext("The file has a header but no staff rows."))

    departments = DepartmentLookup()
    seen = {}
    rows = []
    for number, record in records[1:]:
        if len(record) != len(header):
            raise StaffImportError(
                gettext("Line %(line)d: expected %(expected)d fields, found %(found)d.")
                % {"line": number, "expected": len(header), "found": len(record)}
            )
        values = {column: value.strip() for column, value in zip(header, record, strict=True)}
        row = validate_row(number, values, departments)
        key = row.username.lower()
        if key in seen:
            raise StaffImportError(
                gettext("Line %(line)d: username %(username)s already appears on line %(first)d.")
                % {"line": number, "username": row.username, "first": seen[key]}
            )
        seen[key] = number
        rows.append(row)
    return rows


def validate_row(number, values, departments):
    def fail(problem):
        raise StaffImportError(
            gettext("Line %(line)d: %(problem)s") % {"line": number, "problem": problem}
        )

    username = values["username"]
    if not username:
        fail(gettext("the username is empty."))
    username_field = get_user_model()._meta.get_field("username")
    try:
        username_field.clean(username, None)
    except ValidationError:
        fail(gettext("username %(username)s is not valid.") % {"username": username})
    if len(values["name"]) > 150:
        fail(gettext("the name is longer than 150 characters."))
    email = values["email"]
    try:
        validate_email(email)
    except ValidationError:
        fail(gettext("e-mail address %(email)s is not valid.") % {"email": email or '""'})
    role = ROLE_ALIASES.get(values["role"].lower())
    if role is None:
        fail(
            gettext("role %(role)s is not one of %(choices)s.")
            % {"role": values["role"] or '""', "choices": ", ".join(ROLE_ALIASES)}
        )
    department = departments.find(values["department"])
    if department is None:
        fail(
            gettext("department %(department)s does not exist.")
            % {"department": values["department"] or '""'}
        )
    if department.editors_group_id is None or department.reviewers_group_id is None:
        fail(
            gettext("department %(department)s has not been provisioned.")
            % {"department": department.title}
        )
    return StaffRow(number, username, values["name"], email, department, role)


class DepartmentLookup:
    """Departments by organisation code, full name or short name."""

    def __init__(self):
        self.cache = {}

    def find(self, key):
        if not key:
            return None
        if key not in self.cache:
            self.cache[key] = (
                DepartmentPage.objects.filter(
                    Q(org_code=key.upper()) | Q(title=key) | Q(short_name=key)
                )
                .order_by("pk")
                .first()
            )
        return self.cache[key]


def department_group_ids():
    ids = set()
    for editors, reviewers in DepartmentPage.objects.values_list(
        "editors_group_id", "reviewers_group_id"
    ):
        ids.update(pk for pk in (editors, reviewers) if pk)
    return ids


@transaction.atomic
def import_staff(rows):
    User = get_user_model()
    summary = ImportSummary()
    all_department_groups = department_group_ids()
    for row in rows:
        target_group_id = (
            row.department.editors_group_id
            if row.role == ROLE_EDITOR
            else row.department.reviewers_group_id
        )
        user = User.objects.filter(username__iexact=row.username).first()
        if user is None:
            user = User(username=row.username, first_name=row.name, email=row.email)
            user.set_unusable_password()  # staff set their password through "forgot password"
            user.save()
            user.groups.add(target_group_id)
            summary.created += 1
            continue
        changed = update_user(user, row, target_group_id, all_department_groups)
        if changed:
            summary.updated += 1
        else:
            summary.unchanged += 1
    return summary


def update_user(user, row, target_group_id, all_department_groups):
    changed = False
    if (user.first_name, user.email) != (row.name, row.email) or user.last_name:
        user.first_name, user.last_name, user.email = row.name, "", row.email
        user.save(update_fields=["first_name", "last_name", "email"])
        changed = True
    current = set(user.groups.filter(pk__in=all_department_groups).values_list("pk", flat=True))
    if current != {target_group_id}:
        stale = current - {target_group_id}
        if stale:
            user.groups.remove(*Group.objects.filter(pk__in=stale))
        user.groups.add(target_group_id)
        changed = True
    return changed
