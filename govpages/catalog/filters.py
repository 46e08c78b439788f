"""Filtering and sorting of a catalog's items from GET parameters.

Parameters: ``topic`` (id, includes sub-topics), ``genre`` (id), ``year``, ``issuer``
(organisation id), ``validity``, ``sort`` (``-date`` default, ``date``, ``title``, ``-title``) and
``page``. Unknown or malformed values are ignored rather than answered with an error, so old or
hand-edited links still show the catalog.
"""

from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from ..models import DisclosureItemPage, DocumentGenre, Organisation, TopicCategory

SORTS = {
    "-date": (_("Newest first"), ["-publication_date", "-first_published_at", "-pk"]),
    "date": (_("Oldest first"), ["publication_date", "first_published_at", "pk"]),
    "title": (_("Title A–Z"), ["title", "pk"]),
    "-title": (_("Title Z–A"), ["-title", "-pk"]),
}
DEFAULT_SORT = "-date"
FILTER_PARAMS = ["topic", "genre", "year", "issuer", "validity", "sort"]


def _int(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


class CatalogFilter:
    def __init__(self, catalog, params):
        self.catalog = catalog
        self.base = catalog.published_items()
        self.topic = _int(params.get("topic"))
        self.genre = _int(params.get("genre"))
        self.year = _int(params.get("year"))
        self.issuer = _int(params.get("issuer"))
        validity = params.get("validity")
        self.validity = validity if validity in DisclosureItemPage.Validity.values else None
        sort = params.get("sort")
        self.sort = sort if sort in SORTS else DEFAULT_SORT

    @property
    def active(self):
        return {
            name: value
            for name, value in [
                ("topic", self.topic),
                ("genre", self.genre),
                ("year", self.year),
                ("issuer", self.issuer),
                ("validity", self.validity),
            ]
            if value
        }

    def queryset(self):
        items = self.base
        if self.topic:
            items = items.filter(topic_id__in=TopicCategory.descendant_ids(self.topic))
        if self.genre:
            items = items.filter(genre_id=self.genre)
        if self.year:
            items = items.filter(publication_date__year=self.year)
        if self.issuer:
            items = items.filter(issuers__id=self.issuer)
        if self.validity:
            items = items.filter(validity=self.validity)
        return (
            items.select_related("genre", "topic")
            .prefetch_related("issuers")
            .order_by(*SORTS[self.sort][1])
        )

    def querystring(self, **overrides):
        """The current filters (and sort) as a query string, without the page number."""
        params = dict(self.active)
        if self.sort != DEFAULT_SORT:
            params["sort"] = self.sort
        params.update(overrides)
        return urlencode({key: value for key, value in params.items() if value})

    # -- choices for the form ------------------------------------------------------------------

    def topic_choices(self):
        topics = list(TopicCategory.objects.all())
        by_parent = {}
        for topic in topics:
            by_parent.setdefault(topic.parent_id, []).append(topic)
        choices = []

        def walk(parent_id, depth):
            for topic in by_parent.get(parent_id, []):
                choices.append((topic.pk, "\u3000" * depth + topic.name))
                walk(topic.pk, depth + 1)

        walk(None, 0)
        return choices

    def genre_choices(self):
        return list(DocumentGenre.objects.values_list("pk", "name"))

    def issuer_choices(self):
        return list(
            Organisation.objects.filter(items__in=self.base.values("pk"))
            .distinct()
            .order_by("name")
            .values_list("pk", "name")
        )

    def year_choices(self):
        return [day.year for day in self.base.dates("publication_date", "year", order="DESC")]

    def validity_choices(self):
        return DisclosureItemPage.Validity.choices

    def sort_choices(self):
        return [(key, label) for key, (label, _ordering) in SORTS.items()]
