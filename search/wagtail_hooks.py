from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from .dictionaries_admin import SearchDictionariesGroup
from .index_queue_admin import IndexQueueView
from .signal_handlers import on_pages_published_in_bulk

register_snippet(SearchDictionariesGroup)

# Run by code that publishes pages in bulk without per-page signals (the disclosure import):
# hook(pages), the specific pages, inside the writer's transaction.
hooks.register("govpages_pages_published_in_bulk", on_pages_published_in_bulk)


@hooks.register("register_admin_urls")
def register_index_queue_url():
    return [
        path("search-index-queue/", IndexQueueView.as_view(), name="govpages_search_index_queue")
    ]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_reports_menu_item")
def register_index_queue_menu_item():
    return SuperuserMenuItem(
        _("Search index updates"),
        reverse("govpages_search_index_queue"),
        name="govpages_search_index_queue",
        icon_name="search",
        order=900,
    )
