"""Settings of the applications app, each with a default so it runs without configuration."""

from django.conf import settings

DEFAULTS = {
    # Statutory time limits in working days (条例 arts. 30, 33).
    "GOVPAGES_APPLICATIONS_CORRECTION_NOTICE_DAYS": 7,
    "GOVPAGES_APPLICATIONS_REPLY_DAYS": 20,
    "GOVPAGES_APPLICATIONS_MAX_EXTENSION_DAYS": 20,
    # Cases "due soon" on the dashboard and in the reminder e-mails.
    "GOVPAGES_APPLICATIONS_DUE_SOON_DAYS": 3,
    # Submissions (and status queries) per address: at most COUNT per WINDOW seconds.
    "GOVPAGES_APPLICATIONS_RATE_LIMIT": (5, 3600),
    "GOVPAGES_APPLICATIONS_QUERY_RATE_LIMIT": (20, 3600),
    # Identity copies: accepted types and size.
    "GOVPAGES_APPLICATIONS_ATTACHMENT_MAX_BYTES": 5 * 1024 * 1024,
    # Where identity copies and replies are stored: a folder the web server must not serve.
    # None: the site's STORAGES alias "govpages_applications" if it defines one (a private
    # bucket), else a folder "govpages_private" beside MEDIA_ROOT, never under it.
    "GOVPAGES_APPLICATIONS_PRIVATE_ROOT": None,
    # Replied cases are anonymised this many days after the reply
    # (manage.py govpages_anonymise_applications).
    "GOVPAGES_APPLICATIONS_RETENTION_DAYS": 365 * 3,
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])
