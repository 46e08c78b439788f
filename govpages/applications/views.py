"""Admin for cases: each department's staff see and handle only their department's cases.

Cases are not edited as forms: every change is one of the actions (actions.py), posted from
the case's page, and logged. Another department's case answers 404 on every URL."""

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.auth import require_admin_access
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry

from . import actions
from .models import Case
from .models.case import CaseState, Delivery
from .models.pages import CASE_FIELDS
from .outcomes import Outcome


def cases_for(user):
    return policy_registry.get_by_type(Case).instances_user_has_permission_for(user, "change")


def case_for(user, pk):
    return get_object_or_404(cases_for(user), pk=pk)


class ActionForm(forms.Form):
    day = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExtendForm(ActionForm):
    days = forms.IntegerField(label=_("Working days"), min_value=1, max_value=20)


class ReplyForm(ActionForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    delivery = forms.ChoiceField(label=_("Delivered"), choices=Delivery.choices)
    document = forms.FileField(label=_("Reply document"), required=False)


ACTION_FORMS = {
    actions.REQUEST_CORRECTION: ActionForm,
    actions.CORRECTION_SUPPLIED: ActionForm,
    actions.START_CONSULTATION: ActionForm,
    actions.END_CONSULTATION: ActionForm,
    actions.EXTEND: ExtendForm,
    actions.REPLY: ReplyForm,
}
AVAILABLE = {
    CaseState.RECEIVED: [
        actions.REQUEST_CORRECTION,
        actions.START_CONSULTATION,
        actions.EXTEND,
        actions.REPLY,
    ],
    CaseState.CORRECTION: [actions.CORRECTION_SUPPLIED, actions.REPLY],
    CaseState.CONSULTATION: [actions.END_CONSULTATION],
    CaseState.REPLIED: [],
}


def perform(case, name, user, data, files):
    day, note = data["day"], data.get("note") or ""
    if name == actions.EXTEND:
        return actions.extend(case, user, day, data["days"], note)
    if name == actions.REPLY:
        return actions.reply(
            case, user, day, data["outcome"], data["delivery"], data.get("document"), note
        )
    return getattr(actions, name)(case, user, day, note)


@require_admin_access
@require_POST
def case_action(request, pk, name):
    case = case_for(request.user, pk)
    if name not in ACTION_FORMS:
        raise Http404
    form = ACTION_FORMS[name](request.POST, request.FILES, prefix=name)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{' '.join(errors)}" if label else " ".join(errors))
    else:
        try:
            perform(case, name, request.user, form.cleaned_data, request.FILES)
        except actions.CaseActionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, actions.action_labels()[name])
    return redirect("govpages_applications:inspect", case.pk)


@require_admin_access
def case_file(request, pk, which):
    case = case_for(request.user, pk)
    field = {"attachment": case.attachment, "reply": case.reply_document}.get(which)
    if not field:
        raise Http404
    return FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=f"{case.number}-{which}.{field.name.rsplit('.', 1)[-1]}",
    )


class CaseIndexView(generic.IndexView):
    def get_base_queryset(self):
        return cases_for(self.request.user).select_related("department")

    def get_edit_url(self, instance):
        return reverse("govpages_applications:inspect", args=[instance.pk])


class CaseInspectView(generic.InspectView):
    template_name = "govpages_applications/admin/case_inspect.html"

    def get_object(self, queryset=None):
        return case_for(self.request.user, self.pk)

    def get_edit_url(self):
        return None

    def get_delete_url(self):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object
        today = timezone.localdate()
        labels = actions.action_labels()
        context.update(
            case=case,
            log=[(entry, labels.get(entry.action, entry.action)) for entry in case.log.all()],
            action_forms=[
                (name, labels[name], ACTION_FORMS[name](prefix=name, initial={"day": today}))
                for name in AVAILABLE[case.state]
                if not (name == actions.EXTEND and case.extension_days)
                and not (
                    name == actions.REQUEST_CORRECTION
                    and case.pauses.filter(kind="correction").exists()
                )
            ],
        )
        return context


class DeniedView(generic.EditView):
    def dispatch(self, request, *args, **kwargs):
        raise Http404


class StatusColumn(Column):
    def get_value(self, instance):
        if instance.is_overdue():
            return _("overdue")
        return instance.get_state_display()


class CaseViewSet(ModelViewSet):
    model = Case
    icon = "mail"
    menu_label = _("Applications for disclosure")
    menu_order = 255
    add_to_admin_menu = True
    form_fields = ["department"]
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = CaseIndexView
    inspect_view_class = CaseInspectView
    add_view_class = DeniedView
    edit_view_class = DeniedView
    delete_view_class = DeniedView
    history_view_class = DeniedView
    usage_view_class = DeniedView
    list_filter = ["state", "applicant_type"]
    list_display = [
        "number",
        Column("department", label=_("department")),
        Column("name", label=_("applicant")),
        Column("masked_id_number", label=_("identity document number")),
        StatusColumn("status", label=_("state")),
        DateColumn("received_on", label=_("date of receipt")),
        DateColumn("due_date", label=_("reply due")),
    ]
    search_fields = ["number", "name", "description"]
    search_backend_name = None
    inspect_view_fields = [
        "number",
        "department",
        *CASE_FIELDS,
        "received_on",
        "due_date",
        "extension_days",
        "extension_reason",
        "outcome",
        "replied_on",
        "reply_delivery",
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/action/<str:name>/", case_action, name="action"),
            path("<int:pk>/file/<str:which>/", case_file, name="file"),
        ]


case_viewset = CaseViewSet("govpages_applications")
