from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "govpages_events"
    label = "govpages_events"
    verbose_name = _("Events")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from . import checks  # noqa: F401  (registers the system checks)
        from .models import Question
        from .permissions import QuestionPermissionPolicy

        register_permission_policy(Question, QuestionPermissionPolicy(Question), exact_class=True)
        register_signal_handlers()


def register_signal_handlers():
    from django.apps import apps

    from .models import Question

    if not apps.is_installed("govpages_workdays"):
        return  # the system check reports it
    from govpages_workdays.signals import calendar_changed

    def recompute_due_dates(sender, **kwargs):
        Question.objects.recompute_open_due_dates()

    calendar_changed.connect(recompute_due_dates, weak=False, dispatch_uid="events_due_dates")
