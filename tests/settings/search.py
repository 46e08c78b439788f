"""The search app alone (govpages_search), on the minimal test site, with its database backend."""

from .base import *  # noqa: F401,F403
from .base import installed_apps

INSTALLED_APPS = installed_apps(
    "govpages_search", "wagtail.contrib.search_promotions", after_wagtail=["django_tasks_db"]
)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "govpages_search.backends.database"}}
