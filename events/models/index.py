"""EventIndexPage (活动): lists, month calendar, filters, RSS and iCal feeds, yearly roll-up."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponse
from django.utils import feedgenerator, timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ..month import build_month, parse_month
from .event import EventPage
from .vocabularies import EventType
from .zone import EventsTimeZoneMixin

PAST_PER_PAGE = 20
FEED_ITEMS = 30


@dataclass
class YearFigures:
    year: int
    events: int = 0
    figures: dict = field(default_factory=dict)

    def add(self, name, value):
        if value is not None:
            self.figures[name] = self.figures.get(name, 0) + value


@dataclass
class EventFilters:
    event_type: EventType | None = None
    organiser_id: int | None = None
    year: int | None = None

    @classmethod
    def from_request(cls, request):
        params = request.GET
        filters = cls()
        slug = params.get("type", "").strip()
        if slug:
            filters.event_type = EventType.objects.filter(slug=slug).first()
        filters.organiser_id = _positive_int(params.get("organiser"))
        year = _positive_int(params.get("year"))
        filters.year = year if year and 1900 <= year <= 2999 else None
        return filters

    @property
    def active(self):
        return bool(self.event_type or self.organiser_id or self.year)

    def apply(self, queryset):
        if self.event_type:
            queryset = queryset.filter(event_type=self.event_type)
        if self.organiser_id:
            queryset = queryset.filter(organiser_id=self.organiser_id)
        return queryset

    def keep(self, page):
        return self.year is None or page.has_instance_in_year(self.year)

    def querystring(self, **extra):
        from django.http import QueryDict

        query = QueryDict(mutable=True)
        if self.event_type:
            query["type"] = self.event_type.slug
        if self.organiser_id:
            query["organiser"] = str(self.organiser_id)
        if self.year:
            query["year"] = str(self.year)
        for key, value in extra.items():
            query[key] = value
        return query.urlencode()


def _positive_int(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


class EventIndexPage(EventsTimeZoneMixin, RoutablePageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True)
    lists_whole_site = models.BooleanField(
        _("list the events of the whole site"),
        default=False,
        help_text=_(
            "For the portal's events page: also list the events and sessions kept in other "
            "event indexes of this site, such as the departments' own."
        ),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("lists_whole_site")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    subpage_types = ["govpages_events.EventPage", "govpages_events.ForumSessionPage"]
    # A listing: the site search shows its events, not the index itself.
    search_content_page = False
    template = "govpages_events/event_index_page.html"

    class Meta:
        verbose_name = _("event index")
        verbose_name_plural = _("event indexes")

    # --- what is shown: live and public only -------------------------------------------------

    def listed_indexes(self):
        """This index, and with ``lists_whole_site`` every live, public event index of its site.

        Departments keep their events in their own subtree, where their staff have the rights;
        the portal's index gathers them through the page tree, never through who made them.
        """
        cached = getattr(self, "_listed_indexes", None)
        if cached is not None:
            return cached
        site = self.get_site() if self.lists_whole_site else None
        indexes = [self]
        if site is not None:
            others = (
                EventIndexPage.objects.live()
                .public()
                .descendant_of(site.root_page, inclusive=True)
                .exclude(pk=self.pk)
                .only("path", "depth")
            )
            indexes.extend(others)
        self._listed_indexes = indexes
        return indexes

    def _in_indexes(self, children_only=False):
        condition = models.Q(pk__in=[])
        for listed in self.listed_indexes():
            if children_only:
                condition |= models.Q(path__startswith=listed.path, depth=listed.depth + 1)
            else:
                condition |= models.Q(path__startswith=listed.path, depth__gt=listed.depth)
        return condition

    def events(self):
        return (
            EventPage.objects.live()
            .public()
            .filter(self._in_indexes())
            .select_related("event_type", "organiser")
            .prefetch_related("occurrences", "materials", "venues")
        )

    def filtered_events(self, filters):
        return [page for page in filters.apply(self.events()) if filters.keep(page)]

    def sessions(self):
        from .forum import ForumSessionPage

        return (
            ForumSessionPage.objects.live()
            .public()
            .filter(self._in_indexes(children_only=True))
            .order_by("-start")
        )

    @staticmethod
    def split_upcoming_past(pages, now):
        upcoming, past = [], []
        for page in pages:
            next_instance = page.next_instance(now)
            if next_instance:
                upcoming.append((next_instance.start, page, next_instance))
                continue
            last = page.last_instance(now)
            if last:
                past.append((last.start, page, last))
        upcoming.sort(key=lambda item: item[0])
        past.sort(key=lambda item: item[0], reverse=True)
        return [item[1:] for item in upcoming], [item[1:] for item in past]

    @staticmethod
    def yearly_rollup(pages):
        years = {}
        for page in pages:
            if page.year is None:
                continue
            figures = years.setdefault(page.year, YearFigures(page.year))
            figures.events += 1
            for name in EventPage.FIGURE_FIELDS:
                figures.add(name, getattr(page, name))
            materials = list(page.materials.all())
            if materials:
                figures.add("materials", sum(material.count for material in materials))
        return [years[year] for year in sorted(years, reverse=True)]

    def filter_choices(self):
        pages = list(self.events())
        type_ids = {page.event_type_id for page in pages if page.event_type_id}
        organisers = {
            page.organiser_id: page.organiser_display for page in pages if page.organiser_id
        }
        return {
            "types": EventType.objects.filter(pk__in=type_ids),
            "organisers": sorted(organisers.items(), key=lambda item: item[1]),
            "years": sorted(set().union(*(page.instance_years() for page in pages)), reverse=True),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        filters = EventFilters.from_request(request)
        pages = self.filtered_events(filters)
        upcoming, past = self.split_upcoming_past(pages, now)
        year, month = parse_month(request.GET.get("month"), timezone.localdate())
        month_view = build_month(year, month, pages, timezone.localdate())
        context.update(
            calendar_links={
                "previous": "?" + filters.querystring(month=month_view.previous),
                "current": "?" + filters.querystring(),
                "next": "?" + filters.querystring(month=month_view.next),
            },
            filters=filters,
            choices=self.filter_choices(),
            upcoming=upcoming,
            past_page=Paginator(past, PAST_PER_PAGE).get_page(request.GET.get("page")),
            month=month_view,
            rollup=self.yearly_rollup(filters.apply(self.events())),
            sessions=self.sessions(),
        )
        return context

    def get_gov_meta(self):
        return [
            ("ColumnName", self.title),
            ("ColumnDescription", self.search_description or self.title),
            ("ColumnKeywords", "政务公开日 政府开放日 活动"),
            ("ColumnType", "活动"),
        ]

    # --- routes ------------------------------------------------------------------------------

    @path("")
    def index_view(self, request):
        return self.render(request)

    @path("feed/", name="rss")
    def rss(self, request):
        filters = EventFilters.from_request(request)
        pages = sorted(
            self.filtered_events(filters),
            key=lambda page: page.last_published_at or page.first_published_at,
            reverse=True,
        )[:FEED_ITEMS]
        feed = feedgenerator.Rss201rev2Feed(
            title=self.title,
            link=self.get_full_url(request),
            description=self.search_description or self.title,
            language="zh-cn",
            # Every URL of the feed on the Site's root URL, never the request's host.
            feed_url=self._feed_url(request),
        )
        for page in pages:
            first = page.first_start
            description = page.plain_description()
            if first:
                description = f"{first:%Y-%m-%d %H:%M} {description}".strip()
            feed.add_item(
                title=page.title,
                link=page.get_full_url(request),
                description=description,
                unique_id=page.get_full_url(request),
                pubdate=page.last_published_at or page.first_published_at,
                categories=[page.event_type.name] if page.event_type else None,
            )
        response = HttpResponse(content_type="application/rss+xml; charset=utf-8")
        feed.write(response, "utf-8")
        return response

    def _feed_url(self, request):
        query = request.META.get("QUERY_STRING", "")
        url = self.get_full_url(request) + self.reverse_subpage("rss")
        return f"{url}?{query}" if query else url

    @path("ical/", name="ical")
    def ical(self, request):
        from ..ical import calendar_for_events, ical_response

        pages = self.filtered_events(EventFilters.from_request(request))
        return ical_response(calendar_for_events(pages, request, name=self.title), self.slug)
