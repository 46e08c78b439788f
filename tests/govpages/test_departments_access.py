"""Department isolation, proven through the real admin views.

Every cell of roles × actions × targets is its own test. A cell performs one action through the
admin with Django's test client, then looks at the database (not at the status code) to see
whether it took effect, and compares that with what a careful portal administrator expects.

Targets are relative to the role: "own" is the role's department subtree (and collection),
"other" the other department, "portal" the portal's home page and the root collection. The
portal administrator and anonymous visitors have no department: for them "own" is department A
and "other" department B.
"""

import pytest
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from ..pages import ContentPage
from .conftest import png_bytes, upload

pytestmark = pytest.mark.django_db

CONTENT_PAGE = [ContentPage._meta.app_label, ContentPage._meta.model_name]

ROLES = ["editor_a", "reviewer_a", "editor_b", "portal_admin", "anonymous"]
TARGETS = ["own", "other", "portal"]
DEPARTMENT_OF_ROLE = {"editor_a": "a", "reviewer_a": "a", "editor_b": "b"}

OWN = {"own"}
NOWHERE = set()
EVERYWHERE = {"own", "other", "portal"}
EDITOR = {
    "explore": OWN,
    "create": OWN,
    "edit": OWN,
    "delete_draft": OWN,
    "delete_live": NOWHERE,  # deleting a published page unpublishes it: reviewers only
    "move_out": OWN,  # only within the own subtree: no add permission anywhere else
    "move_in": OWN,
    "publish": NOWHERE,
    "submit": OWN,
    "approve": NOWHERE,
    "upload_document": OWN,
    "upload_image": OWN,
    "choose_document": OWN,
    "choose_image": OWN,
    "edit_document": OWN,
    "edit_image": OWN,
}
REVIEWER = {**EDITOR, "delete_live": OWN, "publish": OWN, "approve": OWN}
EXPECTED = {
    "editor_a": EDITOR,
    "reviewer_a": REVIEWER,
    "editor_b": EDITOR,
    "portal_admin": {action: EVERYWHERE for action in EDITOR},
    "anonymous": {action: NOWHERE for action in EDITOR},
}
ACTIONS = list(EDITOR)


def resolve(world, role, target):
    own = DEPARTMENT_OF_ROLE.get(role, "a")
    other = "b" if own == "a" else "a"
    return world.areas[{"own": own, "other": other, "portal": "portal"}[target]], world.areas[own]


def page_form(page, title, **extra):
    data = {
        "title": title,
        "slug": page.slug,
        "body": rich_text(f"<p>{title}</p>"),
        "comments": inline_formset([]),
    }
    data.update(extra)
    return nested_form_data(data)


# --- actions: each returns True when the action took effect --------------------------------


def explore(client, area, own_area):
    response = client.get(reverse("wagtailadmin_explore", args=[area.parent_id]))
    live_title = Page.objects.get(pk=area.live_id).title
    return response.status_code == 200 and live_title in response.content.decode()


def create(client, area, own_area):
    slug = f"created-{area.key}"
    client.post(
        reverse("wagtailadmin_pages:add", args=[*CONTENT_PAGE, area.parent_id]),
        nested_form_data(
            {
                "title": "新建页面",
                "slug": slug,
                "body": rich_text("<p>新建</p>"),
                "comments": inline_formset([]),
            }
        ),
    )
    return Page.objects.filter(slug=slug, path__startswith=parent_path(area)).exists()


def parent_path(area):
    return Page.objects.get(pk=area.parent_id).path


def edit(client, area, own_area):
    page = Page.objects.get(pk=area.live_id).specific
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), page_form(page, "已编辑"))
    latest = Page.objects.get(pk=page.pk).get_latest_revision()
    return latest.content["title"] == "已编辑"


def delete_page(client, page_id):
    client.post(reverse("wagtailadmin_pages:delete", args=[page_id]))
    return not Page.objects.filter(pk=page_id).exists()


def delete_draft(client, area, own_area):
    return delete_page(client, area.draft_to_delete_id)


def delete_live(client, area, own_area):
    return delete_page(client, area.live_to_delete_id)


def move(client, page_id, destination_id):
    client.post(reverse("wagtailadmin_pages:move_confirm", args=[page_id, destination_id]))
    return Page.objects.get(pk=page_id).get_parent().pk == destination_id


