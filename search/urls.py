"""Include in the project's urls before Wagtail's catch-all:
path("", include("govpages_search.urls"))."""

from django.urls import path

from .page import views

app_name = "govpages_search"

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("api/search/", views.search_api, name="api"),
]
