"""One-step wiring of a department: its page, groups, collection and moderation workflow.

``provision_department`` is used by ``manage.py govpages_provision_department`` and by the
admin view
"新建部门". It is idempotent: the department is found by its organisation code, and everything it
owns is found through the foreign keys on ``DepartmentPage``; a second run with the same input
changes nothing. Renaming a department (a re-run with ``rename=True``, or publishing a new title
in the page editor) renames its groups, collection, workflow and task.

Permissions are only ever added, never removed: a portal administrator may deliberately grant a
department group more than provisioning does, and a re-run must not undo that.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_noop
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from ..models import DepartmentPage

EDITOR_PAGE_PERMISSIONS = ("add", "change")
REVIEWER_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
PORTAL_ADMIN_PAGE_PERMISSIONS = ("add", "change", "publish", "bulk_delete", "lock", "unlock")
EDITOR_MEDIA_ACTIONS = ("add", "change", "choose")
REVIEWER_MEDIA_ACTIONS = ("add", "change", "delete", "choose")
MEDIA_MODELS = (("wagtailimages", "image"), ("wagtaildocs", "document"))

NAME_MAX_LENGTH = 100
# 9-character organisation code (GB 11714, the hyphen is dropped) or the 18-character unified
# social credit code (GB 32100). Local practice sometimes uses other codes of this alphabet.
ORG_CODE_PATTERN = re.compile(r"^(?:[0-9A-Z]{9}|[0-9A-Z]{18})$")

ROLE_EDITOR = "editor"
ROLE_REVIEWER = "reviewer"


class ProvisioningError(Exception):
    """Bad input for provisioning; the message is one line for the person who gave it.

    ``field`` names the input at fault ("name" or "org_code") so that forms can show it there.
    """

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


# Names of what a department owns. They are data stored in the database, so they are always
# produced in the site's language (not the language of whoever happens to run provisioning).
EDITORS_GROUP_NAME = gettext_noop("%(department)s editors")
REVIEWERS_GROUP_NAME = gettext_noop("%(department)s reviewers")
WORKFLOW_NAME = gettext_noop("%(department)s review workflow")
TASK_NAME = gettext_noop("Approval by %(department)s reviewers")
PORTAL_ADMIN_GROUP_NAME = gettext_noop("Portal administrators")
PORTAL_WORKFLOW_NAME = gettext_noop("Portal review workflow")
PORTAL_TASK_NAME = gettext_noop("Approval by portal administrators")


def in_site_language(msgid, **values):
    with translation.override(settings.LANGUAGE_CODE):
        text = gettext(msgid)
    return text % values if values else text


def owned_names(department_name):
    """The names of the groups, collection, workflow and task of a department."""
    return {
        "editors": in_site_language(EDITORS_GROUP_NAME, department=department_name),
        "reviewers": in_site_language(REVIEWERS_GROUP_NAME, department=department_name),
        "collection": department_name,
        "workflow": in_site_language(WORKFLOW_NAME, department=department_name),
        "task": in_site_language(TASK_NAME, department=department_name),
    }


def portal_admin_group_name():
    return in_site_language(PORTAL_ADMIN_GROUP_NAME)


def can_manage_departments(user):
    """Portal administrators (and superusers) create departments and own their roots."""
    return user.is_active and user.has_perm("govpages.add_departmentpage")


@dataclass
class DepartmentSpec:
    """What provisioning is asked to create or update. ``None`` means "leave as it is"."""

    org_code: str
    name: str
    short_name: str | None = None
    parent: Page | None = None
    slug: str = ""
    responsibilities: str | None = None
    address: str | None = None
    office_hours: str | None = None
    phone: str | None = None
    fax: str | None = None
    email: str | None = None
    website: str | None = None
    disclosure_guide: str | None = None

    CONTENT_FIELDS = (
        "short_name",
        "responsibilities",
        "address",
        "office_hours",
        "phone",
        "fax",
        "email",
        "website",
        "disclosure_guide",
    )


@dataclass
class ProvisioningResult:
    department: DepartmentPage
    created: bool
    changes: list[str] = field(default_factory=list)


def normalise_org_code(value):
    return (value or "").strip().upper().replace("-", "")


def validate_org_code(org_code):
    if not org_code:
        raise ProvisioningError(gettext("The organisation code must not be empty."), "org_code")
    if not ORG_CODE_PATTERN.match(org_code):
        raise ProvisioningError(
            gettext(
                "Organisation code %(code)s is invalid: use 9 or 18 digits and capital letters."
            )
            % {"code": org_code},
            "org_code",
        )


def validate_name(name):
    if not name:
        raise ProvisioningError(gettext("The department name must not be empty."), "name")
    if len(name) > NAME_MAX_LENGTH:
        raise ProvisioningError(
            gettext("The department name is longer than %(max)d characters.")
            % {"max": NAME_MAX_LENGTH},
            "name",
        )


def name_conflict(name, exclude_pk=None):
    """Why ``name`` cannot be (re)used by a department, or None.

    Group names are unique in Django, and two departments of the same name could not be told
    apart by the people assigning staff, so department names are unique too.
    """
    others = DepartmentPage.objects.filter(title=name)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    other = others.first()
    if other:
        return gettext(
            "A department named %(name)s already exists (organisation code %(code)s)."
        ) % {
            "name": name,
            "code": other.org_code,
        }
    linked = linked_group_ids(exclude_pk)
    names = owned_names(name)
    for key in ("editors", "reviewers"):
        group = Group.objects.filter(name=names[key]).first()
        if group and group.pk not in linked:
            return gettext(
                "A group named %(group)s already exists and does not belong to this department; "
                "rename or delete it first."
            ) % {"group": names[key]}
    return None


def linked_group_ids(department_pk):
    if not department_pk:
        return set()
    row = DepartmentPage.objects.filter(pk=department_pk).values(
        "editors_group_id", "reviewers_group_id"
    )
    return {pk for pk in row[0].values() if pk} if row else set()


def default_parent():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise ProvisioningError(gettext("There is no default site to put the department under."))
    return site.root_page


def validate_parent(parent):
    """Departments sit side by side: a department inside another one would be editable by the
    outer department's staff, because page permissions reach down the whole subtree."""
    if parent.depth <= 1:
        raise ProvisioningError(
            gettext("A department cannot be placed at the root of the page tree."), "parent"
        )
    outer = DepartmentPage.objects.ancestor_of(parent, inclusive=True).first()
    if outer is not None:
        raise ProvisioningError(
            gettext("A department cannot be placed inside department %(name)s.")
            % {"name": outer.title},
            "parent",
        )


