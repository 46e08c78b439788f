"""Admin views for portal administrators: the list of departments and "新建部门"."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page

from ..models import DepartmentPage
from .provisioning import (
    DepartmentSpec,
    ProvisioningError,
    can_manage_departments,
    normalise_org_code,
    provision_department,
)


class PortalAdministratorRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_manage_departments(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DepartmentCreateForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Full name"),
        max_length=100,
        help_text=gettext_lazy("Also names the department's groups, collection and workflow."),
    )
    short_name = forms.CharField(label=gettext_lazy("Short name"), max_length=64, required=False)
    org_code = forms.CharField(
        label=gettext_lazy("Organisation code"),
        max_length=20,
        help_text=gettext_lazy(
            "Organisation code (9 characters) or unified social credit code (18 characters)."
        ),
    )
    parent = forms.ModelChoiceField(
        label=gettext_lazy("Parent page"),
        queryset=Page.objects.filter(depth__gt=1),
        required=False,
        widget=AdminPageChooser(can_choose_root=False),
        help_text=gettext_lazy("Leave empty to put the department under the site's home page."),
    )
    address = forms.CharField(label=gettext_lazy("Address"), max_length=255, required=False)
    office_hours = forms.CharField(
        label=gettext_lazy("Office hours"), max_length=255, required=False
    )
    phone = forms.CharField(label=gettext_lazy("Telephone"), max_length=64, required=False)
    fax = forms.CharField(label=gettext_lazy("Fax"), max_length=64, required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
    website = forms.URLField(label=gettext_lazy("Website"), required=False, assume_scheme="https")

    def clean_org_code(self):
        org_code = normalise_org_code(self.cleaned_data["org_code"])
        existing = DepartmentPage.objects.filter(org_code=org_code).first()
        if existing:
            raise forms.ValidationError(
                _("Organisation code %(code)s already belongs to department %(name)s.")
                % {"code": org_code, "name": existing.title}
            )
        return org_code

    def to_spec(self):
        data = self.cleaned_data
        return DepartmentSpec(
            org_code=data["org_code"],
            name=data["name"],
            short_name=data["short_name"],
            parent=data["parent"].specific if data["parent"] else None,
            address=data["address"],
            office_hours=data["office_hours"],
            phone=data["phone"],
            fax=data["fax"],
            email=data["email"],
            website=data["website"],
        )


class DepartmentIndexView(
    PortalAdministratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView
):
    template_name = "govpages/admin/department_index.html"
    page_title = gettext_lazy("Departments")
    header_icon = "group"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["departments"] = DepartmentPage.objects.select_related(
            "editors_group", "reviewers_group", "collection", "workflow"
        ).order_by("path")
        context["create_url"] = reverse("govpages_departments:create")
        return context


class DepartmentCreateView(PortalAdministratorRequiredMixin, WagtailAdminTemplateMixin, FormView):
    form_class = DepartmentCreateForm
    template_name = "wagtailadmin/generic/form.html"
    page_title = gettext_lazy("New department")
    header_icon = "group"
    success_url = reverse_lazy("govpages_departments:index")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("govpages_departments:index"), "label": _("Departments")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=reverse("govpages_departments:create"),
            submit_button_label=_("Create department"),
            submit_button_active_label=_("Creating…"),
            media=context["form"].media,
        )
        return context

    def form_valid(self, form):
        try:
            result = provision_department(form.to_spec(), user=self.request.user)
        except ProvisioningError as error:
            form.add_error(error.field, str(error))
            return self.form_invalid(form)
        department = result.department
        messages.success(
            self.request,
            _("Department %(name)s created with its groups, collection and workflow.")
            % {"name": department.title},
        )
        return redirect("wagtailadmin_pages:edit", department.pk)
