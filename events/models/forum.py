"""ForumSessionPage (论坛 / 在线访谈 / 新闻发布会) and its questions and answers."""

from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .zone import EventsTimeZoneMixin, in_events_time_zone


class PanelMember(Orderable):
    page = ParentalKey(
        "govpages_events.ForumSessionPage", on_delete=models.CASCADE, related_name="panel"
    )
    name = models.CharField(_("name"), max_length=50)
    post = models.CharField(_("post"), max_length=100, blank=True)
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("post"), FieldPanel("organisation")])]

    class Meta(Orderable.Meta):
        verbose_name = _("panel member")
        verbose_name_plural = _("panel")


class ForumSessionPage(EventsTimeZoneMixin, Page):
    FORUM = "forum"
    INTERVIEW = "interview"
    PRESS_CONFERENCE = "press"
    KIND_CHOICES = [
        (FORUM, _("forum")),
        (INTERVIEW, _("online interview")),
        (PRESS_CONFERENCE, _("press conference")),
    ]

    kind = models.CharField(_("kind"), max_length=12, choices=KIND_CHOICES, default=FORUM)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    host = models.CharField(
        _("host"), max_length=200, blank=True, help_text=_("The hosting organisation.")
    )
    moderator = models.CharField(_("moderator"), max_length=100, blank=True)
    citizen_representatives = models.PositiveIntegerField(
        _("citizen representatives"), null=True, blank=True
    )
    media_count = models.PositiveIntegerField(_("media present"), null=True, blank=True)
    introduction = RichTextField(_("introduction"), blank=True)
    agenda = RichTextField(_("agenda"), blank=True)
    transcript = RichTextField(_("transcript"), blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    accepts_questions = models.BooleanField(_("accept questions from the public"), default=True)
    questions_close_at = models.DateTimeField(
        _("questions close"),
        null=True,
        blank=True,
        help_text=_(
            "From this time on the question form is closed. Leave empty to take questions for "
            "as long as questions are accepted."
        ),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("host"), FieldPanel("moderator")]),
                FieldRowPanel([FieldPanel("citizen_representatives"), FieldPanel("media_count")]),
            ],
            heading=_("Session"),
        ),
        InlinePanel("panel", label=_("Panel")),
        FieldPanel("introduction"),
        FieldPanel("agenda"),
        FieldPanel("transcript"),
        FieldPanel("video_url"),
        FieldRowPanel([FieldPanel("accepts_questions"), FieldPanel("questions_close_at")]),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("transcript"),
        index.SearchField("host"),
        index.RelatedFields("panel", [index.SearchField("name"), index.SearchField("post")]),
        index.AutocompleteField("title"),
    ]

    parent_page_types = ["govpages_events.EventIndexPage", "govpages_events.EventPage"]
    subpage_types = []
    template = "govpages_events/forum_session_page.html"

    class Meta:
        verbose_name = _("forum session")
        verbose_name_plural = _("forum sessions")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end is before the start.")})

    @property
    def feed_date(self):
        return self.start

    def get_search_date(self):
        return self.start

    def published_questions(self):
        return self.questions.filter(published=True)

    def takes_questions(self, now=None):
        if not self.accepts_questions:
            return False
        return self.questions_close_at is None or (now or timezone.now()) < self.questions_close_at

    @in_events_time_zone
    def serve(self, request, *args, **kwargs):
        from ..submissions import handle_question_post

        if request.method != "POST":
            return Page.serve(self, request, *args, **kwargs)
        result = handle_question_post(self, request)
        if result.saved:
            return redirect(self.url + "?submitted=1#ask")
        context = self.get_context(request, *args, **kwargs)
        context.update(question_form=result.form, rate_limited=result.rate_limited)
        return TemplateResponse(request, self.get_template(request), context, status=result.status)

    def get_context(self, request, *args, **kwargs):
        from ..deadlines import question_deadline
        from ..forms import QuestionSubmissionForm

        context = super().get_context(request, *args, **kwargs)
        context.setdefault("question_form", QuestionSubmissionForm())
        questions = list(self.published_questions())
        for question in questions:
            question.deadline = question_deadline(question, request)
        context["questions"] = questions
        context["takes_questions"] = self.takes_questions()
        context["submitted"] = request.GET.get("submitted") == "1"
        return context

    def get_gov_meta(self):
        parent = self.get_parent()
        published = self.first_published_at or self.last_published_at
        return [
            ("ColumnName", parent.title if parent else ""),
            ("ArticleTitle", self.title),
            ("PubDate", published),
            ("ContentSource", self.host),
            ("Keywords", str(self.get_kind_display())),
            ("Description", self.search_description or self.introduction),
            ("Url", self.full_url or ""),
        ]


class QuestionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(answer="")

    def answered(self):
        return self.exclude(answer="")

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.pending().filter(due_date__lt=today)

    def recompute_open_due_dates(self, today=None):
        """After a calendar change: new due dates for questions still awaiting an answer whose
        date was computed, not entered by hand. Returns how many changed."""
        from govpages_workdays.workcalendar import WorkCalendar

        calendar = WorkCalendar()
        today = today or timezone.localdate()
        open_questions = self.pending().filter(
            answered_live=False, due_date_fixed=False, due_date__gte=today
        )
        changed = []
        for question in open_questions.select_related("session"):
            due = question.compute_due_date(calendar)
            if due != question.due_date:
                question.due_date = due
                changed.append(question)
        self.model.objects.bulk_update(changed, ["due_date"])
        return len(changed)


class Question(models.Model):
    """A question put to a session, by a citizen online or asked at the session.

    Kept outside the page's revisions so moderation does not race with page edits; rights come
    from the session page (see ``govpages_events.permissions``).
    """

    CITIZEN = "citizen"
    MEDIA = "media"
    NETIZEN = "netizen"
    ASKER_CHOICES = [(CITIZEN, _("citizen")), (MEDIA, _("media")), (NETIZEN, _("internet user"))]

    session = models.ForeignKey(
        ForumSessionPage,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("session"),
    )
    sort_order = models.IntegerField(
        _("position"),
        null=True,
        blank=True,
        help_text=_("Questions are shown in this order on the page; empty adds at the end."),
    )
    asker_type = models.CharField(
        _("asked by"), max_length=10, choices=ASKER_CHOICES, default=NETIZEN
    )
    asker_name = models.CharField(_("asker's name"), max_length=30, blank=True)
    contact = models.CharField(
        _("contact (private)"), max_length=100, blank=True, help_text=_("Never shown publicly.")
    )
    text = models.TextField(_("question"))
    answering_organisation = models.CharField(_("answered by"), max_length=100, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_live = models.BooleanField(_("answered live"), default=False)
    due_date = models.DateField(
        _("answer due"),
        null=True,
        blank=True,
        help_text=_("Filled in automatically for questions not answered live."),
    )
    # Set when staff enter the due date by hand: a calendar change then leaves it alone.
    due_date_fixed = models.BooleanField(default=False, editable=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=False)
    submitted_online = models.BooleanField(_("submitted online"), default=False, editable=False)
    created_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)

    sort_order_field = "sort_order"
    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "created_at", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        text = " ".join(self.text.split())
        return text[:40] + ("…" if len(text) > 40 else "")

    def save(self, *args, **kwargs):
        if self.answered_live:
            self.due_date = None
        elif self.due_date is None:
            self.due_date = self.compute_due_date()
        if self.is_answered and self.answered_at is None:
            now = timezone.now()
            started = self.session.start
            self.answered_at = started if self.answered_live and started and started <= now else now
        if self.sort_order is None:
            last = Question.objects.filter(session_id=self.session_id).aggregate(
                m=models.Max("sort_order")
            )["m"]
            self.sort_order = (last or 0) + 1
        super().save(*args, **kwargs)

    @property
    def is_answered(self):
        return bool(self.answer.strip())

    def is_overdue(self, today=None):
        return (
            not self.is_answered
            and self.due_date is not None
            and self.due_date < (today or timezone.localdate())
        )

    def compute_due_date(self, calendar=None):
        """GOVPAGES_EVENTS_ANSWER_WORKING_DAYS working days after the later of receipt and
        session."""
        from govpages_workdays.workcalendar import WorkCalendar

        from .. import conf

        received = timezone.localdate(self.created_at)
        session_day = timezone.localdate(self.session.start) if self.session.start else received
        return (calendar or WorkCalendar()).add_working_days(
            max(received, session_day), conf.get("GOVPAGES_EVENTS_ANSWER_WORKING_DAYS")
        )