def slug_for(name, org_code, parent):
    slug = make_pinyin_slug(name) or org_code.lower()
    if Page._slug_is_available(slug, parent):
        return slug
    return f"{slug}-{org_code.lower()}"


def make_pinyin_slug(name):
    try:
        from pypinyin import lazy_pinyin
    except ImportError:  # pragma: no cover - pypinyin is a dependency
        return slugify(name)
    return slugify("-".join(lazy_pinyin(name)))[:80].strip("-")


@transaction.atomic
def provision_department(spec, *, user=None, rename=False):
    """Create or update a department and everything it owns. Raises ProvisioningError."""
    org_code = normalise_org_code(spec.org_code)
    name = (spec.name or "").strip()
    validate_name(name)
    validate_org_code(org_code)

    department = DepartmentPage.objects.filter(org_code=org_code).first()
    if department is not None and department.title != name and not rename:
        raise ProvisioningError(
            gettext("Organisation code %(code)s already belongs to department %(name)s.")
            % {"code": org_code, "name": department.title},
            "org_code",
        )
    conflict = name_conflict(name, exclude_pk=department.pk if department else None)
    if conflict:
        raise ProvisioningError(conflict, "name")

    result = ProvisioningResult(department=department, created=department is None)
    if department is None:
        result.department = create_department_page(spec, org_code, name, user)
        result.changes.append("page")
    else:
        update_department_page(department, spec, name, user, result.changes)
    ensure_department_access(result.department, result.changes)
    return result


