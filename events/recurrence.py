"""Occurrences in time: RFC 5545 recurrence rules, exception dates and instance expansion.

All-day occurrences work on dates (the end date is inclusive, as editors think of it); timed ones
on aware datetimes in the events time zone (Asia/Shanghai by default). An ``Instance`` is one
concrete happening of an occurrence, with ``start``/``end`` as aware local datetimes; for all-day
instances ``end`` is the midnight after the last day.
"""

import datetime
import itertools
import re
from dataclasses import dataclass

from dateutil.rrule import rruleset, rrulestr
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import conf

RRULE_KEYS = {
    "FREQ",
    "UNTIL",
    "COUNT",
    "INTERVAL",
    "BYSECOND",
    "BYMINUTE",
    "BYHOUR",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
}
FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
SUB_DAILY_FREQUENCIES = {"SECONDLY", "MINUTELY", "HOURLY"}
# A BYHOUR/BYMINUTE/BYSECOND list would make several instances a day out of a DAILY rule.
SINGLE_VALUE_PARTS = {"BYHOUR", "BYMINUTE", "BYSECOND"}
# Bounds on a series, so that no page expands more than a few thousand instances: at most one
# instance a day (see above), at most MAX_COUNT of them, none later than MAX_SPAN after the first.
MAX_COUNT = 1000
MAX_SPAN = datetime.timedelta(days=366 * 5)
MAX_INSTANCES = MAX_SPAN.days + 1
EXDATE_SPLIT = re.compile(r"[\s,;，；]*\n[\s,;，；]*|[,;，；]")


@dataclass(frozen=True)
class Instance:
    start: datetime.datetime
    end: datetime.datetime
    all_day: bool
    occurrence: object = None

    @property
    def start_date(self):
        return self.start.date()

    @property
    def last_date(self):
        """The last local day covered (an end at exactly midnight ends the day before)."""
        if self.end <= self.start:
            return self.start.date()
        return (self.end - datetime.timedelta(microseconds=1)).date()

    def covers(self, day):
        return self.start_date <= day <= self.last_date


def local(value):
    return value.astimezone(conf.time_zone())


def midnight(day):
    return datetime.datetime.combine(day, datetime.time(), tzinfo=conf.time_zone())


def _parse_until(value):
    value = value.strip()
    try:
        if re.fullmatch(r"\d{8}", value):
            return datetime.datetime.strptime(value, "%Y%m%d").date()
        if re.fullmatch(r"\d{8}T\d{6}Z", value):
            parsed = datetime.datetime.strptime(value, "%Y%m%dT%H%M%SZ")
            return parsed.replace(tzinfo=datetime.UTC)
        if re.fullmatch(r"\d{8}T\d{6}", value):
            parsed = datetime.datetime.strptime(value, "%Y%m%dT%H%M%S")
            return parsed.replace(tzinfo=conf.time_zone())
    except ValueError:
        pass
    raise ValidationError(_("UNTIL must be a date (YYYYMMDD) or a date-time (YYYYMMDDTHHMMSSZ)."))


def _until_value(until, all_day):
    if all_day:
        day = (
            until
            if isinstance(until, datetime.date) and not isinstance(until, datetime.datetime)
            else local(until).date()
        )
        return day.strftime("%Y%m%d")
    if not isinstance(until, datetime.datetime):
        # A date UNTIL on a timed rule includes the whole of that local day.
        until = datetime.datetime.combine(until, datetime.time(23, 59, 59), conf.time_zone())
    return until.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def normalize_rrule(text, start, all_day, require_instance=True):
    """Validate an RRULE value and return it in canonical form ('' for none).

    Accepts the value with or without the ``RRULE:`` prefix. UNTIL is rewritten to the form
    RFC 5545 requires for the start's value type (DATE for all-day, UTC date-time otherwise).
    Raises ValidationError with a message for editors. With ``require_instance`` the rule must
    also give a date within MAX_SPAN of the start: a rule that never matches (30 February) would
    otherwise make every later expansion scan the calendar up to the year 9999.
    """
    text = (text or "").strip()
    if not text:
        return ""
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts = {}
    for part in text.strip(";").split(";"):
        key, sep, value = part.partition("=")
        key = key.strip().upper()
        if not sep or not value.strip():
            raise ValidationError(_("Each rule part must look like NAME=VALUE."))
        if key not in RRULE_KEYS:
            raise ValidationError(_("Unknown rule part: %(name)s.") % {"name": key})
        if key in parts:
            raise ValidationError(_("Rule part %(name)s is repeated.") % {"name": key})
        parts[key] = value.strip().upper()
    _check_bounds(parts, start, all_day)
    if "UNTIL" in parts:
        parts["UNTIL"] = _until_value(_parse_until(parts["UNTIL"]), all_day)
    rule = ";".join(
        f"{key}={parts[key]}" for key in ["FREQ", *sorted(k for k in parts if k != "FREQ")]
    )
    try:
        parsed = rrulestr(rule, dtstart=_rule_start(start, all_day))
    except (ValueError, TypeError) as error:
        raise ValidationError(_("Invalid recurrence rule: %(error)s") % {"error": error}) from error
    if require_instance:
        first = next(iter(parsed), None)
        if first is None or first > _rule_start(start, all_day) + MAX_SPAN:
            raise ValidationError(_("This rule gives no date within five years of the start."))
    return rule


