"""The entries of the 政府信息公开 column, for the navigation, the home page and department pages.

Entries come from the site's DisclosureColumnSettings (pages chosen by the administrator) and from
the page tree (each department's catalogs). An entry whose page is unset, deleted, unpublished or
private is left out, so the column never links to a page a citizen cannot open.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .models import DepartmentPage, DisclosureCatalogPage, DisclosureColumnSettings

# (settings field, label, description) in the order citizens expect them.
ENTRIES = [
    ("guide_page", _("Information disclosure guide"), _("What is disclosed, where and how")),
    ("rules_page", _("Disclosure rules"), _("Regulations and working rules")),
    (
        "statutory_page",
        _("Statutory proactive disclosure"),
        _("What the regulations require to be published"),
    ),
    ("catalog_page", _("Disclosure catalog"), _("Documents by department, topic and year")),
    ("annual_report_page", _("Annual disclosure reports"), _("Yearly work reports")),
    ("application_page", _("Disclosure on application"), _("Ask for information not published")),
    ("interpretations_page", _("Policy interpretations"), _("Policies explained")),
]
INTERPRETATION_TYPE = "govpages.policyinterpretationpage"


@dataclass
class ColumnEntry:
    key: str
    label: str
    url: str
    description: str = ""
    children: list = field(default_factory=list)


def visible_pages(page_ids):
    """{id: page} of the given pages that are live and public (unknown ids are dropped)."""
    ids = [page_id for page_id in page_ids if page_id]
    return {page.pk: page for page in Page.objects.filter(pk__in=ids).live().public()}


def interpretation_search_url(department=None):
    """The site search filtered to policy interpretations, when the search app is installed."""
    try:
        base = reverse("govpages_search:search")
    except NoReverseMatch:
        return ""
    query = {"type": INTERPRETATION_TYPE}
    if department is not None:
        query["department"] = department.title
    return f"{base}?{urlencode(query)}"


def department_catalogs(request, root=None):
    """(department, catalog) for every live, public catalog inside a department."""
    if root is not None:
        departments = [root]
    else:
        departments = list(DepartmentPage.objects.live().public().order_by("path"))
    catalogs = list(DisclosureCatalogPage.objects.live().public().order_by("path"))
    return [
        (department, catalog)
        for department in departments
        for catalog in catalogs
        if catalog.path.startswith(department.path)
    ]


def column_settings(request):
    return DisclosureColumnSettings.for_request(request) if request is not None else None


def column_page(request):
    """The live column page the main navigation opens, or None."""
    settings = column_settings(request)
    if settings is None or not settings.column_page_id:
        return None
    return visible_pages([settings.column_page_id]).get(settings.column_page_id)


def site_entries(request):
    """The column's entries for the whole portal."""
    settings = column_settings(request)
    if settings is None:
        return []
    pages = visible_pages(getattr(settings, f"{name}_id") for name, _l, _d in ENTRIES)
    entries = []
    for name, label, description in ENTRIES:
        page = pages.get(getattr(settings, f"{name}_id"))
        url = page.get_url(request=request) if page is not None else ""
        if not url and name == "interpretations_page":
            url = interpretation_search_url()
        if name == "catalog_page":
            children = [
                ColumnEntry(f"catalog-{catalog.pk}", department.title, catalog.get_url(request))
                for department, catalog in department_catalogs(request)
            ]
            if url or children:
                entries.append(ColumnEntry(name, label, url, description, children))
            continue
        if url:
            entries.append(ColumnEntry(name, label, url, description))
    if not any(pages.values()) and not settings.column_page_id:
        return []  # nothing chosen yet: no column made only of the search fallback
    return entries


def department_entries(department, request):
    """The column on a department's page: its own guide, catalogs and interpretations, and the
    portal's rules, statutory content, reports and application page."""
    entries = []
    for entry in site_entries(request):
        if entry.key == "guide_page":
            if department.disclosure_guide:
                entry = ColumnEntry(entry.key, entry.label, "#guide-heading", entry.description)
        elif entry.key == "catalog_page":
            catalogs = department_catalogs(request, root=department)
            if not catalogs:
                continue
            own = catalogs[0][1].get_url(request)
            entry = ColumnEntry(entry.key, entry.label, own, entry.description)
        elif entry.key == "interpretations_page":
            url = interpretation_search_url(department)
            if not url:
                continue
            entry = ColumnEntry(entry.key, entry.label, url, entry.description)
        entries.append(entry)
    if department.disclosure_guide and not any(e.key == "guide_page" for e in entries):
        label, description = ENTRIES[0][1], ENTRIES[0][2]
        entries.insert(0, ColumnEntry("guide_page", label, "#guide-heading", description))
    return entries