def create_department_page(spec, org_code, name, user):
    parent = spec.parent or default_parent()
    validate_parent(parent)
    page = DepartmentPage(
        title=name,
        org_code=org_code,
        slug=spec.slug or slug_for(name, org_code, parent),
        owner=user,
    )
    for field_name in DepartmentSpec.CONTENT_FIELDS:
        value = getattr(spec, field_name)
        if value is not None:
            setattr(page, field_name, value)
    page.full_clean(exclude=["path", "depth", "numchild"], validate_unique=False)
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True).publish(user=user)
    return page


def update_department_page(department, spec, name, user, changes):
    changed = []
    if department.title != name:
        department.title = name
        changed.append("title")
    for field_name in DepartmentSpec.CONTENT_FIELDS:
        value = getattr(spec, field_name)
        if value is not None and getattr(department, field_name) != value:
            setattr(department, field_name, value)
            changed.append(field_name)
    if changed:
        department.full_clean(exclude=["path", "depth", "numchild"], validate_unique=False)
        department.save_revision(user=user, log_action=True).publish(user=user)
        changes.extend(changed)


def ensure_department_access(department, changes=None):
    """Create what is missing and rename what is misnamed. Returns the list of changes."""
    changes = [] if changes is None else changes
    names = owned_names(department.title)
    portal_admins = ensure_portal_admin_group(changes)

    editors = ensure_named_group(department, "editors_group", names["editors"], changes)
    reviewers = ensure_named_group(department, "reviewers_group", names["reviewers"], changes)
    for group in (editors, reviewers):
        ensure_admin_access(group, changes)
    ensure_page_permissions(editors, department, EDITOR_PAGE_PERMISSIONS, changes)
    ensure_page_permissions(reviewers, department, REVIEWER_PAGE_PERMISSIONS, changes)

    collection = ensure_collection(department, names["collection"], changes)
    ensure_collection_permissions(editors, collection, EDITOR_MEDIA_ACTIONS, changes)
    ensure_collection_permissions(reviewers, collection, REVIEWER_MEDIA_ACTIONS, changes)

    workflow = ensure_workflow(
        department.workflow, names["workflow"], names["task"], [reviewers, portal_admins], changes
    )
    assign_workflow(workflow, department, changes)

    owned = {
        "editors_group_id": editors.pk,
        "reviewers_group_id": reviewers.pk,
        "collection_id": collection.pk,
        "workflow_id": workflow.pk,
    }
    stored = DepartmentPage.objects.filter(pk=department.pk).values(*owned).first()
    if stored != owned:
        # Recorded with an update so that bookkeeping creates no page revision.
        DepartmentPage.objects.filter(pk=department.pk).update(**owned)
        for attribute, pk in owned.items():
            setattr(department, attribute, pk)
    return changes


def ensure_named_group(department, attribute, name, changes):
    group = getattr(department, attribute)
    if group is None:
        group = Group.objects.create(name=name)
        setattr(department, attribute, group)
        changes.append(f"{attribute}:created")
    elif group.name != name:
        group.name = name
        group.save(update_fields=["name"])
        changes.append(f"{attribute}:renamed")
    return group


def ensure_admin_access(group, changes):
    permission = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    if not group.permissions.filter(pk=permission.pk).exists():
        group.permissions.add(permission)
        changes.append(f"admin-access:{group.name}")


def page_permission(action):
    return Permission.objects.get(
        content_type=ContentType.objects.get_for_model(Page), codename=f"{action}_page"
    )


def ensure_page_permissions(group, page, actions, changes):
    for action in actions:
        _, created = GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=page_permission(action)
        )
        if created:
            changes.append(f"page-permission:{group.name}:{action}")


