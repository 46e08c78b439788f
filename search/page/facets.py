"""The facet table: which pages the search may show, and their department, category, type, year.

`sync_page` keeps one page's row in step; `write_entries` does it for many pages in one bulk
write: for a page and its descendants (`sync_subtree`: moves and privacy changes) and for pages
that another app wrote in bulk (`sync_pages`, through the `govpages_pages_published_in_bulk`
hook); `rebuild` refills the whole table (run by `govpages_update_index`).
Values come from the `govpages_search_facets_for_page` and
`govpages_search_result_fields_for_page` hooks (with `govpages_search_before_facets` for what a
whole batch can share), so the search app never imports the apps that own departments or
categories.
"""

import datetime
import html
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from ..idlists import id_list
from ..models import SearchFacetEntry

logger = logging.getLogger(__name__)

FACETS_HOOK = "govpages_search_facets_for_page"
#: Called with a batch of specific pages before their rows are computed, so that an app can look
#: up in one query what its per-page hook would otherwise fetch page by page.
BATCH_HOOK = "govpages_search_before_facets"
RESULT_FIELDS_HOOK = "govpages_search_result_fields_for_page"
# Keys the entry stores in columns; any other hook key goes into `extra["facets"]`.
COLUMN_FACETS = ("department", "category")
MAX_TEXT_LENGTH = 20_000
REBUILD_CHUNK_SIZE = 500


def restricted_paths():
    """Tree paths of every page carrying a view restriction (their subtrees are private)."""
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def _is_public(page, private_paths):
    return not any(page.path.startswith(path) for path in private_paths)


def _ancestor_restricted_paths(page):
    steplen = page.steplen
    own_and_ancestors = [page.path[:end] for end in range(steplen, len(page.path) + 1, steplen)]
    return list(
        PageViewRestriction.objects.filter(page__path__in=own_and_ancestors).values_list(
            "page__path", flat=True
        )
    )


def search_date(page):
    """The date the search shows and sorts by: `get_search_date()` or first publication."""
    getter = getattr(page, "get_search_date", None)
    value = getter() if callable(getter) else None
    if value is None:
        value = page.first_published_at or page.last_published_at
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time.min)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(_plain(item) for item in value)
    text = str(value)
    if "<" in text:  # rich text; values from get_searchable_content() are plain already
        text = html.unescape(strip_tags(text))
    return " ".join(text.split())


def _field_text(field, page):
    value = field.get_value(page)
    stream_block = getattr(value, "stream_block", None)
    if stream_block is not None:
        # The text editors typed into the blocks; str() would render the blocks' templates
        # (a search form's labels, a feed's headings) into the snippet.
        return _plain(stream_block.get_searchable_content(value))
    return _plain(value)


def searchable_text(page):
    """Plain text for result snippets: the page's ``get_search_snippet_text()`` if it has one,
    else its searchable fields other than the title (stream fields by their text blocks)."""
    getter = getattr(page, "get_search_snippet_text", None)
    if callable(getter):
        return _plain(getter())[:MAX_TEXT_LENGTH]
    parts = []
    for field in page.get_search_fields():
        if not isinstance(field, index.SearchField) or field.field_name == "title":
            continue
        try:
            parts.append(_field_text(field, page))
        except Exception:  # a broken field must not stop publishing
            logger.exception("Cannot read search field %s of page %s", field.field_name, page.pk)
    text = " ".join(part for part in parts if part)
    if not text:
        text = page.search_description or ""
    return text[:MAX_TEXT_LENGTH]


def _hook_values(hook_name, page):
    merged = {}
    for fn in hooks.get_hooks(hook_name):
        values = fn(page) or {}
        merged.update({key: value for key, value in values.items() if value not in (None, "")})
    return merged


def prepare_batch(pages):
    for fn in hooks.get_hooks(BATCH_HOOK):
        fn(pages)


def entry_values(page):
    """Column values of the facet row of a (specific) page."""
    facets = {key: str(value) for key, value in _hook_values(FACETS_HOOK, page).items()}
    result_fields = {
        key: value if isinstance(value, (int, float, bool)) else str(value)
        for key, value in _hook_values(RESULT_FIELDS_HOOK, page).items()
    }
    date = search_date(page)
    return {
        "content_type_id": page.content_type_id,
        "title": page.title[:255],
        "department": facets.pop("department", "")[:255],
        "category": facets.pop("category", "")[:255],
        "year": timezone.localtime(date).year if date else None,
        "date": date,
        "expire_at": page.expire_at,
        "text": searchable_text(page),
        "extra": {"facets": facets, "result_fields": result_fields},
    }


