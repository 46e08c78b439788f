"""System checks: what the search app needs, and whether the site uses its backends."""

from django.apps import apps
from django.conf import settings
from django.core import checks

REQUIRED_APPS = ["wagtail.search", "wagtail.contrib.search_promotions"]
BACKEND_PREFIX = "govpages_search.backends."


@checks.register()
def check_required_apps(app_configs, **kwargs):
    return [
        checks.Error(
            f"govpages_search needs '{name}' in INSTALLED_APPS.",
            hint=f"Add '{name}' to INSTALLED_APPS.",
            id="govpages_search.E001",
        )
        for name in REQUIRED_APPS
        if not apps.is_installed(name)
    ]


@checks.register()
def check_search_backend(app_configs, **kwargs):
    backend = getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).get("default", {}).get("BACKEND", "")
    if backend.startswith(BACKEND_PREFIX):
        return []
    return [
        checks.Warning(
            f"WAGTAILSEARCH_BACKENDS['default'] is {backend or 'not set'!r}: Chinese words will "
            "not be found.",
            hint=f"Set its BACKEND to '{BACKEND_PREFIX}database' (or elasticsearch8, "
            "elasticsearch9, opensearch3).",
            id="govpages_search.W001",
        )
    ]
