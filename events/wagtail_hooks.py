from django.utils import timezone
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


class OverdueQuestionsPanel(Component):
    """Dashboard: questions past their answer date in the sessions the user may edit."""

    name = "overdue_questions"
    template_name = "govpages_events/admin/overdue_questions_panel.html"
    order = 150

    def __init__(self, questions):
        self.questions = questions

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["questions"] = self.questions[:10]
        context["total"] = self.questions.count()
        return context


@hooks.register("construct_homepage_panels")
def add_overdue_questions_panel(request, panels):
    policy = policy_registry.get_by_type(Question)
    overdue = (
        policy.instances_user_has_permission_for(request.user, "change")
        .overdue(timezone.localdate())
        .select_related("session")
        .order_by("due_date")
    )
    if overdue.exists():
        panels.append(OverdueQuestionsPanel(overdue))
