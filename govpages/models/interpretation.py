"""政策解读: pages that explain one or several disclosure items."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..meta import statutory_pub_date
from .catalog import DisclosureItemPage
from .department import owning_department


class PolicyInterpretationPage(Page):
    class InterpretationType(models.TextChoices):
        TEXT = "text", _("Text")
        GRAPHIC = "graphic", _("Graphic")
        VIDEO = "video", _("Video")
        AUDIO = "audio", _("Audio")
        INTERVIEW = "interview", _("Interview")
        PRESS_CONFERENCE = "press_conference", _("Press conference")
        EXPERT = "expert", _("Expert")
        QA = "qa", _("Questions and answers")

    interpretation_type = models.CharField(
        _("interpretation type"),
        max_length=20,
        choices=InterpretationType.choices,
        default=InterpretationType.TEXT,
    )
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    interpreter = models.CharField(
        _("interpreted by"),
        max_length=255,
        blank=True,
        help_text=_("The organisation or person giving the interpretation."),
    )
    summary = models.TextField(_("summary"), blank=True)
    body = RichTextField(_("body"), blank=True)
    media_url = models.URLField(
        _("video or audio link"), blank=True, help_text=_("For video, audio and interviews.")
    )

    content_panels = Page.content_panels + [
        FieldPanel("interpretation_type"),
        FieldPanel("publication_date"),
        FieldPanel("interpreter"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("media_url"),
        InlinePanel(
            "explained_documents", heading=_("Original documents"), label=_("original document")
        ),
    ]
    search_fields = Page.search_fields + [
        index.AutocompleteField("title"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("interpreter"),
        index.FilterField("interpretation_type"),
        index.FilterField("publication_date"),
    ]
    api_fields = [
        APIField("interpretation_type"),
        APIField("publication_date"),
        APIField("interpreter"),
        APIField("summary"),
        APIField("body"),
        APIField("media_url"),
        APIField("original_document_ids"),
    ]

    subpage_types = []
    template = "govpages/policy_interpretation_page.html"

    class Meta:
        verbose_name = _("policy interpretation")
        verbose_name_plural = _("policy interpretations")

    def original_documents(self):
        """原文件: the live, public items this page explains."""
        return (
            DisclosureItemPage.objects.live()
            .public()
            .filter(interpretation_links__page=self)
            .distinct()
            .order_by("title")
        )

    @property
    def original_document_ids(self):
        return list(self.original_documents().values_list("pk", flat=True))

    @property
    def feed_date(self):
        return self.publication_date or self.first_published_at

    def get_search_snippet_text(self):
        """What a search result quotes: the summary and the text, not the metadata fields."""
        return f"{self.summary} {self.body}"

    def get_search_date(self):
        return self.publication_date or self.first_published_at

    def get_gov_meta(self):
        department = owning_department(self)
        source = department.display_name if department else ""
        return [
            ("ColumnName", "政策解读"),
            ("ColumnType", "政策解读"),
            ("ArticleTitle", self.title),
            ("PubDate", statutory_pub_date(self.first_published_at, self.publication_date)),
            ("ContentSource", source),
            ("Keywords", self.get_interpretation_type_display()),
            ("Author", self.interpreter or source),
            ("Description", self.summary or self.body),
            ("Url", self.full_url or ""),
        ]


class InterpretationDocument(Orderable):
    page = ParentalKey(
        PolicyInterpretationPage, on_delete=models.CASCADE, related_name="explained_documents"
    )
    document = models.ForeignKey(
        DisclosureItemPage,
        verbose_name=_("original document"),
        on_delete=models.CASCADE,
        related_name="interpretation_links",
    )

    panels = [PageChooserPanel("document", page_type="govpages.DisclosureItemPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("original document")
        verbose_name_plural = _("original documents")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "document"], name="govpages_interpretation_document_unique"
            )
        ]