def move_out(client, area, own_area):
    """Move a draft out of the own subtree into the target (within it, for "own")."""
    destination = area.live_id if area is own_area else area.parent_id
    return move(client, own_area.draft_id, destination)


def move_in(client, area, own_area):
    """Move a draft from the target into the own subtree (within it, for "own")."""
    destination = own_area.live_id if area is own_area else own_area.parent_id
    return move(client, area.draft_id, destination)


def publish(client, area, own_area):
    page = Page.objects.get(pk=area.live_id).specific
    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        page_form(page, "已发布的修改", **{"action-publish": "action-publish"}),
    )
    return Page.objects.get(pk=page.pk).title == "已发布的修改"


def submit(client, area, own_area):
    page = Page.objects.get(pk=area.live_id).specific
    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        page_form(page, "提交审核的修改", **{"action-submit": "action-submit"}),
    )
    page = Page.objects.get(pk=page.pk)
    return page.workflow_in_progress and page.get_latest_revision().content["title"] == (
        "提交审核的修改"
    )


def approve(client, area, own_area):
    page = Page.objects.get(pk=area.pending_id)
    task_state = page.current_workflow_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    )
    page.refresh_from_db()
    return page.title.endswith("修改稿") and not page.workflow_in_progress


def upload_media(client, url_name, model, area, file):
    title = f"上传-{area.key}"
    client.post(reverse(url_name), {"title": title, "file": file, "collection": area.collection_id})
    return model.objects.filter(title=title, collection_id=area.collection_id).exists()


def upload_document(client, area, own_area):
    document = upload("notice.txt", b"notice")
    return upload_media(client, "wagtaildocs:add", get_document_model(), area, document)


def upload_image(client, area, own_area):
    image = upload("photo.png", png_bytes("blue"))
    return upload_media(client, "wagtailimages:add", get_image_model(), area, image)


def choose(client, url_name, model, object_id):
    response = client.get(reverse(url_name))
    if response.status_code != 200:
        return False
    # The chooser is a modal: its HTML comes inside a JSON envelope.
    html = response.json()["html"]
    return model.objects.get(pk=object_id).title in html


def choose_document(client, area, own_area):
    return choose(client, "wagtaildocs_chooser:choose", get_document_model(), area.document_id)


def choose_image(client, area, own_area):
    return choose(client, "wagtailimages_chooser:choose", get_image_model(), area.image_id)


def edit_media(client, url_name, model, object_id, area):
    client.post(
        reverse(url_name, args=[object_id]),
        {"title": "已改名", "collection": area.collection_id, "tags": ""},
    )
    return model.objects.get(pk=object_id).title == "已改名"


def edit_document(client, area, own_area):
    return edit_media(client, "wagtaildocs:edit", get_document_model(), area.document_id, area)


def edit_image(client, area, own_area):
    return edit_media(client, "wagtailimages:edit", get_image_model(), area.image_id, area)


ACTION_FUNCTIONS = {
    "explore": explore,
    "create": create,
    "edit": edit,
    "delete_draft": delete_draft,
    "delete_live": delete_live,
    "move_out": move_out,
    "move_in": move_in,
    "publish": publish,
    "submit": submit,
    "approve": approve,
    "upload_document": upload_document,
    "upload_image": upload_image,
    "choose_document": choose_document,
    "choose_image": choose_image,
    "edit_document": edit_document,
    "edit_image": edit_image,
}
assert set(ACTION_FUNCTIONS) == set(ACTIONS)


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_access(client, department_world, denial_tally, role, action, target):
    if role != "anonymous":
        client.force_login(department_world.users[role])
    area, own_area = resolve(department_world, role, target)

    took_effect = ACTION_FUNCTIONS[action](client, area, own_area)

    if role in DEPARTMENT_OF_ROLE and target == "other":
        denial_tally["attempts"] += 1
        denial_tally["denied"] += not took_effect
    expected = target in EXPECTED[role][action]
    assert took_effect == expected, (
        f"{role} {action} on {target}: expected {'allowed' if expected else 'denied'}, "
        f"but it was {'allowed' if took_effect else 'denied'}"
    )
