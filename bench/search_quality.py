"""Search quality and speed of the Chinese search backends, against baselines from the same run.

    python bench/search_quality.py [--postgres URL] [--no-opensearch] [--queries N] [--known N]

Loads ../shared/data/govdocs.jsonl.gz (3,486 documents) with the catalog's
`govpages_import_disclosures`
into each backend it can reach (SQLite always; PostgreSQL when --postgres is given; OpenSearch
through osmem-server when it is installed), rebuilds the index with
`govpages_update_index` (timed, peak
memory of that process reported), runs the STARD questions (stard_dev_queries.jsonl) and a
known-item set built from titles and 文号, and prints R@1, R@10, MRR@10, nDCG@10 and the
latency of `Page.objects.live().public().search(q, operator="or")[:10]` (p50/p95).
Baselines, over the same text in the same run: stock Wagtail on the same backend, and an
in-memory BM25 (bm25s) over character bigrams and over jieba words.

Each backend runs in its own process (Django has one default database per process).
"""

import argparse
import gzip
import json
import math
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SITE = REPO / "site"
PYTHON = sys.executable
OURS = "govpages_search.backends.{}"
STOCK = {
    "sqlite": "wagtail.search.backends.database",
    "postgres": "wagtail.search.backends.database",
    "opensearch": "modelsearch.backends.opensearch3",
}
BACKEND_MODULE = {"sqlite": "database", "postgres": "database", "opensearch": "opensearch3"}


# -- data ------------------------------------------------------------------------------------


def data_dir():
    candidates = [os.environ.get("GOVPAGES_DATA_DIR", "")]
    candidates += [str(REPO.parent / "shared" / "data"), str(REPO.parent.parent / "shared/data")]
    for candidate in candidates:
        if candidate and (Path(candidate) / "govdocs.jsonl.gz").is_file():
            return Path(candidate)
    sys.exit("govdocs.jsonl.gz not found: set GOVPAGES_DATA_DIR")


def load_documents(directory):
    with gzip.open(directory / "govdocs.jsonl.gz", "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def load_stard(directory, limit):
    with open(directory / "stard_dev_queries.jsonl", encoding="utf-8") as handle:
        queries = [json.loads(line) for line in handle]
    return [{"query": q["query"], "relevant": q["relevant_docs"]} for q in queries[:limit]]


def build_known_items(documents, count, seed=20261128):
    """Title fragments (about half the title, matching at most 3 titles) and 文号 → documents."""
    rng = random.Random(seed)
    titles = {d["id"]: d["title"] for d in documents}
    by_number = {}
    for d in documents:
        if d.get("doc_number"):
            by_number.setdefault(d["doc_number"].strip(), []).append(d["id"])
    items = []
    for doc in rng.sample(documents, len(documents)):
        if len(items) >= count // 2:
            break
        title = doc["title"]
        if len(title) < 6:
            continue
        for _attempt in range(5):
            length = max(4, len(title) // 2)
            start = rng.randrange(0, len(title) - length + 1)
            fragment = title[start : start + length]
            relevant = [i for i, t in titles.items() if fragment in t]
            if len(relevant) <= 3:
                items.append({"query": fragment, "relevant": relevant, "kind": "title"})
                break
    numbers = sorted(by_number)
    for number in rng.sample(numbers, min(len(numbers), count - len(items))):
        items.append({"query": number, "relevant": by_number[number], "kind": "doc_number"})
    return items


def indexed_text(doc):
    """What the catalog item indexes, for the in-memory baselines."""
    return "\n".join(
        part
        for part in (doc["title"], doc.get("doc_number"), doc.get("issuer"), doc["body"])
        if part
    )


# -- metrics ---------------------------------------------------------------------------------


def metrics(runs, sets):
    """runs: {query index: [doc ids best first]}; sets: the query dicts."""
    r1 = r10 = mrr = ndcg = 0.0
    for index, query in enumerate(sets):
        ranked = runs.get(index, [])[:10]
        relevant = set(query["relevant"])
        r1 += len(relevant & set(ranked[:1])) / len(relevant)
        r10 += len(relevant & set(ranked)) / len(relevant)
        for rank, doc in enumerate(ranked, 1):
            if doc in relevant:
                mrr += 1 / rank
                break
        dcg = sum(1 / math.log2(rank + 1) for rank, d in enumerate(ranked, 1) if d in relevant)
        ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(10, len(relevant)) + 1))
        ndcg += dcg / ideal
    n = len(sets) or 1
    return {"R@1": r1 / n, "R@10": r10 / n, "MRR@10": mrr / n, "nDCG@10": ndcg / n}


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


# -- in-memory baselines ---------------------------------------------------------------------


