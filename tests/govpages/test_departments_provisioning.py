"""Provisioning: what it creates, idempotence, renaming, bad input, the admin view."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Revision,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from govpages.departments.provisioning import (
    DepartmentSpec,
    ProvisioningError,
    ensure_portal_admin_group,
    provision_department,
)
from govpages.models import DepartmentPage

from .conftest import build_site

pytestmark = pytest.mark.django_db

FINANCE = {"org_code": "11399000MB0000022B", "name": "测试市财政局"}


@pytest.fixture
def home(db):
    return build_site()


@pytest.fixture
def finance(home):
    return provision_department(DepartmentSpec(**FINANCE)).department


def snapshot():
    """Everything provisioning owns, in a comparable form."""
    return {
        "groups": sorted(Group.objects.values_list("pk", "name")),
        "group_permissions": sorted(
            Group.permissions.through.objects.values_list("group_id", "permission_id")
        ),
        "page_permissions": sorted(
            GroupPagePermission.objects.values_list("group_id", "page_id", "permission_id")
        ),
        "collection_permissions": sorted(
            GroupCollectionPermission.objects.values_list(
                "group_id", "collection_id", "permission_id"
            )
        ),
        "collections": sorted(Collection.objects.values_list("pk", "name", "path")),
        "workflows": sorted(Workflow.objects.values_list("pk", "name", "active")),
        "tasks": sorted(Task.objects.values_list("pk", "name", "active")),
        "workflow_tasks": sorted(WorkflowTask.objects.values_list("workflow_id", "task_id")),
        "task_groups": sorted(
            GroupApprovalTask.groups.through.objects.values_list("groupapprovaltask_id", "group_id")
        ),
        "workflow_pages": sorted(WorkflowPage.objects.values_list("page_id", "workflow_id")),
        "pages": sorted(Page.objects.values_list("pk", "title", "path", "live")),
        "revisions": Revision.objects.count(),
    }


def page_codenames(group, page):
    return {
        codename.removesuffix("_page")
        for codename in GroupPagePermission.objects.filter(group=group, page=page).values_list(
            "permission__codename", flat=True
        )
    }


def collection_codenames(group):
    return set(
        GroupCollectionPermission.objects.filter(group=group).values_list(
            "collection__name", "permission__codename"
        )
    )


def test_provisioning_creates_page_groups_collection_and_workflow(home, finance):
    assert finance.get_parent().pk == home.pk
    assert finance.live
    assert finance.editors_group.name == "测试市财政局编辑"
    assert finance.reviewers_group.name == "测试市财政局审核"
    assert page_codenames(finance.editors_group, finance) == {"add", "change"}
    assert page_codenames(finance.reviewers_group, finance) == {
        "add",
        "change",
        "publish",
        "lock",
        "unlock",
    }
    for group in (finance.editors_group, finance.reviewers_group):
        assert group.permissions.filter(codename="access_admin").exists()
        # Only the department's own page: nothing on the home page or anywhere else.
        assert set(
            GroupPagePermission.objects.filter(group=group).values_list("page", flat=True)
        ) == {finance.pk}
    assert finance.collection.name == "测试市财政局"
    assert finance.collection.get_parent().pk == Collection.get_first_root_node().pk
    media = {
        ("测试市财政局", f"{a}_{m}")
        for m in ("image", "document")
        for a in ("add", "change", "choose")
    }
    assert collection_codenames(finance.editors_group) == media
    assert collection_codenames(finance.reviewers_group) == media | {
        ("测试市财政局", "delete_image"),
        ("测试市财政局", "delete_document"),
    }
    assert finance.workflow.name == "测试市财政局审核流程"
    assert WorkflowPage.objects.get(page=finance).workflow == finance.workflow
    tasks = [link.task.specific for link in finance.workflow.workflow_tasks.all()]
    assert len(tasks) == 1 and isinstance(tasks[0], GroupApprovalTask)
    portal_admins = Group.objects.get(name="门户管理员")
    assert set(tasks[0].groups.all()) == {finance.reviewers_group, portal_admins}
    child = Page.objects.get(pk=finance.pk)
    assert child.get_workflow() == finance.workflow


def test_portal_administrators_have_full_access(home, finance):
    portal_admins = ensure_portal_admin_group()
    assert portal_admins.permissions.count() == Permission.objects.count()
    root = Page.get_first_root_node()
    assert page_codenames(portal_admins, root) == {
        "add",
        "change",
        "publish",
        "bulk_delete",
        "lock",
        "unlock",
    }
    assert home.get_workflow().name == "门户网站审核流程"


def test_provisioning_twice_changes_nothing(finance):
    before = snapshot()
    result = provision_department(DepartmentSpec(**FINANCE))
    assert result.created is False
    assert result.changes == []
    assert snapshot() == before


def test_command_twice_changes_nothing(home):
    args = ["--org-code", FINANCE["org_code"], "--name", FINANCE["name"], "--phone", "0399-1"]
    out = io.StringIO()
    call_command("govpages_provision_department", *args, stdout=out)
    assert out.getvalue().startswith("Created: 测试市财政局")
    before = snapshot()
    out = io.StringIO()
    call_command("govpages_provision_department", *args, stdout=out)
    assert out.getvalue().startswith("Unchanged: 测试市财政局")
    assert snapshot() == before


def test_provisioning_restores_deleted_wiring(finance):
    before = snapshot()
    GroupPagePermission.objects.filter(
        group=finance.reviewers_group, permission__codename="publish_page"
    ).delete()
    WorkflowPage.objects.filter(page=finance).delete()
    provision_department(DepartmentSpec(**FINANCE))
    assert snapshot() == before


def test_rename_by_command_renames_everything_it_owns(finance):
    counts = {k: len(v) if isinstance(v, list) else v for k, v in snapshot().items()}
    call_command(
        "govpages_provision_department",
        "--org-code",
        FINANCE["org_code"],
        "--name",
        "测试市财政局（市国资委）",
        "--rename",
        stdout=io.StringIO(),
    )
    finance = DepartmentPage.objects.get(pk=finance.pk)
    assert finance.title == "测试市财政局（市国资委）"
    assert finance.editors_group.name == "测试市财政局（市国资委）编辑"
    assert finance.reviewers_group.name == "测试市财政局（市国资委）审核"
    assert finance.collection.name == "测试市财政局（市国资委）"
    assert finance.workflow.name == "测试市财政局（市国资委）审核流程"
    task = finance.workflow.workflow_tasks.get().task
    assert task.name == "测试市财政局（市国资委）审核人审批"
    after = {k: len(v) if isinstance(v, list) else v for k, v in snapshot().items()}
    counts["revisions"] += 1  # the renamed page is published once
    assert after == counts


def department_form(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "short_name": page.short_name,
        "org_code": page.org_code,
        "responsibilities": rich_text(page.responsibilities or "<p></p>"),
        "address": page.address,
        "office_hours": page.office_hours,
        "phone": page.phone,
        "fax": page.fax,
        "email": page.email,
        "website": page.website,
        "disclosure_guide": rich_text(page.disclosure_guide or "<p></p>"),
        "comments": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)


def make_member(username, group):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=username, password="x")
    user.groups.add(group)
    return user


def test_rename_in_page_editor_renames_groups_collection_and_workflow_on_publish(client, finance):
    reviewer = make_member("reviewer", finance.reviewers_group)
    client.force_login(reviewer)
    url = reverse("wagtailadmin_pages:edit", args=[finance.pk])

    client.post(url, department_form(finance, title="测试市财政局（新）"))  # draft only
    assert Group.objects.get(pk=finance.editors_group_id).name == "测试市财政局编辑"

    response = client.post(
        url, department_form(finance, title="测试市财政局（新）", **{"action-publish": "1"})
    )
    assert response.status_code == 302
    finance = DepartmentPage.objects.get(pk=finance.pk)
    assert finance.title == "测试市财政局（新）"
    assert finance.editors_group.name == "测试市财政局（新）编辑"
    assert finance.reviewers_group.name == "测试市财政局（新）审核"
    assert finance.collection.name == "测试市财政局（新）"
    assert finance.workflow.name == "测试市财政局（新）审核流程"


def test_rename_submitted_by_an_editor_applies_when_the_reviewer_approves(client, finance):
    editor = make_member("editor", finance.editors_group)
    reviewer = make_member("reviewer", finance.reviewers_group)
    client.force_login(editor)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[finance.pk]),
        department_form(finance, title="测试市财政局（改）", **{"action-submit": "1"}),
    )
    page = DepartmentPage.objects.get(pk=finance.pk)
    assert page.workflow_in_progress
    assert page.title == "测试市财政局" and page.editors_group.name == "测试市财政局编辑"

    client.force_login(reviewer)
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", page.current_workflow_task_state.pk],
        )
    )
    page = DepartmentPage.objects.get(pk=finance.pk)
    assert page.title == "测试市财政局（改）"
    assert page.editors_group.name == "测试市财政局（改）编辑"
    assert page.workflow.name == "测试市财政局（改）审核流程"


def test_page_editor_refuses_the_name_of_another_department(client, home, finance):
    provision_department(DepartmentSpec(org_code="11399000MB0000033C", name="测试市教育局"))
    client.force_login(make_member("reviewer", finance.reviewers_group))
    before = snapshot()
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[finance.pk]),
        department_form(finance, title="测试市教育局", **{"action-publish": "1"}),
    )
    assert response.status_code == 200
    assert "已存在名为 测试市教育局 的部门" in response.content.decode()
    assert snapshot() == before


def test_department_staff_cannot_change_the_organisation_code(client, finance):
    client.force_login(make_member("reviewer", finance.reviewers_group))
    client.post(
        reverse("wagtailadmin_pages:edit", args=[finance.pk]),
        department_form(finance, org_code="999999999", **{"action-publish": "1"}),
    )
    assert DepartmentPage.objects.get(pk=finance.pk).org_code == FINANCE["org_code"]


def test_reviewers_cannot_delete_their_department_root(client, finance):
    # The root is a leaf and the reviewers may publish there: Wagtail alone would allow this.
    client.force_login(make_member("reviewer", finance.reviewers_group))
    response = client.post(reverse("wagtailadmin_pages:delete", args=[finance.pk]))
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert DepartmentPage.objects.filter(pk=finance.pk).exists()


def test_departments_cannot_be_created_as_bare_pages_in_the_explorer(client, home):
    client.force_login(make_member("admin2", ensure_portal_admin_group()))
    response = client.get(
        reverse("wagtailadmin_pages:add", args=["govpages", "departmentpage", home.pk])
    )
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org-code", FINANCE["org_code"], "--name", "另一个局"], "已属于部门 测试市财政局"),
        (["--org-code", "11399000MB0000099Z", "--name", "  "], "部门名称不能为空"),
        (["--org-code", "11399000MB0000099Z", "--name", ""], "部门名称不能为空"),
        (["--org-code", "11399000MB0000099Z", "--name", "测试市财政局"], "已存在名为 测试市财政局"),
        (["--org-code", "bad code!", "--name", "测试市审计局"], "机构代码 BAD CODE! 无效"),
        (["--org-code", "", "--name", "测试市审计局"], "机构代码不能为空"),
        (
            [
                "--org-code",
                "11399000MB0000099Z",
                "--name",
                "测试市审计局",
                "--parent",
                "/ce-shi-shi-cai-zheng-ju/",
            ],
            "不能放在部门 测试市财政局 之内",
        ),
        (
            ["--org-code", "11399000MB0000099Z", "--name", "测试市审计局", "--parent", "1"],
            "不能放在页面树的根节点",
        ),
        (
            ["--org-code", "11399000MB0000099Z", "--name", "测试市审计局", "--parent", "99999"],
            "找不到上级页面",
        ),
    ],
)
def test_bad_provisioning_input_fails_with_one_line_and_changes_nothing(finance, args, message):
    before = snapshot()
    with pytest.raises(CommandError) as error:
        call_command("govpages_provision_department", *args, stdout=io.StringIO())
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert snapshot() == before


def test_bad_provisioning_exits_non_zero_from_the_command_line(finance, capsys):
    from django.core.management import ManagementUtility

    utility = ManagementUtility(
        [
            "manage.py",
            "govpages_provision_department",
            "--org-code",
            FINANCE["org_code"],
            "--name",
            "X局",
        ]
    )
    with pytest.raises(SystemExit) as exit_info:
        utility.execute()
    assert exit_info.value.code == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("CommandError: ") and "\n" not in err


def test_service_reports_the_field_at_fault(home):
    with pytest.raises(ProvisioningError) as error:
        provision_department(DepartmentSpec(org_code="11399000MB0000099Z", name=""))
    assert error.value.field == "name"


# --- the admin view "新建部门" ------------------------------------------------------------------


def test_new_department_view_is_for_portal_administrators_only(client, finance):
    create_url = reverse("govpages_departments:create")
    index_url = reverse("govpages_departments:index")
    assert client.get(create_url).status_code == 302  # anonymous: to the login page
    client.force_login(make_member("editor", finance.editors_group))
    for url in (create_url, index_url):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert index_url not in client.get(reverse("wagtailadmin_home")).content.decode()

    client.force_login(make_member("portal", ensure_portal_admin_group()))
    response = client.get(create_url)
    assert response.status_code == 200
    assert "新建部门" in response.content.decode()
    assert index_url in client.get(reverse("wagtailadmin_home")).content.decode()
    assert "测试市财政局编辑" in client.get(index_url).content.decode()


def test_new_department_view_provisions_a_department(client, home):
    client.force_login(make_member("portal", ensure_portal_admin_group()))
    response = client.post(
        reverse("govpages_departments:create"),
        {
            "name": "测试市审计局",
            "short_name": "市审计局",
            "org_code": "11399000mb0000055e",
            "phone": "0399-5555",
            "email": "sjj@example.gov.cn",
        },
    )
    department = DepartmentPage.objects.get(org_code="11399000MB0000055E")
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[department.pk])
    assert department.get_parent().pk == home.pk
    assert department.phone == "0399-5555"
    assert department.editors_group.name == "测试市审计局编辑"
    assert department.workflow is not None and department.collection is not None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"name": "另一个局", "org_code": FINANCE["org_code"]},
            "org_code",
            "已属于部门 测试市财政局",
        ),
        ({"name": " ", "org_code": "11399000MB0000055E"}, "name", "必填"),
        ({"name": "测试市财政局", "org_code": "11399000MB0000055E"}, "name", "已存在名为"),
        ({"name": "测试市审计局", "org_code": "123"}, "org_code", "无效"),
    ],
)
def test_new_department_view_shows_form_errors_and_changes_nothing(
    client, finance, data, field, message
):
    client.force_login(make_member("portal", ensure_portal_admin_group()))
    before = snapshot()
    response = client.post(reverse("govpages_departments:create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert snapshot() == before
