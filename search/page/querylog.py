"""The query log behind hot and related searches.

It keeps, per day, how often a normalised query was searched and how often it found nothing:
no IP address, user, session, time of day or anything else about the person. Queries that look
like personal data (long digit runs such as ID card or phone numbers, e-mail addresses) or
garbage are not logged at all.
"""

import datetime
import re

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from .. import conf
from ..analysis.query import normalise_query, query_terms
from ..models import QueryLog

MAX_LOGGED_LENGTH = 50
HAS_WORD_CHARACTER = re.compile(r"[0-9a-z\u3400-\u9fff]")
LOOKS_PERSONAL = re.compile(r"\d{7,}|@|https?:|www\.")
REPEATED_CHARACTER = re.compile(r"^(.)\1{5,}$")


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


def record_query(raw_query, found_results):
    """Count one search of the day; returns the logged form or None if it was not logged."""
    query = loggable_query(raw_query)
    if query is None:
        return None
    today = timezone.localdate()
    zero = 0 if found_results else 1
    updated = QueryLog.objects.filter(query=query, date=today).update(
        count=F("count") + 1, zero_results=F("zero_results") + zero
    )
    if not updated:
        try:
            with transaction.atomic():
                QueryLog.objects.create(query=query, date=today, count=1, zero_results=zero)
        except IntegrityError:  # another request created today's row meanwhile
            QueryLog.objects.filter(query=query, date=today).update(
                count=F("count") + 1, zero_results=F("zero_results") + zero
            )
    return query


def _recent(days):
    since = timezone.localdate() - datetime.timedelta(days=days)
    return (
        QueryLog.objects.filter(date__gt=since)
        .values("query")
        .annotate(searches=Sum("count"), misses=Sum("zero_results"))
        .annotate(found=F("searches") - F("misses"))
    )


def hot_searches(limit=10, days=None, min_count=None):
    """Most searched queries of the last days that found something, at least `min_count` times."""
    days = days or conf.get("GOVPAGES_SEARCH_HOT_DAYS")
    min_count = min_count or conf.get("GOVPAGES_SEARCH_HOT_MIN_COUNT")
    rows = _recent(days).filter(found__gte=min_count).order_by("-found", "query")[:limit]
    return [row["query"] for row in rows]


def related_searches(raw_query, limit=8, days=None):
    """Logged queries that share a word with this one and found something, most searched first."""
    days = days or conf.get("GOVPAGES_SEARCH_RELATED_DAYS")
    query = normalise_query(raw_query)
    words = [term for term in query_terms(query) if len(term) > 1][:10]
    if not words:
        return []
    shares_word = Q()
    for word in words:
        shares_word |= Q(query__contains=word)
    rows = (
        _recent(days)
        .filter(shares_word, found__gt=0)
        .exclude(query=query)
        .order_by("-found", "query")[:limit]
    )
    return [row["query"] for row in rows]


def spelled_by(pinyin_query, days=None, limit=200):
    """Logged queries that found something and whose pinyin is `pinyin_query` (zhengwugongkai →
    政务公开): people often search a term in Chinese that no page title contains."""
    from pypinyin import lazy_pinyin

    letters = re.sub(r"[\s']+", "", normalise_query(pinyin_query))
    if not letters.isascii() or not letters.isalpha():
        return []
    days = days or conf.get("GOVPAGES_SEARCH_RELATED_DAYS")
    rows = _recent(days).filter(found__gt=0).order_by("-found", "query")[:limit]
    return [
        row["query"]
        for row in rows
        if not row["query"].isascii()
        and "".join(lazy_pinyin(row["query"])).replace(" ", "") == letters
    ]
