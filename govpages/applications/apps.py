from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "govpages.applications"
    label = "govpages_applications"
    verbose_name = _("Applications for disclosure")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from . import checks  # noqa: F401  (registers the system checks)
        from .models import Case
        from .permissions import CasePermissionPolicy

        register_permission_policy(Case, CasePermissionPolicy(Case), exact_class=True)
        from django.apps import apps

        if apps.is_installed("govpages_workdays"):
            from govpages_workdays.signals import calendar_changed

            def recompute_due_dates(sender, **kwargs):
                Case.objects.recompute_due_dates()

            calendar_changed.connect(recompute_due_dates, weak=False, dispatch_uid="cases_due")
