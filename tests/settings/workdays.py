"""The working-day calendar alone (govpages_workdays), on the minimal test site."""

from .base import *  # noqa: F401,F403
from .base import installed_apps

INSTALLED_APPS = installed_apps("govpages_workdays")