def _check_bounds(parts, start, all_day):
    if parts.get("FREQ") in SUB_DAILY_FREQUENCIES:
        raise ValidationError(
            _("Events repeat at most daily: use DAILY, WEEKLY, MONTHLY or YEARLY, not %(freq)s.")
            % {"freq": parts["FREQ"]}
        )
    if parts.get("FREQ") not in FREQUENCIES:
        raise ValidationError(_("FREQ is required: DAILY, WEEKLY, MONTHLY, YEARLY ..."))
    for key in SINGLE_VALUE_PARTS & parts.keys():
        if "," in parts[key]:
            raise ValidationError(
                _("%(name)s may have one value only: events repeat at most once a day.")
                % {"name": key}
            )
    if "UNTIL" in parts and "COUNT" in parts:
        raise ValidationError(_("A rule may have UNTIL or COUNT, not both."))
    if "COUNT" in parts and not (parts["COUNT"].isdigit() and 0 < int(parts["COUNT"]) <= MAX_COUNT):
        raise ValidationError(
            _("COUNT must be a whole number from 1 to %(max)d.") % {"max": MAX_COUNT}
        )
    if "UNTIL" in parts and start is not None:
        until = _parse_until(parts["UNTIL"])
        if not isinstance(until, datetime.datetime):
            until = midnight(until)
        if until > local(start) + MAX_SPAN:
            raise ValidationError(_("A series may run for at most five years: UNTIL is too late."))


def parse_exdates(text, all_day):
    """Exception dates, one per line or separated by commas: YYYY-MM-DD or YYYY-MM-DD HH:MM.

    Returns dates and naive local datetimes. Raises ValidationError naming the bad value.
    """
    values = []
    for item in EXDATE_SPLIT.split(text or ""):
        item = item.strip()
        if not item:
            continue
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", item):
                values.append(datetime.date.fromisoformat(item))
            elif not all_day and re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?", item):
                values.append(datetime.datetime.fromisoformat(item.replace("T", " ")))
            else:
                raise ValueError
        except ValueError:
            raise ValidationError(
                _("Not a valid exception date: %(value)s (use YYYY-MM-DD or YYYY-MM-DD HH:MM).")
                % {"value": item}
            ) from None
    return values


def _rule_start(start, all_day):
    """dtstart for dateutil: naive midnight for all-day rules, aware local time otherwise."""
    if all_day:
        return datetime.datetime.combine(local(start).date(), datetime.time())
    return local(start)


def occurrence_bounds(start, end, all_day):
    """(start, end) of the first instance as aware local datetimes."""
    start = local(start)
    end = local(end) if end else start
    if all_day:
        return midnight(start.date()), midnight(max(end.date(), start.date())) + datetime.timedelta(
            days=1
        )
    return start, max(end, start)


def expand(
    start,
    end,
    all_day,
    rrule="",
    exdates="",
    window_start=None,
    window_end=None,
    occ=None,
    limit=None,
):
    """Instances overlapping [window_start, window_end), in start order, at most ``limit``.

    Without a window, a non-recurring occurrence gives its one instance and a recurring one all
    instances up to MAX_INSTANCES. Expansion is lazy: asking for one instance costs one step.
    """
    first_start, first_end = occurrence_bounds(start, end, all_day)
    duration = first_end - first_start

    def overlaps(instance_start):
        if window_end is not None and instance_start >= window_end:
            return False
        return (
            window_start is None
            or instance_start + duration > window_start
            or (duration == datetime.timedelta(0) and instance_start >= window_start)
        )

    if rrule:
        starts = _recurring_starts(
            start, all_day, rrule, exdates, duration, window_start, window_end
        )
    else:
        starts = [first_start]
    overlapping = (s for s in starts if overlaps(s))
    return [
        Instance(s, s + duration, all_day, occ)
        for s in itertools.islice(overlapping, min(limit or MAX_INSTANCES, MAX_INSTANCES))
    ]


def _recurring_starts(start, all_day, rrule, exdates, duration, window_start, window_end):
    """Instance starts, lazily: stops at the window's end, the span or the instance cap."""
    dtstart = _rule_start(start, all_day)
    rules = rruleset()
    rule = normalize_rrule(rrule, start, all_day, require_instance=False)
    rules.rrule(rrulestr(rule, dtstart=dtstart))
    excluded_days = set()
    for value in parse_exdates(exdates, all_day):
        if isinstance(value, datetime.datetime):
            rules.exdate(value.replace(tzinfo=conf.time_zone()))
        elif all_day:
            rules.exdate(datetime.datetime.combine(value, datetime.time()))
        else:
            excluded_days.add(value)
    last = dtstart + MAX_SPAN
    if window_end is not None:
        last = min(last, window_end.replace(tzinfo=None) if all_day else window_end)
    if window_start is not None:
        lo = window_start - duration - datetime.timedelta(days=1)
        values = rules.xafter(lo.replace(tzinfo=None) if all_day else lo, inc=True)
    else:
        values = iter(rules)
    for value in itertools.islice(itertools.takewhile(lambda v: v < last, values), MAX_INSTANCES):
        instance_start = midnight(value.date()) if all_day else local(value)
        if instance_start.date() not in excluded_days:
            yield instance_start
