from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag
def search_query(params, **changes):
    """`?q=...` for a link to the search page with some parameters changed ("" removes one)."""
    query = params.as_query(**changes)
    return "?" + urlencode(query) if query else "?"


@register.simple_tag
def facet_query(params, key, value):
    """Link parameters selecting one facet value ("" clears the facet)."""
    return search_query(params, **{key: value})


@register.simple_tag
def page_window(outcome, around=2):
    """Page numbers to link to, with None where a gap is shown."""
    last, current = outcome.num_pages, outcome.params.page
    shown = sorted(
        {1, last} | set(range(max(1, current - around), min(last, current + around) + 1))
    )
    window, previous = [], 0
    for number in shown:
        if number - previous > 1:
            window.append(None)
        window.append(number)
        previous = number
    return window
