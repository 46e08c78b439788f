"""System checks of the working-day calendar."""

from django.apps import apps
from django.core import checks

from . import conf

REQUIRED_APPS = ["wagtail.snippets"]


@checks.register()
def check_required_apps(app_configs, **kwargs):
    return [
        checks.Error(
            f"govpages_workdays needs '{name}' in INSTALLED_APPS.",
            hint=f"Add '{name}' to INSTALLED_APPS.",
            id="govpages_workdays.E001",
        )
        for name in REQUIRED_APPS
        if not apps.is_installed(name)
    ]


@checks.register()
def check_deprecated_settings(app_configs, **kwargs):
    return [
        checks.Warning(
            f"{old} is deprecated.",
            hint=f"Rename it to {old.replace('GOVPAGES_EVENTS_', 'GOVPAGES_WORKDAYS_')}.",
            id="govpages_workdays.W001",
        )
        for old in conf.deprecated_names_in_use()
    ]


def require_workdays(app_label):
    """For the apps whose deadlines run on this calendar: their system check's error."""
    if apps.is_installed("govpages_workdays"):
        return []
    return [
        checks.Error(
            f"{app_label} needs 'govpages_workdays' (the working-day calendar) in INSTALLED_APPS.",
            hint="Add 'govpages_workdays' to INSTALLED_APPS.",
            id=f"{app_label}.E100",
        )
    ]
