"""System checks: the cases need the disclosure app (departments) and the working-day calendar."""

from django.core import checks

from ..checks import missing_apps_errors

REQUIRED_APPS = ["govpages", "govpages_workdays"]


@checks.register()
def check_required_apps(app_configs, **kwargs):
    return missing_apps_errors("govpages_applications", REQUIRED_APPS, "govpages_applications.E001")