def _searchable(page):
    return page.live and page.depth > 1


def sync_page(page, private_paths=None):
    """Create, update or delete the facet row of one page, from its current state."""
    if private_paths is None:
        private_paths = _ancestor_restricted_paths(page) if _searchable(page) else []
    if not _searchable(page) or not _is_public(page, private_paths):
        SearchFacetEntry.objects.filter(page_id=page.pk).delete()
        return None
    specific = page.specific if type(page) is Page else page
    entry, _created = SearchFacetEntry.objects.update_or_create(
        page_id=page.pk, defaults=entry_values(specific)
    )
    return entry


def write_entries(pages, private_paths=None):
    """Replace the rows of many (specific) pages at once: one delete, one bulk insert of the rows
    of those that are live and public. Returns the number of rows written."""
    pages = list(pages)
    if not pages:
        return 0
    if private_paths is None:
        private_paths = restricted_paths()
    prepare_batch(pages)
    entries = [
        SearchFacetEntry(page_id=page.pk, **entry_values(page))
        for page in pages
        if _searchable(page) and _is_public(page, private_paths)
    ]
    with transaction.atomic():
        SearchFacetEntry.objects.filter(page_id__in=[page.pk for page in pages]).delete()
        SearchFacetEntry.objects.bulk_create(entries, batch_size=REBUILD_CHUNK_SIZE)
    return len(entries)


def sync_pages(pages):
    """The rows of pages written in bulk, without the signals that sync one page at a time (see
    the `govpages_pages_published_in_bulk` hook); a page given as a plain Page is made specific."""
    pages = list(pages)
    plain = [page.pk for page in pages if type(page) is Page]
    if plain:
        specific = {page.pk: page for page in Page.objects.filter(pk__in=plain).specific()}
        pages = [specific.get(page.pk, page) if type(page) is Page else page for page in pages]
    return write_entries(pages)


def remove_page_id(page_id):
    SearchFacetEntry.objects.filter(page_id=page_id).delete()


def sync_page_id(page_id):
    """Sync one page's row from what is stored (not from an in-memory, possibly draft, copy)."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        SearchFacetEntry.objects.filter(page_id=page_id).delete()
        return None
    return sync_page(page)


def sync_subtree(page):
    """Re-derive the rows of a page and all its descendants (after a move or privacy change)."""
    private_paths = restricted_paths()
    pages = Page.objects.descendant_of(page, inclusive=True).order_by("path")
    with transaction.atomic():
        for chunk_start in range(0, pages.count(), REBUILD_CHUNK_SIZE):
            chunk = pages[chunk_start : chunk_start + REBUILD_CHUNK_SIZE].specific()
            write_entries(chunk, private_paths)


def add_missing(page_ids, limit=None):
    """Add rows for live pages the table lacks (written by a path that sent neither the page
    signals nor the bulk hook), all in one bulk write unless ``limit`` says how many; returns
    how many were added. `page_ids` come from a search over live, public pages."""
    known = set(
        SearchFacetEntry.objects.filter(page_id__in=id_list(page_ids)).values_list(
            "page_id", flat=True
        )
    )
    missing = [page_id for page_id in page_ids if page_id not in known][:limit]
    if not missing:
        return 0
    logger.warning(
        "%d matched pages had no search facet row; run govpages_update_index", len(missing)
    )
    return write_entries(Page.objects.filter(pk__in=missing).specific())


def rebuild(stdout=None):
    """Refill the whole table from the live, public pages; returns the number of rows."""
    private_paths = restricted_paths()
    pages = Page.objects.live().filter(depth__gt=1).order_by("path")
    entries = []
    with transaction.atomic():
        SearchFacetEntry.objects.all().delete()
        total = pages.count()
        for chunk_start in range(0, total, REBUILD_CHUNK_SIZE):
            chunk = list(pages[chunk_start : chunk_start + REBUILD_CHUNK_SIZE].specific())
            prepare_batch(chunk)
            for page in chunk:
                if _is_public(page, private_paths):
                    entries.append(SearchFacetEntry(page_id=page.pk, **entry_values(page)))
            SearchFacetEntry.objects.bulk_create(entries)
            entries = []
    count = SearchFacetEntry.objects.count()
    if stdout is not None:
        stdout.write(f"search facet table: {count} live public pages")
    return count
