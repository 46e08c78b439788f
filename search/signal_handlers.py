"""Keep the facet table and the search index in step with the page tree.

Wagtail reindexes a page when it is saved (publish, unpublish) and removes it when deleted, but
not its descendants when it moves (their indexed `path` goes stale) nor when a view restriction
is added or removed above them. These handlers cover those cases. Indexing goes through
modelsearch's task, so an unreachable Elasticsearch/OpenSearch is logged and never breaks the
editor's action; the facet table is in the database and changes in the same transaction.

Code that publishes pages in bulk, bypassing those signals, runs the Wagtail hook
`govpages_pages_published_in_bulk` with the pages; `on_pages_published_in_bulk` answers it.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.search.tasks import insert_or_update_object_task
from wagtail.signals import page_published, page_unpublished, post_page_move

from .analysis import invalidate, invalidate_vocabulary
from .models import CustomWord, SynonymGroup
from .page import facets

logger = logging.getLogger(__name__)


def reindex_subtree(page):
    """Queue a search-index update of a page and every descendant."""
    for pk in Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True):
        insert_or_update_object_task.enqueue("wagtailcore", "page", str(pk))


def _safely(action, *args):
    # The facet table must never make a publish fail; a later update_index repairs it.
    try:
        with transaction.atomic():
            action(*args)
    except Exception:
        logger.exception(
            "Search facet table update failed (%s); run govpages_update_index", action.__name__
        )


def on_page_saved(sender, instance, raw=False, **kwargs):
    if raw or not isinstance(instance, Page):
        return
    # Saving a revision saves the page row with the draft still in memory: read the stored row.
    _safely(facets.sync_page_id, instance.pk)


def on_page_unpublished(sender, instance, **kwargs):
    # Wagtail also sends page_unpublished from pre_delete, while the row still says live: re-reading
    # it would re-create the entry after the delete collector has passed, so only ever remove.
    _safely(facets.remove_page_id, instance.pk)


def on_pages_published_in_bulk(pages):
    """The `govpages_pages_published_in_bulk` hook: pages made live (or changed while live) by a
    bulk write that sent no per-page signals, e.g. the disclosure import. Their facet rows are
    written at once, in the writer's transaction."""
    _safely(facets.sync_pages, pages)
    invalidate_vocabulary()


def on_page_moved(sender, instance, **kwargs):
    _safely(facets.sync_subtree, instance)
    reindex_subtree(instance)
    invalidate_vocabulary()


def on_view_restriction_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:  # the restriction goes away because its page is being deleted
        return
    _safely(facets.sync_subtree, page)
    reindex_subtree(page)
    invalidate_vocabulary()


def dictionaries_changed(**kwargs):
    """A dictionary edit: this process re-reads the dictionaries at once (others within
    DICTIONARY_CHECK_SECONDS); indexed text changes on the next index rebuild."""
    invalidate()
    invalidate_vocabulary()


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        invalidate_vocabulary()


def register_signal_handlers():
    for model in (CustomWord, SynonymGroup):
        for signal in (post_save, post_delete):
            signal.connect(
                dictionaries_changed,
                sender=model,
                dispatch_uid=f"search_dictionary_{model.__name__}_{signal is post_save}",
            )
    page_published.connect(invalidate_vocabulary, dispatch_uid="search_vocabulary_published")
    page_unpublished.connect(invalidate_vocabulary, dispatch_uid="search_vocabulary_unpublished")
    post_delete.connect(page_deleted, dispatch_uid="search_vocabulary_deleted")
    post_save.connect(on_page_saved, dispatch_uid="search_facets_page_saved")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="search_facets_page_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="search_facets_page_moved")
    for signal in (post_save, post_delete):
        signal.connect(
            on_view_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search_facets_restriction_{signal is post_save}",
        )
