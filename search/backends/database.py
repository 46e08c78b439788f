"""The database backend with the Chinese pipeline: SQLite FTS5 or PostgreSQL, picked from the
default database like Wagtail's own ``wagtail.search.backends.database``."""

from django.db import connection


def SearchBackend(params):  # noqa: N802 (Wagtail looks up a callable named SearchBackend)
    if connection.vendor == "postgresql":
        from .postgres import ChinesePostgresSearchBackend

        return ChinesePostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.utils import fts5_available

        if fts5_available():
            from .sqlite import ChineseSQLiteSearchBackend

            return ChineseSQLiteSearchBackend(params)
    raise NotImplementedError(
        f"govpages_search.backends.database supports SQLite (with FTS5) and PostgreSQL, "
        f"not {connection.vendor}."
    )
