"""System checks: what the disclosure app needs from the site that installs it."""

from django.apps import apps
from django.core import checks

REQUIRED_APPS = ["wagtail.contrib.settings", "wagtail.contrib.routable_page"]


def missing_apps_errors(app_label, required, error_id):
    return [
        checks.Error(
            f"{app_label} needs '{name}' in INSTALLED_APPS.",
            hint=f"Add '{name}' to INSTALLED_APPS.",
            id=error_id,
        )
        for name in required
        if not apps.is_installed(name)
    ]


@checks.register()
def check_required_apps(app_configs, **kwargs):
    return missing_apps_errors("govpages", REQUIRED_APPS, "govpages.E001")
