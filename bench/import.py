"""Benchmark of ``govpages_import_disclosures`` on the shared corpus (3,486 documents).

    python bench/import.py [--postgres postgres://postgres@127.0.0.1:5432/gp_catalog]
                           [--baseline 200] [--data ../shared/data/govdocs.jsonl.gz]

Each database runs in a fresh child process against a fresh database (a temporary SQLite file;
with --postgres, a scratch database ``<name>_bench`` created and dropped on that server). Rows:

- baseline: the admin's way, ``add_child`` + ``save_revision().publish()`` per item with search
  signals on, for the first N documents (N = --baseline);
- bulk import: ``import_disclosures --publish --skip-index`` of the whole corpus;
- bulk index: adding the live items to the search backend in batches (what the command does at
  the end unless --skip-index);
- re-import: the same file again (idempotent: every item unchanged).

Peak memory is the process's resident high-water mark after the row (ru_maxrss, so it only
grows) and the Python allocation peak of that row (tracemalloc, measured in a separate pass so
the timing is not slowed by it).
"""

import argparse
import gzip
import json
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from _databases import run_on_each_database, setup_django

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "govdocs.jsonl.gz"


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_catalog(slug):
    from wagtail.models import Page

    from govpages.models import DepartmentPage, DisclosureCatalogPage

    home = Page.objects.get(depth=2)
    department = DepartmentPage.objects.first()
    if department is None:
        department = DepartmentPage(title="示范市司法局", slug="sfj", org_code="000099999")
        home.add_child(instance=department)
    catalog = DisclosureCatalogPage(title=f"法规库 {slug}", slug=slug)
    department.add_child(instance=catalog)
    catalog.save_revision().publish()
    return catalog


def baseline(docs, catalog):
    """Per item through the ORM and Wagtail's publish, as an editor's save would do."""
    from govpages.catalog.transfer.records import validate_record
    from govpages.models import DisclosureItemPage, DocumentGenre, Organisation

    for line, doc in enumerate(docs, start=1):
        record = validate_record(line, doc)
        genre, _ = DocumentGenre.objects.get_or_create(name=record.genre)
        item = DisclosureItemPage(
            title=record.title,
            slug=record.slug,
            body=record.body,
            genre=genre,
            doc_number=record.doc_number,
            document_date=record.document_date,
            publication_date=record.publication_date,
            source_id="baseline-" + record.source_id,
            source_metadata=record.source_metadata,
            live=False,
        )
        catalog.add_child(instance=item)
        issuers = [Organisation.objects.get_or_create(name=name)[0] for name in record.issuers]
        item.issuers.set(issuers)
        item.save_revision().publish()


def bulk_import(path, catalog, skip_index=True):
    from govpages.catalog.transfer.importer import DisclosureImporter
    from govpages.catalog.transfer.records import read_records

    records = read_records(path, "jsonl")
    importer = DisclosureImporter(
        catalog, publish=True, create_missing=True, update_index=not skip_index
    )
    return importer, importer.run(records)


def bulk_index(item_ids):
    from govpages.catalog.transfer.importer import DisclosureImporter, ImportResult
    from govpages.models import DisclosureItemPage

    importer = DisclosureImporter.__new__(DisclosureImporter)
    importer.result = ImportResult(live_ids=item_ids)
    importer.progress = lambda iterable, **kwargs: iterable
    importer._index()
    return DisclosureItemPage.objects.filter(pk__in=item_ids).count()


def timed(rows, name, count, fn, measure_memory=False):
    started = time.perf_counter()
    if measure_memory:
        tracemalloc.start()
    value = fn()
    peak = 0
    if measure_memory:
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    seconds = time.perf_counter() - started
    rows.append(
        {"row": name, "items": count, "seconds": seconds, "rss_mb": rss_mb(), "py_mb": peak}
    )
    return value


def run_one(database_url, data_path, baseline_count):
    setup_django(database_url)
    with gzip.open(data_path, "rt", encoding="utf-8") as stream:
        text = stream.read()
    docs = [json.loads(line) for line in text.splitlines() if line.strip()]
    plain = Path(tempfile.mkdtemp()) / "govdocs.jsonl"
    plain.write_text(text, encoding="utf-8")
    rows = []

    timed(
        rows,
        "baseline: add_child + publish",
        baseline_count,
        lambda: baseline(docs[:baseline_count], make_catalog("baseline")),
    )
    catalog = make_catalog("bulk")
    _importer, result = timed(
        rows, "bulk import (--skip-index)", len(docs), lambda: bulk_import(plain, catalog)
    )
    timed(rows, "bulk index at the end", len(result.live_ids), lambda: bulk_index(result.live_ids))
    timed(rows, "re-import, all unchanged", len(docs), lambda: bulk_import(plain, catalog))
    # Memory pass: a second fresh catalog so the importer creates everything again.
    from govpages.models import DisclosureItemPage

    DisclosureItemPage.objects.child_of(catalog).delete()
    memory_rows = []
    timed(
        memory_rows,
        "bulk import (--skip-index)",
        len(docs),
        lambda: bulk_import(plain, catalog),
        measure_memory=True,
    )
    rows[1]["py_mb"] = memory_rows[0]["py_mb"]
    print(json.dumps(rows))


def print_table(results):
    header = (
        f"{'database':<10} {'row':<32} {'items':>6} {'seconds':>8} {'items/s':>8} "
        f"{'vs baseline':>11} {'RSS MB':>7} {'py peak MB':>10}"
    )
    print(header)
    print("-" * len(header))
    for database, rows in results:
        base_rate = rows[0]["items"] / rows[0]["seconds"]
        for row in rows:
            rate = row["items"] / row["seconds"] if row["seconds"] else 0
            py_peak = f"{row['py_mb']:.0f}" if row["py_mb"] else "-"
            print(
                f"{database:<10} {row['row']:<32} {row['items']:>6} {row['seconds']:>8.2f} "
                f"{rate:>8.0f} {rate / base_rate:>10.1f}x {row['rss_mb']:>7.0f} {py_peak:>10}"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--postgres", help="PostgreSQL URL; the bench uses <name>_bench on it")
    parser.add_argument("--baseline", type=int, default=200, help="items for the baseline row")
    parser.add_argument("--skip-sqlite", action="store_true", help="only the PostgreSQL run")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return run_one(args.child, args.data, args.baseline)
    if not args.data.exists():
        sys.exit(f"corpus not found: {args.data}")
    results = run_on_each_database(
        __file__,
        ["--data", str(args.data), "--baseline", str(args.baseline)],
        args.postgres,
        args.skip_sqlite,
    )
    print_table(results)


if __name__ == "__main__":
    main()
