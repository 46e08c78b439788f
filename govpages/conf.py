"""Settings of the govpages app, each with a default so the app runs without configuration."""

from django.conf import settings

DEFAULTS = {
    # How a 索引号 is built: organisation code, four-digit year and a serial per (code, year).
    "GOVPAGES_INDEX_NUMBER_PATTERN": "{org_code}/{yyyy}-{serial:05d}",
    # Organisation code for items of a department that has none (统一社会信用代码 or a local code).
    "GOVPAGES_DEFAULT_ORG_CODE": "000000000",
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])
