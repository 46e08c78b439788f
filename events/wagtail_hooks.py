from django.db import models
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Site
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import (
    ActivityForm,
    EventPage,
    EventType,
    ForumSessionPage,
    Question,
)
from .views import question_viewset

UPCOMING_LOOKAHEAD_DAYS = 366


@hooks.register("register_admin_viewset")
def register_question_viewset():
    return question_viewset


@hooks.register("insert_global_admin_css")
def events_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("govpages_events/admin.css"))


class EventTypeViewSet(SnippetViewSet):
    model = EventType
    icon = "tag"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


class ActivityFormViewSet(SnippetViewSet):
    model = ActivityForm
    icon = "list-ul"
    list_display = ["name", "sort_order"]


class EventVocabularyGroup(SnippetViewSetGroup):
    menu_label = _("Event settings")
    menu_icon = "date"
    menu_order = 260
    items = [EventTypeViewSet, ActivityFormViewSet]


register_snippet(EventVocabularyGroup)


@hooks.register("govpages_home_upcoming_events")
def upcoming_events(request, count):
    """Live, public events of the request's site that are not over yet, soonest first, with
    stand-alone forum sessions (sessions of an event are reached through the event)."""
    site = Site.find_for_request(request) if request is not None else None
    now = timezone.now()
    upcoming = []
    for page in in_site(EventPage.objects.live().public(), site).prefetch_related("occurrences"):
        instance = page.next_instance(now)
        if instance is not None:
            upcoming.append((instance.start, page))
    sessions = in_site(ForumSessionPage.objects.live().public(), site).filter(start__gte=now)
    event_paths = set(EventPage.objects.values_list("path", flat=True))
    for session in sessions.order_by("start")[:count]:
        if session.path[: -session.steplen] not in event_paths:
            upcoming.append((session.start, session))
    upcoming.sort(key=lambda item: item[0])
    return [page for _start, page in upcoming[:count]]


def in_site(queryset, site):
    if site is None:
        return queryset
    return queryset.descendant_of(site.root_page, inclusive=True)


@hooks.register("after_copy_page")
def renew_uids_of_copied_events(request, page, new_page):
    from .models.event import sync_copied_revision_uids

    if isinstance(new_page.specific, EventPage):
        sync_copied_revision_uids(new_page.specific)


@hooks.register("govpages_search_result_fields_for_page")
def event_search_fields(page):
    """When an event or session takes place, and its type, for search results."""
    from .recurrence import local

    if isinstance(page, EventPage):
        start = page.first_start
        return {
            "event_start": f"{start:%Y-%m-%d %H:%M}" if start else "",
            "event_type": page.event_type.name if page.event_type_id else "",
        }
    if isinstance(page, ForumSessionPage):
        return {
            "event_start": f"{local(page.start):%Y-%m-%d %H:%M}",
            "event_type": str(page.get_kind_display()),
        }
    return {}


class QuestionsToAnswerPanel(Component):
    """Dashboard: the questions awaiting an answer in the sessions the user may edit (for a
    department's staff, their department's sessions), earliest deadline first."""

    name = "questions_to_answer"
    template_name = "govpages_events/admin/questions_to_answer_panel.html"
    order = 150
    rows_shown = 10

    def __init__(self, request, questions):
        self.request = request
        self.questions = questions

    def get_context_data(self, parent_context):
        from .deadlines import question_deadline

        context = super().get_context_data(parent_context)
        today = timezone.localdate()
        pending = self.questions.pending().filter(answered_live=False)
        shown = pending.select_related("session").order_by(
            models.F("due_date").asc(nulls_last=True), "created_at"
        )[: self.rows_shown]
        context["rows"] = [
            (question, question_deadline(question, self.request, today)) for question in shown
        ]
        context["total"] = pending.count()
        context["overdue"] = pending.overdue(today).count()
        context["unpublished"] = self.questions.answered().filter(published=False).count()
        return context


@hooks.register("construct_homepage_panels")
def add_questions_to_answer_panel(request, panels):
    policy = policy_registry.get_by_type(Question)
    questions = policy.instances_user_has_permission_for(request.user, "change")
    if questions.filter(models.Q(answer="") | models.Q(published=False)).exists():
        panels.append(QuestionsToAnswerPanel(request, questions))
