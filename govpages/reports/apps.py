from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "govpages.reports"
    label = "govpages_reports"
    verbose_name = _("Annual disclosure reports")
    default_auto_field = "django.db.models.BigAutoField"
