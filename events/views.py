"""Admin for questions: department staff see, answer and publish the questions of the sessions
they may edit; the listing filters overdue ones."""

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from .deadlines import question_deadline
from .models import ForumSessionPage, Question
from .permissions import can_publish_session, editable_session_ids

STATUS_CHOICES = [
    ("pending", _("awaiting an answer")),
    ("overdue", _("overdue")),
    ("answered", _("answered")),
    ("unpublished", _("not published")),
]


class QuestionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method="filter_status", empty_label=_("All")
    )
    asker_type = django_filters.ChoiceFilter(label=_("Asked by"), choices=Question.ASKER_CHOICES)

    class Meta:
        model = Question
        fields = ["status", "asker_type"]

    def filter_status(self, queryset, name, value):
        if value == "pending":
            return queryset.pending()
        if value == "overdue":
            return queryset.overdue()
        if value == "answered":
            return queryset.answered()
        if value == "unpublished":
            return queryset.filter(published=False)
        return queryset


class QuestionAdminForm(WagtailAdminModelForm):
    class Meta:
        model = Question
        fields = [
            "session",
            "asker_type",
            "asker_name",
            "contact",
            "text",
            "answering_organisation",
            "answer",
            "answered_live",
            "answered_at",
            "due_date",
            "published",
            "sort_order",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "answer": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.user = for_user
        sessions = ForumSessionPage.objects.all()
        if for_user is not None and not for_user.is_superuser:
            sessions = sessions.filter(pk__in=editable_session_ids(for_user))
        self.fields["session"].queryset = sessions.order_by("-start")

    def clean(self):
        cleaned_data = super().clean()
        session = cleaned_data.get("session")
        was_published = bool(
            self.instance.pk
            and Question.objects.filter(pk=self.instance.pk, published=True).exists()
        )
        if (
            cleaned_data.get("published")
            and not was_published
            and session is not None
            and self.user is not None
            and not can_publish_session(self.user, session)
        ):
            self.add_error(
                "published",
                _("Only staff who may publish the session page can publish its questions."),
            )
        if cleaned_data.get("published") and not (cleaned_data.get("text") or "").strip():
            self.add_error("text", _("An empty question cannot be published."))
        if "due_date" in self.changed_data:
            self.instance.due_date_fixed = cleaned_data.get("due_date") is not None
        answer = (cleaned_data.get("answer") or "").strip()
        if answer and not cleaned_data.get("answered_at"):
            cleaned_data["answered_at"] = timezone.now()
        return cleaned_data


class PermissionCheckedObjectMixin:
    """Every per-object view checks the user's right on that question, not only on the model:
    a question's text, history and usage are as private as its session's draft."""

    object_permission = None  # defaults to the view's permission_required

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        policy, user = self.permission_policy, self.request.user
        # Another department's question does not exist for this user: 404, as in the listing.
        if not policy.user_has_any_permission_for_instance(user, ["change", "view"], obj):
            raise Http404
        permission = self.object_permission or self.permission_required
        if not policy.user_has_permission_for_instance(user, permission, obj):
            raise PermissionDenied
        return obj


class QuestionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        ).select_related("session")


class QuestionEditView(PermissionCheckedObjectMixin, generic.EditView):
    pass


class QuestionDeleteView(PermissionCheckedObjectMixin, generic.DeleteView):
    pass


class QuestionHistoryView(PermissionCheckedObjectMixin, generic.HistoryView):
    object_permission = "change"


class QuestionUsageView(PermissionCheckedObjectMixin, generic.UsageView):
    object_permission = "change"


class StatusColumn(Column):
    def get_value(self, instance):
        if instance.is_answered:
            return _("answered")
        if instance.is_overdue():
            return _("overdue")
        return _("awaiting an answer")


class DeadlineColumn(Column):
    """The answer deadline as a date with the working days left or past."""

    cell_template_name = "govpages_events/admin/deadline_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["deadline"] = question_deadline(instance, parent_context.get("request"))
        return context


class QuestionViewSet(ModelViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    menu_order = 250
    add_to_admin_menu = True
    form_fields = QuestionAdminForm._meta.fields
    copy_view_enabled = False
    sort_order_field = None
    index_view_class = QuestionIndexView
    edit_view_class = QuestionEditView
    delete_view_class = QuestionDeleteView
    history_view_class = QuestionHistoryView
    usage_view_class = QuestionUsageView
    filterset_class = QuestionFilterSet
    list_display = [
        "__str__",
        Column("session", label=_("session")),
        Column("asker_type", label=_("asked by"), accessor="get_asker_type_display"),
        StatusColumn("status", label=_("status"), classname="govpages-nowrap"),
        DeadlineColumn("due_date", label=_("answer due"), classname="govpages-nowrap"),
        BooleanColumn("published", label=_("published")),
    ]
    search_fields = ["text", "answer", "asker_name"]
    search_backend_name = None

    def get_form_class(self, for_update=False):
        return QuestionAdminForm


question_viewset = QuestionViewSet("govpages_questions")
