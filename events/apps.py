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
