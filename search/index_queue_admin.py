"""Admin report of the search index updates waiting in the task queue or failed there.

It reads the queue of django-tasks-db (the database task backend); with another backend the
report says where the queue lives instead. Only superusers see it: the queue names pages of
every department. A failed update can be queued again from here.
"""

import uuid

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.models import Page

from .tasks import sync_object_search, sync_page_search, sync_subtree_search

INDEX_TASKS = {
    sync_page_search.module_path: sync_page_search,
    sync_subtree_search.module_path: sync_subtree_search,
    sync_object_search.module_path: sync_object_search,
}
LISTED_ROWS = 200


def default_backend():
    return task_backends[DEFAULT_TASK_BACKEND_ALIAS]


def queue_model():
    """django-tasks-db's result model when it holds the queue, else None."""
    if not apps.is_installed("django_tasks_db"):
        return None
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult if isinstance(default_backend(), DatabaseBackend) else None


def _page_id(result):
    if result.task_path == sync_object_search.module_path:
        return None
    args = result.args_kwargs.get("args") or [None]
    return args[0]


def _object_label(result):
    """The label of an update of an object that is not a page, e.g. "文档 12"."""
    if result.task_path != sync_object_search.module_path:
        return None
    app_label, model_name, pk = result.args_kwargs["args"]
    try:
        name = apps.get_model(app_label, model_name)._meta.verbose_name
    except LookupError:
        name = f"{app_label}.{model_name}"
    return f"{name} {pk}"


def _attempt(result):
    return result.args_kwargs.get("kwargs", {}).get("attempt", 1)


def _rows(results):
    results = list(results[:LISTED_ROWS])
    titles = dict(
        Page.objects.filter(pk__in=[_page_id(result) for result in results]).values_list(
            "pk", "title"
        )
    )
    return [
        {
            "result": result,
            "page_id": _page_id(result),
            "title": titles.get(_page_id(result)),
            "object": _object_label(result),
            "attempt": _attempt(result),
            "subtree": result.task_path == sync_subtree_search.module_path,
        }
        for result in results
    ]


class IndexQueueView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "govpages_search/admin/index_queue.html"
    page_title = gettext_lazy("Search index updates")
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        model = queue_model()
        context["backend_name"] = type(default_backend()).__name__
        context["queued"] = model is not None
        if model is None:
            return context
        index_tasks = model.objects.filter(task_path__in=INDEX_TASKS)
        pending = index_tasks.filter(status__in=["READY", "RUNNING"]).order_by("run_after")
        failed = index_tasks.filter(status="FAILED").order_by("-finished_at")
        context.update(
            pending_count=pending.count(),
            failed_count=failed.count(),
            pending=_rows(pending),
            failed=_rows(failed),
            listed_rows=LISTED_ROWS,
        )
        return context

    def post(self, request, *args, **kwargs):
        """Queue the failed updates again (all of them, or the one given as `result`)."""
        model = queue_model()
        if model is None:
            return redirect("govpages_search_index_queue")
        failed = model.objects.filter(task_path__in=INDEX_TASKS, status="FAILED")
        if request.POST.get("result"):
            try:
                failed = failed.filter(pk=uuid.UUID(request.POST["result"]))
            except ValueError:
                messages.error(request, _("No such failed update."))
                return redirect("govpages_search_index_queue")
        count = 0
        for result in failed:
            INDEX_TASKS[result.task_path].enqueue(*result.args_kwargs["args"])
            result.delete()
            count += 1
        messages.success(request, _("%(count)d failed updates queued again.") % {"count": count})
        return redirect("govpages_search_index_queue")
