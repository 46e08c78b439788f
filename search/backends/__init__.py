"""Wagtail search backends that run the Chinese analysis pipeline (search.analysis).

Set ``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]`` to one of:

- ``search.backends.database``: SQLite FTS5 or PostgreSQL, picked from the default database
- ``search.backends.elasticsearch8`` / ``search.backends.elasticsearch9``
- ``search.backends.opensearch3``
"""
