from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .departments.admin_views import DepartmentCreateView, DepartmentIndexView
from .departments.provisioning import can_manage_departments
from .models import (
    DepartmentPage,
    DisclosureItemPage,
    DocumentGenre,
    Organisation,
    ServiceAudience,
    TopicCategory,
    owning_department,
)

department_urls = (
    [
        path("", DepartmentIndexView.as_view(), name="index"),
        path("new/", DepartmentCreateView.as_view(), name="create"),
    ],
    "govpages_departments",
)


@hooks.register("register_admin_urls")
def register_department_urls():
    return [path("departments/", include(department_urls))]


class PortalAdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_departments(request.user)


@hooks.register("register_admin_menu_item")
def register_departments_menu_item():
    return PortalAdministratorMenuItem(
        gettext_lazy("Departments"),
        reverse("govpages_departments:index"),
        name="govpages_departments",
        icon_name="group",
        order=250,
    )


def is_department_root(page):
    return page.specific_class is DepartmentPage or isinstance(page, DepartmentPage)


def refuse_department_root(request, page):
    messages.error(
        request,
        _("Only portal administrators can delete or move the department %(name)s itself.")
        % {"name": page.title},
    )
    raise PermissionDenied


@hooks.register("before_delete_page")
def protect_department_root_from_delete(request, page):
    # Reviewers hold publish rights on their subtree root, which Wagtail would let them delete
    # while it has no children; the department (and its access wiring) belongs to the portal.
    if is_department_root(page) and not can_manage_departments(request.user):
        refuse_department_root(request, page)


@hooks.register("before_move_page")
def protect_department_root_from_move(request, page, destination):
    if is_department_root(page) and not can_manage_departments(request.user):
        refuse_department_root(request, page)


@hooks.register("before_bulk_action")
def protect_department_roots_in_bulk(request, action_type, objects, action_class_instance):
    if action_type not in {"delete", "move"} or can_manage_departments(request.user):
        return
    for page in objects:
        if is_department_root(page):
            refuse_department_root(request, page)


@hooks.register("govpages_search_before_facets")
def prefetch_item_facets(pages):
    """What the facet hooks below read of a batch of items, one query each for the batch
    rather than one per item: the departments and the genres."""
    items = [page for page in pages if isinstance(page, DisclosureItemPage)]
    set_departments([item for item in items if "department" not in item.__dict__])
    uncached = [item for item in items if not DisclosureItemPage.genre.is_cached(item)]
    prefetch_related_objects(uncached, "genre")


def set_departments(items):
    if not items:
        return
    departments = list(DepartmentPage.objects.order_by("-depth"))
    for item in items:
        item.department = next(
            (d for d in departments if item.path.startswith(d.path) and d.path != item.path),
            None,
        )


@hooks.register("govpages_search_facets_for_page")
def department_search_facet(page):
    # An item's department may be known already (set by the importer for a whole batch).
    is_item = isinstance(page, DisclosureItemPage)
    department = page.department if is_item else owning_department(page)
    return {"department": department.display_name} if department else {}


# -- disclosure catalog ------------------------------------------------------------------------


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "org_code", "department"]
    search_fields = ["name", "org_code"]
    ordering = ["name"]


class TopicCategoryViewSet(SnippetViewSet):
    model = TopicCategory
    icon = "folder-open-1"
    list_display = ["__str__", "sort_order"]
    list_filter = ["parent"]
    search_fields = ["name"]


class DocumentGenreViewSet(SnippetViewSet):
    model = DocumentGenre
    icon = "doc-full"
    list_display = ["name", "sort_order"]
    search_fields = ["name"]


class ServiceAudienceViewSet(SnippetViewSet):
    model = ServiceAudience
    icon = "user"
    list_display = ["name", "sort_order"]
    search_fields = ["name"]


class CatalogVocabulariesGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Catalog vocabularies")
    menu_icon = "list-ul"
    menu_order = 260
    items = [
        OrganisationViewSet,
        TopicCategoryViewSet,
        DocumentGenreViewSet,
        ServiceAudienceViewSet,
    ]


register_snippet(CatalogVocabulariesGroup)


@hooks.register("govpages_search_facets_for_page")
def disclosure_category_facet(page):
    """体裁分类 of an item; the department facet comes from department_search_facet above."""
    if isinstance(page, DisclosureItemPage) and page.genre_id:
        return {"category": page.genre.name}
    return {}


@hooks.register("govpages_search_result_fields_for_page")
def disclosure_result_fields(page):
    if not isinstance(page, DisclosureItemPage):
        return {}
    return {
        "index_number": page.index_number or "",
        "source_id": page.source_id or "",
        "doc_number": page.doc_number,
    }


@hooks.register("govpages_home_latest_disclosures")
def latest_disclosures(request, count):
    items = DisclosureItemPage.objects.live().public()
    return list(items.order_by("-publication_date", "-first_published_at", "-pk")[:count])
