"""Latency of the search page's JSON API against the bare backend call it is built on.

Imports ../shared/data/govdocs.jsonl.gz into a disclosure catalog of one department
(`import_disclosures --publish --skip-index`) in a scratch database, rebuilds the facet table
and the index with `govpages_update_index` (timed), then runs the STARD questions plus title
fragments
through

- `backend`: the configured backend alone (top 10 live, public pages), the baseline;
- `api`: GET /api/search/?q=... (ranking of up to GOVPAGES_SEARCH_MAX_MATCHES matches, facets,
  one page of results with snippets, promotions, query log, related searches);

and prints p50 / p95 in milliseconds and the ratio api / backend.

    DATABASE_URL=sqlite:////tmp/bench_search_api.sqlite3 \\
    PORTAL_SEARCH_BACKEND=govpages_search.backends.database \\
    python bench/search_api_latency.py [--queries N]
"""

import argparse
import gzip
import json
import os
import resource
import statistics
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
if not DATA.exists():
    DATA = Path("/work/shared/data")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/bench_search_api.sqlite3")
os.environ.setdefault("PORTAL_SEARCH_BACKEND", "govpages_search.backends.database")
os.environ["DEBUG"] = "0"  # no SQL recording
# A development install may map modules missing from this checkout to another one; keep ours.


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def load_documents(limit):
    with gzip.open(DATA / "govdocs.jsonl.gz", "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if limit and number >= limit:
                break
            yield json.loads(line)


def build_site(limit):
    """A department with a disclosure catalog holding the documents (import_disclosures)."""
    import tempfile

    from django.core.management import call_command
    from wagtail.models import Site

    from govpages.models import DepartmentPage, DisclosureCatalogPage

    call_command("migrate", verbosity=0)
    if DisclosureCatalogPage.objects.filter(slug="bench-xxgk").exists():
        return
    home = Site.objects.get(is_default_site=True).root_page
    department = DepartmentPage(title="示范市司法局", slug="bench-sfj", org_code="000014349")
    home.add_child(instance=department)
    department.save_revision().publish()
    catalog = DisclosureCatalogPage(title="信息公开目录", slug="bench-xxgk")
    department.add_child(instance=catalog)
    catalog.save_revision().publish()
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as sample:
        for doc in load_documents(limit):
            sample.write(json.dumps(doc, ensure_ascii=False) + "\n")
        sample.flush()
        call_command(
            "govpages_import_disclosures",
            sample.name,
            catalog=str(catalog.pk),
            publish=True,
            create_missing=True,
            skip_index=True,
            verbosity=0,
        )


def timed(fn, *args):
    start = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - start) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=200, help="STARD questions to run")
    parser.add_argument("--documents", type=int, default=0, help="documents to import (0: all)")
    parser.add_argument(
        "--reuse-index", action="store_true", help="skip update_index (the scratch db has one)"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    settings.GOVPAGES_SEARCH_RATE_LIMIT = ""  # one client sends every query
    from django.core.management import call_command
    from django.test import Client
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    build_start = time.perf_counter()
    build_site(args.documents)
    build_seconds = time.perf_counter() - build_start
    index_start = time.perf_counter()
    if not args.reuse_index:
        call_command("govpages_update_index", verbosity=0)
    index_seconds = time.perf_counter() - index_start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    facets_start = time.perf_counter()
    if not args.reuse_index:
        call_command("govpages_update_index", facets_only=True, verbosity=0)
    facets_seconds = time.perf_counter() - facets_start

    questions = [
        json.loads(line)["query"]
        for line in (DATA / "stard_dev_queries.jsonl").read_text(encoding="utf-8").splitlines()
    ][: args.queries]
    fragments = [doc["title"][2:10] for doc in load_documents(args.queries)]
    queries = questions + fragments

    backend = get_search_backend()

    def bare(query):
        queryset = Page.objects.live().public().filter(depth__gt=1)
        return [page.pk for page in backend.search(query, queryset, operator="or")[:10]]

    client = Client()
    for query in queries[:5]:  # warm caches (jieba, dictionaries, content types)
        bare(query)
        client.get("/api/search/", {"q": query})
    backend_ms = [timed(bare, query) for query in queries]
    api_ms = [timed(client.get, "/api/search/", {"q": query}) for query in queries]

    from govpages_search.models import SearchFacetEntry

    print(f"database: {os.environ['DATABASE_URL'].split(':')[0]}")
    print(f"backend: {os.environ['PORTAL_SEARCH_BACKEND']}")
    print(f"pages in the facet table: {SearchFacetEntry.objects.count()}")
    print(f"migrate + import_disclosures: {build_seconds:.1f} s")
    print(
        f"update_index (facet table + index): {index_seconds:.1f} s, peak RSS of the process "
        f"{peak / 2**20:.0f} MiB; facet table alone {facets_seconds:.1f} s"
    )
    print(
        f"queries: {len(queries)} ({len(questions)} STARD questions, {len(fragments)} title "
        "fragments)"
    )
    print()
    print(f"{'path':<10}{'p50 ms':>10}{'p95 ms':>10}{'mean ms':>10}")
    for name, values in (("backend", backend_ms), ("api", api_ms)):
        print(
            f"{name:<10}{percentile(values, 0.5):>10.1f}{percentile(values, 0.95):>10.1f}"
            f"{statistics.mean(values):>10.1f}"
        )
    ratio50 = percentile(api_ms, 0.5) / percentile(backend_ms, 0.5)
    ratio95 = percentile(api_ms, 0.95) / percentile(backend_ms, 0.95)
    print(f"{'api/backend':<10}{ratio50:>10.2f}{ratio95:>10.2f}")


if __name__ == "__main__":
    main()
