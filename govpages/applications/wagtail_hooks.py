from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component

from . import conf
from .views import case_viewset, cases_for


@hooks.register("register_admin_viewset")
def register_case_viewset():
    return case_viewset


class DueCasesPanel(Component):
    """Dashboard: the user's department cases overdue or due within a few working days."""

    name = "due_application_cases"
    template_name = "govpages_applications/admin/due_cases_panel.html"
    order = 145

    def __init__(self, overdue, due_soon):
        self.overdue, self.due_soon = overdue, due_soon

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(overdue=self.overdue, due_soon=self.due_soon)
        return context


def due_soon_limit(today):
    from govpages_workdays.workcalendar import WorkCalendar

    return WorkCalendar().add_working_days(today, conf.get("GOVPAGES_APPLICATIONS_DUE_SOON_DAYS"))


@hooks.register("construct_homepage_panels")
def add_due_cases_panel(request, panels):
    today = timezone.localdate()
    cases = cases_for(request.user).select_related("department").order_by("due_date")
    overdue = list(cases.overdue(today)[:20])
    due_soon = list(cases.due_by(due_soon_limit(today), today)[:20])
    if overdue or due_soon:
        panels.append(DueCasesPanel(overdue, due_soon))
