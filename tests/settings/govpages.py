"""The disclosure app alone (govpages), on the minimal test site.

Wagtail's page API is installed too (it is no toolkit app): the disclosure pages declare API
fields, and the tests read them at /api/v2/pages/ as a site exposing the API would.
"""

from .base import *  # noqa: F401,F403
from .base import installed_apps, templates

INSTALLED_APPS = installed_apps(
    "govpages",
    "govpages.applications",
    "govpages.reports",
    "govpages_workdays",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    after_wagtail=["wagtail.api.v2", "rest_framework"],
)
TEMPLATES = templates("wagtail.contrib.settings.context_processors.settings")
REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}
