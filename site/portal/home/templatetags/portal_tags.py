from django import template
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from govpages.column import column_page, visible_pages
from govpages.models import GovSiteSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """Top-level pages marked "show in menus", under the current site's root."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    menu = list(site.root_page.get_children().live().public().in_menu())
    column = column_page(request)
    if column is None:
        return menu
    # The 政府信息公开 column comes first, as on every Chinese government portal.
    return [column] + [page for page in menu if page.pk != column.pk]


@register.simple_tag(takes_context=True)
def footer_links(context):
    """[(label, url)] of the site map and contact pages chosen in the site settings, when live."""
    request = context.get("request")
    if request is None:
        return []
    gov = GovSiteSettings.for_request(request)
    slots = [(_("Site map"), gov.sitemap_page_id), (_("Contact us"), gov.contact_page_id)]
    pages = visible_pages(page_id for _label, page_id in slots)
    return [
        (label, pages[page_id].get_url(request=request))
        for label, page_id in slots
        if page_id in pages
    ]


@register.simple_tag
def sitemap_tree(root, max_depth=3):
    """Nested [(page, children)] of the live, public pages under root marked "show in menus"
    (Wagtail's own switch for generated navigation), and the sections right under root that
    hold pages, so that documents and events stay in their listings."""
    pages = (
        Page.objects.descendant_of(root)
        .live()
        .public()
        .filter(depth__lte=root.depth + max_depth)
        .filter(Q(depth=root.depth + 1, numchild__gt=0) | Q(show_in_menus=True))
        .order_by("path")
    )
    nodes = {root.path: []}
    for page in pages:
        parent = nodes.get(page.path[: -Page.steplen])
        if parent is not None:
            children = []
            parent.append((page, children))
            nodes[page.path] = children
    return nodes[root.path]


@register.simple_tag
def breadcrumb_trail(page):
    """Ancestors from the site root down to (not including) the page."""
    if page is None or not getattr(page, "pk", None):
        return []
    return page.get_ancestors().filter(depth__gt=1)
