"""The query log behind hot and related searches.

It keeps, per day, how often a normalised query was searched, how often it found nothing and by
how many different clients: no IP address, user, session, time of day or anything else about the
person. Queries that look like personal data (long digit runs such as ID card or phone numbers,
e-mail addresses) or garbage are not logged at all.

A logged query is shown to other visitors (hot and related searches) only once several distinct
clients have typed it (GOVPAGES_SEARCH_HOT_MIN_COUNT), never when it names a person or an address,
and never when it contains a term of the editors' block list (BlockedSearchTerm).
"""

import datetime
import hashlib
import re

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from .. import conf
from ..analysis.pipeline import plain_analyzer
from ..analysis.query import normalise_query, query_terms
from ..models import BlockedSearchTerm, QueryLog

MAX_LOGGED_LENGTH = 50
HAS_WORD_CHARACTER = re.compile(r"[0-9a-z\u3400-\u9fff]")
LOOKS_PERSONAL = re.compile(r"\d{7,}|@|https?:|www\.")
REPEATED_CHARACTER = re.compile(r"^(.)\1{5,}$")
# A street and number, or a flat: 人民路88号, 3栋2单元501室 (not a 文号 such as 国办发〔2023〕12号).
LOOKS_LIKE_ADDRESS = re.compile(
    r"(路|街|大道|巷|弄|胡同|村|里|小区|大厦|花园|公寓)\s*\d+|\d+\s*(室|栋|幢|单元|号楼|号院)"
)


def loggable_query(raw_query):
    """The normalised form of a query worth logging, or None for garbage and personal data."""
    query = normalise_query(raw_query)
    if not query or len(query) > MAX_LOGGED_LENGTH:
        return None
    if not HAS_WORD_CHARACTER.search(query) or REPEATED_CHARACTER.match(query):
        return None
    if LOOKS_PERSONAL.search(query):
        return None
    return query


def _first_time_today(query, today, client):
    """True the first time this client searches this query today (the mark lasts a day)."""
    if not client:
        return False
    query_hash = hashlib.sha256(query.encode()).hexdigest()[:24]
    return cache.add(f"govpages_search:querylog:{today}:{query_hash}:{client}", 1, 60 * 60 * 25)


def record_query(raw_query, found_results, client=None):
    """Count one search of the day; returns the logged form or None if it was not logged.

    ``client`` is a keyed hash telling clients apart (throttle.client_digest); it is only used
    to count distinct clients and is never written to the database."""
    query = loggable_query(raw_query)
    if query is None:
        return None
    today = timezone.localdate()
    changes = {
        "count": F("count") + 1,
        "zero_results": F("zero_results") + (0 if found_results else 1),
        "clients": F("clients") + (1 if _first_time_today(query, today, client) else 0),
    }
    if not QueryLog.objects.filter(query=query, date=today).update(**changes):
        try:
            with transaction.atomic():
                QueryLog.objects.create(query=query, date=today)
        except IntegrityError:  # another request created today's row meanwhile
            pass
        QueryLog.objects.filter(query=query, date=today).update(**changes)
    return query


def showable(query, blocked_terms=None):
    """May this logged query be shown to other visitors?"""
    if LOOKS_LIKE_ADDRESS.search(query) or plain_analyzer().person_names(query):
        return False
    if blocked_terms is None:
        blocked_terms = blocked_search_terms()
    return not any(term in query for term in blocked_terms)


def blocked_search_terms():
    return [
        normalise_query(term) for term in BlockedSearchTerm.objects.values_list("term", flat=True)
    ]


def _shown(rows, limit):
    blocked = blocked_search_terms()
    queries = (row["query"] for row in rows)
    return [query for query in queries if showable(query, blocked)][:limit]


def _recent(days):
    since = timezone.localdate() - datetime.timedelta(days=days)
    return (
        QueryLog.objects.filter(date__gt=since)
        .values("query")
        .annotate(searches=Sum("count"), misses=Sum("zero_results"), people=Sum("clients"))
        .annotate(found=F("searches") - F("misses"))
    )


def hot_searches(limit=10, days=None, min_count=None):
    """Most searched queries of the last days that found something, at least `min_count` times."""
    days = days or conf.get("GOVPAGES_SEARCH_HOT_DAYS")
    min_count = min_count or conf.get("GOVPAGES_SEARCH_HOT_MIN_COUNT")
    rows = _recent(days).filter(found__gte=min_count, people__gte=min_count)
    return _shown(rows.order_by("-found", "query")[: limit * 3], limit)


def related_searches(raw_query, limit=8, days=None, min_clients=None):
    """Logged queries that share a word with this one, found something and were typed by
    several clients, most searched first."""
    days = days or conf.get("GOVPAGES_SEARCH_RELATED_DAYS")
    min_clients = min_clients or conf.get("GOVPAGES_SEARCH_HOT_MIN_COUNT")
    query = normalise_query(raw_query)
    words = [term for term in query_terms(query) if len(term) > 1][:10]
    if not words:
        return []
    shares_word = Q()
    for word in words:
        shares_word |= Q(query__contains=word)
    rows = (
        _recent(days)
        .filter(shares_word, found__gt=0, people__gte=min_clients)
        .exclude(query=query)
        .order_by("-found", "query")[: limit * 3]
    )
    return _shown(rows, limit)


def spelled_by(pinyin_query, days=None, limit=200):
    """Logged queries that found something and whose pinyin is `pinyin_query` (zhengwugongkai →
    政务公开): people often search a term in Chinese that no page title contains."""
    from pypinyin import lazy_pinyin

    letters = re.sub(r"[\s']+", "", normalise_query(pinyin_query))
    if not letters.isascii() or not letters.isalpha():
        return []
    days = days or conf.get("GOVPAGES_SEARCH_RELATED_DAYS")
    min_clients = conf.get("GOVPAGES_SEARCH_HOT_MIN_COUNT")
    rows = _recent(days).filter(found__gt=0, people__gte=min_clients)
    spelled = [
        row
        for row in rows.order_by("-found", "query")[:limit]
        if not row["query"].isascii()
        and "".join(lazy_pinyin(row["query"])).replace(" ", "") == letters
    ]
    return _shown(spelled, limit)
