"""Databases for the benchmarks: Django set up on one, and scratch PostgreSQL databases."""

import os


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
