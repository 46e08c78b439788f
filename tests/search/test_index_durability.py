"""Index updates are durable: queued in the database, retried while the cluster is down.

The cluster is osmem-server (an OpenSearch-compatible server) run as a subprocess of the test on
a fixed port, killed and started again. A real cluster keeps its indexes on disk across a
restart; osmem keeps them in memory, so before the kill the test writes what the cluster holds
into a seed folder that the restarted server loads. The queue is django-tasks-db's, drained by
its own worker command (`db_worker --batch`) in the test process, which sees the test's data.
"""

import json
import os
import random
import socket
import subprocess
import time
import urllib.request
from collections import Counter
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from modelsearch.backends import get_search_backend
from osmem_server import resolve_binary
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction

from govpages_search import tasks

from ..pages import ContentPage
from .conftest import publish

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
NOWHERE = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
COMMON_WORD = "灯塔"
FAST_RETRIES = {
    "GOVPAGES_SEARCH_INDEX_RETRY_BASE_SECONDS": 0.05,
    "GOVPAGES_SEARCH_INDEX_RETRY_MAX_SECONDS": 0.4,
    "GOVPAGES_SEARCH_INDEX_MAX_ATTEMPTS": 1000,
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_json(method, url, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


class Cluster:
    """osmem-server on a fixed address: `kill()` stops it, `start()` brings it back with the
    indexes it held when killed."""

    def search_backends(self, index_prefix):
        """WAGTAILSEARCH_BACKENDS for this server: no client retries, a short timeout."""
        return {
            "default": {
                "BACKEND": "govpages_search.backends.opensearch3",
                "URLS": [self.url],
                "INDEX_PREFIX": index_prefix,
                "TIMEOUT": 2,
                "OPTIONS": {"max_retries": 0},
            }
        }

    def __init__(self, seed_dir):
        self.url = f"http://127.0.0.1:{free_port()}"
        self.seed_dir = Path(seed_dir)
        self.seed_dir.mkdir()
        self.process = None

    def start(self):
        address = self.url.removeprefix("http://")
        args = [resolve_binary(), "--no-ja", "--no-stdin-watch", "--addr", address]
        args += ["--parent-pid", str(os.getpid())]  # never outlives the test run
        if any(self.seed_dir.iterdir()):
            args += ["--seed", str(self.seed_dir)]
        self.process = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        first_line = self.process.stdout.readline()
        assert first_line.startswith("{"), f"osmem-server did not start: {first_line}"
        assert json.loads(first_line)["url"] == self.url

    def kill(self):
        self._write_seed()
        self.process.kill()
        self.process.wait()
        self.process = None

    def _write_seed(self):
        for path in self.seed_dir.iterdir():
            path.unlink()
        for name in http_json("GET", f"{self.url}/_aliases"):
            index = http_json("GET", f"{self.url}/{name}")[name]
            settings = {
                key: value
                for key, value in index["settings"]["index"].items()
                if key not in {"uuid", "creation_date", "provided_name", "version"}
            }
            body = {
                "settings": {"index": settings},
                "mappings": index["mappings"],
                "aliases": index.get("aliases", {}),
            }
            (self.seed_dir / f"{name}.index.json").write_text(json.dumps(body))
            hits = http_json("POST", f"{self.url}/{name}/_search", {"size": 10000})["hits"]
            if not hits["hits"]:
                continue
            with (self.seed_dir / f"{name}.ndjson").open("w") as out:
                for hit in hits["hits"]:
                    out.write(json.dumps({"index": {"_index": name, "_id": hit["_id"]}}) + "\n")
                    out.write(json.dumps(hit["_source"]) + "\n")

    def close(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def cluster(db, tmp_path, settings):
    cluster = Cluster(tmp_path / "seed")
    cluster.start()
    settings.WAGTAILSEARCH_BACKENDS = cluster.search_backends("durable_")
    settings.TASKS = DATABASE_QUEUE
    for name, value in FAST_RETRIES.items():
        setattr(settings, name, value)
    call_command("govpages_update_index", stdout=open("/dev/null", "w"))
    yield cluster
    cluster.close()


def run_worker(max_tasks=None):
    """The worker command, until no task is ready (or after `max_tasks`)."""
    limit = ["--max-tasks", str(max_tasks)] if max_tasks else []
    # Between tasks the worker closes connections that are not in autocommit mode: inside the
    # test's transaction that is the test's own connection on PostgreSQL (SQLite keeps its
    # in-memory one). The worker's own process would reconnect; the test must not.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--interval", "0", *limit, verbosity=0
        )


def index_tasks():
    return DBTaskResult.objects.filter(task_path__in=[t.module_path for t in TASKS])


TASKS = (tasks.sync_page_search, tasks.sync_subtree_search)


def drain_queue(timeout=120):
    """Run the worker until no index update waits (retries are deferred by a fraction of a
    second); fails the test if the queue does not empty in time."""
    deadline = time.monotonic() + timeout
    while True:
        run_worker()
        if not index_tasks().filter(status__in=["READY", "RUNNING"]).exists():
            return
        assert time.monotonic() < deadline, "the index queue did not drain"
        time.sleep(0.1)


def indexed_documents():
    backend = get_search_backend()
    index = backend.get_index_for_model(Page)
    index.refresh()
    hits = backend.es.search(index=index.name, body={"size": 10000})["hits"]["hits"]
    return {int(hit["_id"]): hit["_source"] for hit in hits}


def private_paths():
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def index_differences():
    """(missing, stale, private_findable) between the index and the database."""
    documents = indexed_documents()
    pages = {page.pk: page for page in Page.objects.all()}
    missing = sorted(set(pages) - set(documents))
    stale = sorted(set(documents) - set(pages))
    for pk, page in pages.items():
        document = documents.get(pk)
        if document is None:
            continue
        if (document["title_filter"], document["live_filter"], document["path_filter"]) != (
            page.title,
            page.live,
            page.path,
        ):
            stale.append(pk)
    restricted = private_paths()
    findable = {page.pk for page in Page.objects.live().public().search(COMMON_WORD)[:10000]}
    private_findable = sorted(
        pk for pk in findable if any(pages[pk].path.startswith(path) for path in restricted)
    )
    return missing, sorted(stale), private_findable


class Editor:
    """Random editorial actions on a tree with public sections and one private section."""

    def __init__(self, home, seed):
        self.random = random.Random(seed)
        self.sections = [publish(home, f"栏目{n}", slug=f"section-{n}") for n in range(3)]
        self.private = publish(home, "内部资料", slug="private-section")
        PageViewRestriction.objects.create(page=self.private, restriction_type="login")
        self.counter = 0
        self.done = []

    def pages(self):
        excluded = {section.pk for section in [*self.sections, self.private]}
        return list(
            ContentPage.objects.descendant_of(self.sections[0].get_parent())
            .exclude(pk__in=excluded)
            .order_by("pk")
        )

    def act(self):
        pages = self.pages()
        action = self.random.choice(
            ["publish"] * 4 + ["edit"] * 2 + ["unpublish", "move_private", "move_public", "delete"]
        )
        if not pages or action == "publish":
            return self.publish_new()
        page = self.random.choice(pages)
        getattr(self, action)(page)
        self.done.append(action)

    def publish_new(self):
        self.counter += 1
        parents = [*self.sections, *self.pages()[-5:]]
        parent = self.random.choice(parents)
        publish(
            Page.objects.get(pk=parent.pk),
            f"公告{self.counter}",
            f"<p>{COMMON_WORD} 第{self.counter}号</p>",
            slug=f"notice-{self.counter}",
        )
        self.done.append("publish")

    def edit(self, page):
        page.title = f"{page.title}（修订）"[:200]
        page.save_revision().publish()

    def unpublish(self, page):
        if page.live:
            page.unpublish()
        else:
            page.save_revision().publish()

    def move_private(self, page):
        if not page.is_descendant_of(self.private):
            page.move(Page.objects.get(pk=self.private.pk), pos="last-child")

    def move_public(self, page):
        target = Page.objects.get(pk=self.random.choice(self.sections).pk)
        if not page.is_descendant_of(target) and page.pk != target.pk:
            page.move(target, pos="last-child")

    def delete(self, page):
        Page.objects.get(pk=page.pk).delete()


def test_300_changes_with_the_cluster_down_for_a_third_leave_the_index_equal_to_the_database(
    cluster, home, caplog
):
    editor = Editor(home, seed=14)
    for _ in range(100):
        editor.act()
    drain_queue()
    assert index_differences() == ([], [], [])

    cluster.kill()
    killed_at = timezone.now()
    for _ in range(100):
        editor.act()
    queued = index_tasks().filter(status="READY").count()
    run_worker(max_tasks=queued)
    outcomes = Counter(
        str(result.return_value).split()[0]
        for result in index_tasks().filter(status="SUCCESSFUL", finished_at__gte=killed_at)
    )
    # Every update that met the dead cluster was logged and queued again for later; only a
    # subtree update whose page was deleted meanwhile has nothing to do and ends at once. (The
    # worker takes any due task, so a retry may run again before an older update runs once.)
    assert set(outcomes) <= {"retry", "gone"}
    assert outcomes["retry"] > 0
    retried = [record for record in caplog.records if "retried in" in record.getMessage()]
    assert len(retried) == outcomes["retry"]
    waiting = index_tasks().filter(status="READY")
    assert waiting.count() == queued - outcomes["gone"]
    assert waiting.filter(args_kwargs__kwargs__attempt__gte=2).exists()
    assert not index_tasks().filter(status="FAILED").exists()

    cluster.start()
    for _ in range(100):
        editor.act()
    drain_queue()

    assert len(editor.done) == 300
    assert {"publish", "edit", "unpublish", "move_private", "delete"} <= set(editor.done)
    assert not index_tasks().filter(status="FAILED").exists()
    missing, stale, private_findable = index_differences()
    assert (len(missing), len(stale), len(private_findable)) == (0, 0, 0)
    # The comparison covered real content, not an emptied tree.
    assert Page.objects.live().public().search(COMMON_WORD).count() > 30
    assert PageViewRestriction.objects.get().page.get_descendants().count() > 5


def test_a_task_for_a_page_that_no_longer_exists_finishes_quietly(cluster, home):
    page = publish(home, "灯塔公告", f"<p>{COMMON_WORD}</p>")
    drain_queue()
    page_id = page.pk
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        Page.objects.get(pk=page_id).delete()  # its own updates go nowhere
    result = tasks.sync_page_search.enqueue(page_id)

    run_worker()

    stored = DBTaskResult.objects.get(pk=result.id)
    assert stored.status == "SUCCESSFUL" and stored.return_value == "removed"
    assert page_id not in indexed_documents()


def poisoned_facets(page):
    if page.slug == "poisoned":
        raise RuntimeError("facet hook broke on purpose")
    return {}


def test_a_poisoned_task_fails_with_its_traceback_and_does_not_block_the_queue(cluster, home):
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        poisoned = publish(home, "坏页面", f"<p>{COMMON_WORD}</p>", slug="poisoned")
        healthy = publish(home, "好页面", f"<p>{COMMON_WORD}</p>", slug="healthy")
    with hooks.register_temporarily("govpages_search_facets_for_page", poisoned_facets):
        first = tasks.sync_page_search.enqueue(poisoned.pk)
        second = tasks.sync_page_search.enqueue(healthy.pk)
        run_worker()

    failed = DBTaskResult.objects.get(pk=first.id)
    assert failed.status == "FAILED"
    assert failed.exception_class_path == "builtins.RuntimeError"
    assert "facet hook broke on purpose" in failed.traceback
    assert DBTaskResult.objects.get(pk=second.id).status == "SUCCESSFUL"
    assert healthy.pk in indexed_documents()


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.gov.cn", "pw")


def test_the_admin_lists_waiting_and_failed_updates_and_queues_failed_ones_again(
    cluster, home, client, superuser, django_user_model
):
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        poisoned = publish(home, "坏页面", f"<p>{COMMON_WORD}</p>", slug="poisoned")
        waiting = publish(home, "待更新页面", f"<p>{COMMON_WORD}</p>", slug="waiting")
    with hooks.register_temporarily("govpages_search_facets_for_page", poisoned_facets):
        tasks.sync_page_search.enqueue(poisoned.pk)
        run_worker()
    tasks.sync_page_search.enqueue(waiting.pk)
    url = "/admin/search-index-queue/"

    client.force_login(superuser)
    page = client.get(url).content.decode()
    assert "搜索索引更新" in page and "等待中" in page and "失败" in page
    assert "待更新页面" in page and "坏页面" in page and "RuntimeError" in page

    assert client.post(url).status_code == 302
    assert not index_tasks().filter(status="FAILED").exists()
    assert index_tasks().filter(status="READY", args_kwargs__args=[poisoned.pk]).exists()

    editor = django_user_model.objects.create_user("editor", password="pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    refused = client.get(url)  # Wagtail sends an admin user it refuses back to the dashboard
    assert refused.status_code == 302 and refused.url == "/admin/"
