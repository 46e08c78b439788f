"""Bounded load test of the portal under gunicorn, as the README's production recipe runs it.

Builds the demo portal in a scratch database (DATABASE_URL, else an SQLite file in a temporary
folder), collects static files, starts gunicorn with --workers sync workers on 127.0.0.1 under
portal.settings.production (Redis at PORTAL_REDIS_URL as the shared cache, default
redis://127.0.0.1:6379/15), then sends a fixed number of requests at each concurrency: a mix of
the home page, the disclosure catalog with filters, a disclosure item, an event, /search/ and
/api/search/. Prints, per concurrency and URL kind, the throughput, p50/p95/p99 latency and the
errors; a 429 from the search rate limit is counted apart (intended), anything else not 200 is
an error.

    python bench/load.py [--requests 600] [--concurrency 1,8,32] [--workers 3]
                         [--search-rate-limit 60/60]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/govpages_bench python bench/load.py
"""

import argparse
import itertools
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SITE = REPO / "site"
PYTHON = sys.executable
SEARCH_WORDS = ["政府信息公开", "预算", "通知", "办事指南", "政策解读", "公开日"]

URLS_SCRIPT = """
import json
from govpages.models import DisclosureCatalogPage, DisclosureItemPage
from govpages_events.models import EventPage
catalog = DisclosureCatalogPage.objects.live().public().first()
item = DisclosureItemPage.objects.live().public().filter(topic__isnull=False).first()
event = EventPage.objects.live().public().first()
print(json.dumps({
    "catalog": catalog.url, "item": item.url, "event": event.url,
    "topic": item.topic_id, "year": item.first_published_at.year,
}))
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, capture=False):
    result = subprocess.run(
        [PYTHON, "-P", "manage.py", *args],
        cwd=SITE,
        env=env,
        check=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        text=True,
    )
    return result.stdout


def portal_env(scratch):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="bench-" + "k" * 60,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(scratch / "static"),
        MEDIA_ROOT=str(scratch / "media"),
        PORTAL_REDIS_URL=os.environ.get("PORTAL_REDIS_URL", "redis://127.0.0.1:6379/15"),
        PORTAL_CACHE_PREFIX=f"bench{os.getpid()}",
        LOG_LEVEL="ERROR",  # not a warning line for each intended 429; server errors still show
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'bench.sqlite3'}")
    env["PYTHONPATH"] = str(SITE)  # -P keeps the repository root (and its site/) off sys.path
    return env


def build(env):
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    manage(env, "govpages_update_index")
    manage(env, "collectstatic", "--noinput")
    output = manage(env, "shell", "-c", URLS_SCRIPT, capture=True)
    return json.loads(output.strip().splitlines()[-1])


def start_gunicorn(env, port, workers):
    process = subprocess.Popen(
        [
            PYTHON,
            "-P",
            "-m",
            "gunicorn",
            "portal.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=SITE,
        env=env,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30).read()
            return process
        except OSError:  # refused while starting, or a first request slower than the timeout
            time.sleep(0.3)
    process.kill()
    raise SystemExit("gunicorn did not answer within 120 s")


def request_mix(urls):
    catalog_filters = f"?topic={urls['topic']}&year={urls['year']}&sort=date"
    words = itertools.cycle(SEARCH_WORDS)
    kinds = [
        ("home", lambda: "/"),
        ("catalog", lambda: urls["catalog"] + catalog_filters),
        ("item", lambda: urls["item"]),
        ("event", lambda: urls["event"]),
        ("search", lambda: "/search/?q=" + urllib.parse.quote(next(words))),
        ("api_search", lambda: "/api/search/?q=" + urllib.parse.quote(next(words))),
    ]
    return itertools.cycle(kinds)


def fetch(base, path):
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(base + path, timeout=60) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:  # refused, reset or timed out: counted as an error (status 0)
        status = 0
    return status, (time.perf_counter() - started) * 1000


def run_level(base, urls, concurrency, total):
    mix = request_mix(urls)
    lock = threading.Lock()
    jobs = []
    for _ in range(total):
        kind, make_path = next(mix)
        jobs.append((kind, make_path()))
    results = {}

    def one(job):
        kind, path = job
        status, ms = fetch(base, path)
        with lock:
            results.setdefault(kind, []).append((status, ms))

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, jobs))
    return results, time.perf_counter() - started


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(fraction * (len(values) - 1))))]


def print_level(concurrency, results, elapsed):
    total = sum(len(rows) for rows in results.values())
    print(
        f"\nconcurrency {concurrency}: {total} requests in {elapsed:.1f} s, "
        f"{total / elapsed:.1f} req/s (machine load average {os.getloadavg()[0]:.1f})"
    )
    print(
        f"{'kind':<11} {'n':>5} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'429':>5} {'errors':>6}"
    )
    for kind, rows in results.items():
        ok = [ms for status, ms in rows if status == 200]
        limited = sum(1 for status, _ in rows if status == 429)
        errors = [status for status, _ in rows if status not in (200, 429)]
        stats = (
            (percentile(ok, 0.5), percentile(ok, 0.95), percentile(ok, 0.99)) if ok else (0, 0, 0)
        )
        print(
            f"{kind:<11} {len(rows):>5} {len(rows) / elapsed:>7.1f} {stats[0]:>8.0f} "
            f"{stats[1]:>8.0f} {stats[2]:>8.0f} {limited:>5} {len(errors):>6}"
            + (f"  statuses {sorted(set(errors))}" if errors else ""),
            flush=True,
        )
    return sum(1 for rows in results.values() for status, _ in rows if status not in (200, 429))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=600, help="requests per concurrency")
    parser.add_argument("--concurrency", default="1,8,32")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument(
        "--search-rate-limit",
        default="60/60",
        help='PORTAL_SEARCH_RATE_LIMIT, "requests/seconds"; "" lets every search through',
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govpages-load-") as folder:
        env = portal_env(Path(folder))
        env["PORTAL_SEARCH_RATE_LIMIT"] = args.search_rate_limit
        database = env["DATABASE_URL"].split(":", 1)[0]
        print(
            f"database {database}, gunicorn --workers {args.workers}, "
            f"{args.requests} requests per level, search rate limit "
            f"{args.search_rate_limit or 'off'}; building the demo portal ..."
        )
        urls = build(env)
        port = free_port()
        server = start_gunicorn(env, port, args.workers)
        errors = 0
        try:
            for concurrency in (int(value) for value in args.concurrency.split(",")):
                results, elapsed = run_level(
                    f"http://127.0.0.1:{port}", urls, concurrency, args.requests
                )
                errors += print_level(concurrency, results, elapsed)
        finally:
            server.terminate()
            server.wait(timeout=30)
        print(f"\nerrors other than 429: {errors}")
        return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
