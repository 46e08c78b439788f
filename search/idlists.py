"""A list of integer ids as one SQL parameter, for ``field__in=id_list(ids, using)``.

Django sends ``pk__in=[...]`` as one parameter per id, each prepared by the field in Python;
for the thousand ids the search page ranks, building those queries cost more than running
them (bench/search_api_latency.py). PostgreSQL receives an array, SQLite a JSON array.
"""

import json

from django.db import connections
from django.db.models.expressions import RawSQL


def id_list(ids, using="default"):
    """``ids`` as a subquery when they are all integers (else the list itself, which Django
    prepares as usual)."""
    ids = list(ids)
    if not all(type(value) is int for value in ids):
        return ids
    vendor = connections[using].vendor
    if vendor == "postgresql":
        return RawSQL("SELECT UNNEST(%s::bigint[])", [ids])
    if vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])
    return ids
