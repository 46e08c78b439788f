from django import template
from django.utils.translation import gettext as _

from ..recurrence import local

register = template.Library()

WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"]


@register.filter
def event_time(instance):
    """An instance as text: dates for all-day events, else dates and times (YYYY-MM-DD HH:MM)."""
    if instance is None:
        return ""
    if instance.all_day:
        first, last = instance.start_date, instance.last_date
        if first == last:
            return f"{first:%Y-%m-%d}" + _(" (all day)")
        return f"{first:%Y-%m-%d} — {last:%Y-%m-%d}"
    start, end = local(instance.start), local(instance.end)
    if end == start:
        return f"{start:%Y-%m-%d %H:%M}"
    if end.date() == start.date():
        return f"{start:%Y-%m-%d %H:%M}—{end:%H:%M}"
    return f"{start:%Y-%m-%d %H:%M} — {end:%Y-%m-%d %H:%M}"


@register.filter
def local_time(value):
    return f"{local(value):%Y-%m-%d %H:%M}" if value else ""


@register.simple_tag
def weekday_names():
    return WEEKDAYS


@register.filter
def percent(value):
    if value is None:
        return ""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


@register.filter
def figure(figures, name):
    return figures.get(name)
