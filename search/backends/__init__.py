"""Wagtail search backends that run the Chinese analysis pipeline (govpages_search.analysis).

Set ``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]`` to one of:

- ``govpages_search.backends.database``: SQLite FTS5 or PostgreSQL, picked from the default database
- ``govpages_search.backends.elasticsearch8`` / ``govpages_search.backends.elasticsearch9``
- ``govpages_search.backends.opensearch3``
"""
