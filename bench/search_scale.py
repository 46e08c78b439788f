"""How the Chinese search backends scale: index build time, index size and query latency at
several corpus sizes, as ratios to an in-memory bigram BM25 (bm25s) over the same text in the
same run.

    PYTHONPATH=site python bench/search_scale.py [--sizes 3486,25000,100000]
        [--postgres URL] [--no-sqlite] [--no-opensearch] [--queries N]

The corpus of each size is made of law articles (bench/corpus.py: each law split into its
第N条, round-robin over the laws), imported with `govpages_import_disclosures` into each
backend, indexed with `govpages_update_index` (timed, in its own process), then the STARD
questions are run through `Page.objects.live().public().search(q, operator="or")[:10]` and
through `GET /api/search/?q=...` (what the search page costs).
Index size: the search tables (PostgreSQL: index entries, postings, lengths with their
indexes; SQLite: growth of the database file during indexing; OpenSearch: not measured).
"""

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import corpus  # noqa: E402
import search_quality as sq  # noqa: E402

SEARCH_TABLES = (
    "wagtailsearch_indexentry",
    "govpages_search_posting",
    "govpages_search_indexeddocument",
)


def write_corpus(documents, directory):
    path = Path(directory) / "corpus.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for document in documents:
            handle.write(json.dumps(document, ensure_ascii=False) + "\n")
    return path


def in_memory_baseline(documents, queries):
    import bm25s

    from govpages_search.analysis.pipeline import plain_analyzer

    analyzer = plain_analyzer()

    def bigrams(text):
        return analyzer.base_tokens(analyzer.normalize(text))

    started = time.monotonic()
    retriever = bm25s.BM25()
    retriever.index([bigrams(sq.indexed_text(d)) for d in documents], show_progress=False)
    build = time.monotonic() - started
    size = sum(array.nbytes for array in retriever.scores.values() if hasattr(array, "nbytes"))
    size += sum(len(term.encode()) + 8 for term in retriever.vocab_dict)
    latencies = []
    for query in queries:
        tokens = bigrams(query)
        started = time.monotonic()
        if tokens:
            retriever.retrieve([tokens], k=min(10, len(documents)), show_progress=False)
        latencies.append((time.monotonic() - started) * 1000)
    return {"build": build, "size": size, "latencies": latencies}


def worker(args):
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from wagtail.models import Page

    with open(args.job, encoding="utf-8") as handle:
        job = json.load(handle)
    call_command("migrate", verbosity=0, interactive=False)
    with override_settings(WAGTAILSEARCH_BACKENDS={}):
        sq.load_corpus(call_command, job["data"])
    on_cluster = bool(job.get("extra", {}).get("URLS"))
    database_file = None
    if connection.vendor == "sqlite" and not on_cluster:
        database_file = connection.settings_dict["NAME"]
    before = os.path.getsize(database_file) if database_file else 0
    build, _cpu, _peak = sq.timed_update_index(job["module"], job)
    size = None
    if database_file:
        size = os.path.getsize(database_file) - before
    elif connection.vendor == "postgresql" and not on_cluster:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT SUM(pg_total_relation_size(name::regclass)) "
                "FROM UNNEST(%s::text[]) AS name",
                [list(SEARCH_TABLES)],
            )
            size = int(cursor.fetchone()[0])
    config = {"BACKEND": job["module"], **job.get("extra", {})}
    latencies, api_latencies = [], []
    # One client sends every query: no rate limit.
    backend_settings = {"WAGTAILSEARCH_BACKENDS": {"default": config}}
    with override_settings(**backend_settings, GOVPAGES_SEARCH_RATE_LIMIT=""):
        queryset = Page.objects.live().public()
        client = Client()
        for query in job["queries"][:5]:  # warm up (jieba, content types)
            list(queryset.search(query, operator="or")[:10])
            client.get("/api/search/", {"q": query})
        for query in job["queries"]:
            started = time.monotonic()
            list(queryset.search(query, operator="or")[:10])
            latencies.append((time.monotonic() - started) * 1000)
        for query in job["queries"]:
            started = time.monotonic()
            response = client.get("/api/search/", {"q": query})
            api_latencies.append((time.monotonic() - started) * 1000)
            assert response.status_code == 200, (query, response.status_code)
    result = {"build": build, "size": size, "latencies": latencies, "api": api_latencies}
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


