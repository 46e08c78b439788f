"""The events app alone (govpages_events), on the minimal test site."""

from .base import *  # noqa: F401,F403
from .base import installed_apps

INSTALLED_APPS = installed_apps(
    "govpages_events", "govpages_workdays", "wagtail.contrib.routable_page"
)
