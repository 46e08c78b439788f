"""System checks: what the events app needs from the site that installs it."""

from django.apps import apps
from django.core import checks

REQUIRED_APPS = ["wagtail.contrib.routable_page", "govpages_workdays"]


@checks.register()
def check_required_apps(app_configs, **kwargs):
    return [
        checks.Error(
            f"govpages_events needs '{name}' in INSTALLED_APPS.",
            hint=f"Add '{name}' to INSTALLED_APPS.",
            id="govpages_events.E001",
        )
        for name in REQUIRED_APPS
        if not apps.is_installed(name)
    ]
