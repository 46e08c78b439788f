"""Search index updates as background tasks (Wagtail's task framework, django-tasks).

Each task makes the index and the facet table agree with what the database holds *now* for a
page (or a subtree, or an indexed object that is not a page: a document, an image, a snippet),
not with what it held when the task was queued: tasks that run late, twice
or out of order still end in the right state. With a durable task backend (django-tasks-db,
django-tasks-rq) an update survives an unreachable Elasticsearch/OpenSearch: a connection error
queues the same task again after a growing delay; any other error fails the task with its
traceback (shown in the admin) and the worker goes on with the next one.
"""

import datetime
import logging

from django.apps import apps
from django.utils import timezone
from django_tasks import task
from modelsearch import index
from modelsearch.backends import get_search_backends
from wagtail.models import Page

from . import conf
from .backends.errors import client_errors
from .page import facets

logger = logging.getLogger(__name__)


#: "The cluster cannot be reached now": worth retrying later.
TRANSIENT_ERRORS = client_errors(
    (
        ("opensearchpy.exceptions", ("ConnectionError", "ConnectionTimeout")),
        ("elastic_transport", ("ConnectionError", "ConnectionTimeout")),
    )
)
UNAVAILABLE_STATUSES = {429, 502, 503, 504}


def is_transient(error):
    """A connection failure, or the cluster answering that it is overloaded or unavailable."""
    if isinstance(error, TRANSIENT_ERRORS):
        return True
    status = getattr(error, "status_code", None)
    if status is None:
        status = getattr(getattr(error, "meta", None), "status", None)
    return status in UNAVAILABLE_STATUSES


def retry_delay(attempt):
    """Seconds to wait before attempt `attempt + 1`: doubling from the base, capped."""
    base = conf.get("GOVPAGES_SEARCH_INDEX_RETRY_BASE_SECONDS")
    cap = conf.get("GOVPAGES_SEARCH_INDEX_RETRY_MAX_SECONDS")
    return min(cap, base * 2 ** (attempt - 1))


def _index_backends():
    return get_search_backends(with_auto_update=True)


def _write_page(page):
    if page is None:
        return
    specific = page.specific
    for backend in _index_backends():
        backend.add(specific)


def _remove_page(page_id):
    for backend in _index_backends():
        backend.delete(Page(pk=page_id))


def _retry_later(task_obj, attempt, error, *args):
    """Queue the task again, `retry_delay(attempt)` seconds from now; False when the backend
    cannot defer (the immediate backend) or the attempts are used up."""
    backend = task_obj.get_backend()
    if not backend.supports_defer or attempt >= conf.get("GOVPAGES_SEARCH_INDEX_MAX_ATTEMPTS"):
        logger.error(
            "The search backend is unreachable: %s%s not retried (attempt %d); "
            "run govpages_update_index",
            task_obj.name,
            args,
            attempt,
        )
        return False
    delay = retry_delay(attempt)
    run_after = timezone.now() + datetime.timedelta(seconds=delay)
    task_obj.using(run_after=run_after).enqueue(*args, attempt=attempt + 1)
    logger.warning(
        "The search backend is unreachable (%s: %s): %s%s retried in %.1f s (attempt %d)",
        type(error).__name__,
        error,
        task_obj.name,
        args,
        delay,
        attempt + 1,
    )
    return True


@task()
def sync_page_search(page_id, attempt=1):
    """Bring one page's index document and facet row in line with the database."""
    page = Page.objects.filter(pk=page_id).first()
    facets.sync_page_id(page_id)
    try:
        if page is None:
            _remove_page(page_id)
            return "removed"
        _write_page(page)
    except Exception as error:
        if is_transient(error) and _retry_later(sync_page_search, attempt, error, page_id):
            return f"retry {attempt + 1}"
        raise
    return "indexed"


@task()
def sync_subtree_search(page_id, attempt=1):
    """A page and all its descendants, after a move or a view-restriction change."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:  # deleted meanwhile: its own deletion tasks clean up
        return "gone"
    facets.sync_subtree(page)
    pages = Page.objects.descendant_of(page, inclusive=True).order_by("path")
    try:
        for start in range(0, pages.count(), facets.REBUILD_CHUNK_SIZE):
            by_model = {}
            for descendant in pages[start : start + facets.REBUILD_CHUNK_SIZE].specific():
                by_model.setdefault(type(descendant), []).append(descendant)
            for backend in _index_backends():
                for model, objects in by_model.items():
                    backend.add_bulk(model, objects)
    except Exception as error:
        if is_transient(error) and _retry_later(sync_subtree_search, attempt, error, page_id):
            return f"retry {attempt + 1}"
        raise
    return "indexed"


def _write_object(model, pk):
    """Index the object if it is still among its model's indexed objects; else remove it."""
    instance = model._default_manager.filter(pk=pk).first()
    indexed = index.get_indexed_instance(instance) if instance is not None else None
    if indexed is None:  # deleted, or no longer one of the model's indexed objects
        for backend in _index_backends():
            backend.delete(model(pk=pk))
        return "removed"
    for backend in _index_backends():
        backend.add(indexed)
    return "indexed"


@task()
def sync_object_search(app_label, model_name, pk, attempt=1):
    """One indexed object that is not a page (a document, an image, a snippet): its index
    document brought in line with the database, retried like a page's."""
    model = apps.get_model(app_label, model_name)
    try:
        return _write_object(model, pk)
    except Exception as error:
        if is_transient(error) and _retry_later(
            sync_object_search, attempt, error, app_label, model_name, pk
        ):
            return f"retry {attempt + 1}"
        raise
