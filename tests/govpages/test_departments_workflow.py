"""An editor's change goes live only after the department's own reviewer approves it."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from .test_departments_access import page_form

pytestmark = pytest.mark.django_db


def public_html(client, page_id):
    client.logout()
    return client.get(Page.objects.get(pk=page_id).url).content.decode()


def test_editor_change_goes_live_only_after_own_reviewer_approves(client, department_world):
    users = department_world.users
    page_id = department_world.areas["a"].live_id
    page = Page.objects.get(pk=page_id).specific
    edit_url = reverse("wagtailadmin_pages:edit", args=[page_id])

    # The editor tries to publish: Wagtail saves a draft instead, nothing goes live.
    client.force_login(users["editor_a"])
    client.post(edit_url, page_form(page, "编辑试图直接发布", **{"action-publish": "1"}))
    assert "编辑试图直接发布" not in public_html(client, page_id)

    client.force_login(users["editor_a"])
    response = client.post(
        edit_url, page_form(page, "预算公开通知（修订）", **{"action-submit": "1"})
    )
    assert response.status_code == 302
    page = Page.objects.get(pk=page_id)
    assert page.workflow_in_progress
    assert page.current_workflow_task.specific.groups.filter(
        pk=department_world.departments["a"].reviewers_group_id
    ).exists()
    assert "预算公开通知（修订）" not in public_html(client, page_id)

    task_state = page.current_workflow_task_state
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[page_id, "approve", task_state.pk]
    )
    # Neither the editor, nor another department's reviewer, can approve it.
    for intruder in ("editor_a", "reviewer_b", "editor_b"):
        client.force_login(users[intruder])
        client.post(approve_url)
        assert Page.objects.get(pk=page_id).workflow_in_progress
        assert "预算公开通知（修订）" not in public_html(client, page_id)

    # The reviewer's dashboard lists it; approving publishes it.
    client.force_login(users["reviewer_a"])
    assert "预算公开通知（修订）" in client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.post(approve_url)
    assert response.status_code == 302
    page = Page.objects.get(pk=page_id)
    assert not page.workflow_in_progress
    assert page.title == "预算公开通知（修订）"
    assert "预算公开通知（修订）" in public_html(client, page_id)


def test_reviewer_can_request_changes_and_nothing_goes_live(client, department_world):
    users = department_world.users
    area = department_world.areas["a"]
    page = Page.objects.get(pk=area.pending_id)
    client.force_login(users["reviewer_a"])
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "reject", page.current_workflow_task_state.pk],
        ),
        {"comment": "请补充文号"},
    )
    page.refresh_from_db()
    assert not page.workflow_in_progress
    assert not page.title.endswith("修改稿")
