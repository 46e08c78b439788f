from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import DayAdjustment
from .workcalendar import years_without_schedule


class DayAdjustmentViewSet(SnippetViewSet):
    model = DayAdjustment
    icon = "calendar-alt"
    menu_order = 270
    add_to_settings_menu = True
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]


register_snippet(DayAdjustmentViewSet)


class MissingHolidaysPanel(Component):
    """Dashboard: deadlines would ignore holidays for a year nobody has a schedule for."""

    name = "missing_holidays"
    template_name = "govpages_workdays/admin/missing_holidays_panel.html"
    order = 140

    def __init__(self, years):
        self.years = years

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["years"] = self.years
        context["snippet_url"] = reverse("wagtailsnippets_govpages_workdays_dayadjustment:list")
        return context


@hooks.register("construct_homepage_panels")
def add_missing_holidays_panel(request, panels):
    if not request.user.has_perm("govpages_workdays.add_dayadjustment"):
        return
    years = years_without_schedule(timezone.localdate())
    if years:
        panels.append(MissingHolidaysPanel(years))