def ensure_collection(department, name, changes):
    collection = department.collection
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=name)
        department.collection = collection
        changes.append("collection:created")
    elif collection.name != name:
        collection.name = name
        collection.save(update_fields=["name"])
        changes.append("collection:renamed")
    return collection


def ensure_collection_permissions(group, collection, actions, changes):
    for app_label, model in MEDIA_MODELS:
        for action in actions:
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=f"{action}_{model}"
            )
            _, created = GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )
            if created:
                changes.append(f"collection-permission:{group.name}:{action}_{model}")


def ensure_workflow(workflow, workflow_name, task_name, approver_groups, changes):
    """A workflow with one group approval task: the editor submits, the approvers approve."""
    if workflow is None:
        workflow = Workflow.objects.create(name=workflow_name, active=True)
        changes.append("workflow:created")
    elif workflow.name != workflow_name or not workflow.active:
        workflow.name = workflow_name
        workflow.active = True
        workflow.save(update_fields=["name", "active"])
        changes.append("workflow:renamed")
    task = ensure_approval_task(workflow, task_name, changes)
    missing = [g for g in approver_groups if not task.groups.filter(pk=g.pk).exists()]
    if missing:
        task.groups.add(*missing)
        changes.append("task:groups")
    return workflow


def ensure_approval_task(workflow, task_name, changes):
    link = workflow.workflow_tasks.select_related("task").order_by("sort_order").first()
    task = link.task.specific if link else None
    if not isinstance(task, GroupApprovalTask):
        task = GroupApprovalTask.objects.create(name=task_name)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        changes.append("task:created")
    elif task.name != task_name or not task.active:
        task.name = task_name
        task.active = True
        task.save(update_fields=["name", "active"])
        changes.append("task:renamed")
    return task


def assign_workflow(workflow, page, changes):
    link = WorkflowPage.objects.filter(page=page).first()
    if link is None:
        WorkflowPage.objects.create(page=page, workflow=workflow)
        changes.append("workflow:assigned")
    elif link.workflow_id != workflow.pk:
        link.workflow = workflow
        link.save(update_fields=["workflow"])
        changes.append("workflow:assigned")


def ensure_portal_admin_group(changes=None):
    """The portal administrators: every permission, on every page and every collection.

    They review portal-level pages (outside any department) and may approve any department's
    changes when its reviewers are away.
    """
    changes = [] if changes is None else changes
    group, created = Group.objects.get_or_create(name=portal_admin_group_name())
    if created:
        changes.append("portal-admins:created")
    missing = Permission.objects.exclude(pk__in=group.permissions.values("pk"))
    if missing.exists():
        group.permissions.add(*missing)
        changes.append("portal-admins:permissions")
    ensure_page_permissions(
        group, Page.get_first_root_node(), PORTAL_ADMIN_PAGE_PERMISSIONS, changes
    )
    ensure_collection_permissions(
        group, Collection.get_first_root_node(), REVIEWER_MEDIA_ACTIONS, changes
    )
    ensure_portal_workflow(group, changes)
    return group


def ensure_portal_workflow(portal_admins, changes):
    """Pages outside any department go through the portal administrators' review.

    The workflow is only assigned to the home page when the home page has none: a workflow that
    an administrator assigned there is left alone.
    """
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return
    workflow_name = in_site_language(PORTAL_WORKFLOW_NAME)
    workflow = ensure_workflow(
        Workflow.objects.filter(name=workflow_name).first(),
        workflow_name,
        in_site_language(PORTAL_TASK_NAME),
        [portal_admins],
        changes,
    )
    if not WorkflowPage.objects.filter(page=site.root_page).exists():
        WorkflowPage.objects.create(page=site.root_page, workflow=workflow)
        changes.append("portal-workflow:assigned")


def sync_department_names(department):
    """Rename what a department owns after its title changed (e.g. published in the editor)."""
    department = DepartmentPage.objects.get(pk=department.pk)
    if department.editors_group_id is None and department.reviewers_group_id is None:
        return []  # never provisioned: nothing of its own to rename
    with transaction.atomic():
        return ensure_department_access(department)
