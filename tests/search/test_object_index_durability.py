"""Indexed objects that are not pages (documents, images, snippets) are queued and retried like
pages: a document saved or deleted while the cluster is down reaches the index once it is back.

modelsearch's own handlers, which these replace, swallow the connection error: the saved document
is never indexed and the deleted one stays findable until someone rebuilds the index.
"""

import time

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from modelsearch.backends import get_search_backend
from wagtail.documents import get_document_model

from govpages_search import tasks

from .test_index_durability import NOWHERE, run_worker
from .test_index_durability import cluster as durable_cluster  # noqa: F401 (a fixture)

WORD = "灯塔"


@pytest.fixture
def search_cluster(db, request):
    """osmem-server with the database queue (test_index_durability's `cluster`)."""
    return request.getfixturevalue("durable_cluster")


def object_tasks():
    return DBTaskResult.objects.filter(task_path=tasks.sync_object_search.module_path)


def drain_object_queue(timeout=60):
    deadline = time.monotonic() + timeout
    while object_tasks().filter(status__in=["READY", "RUNNING"]).exists():
        assert time.monotonic() < deadline, "the object index queue did not drain"
        run_worker()
        time.sleep(0.1)


def new_document(title):
    Document = get_document_model()
    return Document.objects.create(title=title, file=ContentFile(b"report", name="report.txt"))


def findable_documents(word):
    return {document.pk for document in get_document_model().objects.search(word)}


def indexed_document_ids():
    """What the cluster holds, read from the index itself (a search loads hits from the
    database, so it would never show a deleted document that the index still holds)."""
    backend = get_search_backend()
    index = backend.get_index_for_model(get_document_model())
    index.refresh()
    hits = backend.es.search(index=index.name, body={"size": 1000})["hits"]["hits"]
    return {int(hit["_id"]) for hit in hits}


def test_documents_saved_and_deleted_while_the_cluster_is_down_reach_the_index_later(
    search_cluster,
):
    kept = new_document(f"{WORD}年度报告")
    doomed = new_document(f"{WORD}旧通知")
    assert object_tasks().filter(status="READY").count() == 2
    drain_object_queue()
    assert indexed_document_ids() == {kept.pk, doomed.pk}

    search_cluster.kill()
    added = new_document(f"{WORD}新通知")
    doomed.delete()
    renamed = get_document_model().objects.get(pk=kept.pk)
    renamed.title = "航标年度报告"
    renamed.save()
    run_worker()
    # Each of the three waits for its next try; on a slow machine a retry (deferred by 0.1 s)
    # may already have come round again while the worker was busy with the others.
    retried = object_tasks().filter(status="READY", args_kwargs__kwargs__attempt__gte=2)
    assert retried.count() == 3
    assert not object_tasks().filter(status="FAILED").exists()

    search_cluster.start()
    drain_object_queue()

    assert not object_tasks().filter(status="FAILED").exists()
    assert indexed_document_ids() == {kept.pk, added.pk}
    assert findable_documents("航标") == {kept.pk}


def test_an_update_for_a_vanished_document_removes_it_quietly(search_cluster):
    document = new_document(f"{WORD}年度报告")
    drain_object_queue()
    with override_settings(TASKS=NOWHERE):
        get_document_model().objects.get(pk=document.pk).delete()  # its own update goes nowhere
    assert indexed_document_ids() == {document.pk}

    result = tasks.sync_object_search.enqueue("wagtaildocs", "document", str(document.pk))
    run_worker()

    stored = DBTaskResult.objects.get(pk=result.id)
    assert stored.status == "SUCCESSFUL" and stored.return_value == "removed"
    assert indexed_document_ids() == set()


def test_the_admin_lists_a_waiting_document_update(search_cluster, client, django_user_model):
    document = new_document(f"{WORD}年度报告")
    root = django_user_model.objects.create_superuser("root", "root@example.gov.cn", "pw")
    client.force_login(root)

    page = client.get("/admin/search-index-queue/").content.decode()

    assert "1 条索引更新等待中" in page
    assert f"文档 {document.pk}" in page and "该对象" in page
