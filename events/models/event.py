"""EventPage: one 政务公开日 / 政府开放日 / 新闻发布会 ... activity, before, during and after."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .. import recurrence
from ..forms import EventPageForm
from ..uids import copied_ical_uid, new_ical_uid
from .zone import EventsTimeZoneMixin

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]
RECURRING_LISTED = 12


class EventOccurrence(Orderable):
    """One span of time of an event, possibly repeating (RFC 5545 RRULE with EXDATEs)."""

    page = ParentalKey(
        "govpages_events.EventPage", on_delete=models.CASCADE, related_name="occurrences"
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(
        _("end"), null=True, blank=True, help_text=_("For all-day events, the last day.")
    )
    all_day = models.BooleanField(_("all day"), default=False)
    rrule = models.CharField(
        _("recurrence rule"),
        max_length=255,
        blank=True,
        help_text=_("Optional RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=SA;COUNT=4"),
    )
    exdates = models.TextField(
        _("exception dates"),
        blank=True,
        help_text=_("Dates left out of the rule, one per line: YYYY-MM-DD or YYYY-MM-DD HH:MM"),
    )
    uid = models.CharField(
        _("iCalendar UID"), max_length=255, default=new_ical_uid, editable=False, db_index=True
    )
    # An instance of a repeating occurrence (same UID, same page) moved to this time: what
    # calendar programs write as a VEVENT with RECURRENCE-ID. The series leaves that instance
    # out with an exception date; the export writes it back as RECURRENCE-ID.
    recurrence_id = models.DateTimeField(
        _("replaces the series instance of"), null=True, blank=True, editable=False
    )

    panels = [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end"), FieldPanel("all_day")]),
        FieldPanel("rrule"),
        FieldPanel("exdates"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")

    def __str__(self):
        return f"{recurrence.local(self.start):%Y-%m-%d %H:%M}"

    def clean(self):
        super().clean()
        if self.start is None:
            return
        if self.end is not None:
            if self.all_day:
                before = recurrence.local(self.end).date() < recurrence.local(self.start).date()
            else:
                before = self.end < self.start
            if before:
                raise ValidationError({"end": _("The end is before the start.")})
        errors = {}
        try:
            self.rrule = recurrence.normalize_rrule(self.rrule, self.start, self.all_day)
        except ValidationError as error:
            errors["rrule"] = error.messages
        try:
            recurrence.parse_exdates(self.exdates, self.all_day)
        except ValidationError as error:
            errors["exdates"] = error.messages
        if self.exdates.strip() and not self.rrule and "rrule" not in errors:
            errors["exdates"] = [_("Exception dates need a recurrence rule.")]
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if EventOccurrence.objects.filter(uid=self.uid).exclude(page_id=self.page_id).exists():
            # A copied page carries its original's UIDs: a UID names one event, never two.
            self.uid = copied_ical_uid(self.uid, self.page_id)
        if self.rrule and self.start:
            try:
                self.rrule = recurrence.normalize_rrule(
                    self.rrule, self.start, self.all_day, require_instance=False
                )
            except ValidationError:
                pass  # form validation reports it; never lose what the editor typed
        super().save(*args, **kwargs)

    def instances(self, window_start=None, window_end=None, limit=None):
        return recurrence.expand(
            self.start,
            self.end,
            self.all_day,
            self.rrule,
            self.exdates,
            window_start,
            window_end,
            occ=self,
            limit=limit,
        )


class EventVenue(Orderable):
    page = ParentalKey("govpages_events.EventPage", on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(_("venue"), max_length=200)
    address = models.CharField(_("address"), max_length=255, blank=True)

    panels = [FieldPanel("name"), FieldPanel("address")]

    class Meta(Orderable.Meta):
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self):
        return f"{self.name}（{self.address}）" if self.address else self.name


class EventOnlineChannel(Orderable):
    page = ParentalKey(
        "govpages_events.EventPage", on_delete=models.CASCADE, related_name="online_channels"
    )
    platform = models.CharField(
        _("platform"), max_length=100, help_text=_("e.g. the portal, a live stream")
    )
    url = models.URLField(_("link"), blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    panels = [FieldPanel("platform"), FieldPanel("url"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("online channel")
        verbose_name_plural = _("online channels")


class EventParticipant(Orderable):
    """A participating organisation: any page (a department page, a content page ...)."""

    page = ParentalKey(
        "govpages_events.EventPage", on_delete=models.CASCADE, related_name="participants"
    )
    organisation = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )

    panels = [PageChooserPanel("organisation")]

    class Meta(Orderable.Meta):
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")


class EventMaterial(Orderable):
    """宣传资料 handed out, by type, with the number of copies."""

    page = ParentalKey(
        "govpages_events.EventPage", on_delete=models.CASCADE, related_name="materials"
    )
    kind = models.CharField(_("material type"), max_length=100)
    count = models.PositiveIntegerField(_("copies"))

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("count")])]

    class Meta(Orderable.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")


class EventPhoto(Orderable):
    page = ParentalKey("govpages_events.EventPage", on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    caption = models.CharField(
        _("caption"), max_length=255, help_text=_("Also the text alternative of the photo.")
    )

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")


class EventPage(EventsTimeZoneMixin, RoutablePageMixin, Page):
    REGISTRATION_NONE = "none"
    REGISTRATION_REQUIRED = "required"
    REGISTRATION_CHOICES = [
        (REGISTRATION_NONE, _("no registration needed")),
        (REGISTRATION_REQUIRED, _("registration required")),
    ]

    event_type = models.ForeignKey(
        "govpages_events.EventType",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("event type"),
    )
    edition = models.PositiveSmallIntegerField(
        _("edition"), null=True, blank=True, help_text=_("The n-th time the event is held.")
    )
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    organiser = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organiser"),
        help_text=_("The hosting or leading organisation's page."),
    )
    organiser_name = models.CharField(
        _("organiser name"),
        max_length=200,
        blank=True,
        help_text=_("Shown when the organiser has no page on this site."),
    )
    announcement = RichTextField(_("announcement"), blank=True)
    notes = RichTextField(_("notes for participants"), blank=True)
    registration = models.CharField(
        _("participation"), max_length=10, choices=REGISTRATION_CHOICES, default=REGISTRATION_NONE
    )
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    registration_details = models.TextField(
        _("how to register"), blank=True, help_text=_("Telephone, link or place.")
    )

    summary = RichTextField(_("summary"), blank=True)
    activity_forms = ParentalManyToManyField(
        "govpages_events.ActivityForm", blank=True, verbose_name=_("activity forms")
    )
    staff_count = models.PositiveIntegerField(_("staff"), null=True, blank=True)
    consultation_desks = models.PositiveIntegerField(_("consultation desks"), null=True, blank=True)
    display_boards = models.PositiveIntegerField(_("display boards"), null=True, blank=True)
    people_received = models.PositiveIntegerField(_("people received"), null=True, blank=True)
    questions_answered = models.PositiveIntegerField(_("questions answered"), null=True, blank=True)
    onsite_answer_rate = models.DecimalField(
        _("on-the-spot answer rate (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    satisfaction = models.DecimalField(
        _("satisfaction (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    issue_areas = models.TextField(_("issue areas"), blank=True, help_text=_("One per line."))
    highlights = RichTextField(_("highlights"), blank=True)
    improvements = RichTextField(
        _("suggestions and follow-up"),
        blank=True,
        help_text=_("Opinions received and what was done."),
    )

    FIGURE_FIELDS = [
        "staff_count",
        "consultation_desks",
        "display_boards",
        "people_received",
        "questions_answered",
    ]

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("event_type"),
                FieldRowPanel([FieldPanel("edition"), FieldPanel("theme")]),
                PageChooserPanel("organiser"),
                FieldPanel("organiser_name"),
            ],
            heading=_("Event"),
        ),
        InlinePanel("occurrences", min_num=1, label=_("Occurrences")),
        InlinePanel("venues", label=_("Venues")),
        InlinePanel("online_channels", label=_("Online part")),
        InlinePanel("participants", label=_("Participating organisations")),
    ]
    announcement_panels = [
        FieldPanel("announcement"),
        MultiFieldPanel(
            [
                FieldPanel("registration"),
                FieldRowPanel([FieldPanel("registration_deadline"), FieldPanel("capacity")]),
                FieldPanel("registration_details"),
            ],
            heading=_("How to take part"),
        ),
        FieldPanel("notes"),
    ]
    summary_panels = [
        FieldPanel("summary"),
        FieldPanel("activity_forms", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("staff_count"),
                        FieldPanel("consultation_desks"),
                        FieldPanel("display_boards"),
                    ]
                ),
                FieldRowPanel([FieldPanel("people_received"), FieldPanel("questions_answered")]),
                FieldRowPanel([FieldPanel("onsite_answer_rate"), FieldPanel("satisfaction")]),
            ],
            heading=_("Figures"),
        ),
        InlinePanel("materials", label=_("Materials handed out")),
        FieldPanel("issue_areas"),
        FieldPanel("highlights"),
        FieldPanel("improvements"),
        InlinePanel("photos", label=_("Photos")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Event")),
            ObjectList(announcement_panels, heading=_("Announcement")),
            ObjectList(summary_panels, heading=_("Summary")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("theme", boost=2),
        index.SearchField("announcement"),
        index.SearchField("summary"),
        index.SearchField("highlights"),
        index.SearchField("issue_areas"),
        index.SearchField("organiser_name"),
        index.AutocompleteField("theme"),
        index.FilterField("event_type"),
        index.RelatedFields("venues", [index.SearchField("name"), index.SearchField("address")]),
    ]

    parent_page_types = ["govpages_events.EventIndexPage"]
    subpage_types = ["govpages_events.ForumSessionPage"]
    template = "govpages_events/event_page.html"
    base_form_class = EventPageForm

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    # --- time --------------------------------------------------------------------------------

    def instances(self, window_start=None, window_end=None):
        found = []
        for occurrence in self.occurrences.all():
            found.extend(occurrence.instances(window_start, window_end))
        return sorted(found, key=lambda instance: instance.start)

    def next_instance(self, now=None):
        """The next instance not yet over (it may be under way), or None."""
        now = now or timezone.now()
        upcoming = [
            instance
            for occurrence in self.occurrences.all()
            for instance in occurrence.instances(now, limit=1)
        ]
        return min(upcoming, key=lambda instance: instance.start, default=None)

    def last_instance(self, now=None):
        """The latest instance that has started, or None."""
        now = now or timezone.now()
        started = [
            instance
            for occurrence in self.occurrences.all()
            for instance in occurrence.instances(recurrence.local(occurrence.start), now)
            if instance.start <= now
        ]
        return max(started, key=lambda instance: instance.start, default=None)

    @property
    def first_start(self):
        starts = [recurrence.local(o.start) for o in self.occurrences.all() if o.start]
        return min(starts, default=None)

    @property
    def year(self):
        start = self.first_start
        return start.year if start else None

    def has_instance_in_year(self, year):
        """True if any instance of the event takes place (at least in part) in ``year``."""
        start, end = (
            recurrence.midnight(datetime.date(year, 1, 1)),
            recurrence.midnight(datetime.date(year + 1, 1, 1)),
        )
        return any(o.instances(start, end, limit=1) for o in self.occurrences.all())

    def instance_years(self):
        return {i.start.year for o in self.occurrences.all() for i in o.instances()}

    def get_search_date(self):
        """Search shows and sorts events by when they take place, not when they were posted."""
        return self.first_start or self.first_published_at

    @property
    def feed_date(self):
        instance = self.next_instance()
        return instance.start if instance else self.first_start

    # --- display -----------------------------------------------------------------------------

    @property
    def organiser_display(self):
        if self.organiser_id and self.organiser:
            return getattr(self.organiser.specific, "display_name", self.organiser.title)
        return self.organiser_name

    @property
    def issue_area_list(self):
        return [line.strip() for line in self.issue_areas.splitlines() if line.strip()]

    @property
    def materials_total(self):
        return sum(material.count for material in self.materials.all())

    @property
    def has_summary(self):
        return bool(
            self.summary
            or any(getattr(self, name) is not None for name in self.FIGURE_FIELDS)
            or self.materials.exists()
        )

    def plain_description(self):
        text = self.search_description or self.theme or strip_tags(self.announcement)
        return " ".join(text.split())[:500]

    def sessions(self):
        from .forum import ForumSessionPage

        return ForumSessionPage.objects.child_of(self).live().public().order_by("start")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        # Recurring events list their next dates (or, once over, the last year's); others list
        # every instance.
        if any(o.rrule for o in self.occurrences.all()):
            year = datetime.timedelta(days=366)
            instances = self.instances(now, now + year) or self.instances(now - year, now)
            context["occurrence_instances"] = instances[:RECURRING_LISTED]
        else:
            context["occurrence_instances"] = self.instances()
        context["sessions"] = self.sessions()
        return context

    def get_gov_meta(self):
        parent = self.get_parent()
        published = self.first_published_at or self.last_published_at
        return [
            ("ColumnName", parent.title if parent else ""),
            ("ArticleTitle", self.title),
            ("PubDate", published),
            ("ContentSource", self.organiser_display),
            ("Keywords", " ".join(filter(None, [str(self.event_type or ""), self.theme]))),
            ("Description", self.search_description or self.theme or self.announcement),
            ("Url", self.full_url or ""),
        ]

    # --- routes ------------------------------------------------------------------------------

    @path("")
    def event_detail(self, request):
        return self.render(request)

    @path("ical/", name="ical")
    def ical(self, request):
        from ..ical import calendar_for_events, ical_response

        return ical_response(calendar_for_events([self], request, name=self.title), self.slug)

    def copy(self, *args, **kwargs):
        page_copy = super().copy(*args, **kwargs)
        sync_copied_revision_uids(page_copy)
        return page_copy


def sync_copied_revision_uids(page):
    """Give a copied page's revisions the fresh UIDs of its occurrences, so that publishing a
    copied revision does not bring back the original event's UIDs."""
    current = dict(EventOccurrence.objects.filter(page=page).values_list("pk", "uid"))
    for revision in page.revisions.all():
        content = revision.content
        changed = False
        for child in content.get("occurrences", []):
            uid = current.get(child.get("pk")) or new_ical_uid()
            if child.get("uid") != uid:
                child["uid"] = uid
                changed = True
        if changed:
            revision.content = content
            revision.save(update_fields=["content"])
