"""The test site's page meta tags: the page's own ``get_gov_meta()`` pairs in <meta> tags.

With govpages installed they are govpages' tags (site identity included), as on the portal;
without it the pairs are written as they come, as a site without govpages would.
"""

import datetime

from django import template
from django.apps import apps
from django.utils import timezone

register = template.Library()


def plain_text(value):
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    return str(value or "")


@register.inclusion_tag("govpages_testapp/meta_tags.html", takes_context=True)
def page_meta_tags(context, page=None):
    if apps.is_installed("govpages"):
        from govpages.templatetags.govpages_tags import gov_meta_tags

        return gov_meta_tags(context, page)
    get_page_meta = getattr(page, "get_gov_meta", None)
    pairs = get_page_meta() if callable(get_page_meta) else []
    return {"tags": [(name, plain_text(value)) for name, value in pairs if plain_text(value)]}
