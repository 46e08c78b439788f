"""Several machines: index updates queued in Redis (django-tasks-rq) and the search rate limit
counted in a Redis cache shared by several processes.

They need the Redis server at GOVPAGES_TEST_REDIS_URL (default redis://127.0.0.1:6379/14, or
13, 12 ... for the second, third ... pytest-xdist worker: database numbers of these tests' own;
each is emptied before and after each test, and no other).
Without one they are skipped with the reason, except under CI=true, where they fail.

The RQ worker is django-rq's own `rqworker` command in burst mode with rq's SimpleWorker, in the
test process (a forking worker would not see the test's uncommitted pages).
"""

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command, load_command_class
from wagtail.models import Page

from ..pages import ContentPage
from .conftest import publish
from .test_index_durability import FAST_RETRIES, Cluster, indexed_documents


def _redis_url():
    """GOVPAGES_TEST_REDIS_URL, else a database of these tests' own per pytest-xdist worker
    (14 for the first, 13 for the next ...), since each test empties its database."""
    if os.environ.get("GOVPAGES_TEST_REDIS_URL"):
        return os.environ["GOVPAGES_TEST_REDIS_URL"]
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = int(worker[2:]) if worker[2:].isdigit() else 0
    return f"redis://127.0.0.1:6379/{14 - number % 8}"


REDIS_URL = _redis_url()
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
SITE_DIR = Path(__file__).resolve().parents[2] / "site"
RQ_QUEUE = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
WORD = "灯塔"


def redis_or_skip():
    import redis

    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError as error:
        reason = f"no Redis server at {REDIS_URL}: {error}"
        if IN_CI:
            pytest.fail(f"{reason} (CI=true: the Redis tests must run)", pytrace=False)
        pytest.skip(reason)
    return connection


@pytest.fixture
def redis_db():
    connection = redis_or_skip()
    connection.flushdb()
    yield connection
    connection.flushdb()
    connection.close()


@pytest.fixture
def rq_queue(redis_db, settings):
    settings.TASKS = RQ_QUEUE
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    return redis_db


def run_rq_worker():
    """django-rq's worker command, once through the queue (and the retries now due)."""
    command = load_command_class("django_rq", "rqworker")
    # The command closes the database connections before it would fork: in the test that is
    # the test's own connection, holding its transaction.
    with mock.patch("django_rq.management.commands.rqworker.reset_db_connections"):
        call_command(
            command,
            "default",
            burst=True,
            with_scheduler=True,
            worker_class="rq.worker.SimpleWorker",
            job_class="django_tasks_rq.Job",
            verbosity=0,
        )


def queued_jobs():
    import django_rq
    from rq.registry import ScheduledJobRegistry

    queue = django_rq.get_queue("default")
    return queue.count + ScheduledJobRegistry(queue=queue).count


def drain_rq_queue(timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        run_rq_worker()
        if not queued_jobs():
            return
        assert time.monotonic() < deadline, "the Redis queue did not drain"
        time.sleep(0.2)


def findable_ids(word=WORD):
    return {page.pk for page in Page.objects.live().public().search(word)}


def test_index_updates_queued_in_redis_reach_the_index_when_the_rq_worker_runs(rq_queue, home):
    kept = publish(home, "灯塔公告一", f"<p>{WORD}</p>", slug="kept")
    withdrawn = publish(home, "灯塔公告二", f"<p>{WORD}</p>", slug="withdrawn")
    removed = publish(home, "灯塔公告三", f"<p>{WORD}</p>", slug="removed")

    assert queued_jobs() >= 3  # waiting in Redis, not run inside the request
    assert findable_ids() == set()
    run_rq_worker()
    assert queued_jobs() == 0
    assert findable_ids() == {kept.pk, withdrawn.pk, removed.pk}

    ContentPage.objects.get(pk=withdrawn.pk).unpublish()
    Page.objects.get(pk=removed.pk).delete()
    edited = ContentPage.objects.get(pk=kept.pk)
    edited.title = "航标公告"
    edited.save_revision().publish()
    assert findable_ids("航标") == set()  # the new title is not indexed before the worker runs
    run_rq_worker()

    assert findable_ids() == {kept.pk}
    assert findable_ids("航标") == {kept.pk}


@pytest.fixture
def rq_cluster(rq_queue, db, tmp_path, settings):
    """osmem-server as the search backend, killed and restarted by the test (see
    test_index_durability.Cluster), with index updates queued in Redis."""
    cluster = Cluster(tmp_path / "seed")
    cluster.start()
    settings.WAGTAILSEARCH_BACKENDS = cluster.search_backends("rq_")
    for name, value in FAST_RETRIES.items():
        setattr(settings, name, value)
    call_command("govpages_update_index", stdout=open(os.devnull, "w"))
    yield cluster
    cluster.close()


def test_the_rq_queue_retries_an_update_while_the_cluster_is_down(rq_cluster, home, caplog):
    import django_rq
    from rq.registry import FailedJobRegistry, ScheduledJobRegistry

    rq_cluster.kill()
    page = publish(home, "停机期间的公告", f"<p>{WORD}</p>", slug="during-outage")
    run_rq_worker()

    scheduled = ScheduledJobRegistry(queue=django_rq.get_queue("default"))
    assert scheduled.count >= 1  # queued again for later, by the task itself
    assert any("retried in" in record.getMessage() for record in caplog.records)

    rq_cluster.start()
    drain_rq_queue()

    assert FailedJobRegistry(queue=django_rq.get_queue("default")).count == 0
    assert page.pk in indexed_documents()


THROTTLE_SCRIPT = """
import json, sys
import django
django.setup()
from django.core.cache import caches
from django.test import RequestFactory, override_settings
from govpages_search.page.throttle import over_limit

with override_settings(GOVPAGES_SEARCH_RATE_LIMIT=sys.argv[1]):
    request = RequestFactory().get("/search/", {"q": "预算"}, REMOTE_ADDR="203.0.113.7")
    refused = [over_limit(request) for _ in range(int(sys.argv[2]))]
print(json.dumps({"cache": type(caches["default"]).__name__, "refused": refused}))
"""


def searches_in_another_process(prefix, count, limit="5/60"):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.test",
        PORTAL_REDIS_URL=REDIS_URL,
        PORTAL_CACHE_PREFIX=prefix,
        PYTHONPATH=str(SITE_DIR),
    )
    result = subprocess.run(
        [sys.executable, "-P", "-c", THROTTLE_SCRIPT, limit, str(count)],
        cwd=SITE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.portal  # the portal's settings choose RedisCache from PORTAL_REDIS_URL
def test_the_search_rate_limit_is_shared_by_processes_through_the_redis_cache(redis_db):
    prefix = f"throttle-{uuid.uuid4().hex[:8]}"

    first = searches_in_another_process(prefix, 4)
    second = searches_in_another_process(prefix, 4)

    assert first["cache"] == second["cache"] == "RedisCache"
    # One budget of 5 for the client, whichever process answers: 4 + 1 allowed, then refused.
    assert first["refused"] == [False] * 4
    assert second["refused"] == [False, True, True, True]
    assert redis_db.keys(f"{prefix}:*")  # the counter lives in Redis, in this database
