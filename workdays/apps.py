from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "govpages_workdays"
    label = "govpages_workdays"
    verbose_name = _("Working days")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .signals import connect_calendar_changed

        connect_calendar_changed()
