"""Atom feed of a catalog's latest live, public items (served at ``<catalog url>feed/``)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from ..meta import format_description

FEED_LENGTH = 30


class CatalogFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, catalog):
        super().__init__()
        self.catalog = catalog

    def get_object(self, request, *args, **kwargs):
        self.request = request
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
            .order_by("-first_published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return format_description(item.description_text())

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        return item.index_number or item.full_url

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        if item.publication_date:
            midnight = datetime.datetime.combine(item.publication_date, datetime.time())
            return timezone.make_aware(midnight)
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.issuer_display or None

    def item_categories(self, item):
        return [item.genre.name] if item.genre_id else []
