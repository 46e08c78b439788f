"""The monitoring meta tags (政府网站网页元数据): one place that turns pages' raw values into text.

A page takes part by defining ``get_gov_meta()`` returning (name, value) pairs, so any app can
contribute tags without importing govpages. Values are raw: a datetime or date for ``PubDate``,
full text for ``Description`` (HTML allowed), strings for the rest; empty values are left out.
"""

import datetime

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

DESCRIPTION_LENGTH = 200


def format_pub_date(value):
    """YYYY-MM-DD HH:MM in the site's time zone; a date alone is taken as its midnight."""
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m-%d} 00:00"
    return str(value or "")


def format_description(text):
    """Plain text on one line, at most DESCRIPTION_LENGTH characters."""
    plain = strip_tags(str(text or "").replace("</p>", "</p> "))
    return Truncator(" ".join(plain.split())).chars(DESCRIPTION_LENGTH)


FORMATTERS = {
    "PubDate": format_pub_date,
    "Description": format_description,
    "ColumnDescription": format_description,
}


def format_tags(pairs):
    """(name, text) pairs ready for <meta>, without the empty ones."""
    formatted = [(name, FORMATTERS.get(name, str)(value or "")) for name, value in pairs]
    return [(name, text) for name, text in formatted if text]


def statutory_pub_date(first_published_at, publication_date):
    """When a document counts as published: its 发布日期 when that is another day than its first
    publication on the portal (documents imported or entered after the fact), else the moment
    it went live."""
    if publication_date and (
        first_published_at is None
        or timezone.localtime(first_published_at).date() != publication_date
    ):
        return publication_date
    return first_published_at