def bm25_baselines(documents, query_sets):
    import bm25s

    from govpages_search.analysis.pipeline import plain_analyzer

    analyzer = plain_analyzer()

    def bigrams(text):
        return analyzer.base_tokens(analyzer.normalize(text))

    def words(text):
        return [w for w in analyzer._jieba.cut(analyzer.normalize(text)) if re.search(r"\w", w)]

    ids = [d["id"] for d in documents]
    results = {}
    for name, tokenize in (("BM25 bigrams (bm25s)", bigrams), ("BM25 jieba words (bm25s)", words)):
        started = time.monotonic()
        retriever = bm25s.BM25()
        retriever.index([tokenize(indexed_text(d)) for d in documents], show_progress=False)
        build = time.monotonic() - started
        per_set = {}
        for set_name, queries in query_sets.items():
            runs, latencies = {}, []
            for index, query in enumerate(queries):
                tokens = tokenize(query["query"])
                started = time.monotonic()
                if tokens:
                    docs, _scores = retriever.retrieve(
                        [tokens], k=10, show_progress=False, n_threads=1
                    )
                    runs[index] = [ids[i] for i in docs[0]]
                latencies.append((time.monotonic() - started) * 1000)
            per_set[set_name] = metrics(runs, queries) | {
                "p50": percentile(latencies, 0.5),
                "p95": percentile(latencies, 0.95),
            }
        results[name] = {"sets": per_set, "index_seconds": build, "peak_mb": None}
    return results


# -- one backend, in its own process ---------------------------------------------------------