def run_worker(job, environment):
    with tempfile.TemporaryDirectory() as tmp:
        job_file, out_file = Path(tmp) / "job.json", Path(tmp) / "out.json"
        job_file.write_text(json.dumps(job), encoding="utf-8")
        subprocess.run(
            [sys.executable, __file__, "--worker", "--job", str(job_file), "--out", str(out_file)],
            env=dict(os.environ, **environment),
            check=True,
        )
        return json.loads(out_file.read_text(encoding="utf-8"))


def backends(args):
    found = []
    if not args.no_sqlite:
        found.append(
            ("sqlite", {}, lambda: {"DATABASE_URL": "sqlite:///" + tempfile.mktemp(".db")})
        )
    if args.postgres:

        def postgres():
            sq.fresh_postgres(args.postgres)
            return {"DATABASE_URL": args.postgres}

        found.append(("postgres", {}, postgres))
    return found


def print_table(rows):
    header = (
        f"{'backend':22} {'docs':>7} {'build s':>8} {'size MB':>8} {'p50 ms':>7} {'p95 ms':>7}"
        f" {'api p50':>8} {'api p95':>8}"
        f" | {'build x':>8} {'size x':>7} {'p50 x':>7} {'p95 x':>7} {'api p95 x':>9}"
    )
    print()
    print(header)
    print("-" * len(header))
    for name, docs, result, baseline in rows:
        p50, p95 = (sq.percentile(result["latencies"], f) for f in (0.5, 0.95))
        b50, b95 = (sq.percentile(baseline["latencies"], f) for f in (0.5, 0.95))
        size = result["size"]
        size_text = f"{size / 2**20:8.1f}" if size is not None else f"{'-':>8}"
        size_ratio = f"{size / baseline['size']:7.1f}" if size is not None else f"{'-':>7}"
        api = result.get("api")
        if api:
            a50, a95 = (sq.percentile(api, f) for f in (0.5, 0.95))
            api_text = f" {a50:8.1f} {a95:8.1f}"
            api_ratio = f" {a95 / b95:9.1f}"
        else:
            api_text, api_ratio = f" {'-':>8} {'-':>8}", f" {'-':>9}"
        print(
            f"{name:22} {docs:7d} {result['build']:8.1f} {size_text} {p50:7.1f} {p95:7.1f}"
            f"{api_text} | {result['build'] / baseline['build']:8.1f} {size_ratio}"
            f" {p50 / b50:7.1f} {p95 / b95:7.1f}{api_ratio}"
        )
    print()
    print(
        "ratios: to the in-memory bigram BM25 (bm25s) of the same size in the same run; build = "
        "`govpages_update_index` wall time (bm25s: tokenising and indexing); latency = one search "
        "returning the top 10; api = GET /api/search/ (ranking of up to "
        "GOVPAGES_SEARCH_MAX_MATCHES matches, facets, a page of results with snippets)"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="3486,25000,100000")
    parser.add_argument("--postgres", help="PostgreSQL URL of a database to (re)create")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-opensearch", action="store_true")
    parser.add_argument("--queries", type=int, default=200, help="STARD questions to run")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--job", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    directory = sq.data_dir()
    laws = corpus.read_documents(directory / "govdocs.jsonl.gz")
    queries = [q["query"] for q in sq.load_stard(directory, args.queries)]
    osmem = None
    if not args.no_opensearch:
        try:
            from osmem_server import OsmemServer

            osmem = OsmemServer.start(japanese=False)
        except Exception as error:  # osmem-server missing or not startable here
            print(f"OpenSearch (osmem-server) skipped: {error}", file=sys.stderr)
    rows = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            documents = corpus.article_documents(laws, limit=size)
            print(f"{len(documents)} articles: in-memory BM25 ...", file=sys.stderr)
            baseline = in_memory_baseline(documents, queries)
            rows.append(("in-memory BM25 (bm25s)", len(documents), baseline, baseline))
            with tempfile.TemporaryDirectory() as tmp:
                data = str(write_corpus(documents, tmp))
                chosen = backends(args)
                if osmem:
                    url = "sqlite:///" + tempfile.mktemp(".db")
                    chosen.append(
                        ("opensearch", {"URLS": [osmem.url]}, lambda url=url: {"DATABASE_URL": url})
                    )
                for name, extra, environment in chosen:
                    print(f"{len(documents)} articles: {name} ...", file=sys.stderr)
                    module = sq.OURS.format(sq.BACKEND_MODULE[name])
                    job = {"data": data, "module": module, "extra": extra, "queries": queries}
                    result = run_worker(job, environment())
                    rows.append((name, len(documents), result, baseline))
    finally:
        if osmem:
            osmem.close()
    print_table(rows)


if __name__ == "__main__":
    main()
