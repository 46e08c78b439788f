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
    from django.db.models.signals import post_delete, post_save

    from .models import DayAdjustment, Question

    def calendar_changed(sender, **kwargs):
        Question.objects.recompute_open_due_dates()

    for signal, uid in [(post_save, "calendar_saved"), (post_delete, "calendar_deleted")]:
        signal.connect(calendar_changed, sender=DayAdjustment, weak=False, dispatch_uid=uid)