def worker(args):
    """Load the corpus into one backend and run every query set on ours and stock Wagtail."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings
    from wagtail.models import Page

    with open(args.job, encoding="utf-8") as handle:
        job = json.load(handle)
    call_command("migrate", verbosity=0, interactive=False)
    with override_settings(WAGTAILSEARCH_BACKENDS={}):
        load_seconds = load_corpus(call_command, job["data"])
    from govpages.models import DisclosureItemPage

    doc_of_page = dict(DisclosureItemPage.objects.values_list("pk", "source_id"))
    output = {"load_seconds": load_seconds, "variants": {}}
    for variant, module in (("ours", job["ours"]), ("stock", job["stock"])):
        config = {"BACKEND": module, **job.get("extra", {})}
        index_seconds, index_cpu, peak_mb = timed_update_index(module, job)
        with override_settings(WAGTAILSEARCH_BACKENDS={"default": config}):
            per_set = {}
            queryset = Page.objects.live().public()
            for set_name, queries in job["sets"].items():
                runs, latencies = {}, []
                for index, query in enumerate(queries):
                    started = time.monotonic()
                    pages = list(queryset.search(query["query"], operator="or")[:10])
                    latencies.append((time.monotonic() - started) * 1000)
                    runs[index] = [doc_of_page.get(p.pk) for p in pages]
                per_set[set_name] = metrics(runs, queries) | {
                    "p50": percentile(latencies, 0.5),
                    "p95": percentile(latencies, 0.95),
                }
        output["variants"][variant] = {
            "sets": per_set,
            "index_seconds": index_seconds,
            "index_cpu_seconds": index_cpu,
            "peak_mb": peak_mb,
        }
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(output, handle)


def load_corpus(call_command, data_file):
    from wagtail.models import Page

    from govpages.models import DepartmentPage, DisclosureCatalogPage

    home = Page.objects.get(depth=2)
    department = DepartmentPage(title="基准测试部门", slug="bench", org_code="000014349")
    home.add_child(instance=department)
    department.save_revision().publish()
    catalog = DisclosureCatalogPage(title="信息公开目录", slug="xxgk")
    department.add_child(instance=catalog)
    catalog.save_revision().publish()
    started = time.monotonic()
    call_command(
        "govpages_import_disclosures",
        data_file,
        catalog=str(catalog.pk),
        publish=True,
        create_missing=True,
        skip_index=True,
        stdout=open(os.devnull, "w"),
    )
    return time.monotonic() - started


def timed_update_index(module, job):
    """Run `manage.py govpages_update_index` as a child process: wall time and its peak memory."""
    env = dict(
        os.environ, PORTAL_SEARCH_BACKEND=module, DJANGO_SETTINGS_MODULE="portal.settings.test"
    )
    # The child runs in site/: a relative PYTHONPATH (the README's PYTHONPATH=site) must not
    # change meaning there.
    paths = env.get("PYTHONPATH", "").split(os.pathsep)
    env["PYTHONPATH"] = os.pathsep.join(os.path.abspath(path) for path in paths if path)
    if job.get("extra", {}).get("URLS"):
        env["PORTAL_SEARCH_URL"] = ",".join(job["extra"]["URLS"])
        env["PORTAL_SEARCH_INDEX_PREFIX"] = ""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    started = time.monotonic()
    subprocess.run(
        [PYTHON, str(REPO / "bench" / "_update_index.py")],
        env=env,
        cwd=SITE,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.monotonic() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    # ru_maxrss of children is the largest child so far: report it when this one set it.
    return seconds, cpu, (usage.ru_maxrss / 1024 if usage.ru_maxrss > before else None)


def run_backend(name, job, environment):
    with tempfile.TemporaryDirectory() as tmp:
        job_file, out_file = Path(tmp) / "job.json", Path(tmp) / "out.json"
        job_file.write_text(json.dumps(job), encoding="utf-8")
        env = dict(os.environ, **environment)
        started = time.monotonic()
        subprocess.run(
            [PYTHON, __file__, "--worker", "--job", str(job_file), "--out", str(out_file)],
            env=env,
            check=True,
        )
        print(f"  {name}: done in {time.monotonic() - started:.0f}s", file=sys.stderr)
        return json.loads(out_file.read_text(encoding="utf-8"))


def fresh_postgres(url):
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


# -- report ----------------------------------------------------------------------------------


def print_table(rows, set_names, sizes):
    print()
    header = f"{'backend / ranking':44} {'set':10} {'R@1':>6} {'R@10':>6} {'MRR@10':>7} "
    header += f"{'nDCG@10':>7} {'p50 ms':>7} {'p95 ms':>7}"
    print(header)
    print("-" * len(header))
    for label, result in rows:
        for set_name in set_names:
            m = result["sets"][set_name]
            print(
                f"{label:44} {set_name:10} {m['R@1']:6.3f} {m['R@10']:6.3f} {m['MRR@10']:7.3f} "
                f"{m['nDCG@10']:7.3f} {m['p50']:7.1f} {m['p95']:7.1f}"
            )
    print()
    print(f"{'backend / ranking':44} {'index build s':>14} {'CPU s':>7} {'peak MB':>8}")
    for label, result in rows:
        peak = result.get("peak_mb")
        peak_text = f"{peak:8.0f}" if peak else f"{'-':>8}"
        cpu = result.get("index_cpu_seconds")
        cpu_text = f"{cpu:7.1f}" if cpu is not None else f"{'-':>7}"
        print(f"{label:44} {result['index_seconds']:14.1f} {cpu_text} {peak_text}")
    print()
    print("queries: " + ", ".join(f"{k} {v}" for k, v in sizes.items()))
    print(
        "index build = `govpages_update_index` wall time (CPU s: its user+system time; "
        "the in-memory "
        "rows: tokenising and building); p50/p95 = one search call returning the top 10"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", help="PostgreSQL URL of a database to (re)create")
    parser.add_argument("--no-opensearch", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--queries", type=int, default=740, help="STARD questions to run")
    parser.add_argument("--known", type=int, default=400, help="known-item queries")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--job", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args)

    directory = data_dir()
    documents = load_documents(directory)
    sets = {
        "stard": load_stard(directory, args.queries),
        "known": build_known_items(documents, args.known),
    }
    sizes = {k: len(v) for k, v in sets.items()} | {"documents": len(documents)}
    job = {"data": str(directory / "govdocs.jsonl.gz"), "sets": sets}
    rows = []
    print("in-memory BM25 baselines ...", file=sys.stderr)
    for label, result in bm25_baselines(documents, sets).items():
        rows.append((label, result))

    backends = []
    if not args.no_sqlite:
        backends.append(("sqlite", {}, {"DATABASE_URL": "sqlite:///" + tempfile.mktemp(".db")}))
    if args.postgres:
        fresh_postgres(args.postgres)
        backends.append(("postgres", {}, {"DATABASE_URL": args.postgres}))
    osmem = None
    if not args.no_opensearch:
        try:
            from osmem_server import OsmemServer

            osmem = OsmemServer.start(japanese=False)
        except Exception as error:  # osmem-server missing or not startable here
            print(f"OpenSearch (osmem-server) skipped: {error}", file=sys.stderr)
    if osmem:
        sqlite_url = "sqlite:///" + tempfile.mktemp(".db")
        backends.append(("opensearch", {"URLS": [osmem.url]}, {"DATABASE_URL": sqlite_url}))
    try:
        for name, extra, environment in backends:
            print(f"{name} ...", file=sys.stderr)
            backend_job = dict(
                job,
                ours=OURS.format(BACKEND_MODULE[name]),
                stock=STOCK[name],
                extra=extra,
            )
            try:
                result = run_backend(name, backend_job, environment)
            except subprocess.CalledProcessError as error:
                print(f"  {name}: FAILED ({error}); see the trace above", file=sys.stderr)
                continue
            print(f"  {name}: import_disclosures {result['load_seconds']:.1f}s", file=sys.stderr)
            rows.append((f"{name}: govpages", result["variants"]["ours"]))
            rows.append((f"{name}: stock Wagtail", result["variants"]["stock"]))
    finally:
        if osmem:
            osmem.close()
    print_table(rows, list(sets), sizes)


if __name__ == "__main__":
    main()
