"""Settings of the search app, each with a default so the app runs without configuration."""

from django.conf import settings

DEFAULTS = {
    # Requests per client address and window on the search page and API ("count/seconds");
    # an empty value turns the limit off.
    "GOVPAGES_SEARCH_RATE_LIMIT": "60/60",
    # Matches ranked per query; results and facet counts beyond it are not computed.
    "GOVPAGES_SEARCH_MAX_MATCHES": 1000,
    # Hot searches: queries of the last DAYS typed by at least MIN_COUNT distinct clients.
    "GOVPAGES_SEARCH_HOT_DAYS": 30,
    "GOVPAGES_SEARCH_HOT_MIN_COUNT": 3,
    # Result fields holding identifiers: a query equal to one puts that page first.
    "GOVPAGES_SEARCH_EXACT_FIELDS": ["index_number", "doc_number"],
    # Page types listed as results ("app_label.modelname"); None: every type except those whose
    # class sets search_content_page = False (home, listings). See search/page/content.py.
    "GOVPAGES_SEARCH_CONTENT_TYPES": None,
    # Related searches and pinyin spellings look this many days back in the query log.
    "GOVPAGES_SEARCH_RELATED_DAYS": 90,
    # Index updates that meet an unreachable cluster are queued again (with a durable task
    # backend) after BASE seconds, doubling up to MAX seconds, for at most MAX_ATTEMPTS tries
    # (the defaults keep trying for about a day) before the task is marked failed.
    "GOVPAGES_SEARCH_INDEX_RETRY_BASE_SECONDS": 5,
    "GOVPAGES_SEARCH_INDEX_RETRY_MAX_SECONDS": 600,
    "GOVPAGES_SEARCH_INDEX_MAX_ATTEMPTS": 150,
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])
