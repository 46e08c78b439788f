"""Databases for the benchmarks: Django set up on one, scratch PostgreSQL databases, and a
benchmark run once per database, each in a child process of its own (Django has one default
database per process)."""

import json
import os
import subprocess
import sys
import tempfile


def setup_django(database_url):
    """Django on ``database_url`` (settings from DJANGO_SETTINGS_MODULE, else the portal's test
    settings), migrated."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def scratch_postgres(url):
    """A new, empty database ``<name>_bench`` on the server of ``url``: (its URL, a function
    that drops it)."""
    import psycopg

    base, _, name = url.rpartition("/")
    scratch = name + "_bench"
    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        connection.execute(f'CREATE DATABASE "{scratch}"')
    return f"{base}/{scratch}", lambda: _drop(base, scratch)


def _drop(base, name):
    import psycopg

    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def run_child(script, database_url, arguments):
    """Run ``script --child database_url *arguments``; its last output line, read as JSON."""
    command = [sys.executable, script, "--child", database_url, *arguments]
    output = subprocess.run(command, capture_output=True, text=True, check=False)
    if output.returncode != 0:
        sys.exit(f"benchmark on {database_url} failed:\n{output.stderr[-3000:]}")
    return json.loads(output.stdout.strip().splitlines()[-1])


def run_on_each_database(script, arguments, postgres_url=None, skip_sqlite=False):
    """[(database name, child result)]: on a temporary SQLite file unless skipped, then on a
    scratch PostgreSQL database when ``postgres_url`` is given."""
    results = []
    if not skip_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            results.append(
                ("SQLite", run_child(script, f"sqlite:///{tmp}/bench.sqlite3", arguments))
            )
    if postgres_url:
        url, cleanup = scratch_postgres(postgres_url)
        try:
            results.append(("PostgreSQL", run_child(script, url, arguments)))
        finally:
            cleanup()
    return results
