from django import template

from ..meta import format_tags
from ..models import GovSiteSettings

register = template.Library()


def site_meta(request):
    site_settings = GovSiteSettings.for_request(request)
    site = site_settings.site
    return [
        ("SiteName", site.site_name or site.hostname),
        ("SiteDomain", site_settings.site_domain or site.hostname),
        ("SiteIDCode", site_settings.site_id_code),
    ]


@register.inclusion_tag("govpages/tags/gov_meta.html", takes_context=True)
def gov_meta_tags(context, page=None):
    """Site-level meta tags, then the page's own column or article tags (see govpages.meta)."""
    request = context.get("request")
    tags = site_meta(request) if request is not None else []
    get_page_meta = getattr(page, "get_gov_meta", None)
    if callable(get_page_meta):
        tags += get_page_meta()
    return {"tags": format_tags(tags)}


@register.inclusion_tag("govpages/includes/disclosure_column.html", takes_context=True)
def disclosure_column(context, department=None, heading_level=2):
    """The 政府信息公开 column: the portal's entries, or a department's own (its guide, catalog
    and interpretations) when a department page is given."""
    from ..column import department_entries, site_entries

    request = context.get("request")
    if department is not None:
        entries = department_entries(department, request)
    else:
        entries = site_entries(request)
    return {"entries": entries, "department": department, "heading_level": heading_level}
