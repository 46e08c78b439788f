"""Keep the facet table and the search index in step with the page tree.

Every change to a page (save, delete) queues `tasks.sync_page_search`, a move or a view
restriction change above a subtree queues `tasks.sync_subtree_search`, a change to any other
indexed model (documents, images, snippets) queues `tasks.sync_object_search`: Wagtail's task
framework runs them at once (the default immediate backend) or in a worker (a durable backend,
where an unreachable Elasticsearch/OpenSearch is retried until it answers). They replace
modelsearch's own signal handlers, which index in a task that swallows connection errors and
remove a deleted object inside the request. Removals from the facet table (unpublish, a move into
a private section) also happen at once, in the editor's transaction: the search page never shows
a page the facet table lacks, whatever the queue holds.

Code that publishes pages in bulk, bypassing those signals, runs the Wagtail hook
`govpages_pages_published_in_bulk` with the pages; `on_pages_published_in_bulk` answers it.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from modelsearch import signal_handlers as modelsearch_handlers
from modelsearch.index import get_indexed_models
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .analysis import invalidate, invalidate_vocabulary
from .models import CustomWord, SynonymGroup
from .page import facets
from .tasks import sync_object_search, sync_page_search, sync_subtree_search

logger = logging.getLogger(__name__)


def reindex_subtree(page):
    """Queue a search-index and facet update of a page and every descendant."""
    sync_subtree_search.enqueue(page.pk)


_indexing_taken_over = False
_indexed_objects = frozenset()  # the indexed models other than pages, once taken over


def take_over_indexing(sender, **kwargs):
    """Detach modelsearch's save and delete handlers from every indexed model (see the module
    doc): pages are queued by the handlers below, other models by `on_object_changed`.

    wagtail.search connects them in its ready(), which runs after ours when govpages_search is
    listed first, so they are detached before the first write instead."""
    global _indexing_taken_over, _indexed_objects
    if _indexing_taken_over:
        return
    others = set()
    for model in get_indexed_models():
        if not getattr(model, "search_auto_update", True):
            continue
        post_save.disconnect(modelsearch_handlers.post_save_signal_handler, sender=model)
        post_delete.disconnect(modelsearch_handlers.post_delete_signal_handler, sender=model)
        if not issubclass(model, Page):
            others.add(model)
    _indexed_objects = frozenset(others)
    _indexing_taken_over = True


def on_object_changed(sender, instance, raw=False, **kwargs):
    """A document, an image or a snippet saved or deleted: its index update is queued."""
    if raw or sender not in _indexed_objects:
        return
    meta = instance._meta
    sync_object_search.enqueue(meta.app_label, meta.model_name, str(instance.pk))


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
    # The task reads the stored row: saving a revision saves the page with the draft in memory.
    sync_page_search.enqueue(instance.pk)


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
        sync_page_search.enqueue(instance.pk)
        invalidate_vocabulary()


def register_signal_handlers():
    for model in (CustomWord, SynonymGroup):
        for signal in (post_save, post_delete):
            signal.connect(
                dictionaries_changed,
                sender=model,
                dispatch_uid=f"search_dictionary_{model.__name__}_{signal is post_save}",
            )
    pre_save.connect(take_over_indexing, dispatch_uid="search_take_over_save")
    pre_delete.connect(take_over_indexing, dispatch_uid="search_take_over_delete")
    post_save.connect(on_object_changed, dispatch_uid="search_object_saved")
    post_delete.connect(on_object_changed, dispatch_uid="search_object_deleted")
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
