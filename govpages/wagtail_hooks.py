from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import DepartmentCreateView, DepartmentIndexView
from .models import DepartmentPage
from .provisioning import can_manage_departments

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
        name="departments",
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


def department_of(page):
    """The nearest DepartmentPage at or above ``page``, or None."""
    return DepartmentPage.objects.ancestor_of(page, inclusive=True).order_by("-depth").first()


@hooks.register("search_facets_for_page")
def department_search_facet(page):
    department = department_of(page)
    return {"department": department.display_name} if department else {}
