"""What the govpages commands share (a leading underscore: not a command itself)."""

from wagtail.models import Site

from ...catalog.transfer.records import RecordError
from ...models import DisclosureCatalogPage


def find_page(model, value):
    """The ``model`` page with this id or URL path, specific, or None when there is none.

    A path is the page's URL path on its site (``/czj/xxgk/``; the default site's first) or
    Wagtail's full ``url_path`` (``/home/czj/xxgk/``).
    """
    value = str(value).strip()
    if value.isdigit():
        page = model.objects.filter(pk=int(value)).first()
        return page.specific if page else None
    relative = value.strip("/")
    wanted = f"/{relative}/" if relative else "/"
    sites = Site.objects.select_related("root_page").order_by("-is_default_site", "pk")
    paths = [site.root_page.url_path + wanted[1:] for site in sites] + [wanted]
    pages = {page.url_path: page for page in model.objects.filter(url_path__in=paths)}
    page = next((pages[path] for path in paths if path in pages), None)
    return page.specific if page else None


def resolve_catalog(value):
    """A catalog by id or by URL path (as seen on its site, or Wagtail's full url_path)."""
    catalog = find_page(DisclosureCatalogPage, value)
    if catalog is None:
        raise RecordError(f"unknown catalog {str(value).strip()!r} (give a page id or URL path)")
    return catalog
