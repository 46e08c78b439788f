"""URLs of the one-app test sites.

Wagtail's admin and documents, the installed toolkit app's own URLs, Wagtail's page API when the
settings install it, then Wagtail's page serving.
"""

from django.apps import apps
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if apps.is_installed("wagtail.api.v2"):
    from wagtail.api.v2.router import WagtailAPIRouter
    from wagtail.api.v2.views import PagesAPIViewSet

    api_router = WagtailAPIRouter("wagtailapi")
    api_router.register_endpoint("pages", PagesAPIViewSet)
    urlpatterns.append(path("api/v2/", api_router.urls))

if apps.is_installed("govpages_search"):
    urlpatterns.append(path("", include("govpages_search.urls")))

urlpatterns.append(path("", include(wagtail_urls)))
