from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .dictionaries_admin import SearchDictionariesGroup
from .signal_handlers import on_pages_published_in_bulk

register_snippet(SearchDictionariesGroup)

# Run by code that publishes pages in bulk without per-page signals (the disclosure import):
# hook(pages), the specific pages, inside the writer's transaction.
hooks.register("govpages_pages_published_in_bulk", on_pages_published_in_bulk)
