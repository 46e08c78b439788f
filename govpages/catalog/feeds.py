"""Atom feed of a catalog's latest live, public items (served at ``<catalog url>feed/``).

Entries are ordered by 发布日期, the date a document was issued, so that documents imported in
bulk take their place by date rather than by the day of the import. Each entry's ``<id>`` is a
``tag:`` URI (RFC 4151) built from the site's host and the 索引号, which never changes, and each
has an ``<author>`` (RFC 4287 requires one): the 发布机构, else the department, else the site.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from wagtail.models import Site

from ..meta import format_description
from ..models import owning_department

FEED_LENGTH = 30


class CatalogFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, catalog):
        super().__init__()
        self.catalog = catalog

    def get_object(self, request, *args, **kwargs):
        self.request = request
        self.site = Site.find_for_request(request)
        return self.catalog

    def title(self, catalog):
        return catalog.title

    def link(self, catalog):
        return catalog.get_url(self.request)

    def subtitle(self, catalog):
        return catalog.search_description or catalog.title

    def items(self, catalog):
        return (
            catalog.published_items()
            .select_related("genre")
            .prefetch_related("issuers")
            .order_by(F("publication_date").desc(nulls_last=True), "-first_published_at", "-pk")[
                :FEED_LENGTH
            ]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return format_description(item.description_text())

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        host = self.site.hostname if self.site else "localhost"
        issued = (
            timezone.localdate(item.first_published_at)
            if item.first_published_at
            else item.publication_date or datetime.date(2000, 1, 1)
        )
        name = item.index_number or f"page/{item.pk}"
        return f"tag:{host},{issued:%Y-%m-%d}:{name}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        if item.publication_date:
            midnight = datetime.datetime.combine(item.publication_date, datetime.time())
            return timezone.make_aware(midnight)
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        if item.issuer_display:
            return item.issuer_display
        department = owning_department(item)
        if department:
            return department.display_name
        return (self.site.site_name if self.site else "") or self.catalog.title

    def item_categories(self, item):
        return [item.genre.name] if item.genre_id else []
