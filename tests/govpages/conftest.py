"""Fixtures for the department tests: two provisioned departments, their staff and content.

``department_world`` is built once per test module inside a transaction that is rolled back at
the end of the module; each test runs in a savepoint inside it (pytest-django's ``db``), so the
role × action × target table does not rebuild the world for every cell.
"""

import io
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from govpages.departments.provisioning import (
    DepartmentSpec,
    ensure_portal_admin_group,
    provision_department,
)

from ..pages import ContentPage

DENIALS_KEY = pytest.StashKey[dict]()

SITE_NAME = "示范市人民政府"


def build_site():
    """A portal's home page as the default site's root, with a 网站介绍 page under it.

    The home page replaces Wagtail's welcome page, as the demo portal's does; it is the plain
    content page (tests/pages.py), so the department tests need nothing from the portal.
    """
    home = ContentPage(title=SITE_NAME, slug="portal-home")
    Page.get_first_root_node().add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    welcome = site.root_page
    site.root_page, site.site_name = home, SITE_NAME
    site.save()
    welcome.delete()
    about = ContentPage(title="网站介绍", slug="about", show_in_menus=True, body="<p>网站介绍</p>")
    home.add_child(instance=about)
    about.save_revision().publish()
    return home


DEPARTMENT_A = {"org_code": "11399000MB00000A1X", "name": "测试市财政局"}
DEPARTMENT_B = {"org_code": "11399000MB00000B2X", "name": "测试市教育局"}


def png_bytes(colour="red"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), colour).save(buffer, "PNG")
    return buffer.getvalue()


def upload(name, data):
    return SimpleUploadedFile(name, data)


@dataclass
class Area:
    """A place where actions are tried: a department subtree or the portal root."""

    key: str
    parent_id: int
    collection_id: int
    live_id: int = 0
    draft_id: int = 0
    draft_to_delete_id: int = 0
    live_to_delete_id: int = 0
    pending_id: int = 0
    document_id: int = 0
    image_id: int = 0


@dataclass
class World:
    areas: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    departments: dict = field(default_factory=dict)


def make_user(username, *groups):
    user = get_user_model().objects.create_user(
        username=username, password="test-password", email=f"{username}@example.gov.cn"
    )
    user.groups.add(*groups)
    return user


def add_page(parent, title, slug, *, live, owner):
    page = ContentPage(title=title, slug=slug, body=f"<p>{title}</p>", owner=owner, live=False)
    parent.add_child(instance=page)
    revision = page.save_revision(user=owner)
    if live:
        revision.publish()
    return page


def fill_area(area, parent, collection, owner, submitter, workflow):
    key = area.key
    area.live_id = add_page(parent, f"现行页面-{key}", f"live-{key}", live=True, owner=owner).pk
    area.draft_id = add_page(parent, f"草稿-{key}", f"draft-{key}", live=False, owner=owner).pk
    area.draft_to_delete_id = add_page(
        parent, f"待删草稿-{key}", f"draft-del-{key}", live=False, owner=owner
    ).pk
    area.live_to_delete_id = add_page(
        parent, f"待删页面-{key}", f"live-del-{key}", live=True, owner=owner
    ).pk
    pending = add_page(parent, f"待审页面-{key}", f"pending-{key}", live=True, owner=owner)
    pending.title = f"待审页面-{key}-修改稿"
    pending.save_revision(user=submitter)
    workflow.start(pending, submitter)
    area.pending_id = pending.pk

    document = get_document_model()(title=f"文件-{key}", collection=collection)
    document.file.save(f"doc-{key}.txt", upload(f"doc-{key}.txt", b"demo"), save=False)
    document.save()
    area.document_id = document.pk
    image = get_image_model()(title=f"图片-{key}", collection=collection)
    image.file.save(f"image-{key}.png", upload(f"image-{key}.png", png_bytes()), save=False)
    image.save()
    area.image_id = image.pk


def build_world():
    home = build_site()
    world = World()
    for key, spec in (("a", DEPARTMENT_A), ("b", DEPARTMENT_B)):
        world.departments[key] = provision_department(DepartmentSpec(**spec)).department
    portal_admins = ensure_portal_admin_group()
    dept_a, dept_b = world.departments["a"], world.departments["b"]
    world.users = {
        "editor_a": make_user("editor_a", dept_a.editors_group),
        "reviewer_a": make_user("reviewer_a", dept_a.reviewers_group),
        "editor_b": make_user("editor_b", dept_b.editors_group),
        "reviewer_b": make_user("reviewer_b", dept_b.reviewers_group),
        "portal_admin": make_user("portal_admin", portal_admins),
    }
    users = world.users
    root_collection = Collection.get_first_root_node()
    portal_workflow = home.get_workflow()
    for key, parent, collection, editor, workflow in (
        ("a", dept_a, dept_a.collection, users["editor_a"], dept_a.workflow),
        ("b", dept_b, dept_b.collection, users["editor_b"], dept_b.workflow),
        ("portal", home, root_collection, users["portal_admin"], portal_workflow),
    ):
        area = Area(key=key, parent_id=parent.pk, collection_id=collection.pk)
        fill_area(area, parent, collection, editor, editor, workflow)
        world.areas[key] = area
    return world


@pytest.fixture(scope="module")
def department_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def denial_tally(request):
    return request.config.stash.setdefault(DENIALS_KEY, {"denied": 0, "attempts": 0})


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    tally = config.stash.get(DENIALS_KEY, None)
    if not tally:
        return
    terminalreporter.write_sep("-", "department isolation")
    terminalreporter.write_line(
        f"Denied cross-department attempts: {tally['denied']} of {tally['attempts']} "
        "tried by department staff against another department's pages, media and questions."
    )
