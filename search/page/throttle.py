"""A small per-client request budget for the public search page and API.

Search is the most expensive public URL; a client that sends more than
GOVPAGES_SEARCH_RATE_LIMIT requests (default "60/60": 60 per 60 seconds) gets 429 until the
window ends. The client is known only by a keyed hash of its address, kept in the cache for the
length of one window: nothing is written to the database or the query log.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache

from .. import conf


def _limit():
    raw = conf.get("GOVPAGES_SEARCH_RATE_LIMIT")
    if not raw:
        return None
    count, _slash, seconds = str(raw).partition("/")
    return int(count), int(seconds or 60)


def retry_after_seconds():
    """How long a client over its budget waits at most: one window."""
    limit = _limit()
    return limit[1] if limit else 60


def client_digest(request):
    """A keyed hash of the client's address: tells clients apart, cannot be read back."""
    address = request.META.get("REMOTE_ADDR", "")
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def _client_key(request, window):
    return f"govpages_search:throttle:{window}:{client_digest(request)}"


def over_limit(request):
    """Count this request; True if the client has used up its budget for the window."""
    limit = _limit()
    if limit is None:
        return False
    count, seconds = limit
    key = _client_key(request, seconds)
    if cache.add(key, 1, timeout=seconds):
        return False
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=seconds)
        return False
    return used > count
