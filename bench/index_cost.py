"""Indexing cost of the database search backends, SQLite and PostgreSQL side by side.

    PYTHONPATH=site:bench python -P bench/index_cost.py [--postgres postgres://postgres@127.0.0.1:5432/govpages_search]
                               [--notices 599] [--data ../shared/data/govdocs.jsonl.gz]

The corpus is the shared one (3,486 documents) plus --notices short pages (the first articles,
第N条, of the laws, each as a notice of its own), about 4.1k pages: what issue 17 measured. For
each database, on a fresh database (a temporary SQLite file; a scratch ``<name>_bench`` database
on the PostgreSQL server):

- import: ``govpages_import_disclosures --publish --create-missing`` with its index step;
- update_index: ``govpages_update_index`` (facet table and search index rebuilt);

each in a process of its own, so the peak resident memory (ru_maxrss of that process, from
wait4) is the command's alone. The last columns are PostgreSQL's figures over SQLite's.
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

REPO = Path(__file__).resolve().parents[1]
SITE = REPO / "site"

from _databases import scratch_postgres  # noqa: E402
from corpus import DEFAULT_DATA, article_documents, read_documents  # noqa: E402

SETUP = """
import django
django.setup()
from django.core.management import call_command
from wagtail.models import Page
from govpages.models import DepartmentPage, DisclosureCatalogPage
call_command("migrate", verbosity=0, interactive=False)
home = Page.objects.get(depth=2)
department = DepartmentPage(title="基准测试部门", slug="bench", org_code="000014349")
home.add_child(instance=department)
department.save_revision().publish()
catalog = DisclosureCatalogPage(title="信息公开目录", slug="xxgk")
department.add_child(instance=catalog)
catalog.save_revision().publish()
print(catalog.pk)
"""


def run_measured(command, env):
    """(seconds, peak RSS MB, stdout) of one child process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(
            command, cwd=SITE, env=env, stdout=out, stderr=subprocess.PIPE, text=True
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        stderr = process.stderr.read()
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{' '.join(command)} failed:\n{stderr[-3000:]}")
        out.seek(0)
        return seconds, usage.ru_maxrss / 1024, out.read().decode()


def measure(database_url, corpus_file):
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="portal.settings.test",
        PYTHONSAFEPATH="1",
        PYTHONPATH=str(SITE),
    )
    _s, _mb, out = run_measured([sys.executable, "-c", SETUP], env)
    catalog = out.strip().splitlines()[-1]
    manage = [sys.executable, "manage.py"]
    import_s, import_mb, _out = run_measured(
        manage
        + [
            "govpages_import_disclosures",
            str(corpus_file),
            "--catalog",
            catalog,
            "--publish",
            "--create-missing",
        ],
        env,
    )
    index_s, index_mb, _out = run_measured(manage + ["govpages_update_index", "-v", "0"], env)
    return {"import": (import_s, import_mb), "update_index": (index_s, index_mb)}


def write_corpus(data, notices, directory):
    documents = read_documents(data)
    extra = article_documents(documents, limit=notices)
    path = Path(directory) / "corpus.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for document in documents + extra:
            handle.write(json.dumps(document, ensure_ascii=False) + "\n")
    return path, len(documents) + len(extra)


def print_table(results, pages):
    header = f"{'step':<14} {'database':<11} {'seconds':>8} {'peak RSS MB':>12}"
    print(f"\n{pages} pages")
    print(header + f" {'PG / SQLite time':>17} {'PG / SQLite RSS':>16}")
    print("-" * (len(header) + 35))
    for step in ("import", "update_index"):
        base = results.get("SQLite", {}).get(step)
        for database, rows in results.items():
            seconds, mb = rows[step]
            ratio = ""
            if base and database != "SQLite":
                ratio = f" {seconds / base[0]:>16.2f}x {mb / base[1]:>15.2f}x"
            print(f"{step:<14} {database:<11} {seconds:>8.1f} {mb:>12.0f}{ratio}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--postgres", help="PostgreSQL URL; the bench uses <name>_bench on it")
    parser.add_argument("--notices", type=int, default=599, help="article pages added")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"corpus not found: {args.data}")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus_file, pages = write_corpus(args.data, args.notices, tmp)
        if not args.skip_sqlite:
            print("SQLite ...", file=sys.stderr)
            results["SQLite"] = measure(f"sqlite:///{tmp}/bench.sqlite3", corpus_file)
        if args.postgres:
            print("PostgreSQL ...", file=sys.stderr)
            url, cleanup = scratch_postgres(args.postgres)
            try:
                results["PostgreSQL"] = measure(url, corpus_file)
            finally:
                cleanup()
    print_table(results, pages)


if __name__ == "__main__":
    main()
