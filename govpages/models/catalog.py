"""The disclosure catalog (政府信息公开目录) and its items (DESIGN §2)."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, models, transaction
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..catalog.index_numbers import IndexNumberError, default_org_code, number_items
from ..meta import statutory_pub_date
from .department import owning_department
from .vocabularies import DocumentGenre, Organisation, ServiceAudience, TopicCategory

ITEMS_PER_PAGE = 20
INDEX_NUMBER_ATTEMPTS = 5


class IndexNumberCounter(models.Model):
    """The last serial handed out for one organisation code and year."""

    org_code = models.CharField(max_length=18)
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("index number counter")
        constraints = [
            models.UniqueConstraint(
                fields=["org_code", "year"], name="govpages_index_counter_unique_org_year"
            )
        ]

    def __str__(self):
        return f"{self.org_code}/{self.year}: {self.last_serial}"


class DisclosureCatalogPage(RoutablePageMixin, Page):
    """目录: lists the items beneath it with filters, sorting, pagination and a feed."""

    intro = RichTextField(_("introduction"), blank=True)
    org_code = models.CharField(
        _("organisation code for index numbers"),
        max_length=18,
        blank=True,
        help_text=_(
            "Leave empty to use the organisation code of the department this catalog belongs to."
        ),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    settings_panels = Page.settings_panels + [FieldPanel("org_code")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    subpage_types = ["govpages.DisclosureItemPage"]
    template = "govpages/disclosure_catalog_page.html"
    # A listing: the site search shows its items, not the catalog itself.
    search_content_page = False

    class Meta:
        verbose_name = _("disclosure catalog")
        verbose_name_plural = _("disclosure catalogs")

    @cached_property
    def department(self):
        return owning_department(self)

    @property
    def effective_org_code(self):
        if self.org_code:
            return self.org_code
        department = self.department
        return department.org_code if department else default_org_code()

    def get_gov_meta(self):
        return [
            ("ColumnName", self.title),
            ("ColumnDescription", self.search_description or self.intro or self.title),
            ("ColumnKeywords", "政府信息公开目录"),
            ("ColumnType", "信息公开目录"),
        ]

    def published_items(self):
        """Live items of this catalog that anonymous visitors may see."""
        return DisclosureItemPage.objects.child_of(self).live().public()

    def get_context(self, request, *args, **kwargs):
        from ..catalog.filters import CatalogFilter

        context = super().get_context(request, *args, **kwargs)
        catalog_filter = CatalogFilter(self, request.GET)
        paginator = Paginator(catalog_filter.queryset(), ITEMS_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("page"))
        context.update(
            catalog_filter=catalog_filter,
            page_obj=page_obj,
            items=page_obj.object_list,
            page_range=paginator.get_elided_page_range(page_obj.number, on_each_side=2),
            querystring_without_page=catalog_filter.querystring(),
            feed_url=self.get_url(request) + self.reverse_subpage("feed"),
        )
        return context

    @path("feed/")
    def feed(self, request):
        from ..catalog.feeds import CatalogFeed

        return CatalogFeed(self)(request)


class DisclosureItemPage(Page):
    """条目: one piece of proactively disclosed information with its statutory metadata."""

    class DisclosureMethod(models.TextChoices):
        PROACTIVE = "proactive", _("Proactive disclosure")
        ON_REQUEST = "on_request", _("Disclosure on request")

    class DisclosureScope(models.TextChoices):
        PUBLIC = "public", _("The general public")
        SPECIFIC = "specific", _("Specific recipients")

    class DisclosurePeriod(models.TextChoices):
        LONG_TERM = "long_term", _("Long term")
        LIMITED = "limited", _("Limited period")

    class Validity(models.TextChoices):
        VALID = "valid", _("In force")
        EXPIRED = "expired", _("Expired")
        REPEALED = "repealed", _("Repealed")

    # The Chinese name an import file may give instead of a choice's code. Written out rather
    # than read from the labels: those are translated, a file must read the same in any language.
    choice_names_zh = {
        DisclosureMethod.PROACTIVE: "主动公开",
        DisclosureMethod.ON_REQUEST: "依申请公开",
        DisclosureScope.PUBLIC: "面向社会",
        DisclosureScope.SPECIFIC: "面向特定对象",
        DisclosurePeriod.LONG_TERM: "长期",
        DisclosurePeriod.LIMITED: "限时",
        Validity.VALID: "有效",
        Validity.EXPIRED: "失效",
        Validity.REPEALED: "废止",
    }

    index_number = models.CharField(
        _("index number"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Assigned when the item is first published; never changes."),
    )
    summary = models.TextField(_("summary"), blank=True)
    body = RichTextField(_("body"), blank=True)
    issuers = ParentalManyToManyField(
        Organisation, verbose_name=_("issuing organisations"), blank=True, related_name="items"
    )
    doc_number = models.CharField(_("document number"), max_length=100, blank=True)
    document_date = models.DateField(_("date of writing"), null=True, blank=True)
    publication_date = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("Set to the day of first publication when left empty."),
    )
    topic = models.ForeignKey(
        TopicCategory,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    genre = models.ForeignKey(
        DocumentGenre,
        verbose_name=_("genre"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    audience = models.ForeignKey(
        ServiceAudience,
        verbose_name=_("service audience"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    keywords = models.CharField(
        _("keywords"), max_length=255, blank=True, help_text=_("Separate keywords with spaces.")
    )
    disclosure_method = models.CharField(
        _("disclosure method"),
        max_length=16,
        choices=DisclosureMethod.choices,
        default=DisclosureMethod.PROACTIVE,
    )
    disclosure_scope = models.CharField(
        _("disclosure scope"),
        max_length=16,
        choices=DisclosureScope.choices,
        default=DisclosureScope.PUBLIC,
    )
    disclosure_period = models.CharField(
        _("disclosure period"),
        max_length=16,
        choices=DisclosurePeriod.choices,
        default=DisclosurePeriod.LONG_TERM,
    )
    validity = models.CharField(
        _("validity"), max_length=16, choices=Validity.choices, default=Validity.VALID
    )
    repeal_date = models.DateField(_("date of repeal"), null=True, blank=True)
    source_id = models.CharField(
        _("source id"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Identifier in the system this item was migrated from."),
    )
    source_metadata = models.JSONField(
        _("source metadata"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Fields of the source record without a counterpart here, kept for export."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", heading=_("Attachments"), label=_("attachment")),
        MultiFieldPanel(
            [
                FieldPanel("issuers"),
                FieldPanel("doc_number"),
                FieldRowPanel([FieldPanel("document_date"), FieldPanel("publication_date")]),
            ],
            heading=_("Issue"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("topic"),
                FieldPanel("genre"),
                FieldPanel("audience"),
                FieldPanel("keywords"),
            ],
            heading=_("Classification"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("disclosure_method"),
                        FieldPanel("disclosure_scope"),
                        FieldPanel("disclosure_period"),
                    ]
                ),
                FieldRowPanel([FieldPanel("validity"), FieldPanel("repeal_date")]),
            ],
            heading=_("Disclosure"),
        ),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("source_id")]

    search_fields = Page.search_fields + [
        index.AutocompleteField("title"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("doc_number"),
        index.SearchField("index_number"),
        index.SearchField("keywords"),
        index.RelatedFields("issuers", [index.SearchField("name")]),
        index.RelatedFields("genre", [index.SearchField("name")]),
        index.FilterField("publication_date"),
        index.FilterField("genre"),
        index.FilterField("topic"),
        index.FilterField("validity"),
        index.FilterField("source_id"),
    ]

    api_fields = [
        APIField("index_number"),
        APIField("summary"),
        APIField("body"),
        APIField("issuer_names"),
        APIField("doc_number"),
        APIField("document_date"),
        APIField("publication_date"),
        APIField("topic_path"),
        APIField("genre_name"),
        APIField("audience_name"),
        APIField("keywords"),
        APIField("disclosure_method"),
        APIField("disclosure_scope"),
        APIField("disclosure_period"),
        APIField("validity"),
        APIField("repeal_date"),
        APIField("attachment_list"),
        APIField("source_id"),
    ]

    exclude_fields_in_copy = ["index_number", "source_id"]
    parent_page_types = ["govpages.DisclosureCatalogPage"]
    subpage_types = []
    template = "govpages/disclosure_item_page.html"

    class Meta:
        verbose_name = _("disclosure item")
        verbose_name_plural = _("disclosure items")

    # -- index number -------------------------------------------------------------------------

    def index_number_org_code(self):
        """The organisation code whose serials this item's number takes (the year is its own)."""
        parent = self.get_parent()
        catalog = parent.specific if parent else None
        return getattr(catalog, "effective_org_code", None) or default_org_code()

    def save(self, *args, **kwargs):
        if self.live and not self.index_number:
            return self._save_with_new_index_number(*args, **kwargs)
        return super().save(*args, **kwargs)

    def _save_with_new_index_number(self, *args, **kwargs):
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {
                "index_number",
                "publication_date",
            }
        org_code = self.index_number_org_code()
        with transaction.atomic():
            for _attempt in range(INDEX_NUMBER_ATTEMPTS):
                number_items([self], org_code)
                try:
                    with transaction.atomic():
                        return super().save(*args, **kwargs)
                except (IntegrityError, ValidationError) as error:
                    # Page.save() validates uniqueness first (ValidationError); a concurrent
                    # writer is only caught by the constraint itself (IntegrityError).
                    if isinstance(error, ValidationError) and "index_number" not in getattr(
                        error, "error_dict", {}
                    ):
                        raise
                    clash = DisclosureItemPage.objects.filter(index_number=self.index_number)
                    if not clash.exclude(pk=self.pk).exists():
                        self.index_number = None
                        raise
            self.index_number = None
            raise IndexNumberError("no free index number after several attempts")

    def with_content_json(self, content):
        # The number belongs to the page, not to a revision: publishing or reverting to a
        # revision saved before the first publication must not clear or change it.
        page = super().with_content_json(content)
        page.index_number = self.index_number
        return page

    # -- presentation -------------------------------------------------------------------------

    @property
    def catalog(self):
        return self.get_parent().specific

    @cached_property
    def department(self):
        """The department the item belongs to; code that loads many items of one catalog (the
        importer) sets it to the catalog's, which spares a query per item."""
        return owning_department(self)

    @property
    def issuer_names(self):
        return [organisation.name for organisation in self.issuers.all()]

    @property
    def issuer_display(self):
        return "、".join(self.issuer_names)

    @property
    def genre_name(self):
        return self.genre.name if self.genre_id else ""

    @property
    def audience_name(self):
        return self.audience.name if self.audience_id else ""

    @property
    def topic_path(self):
        return self.topic.path if self.topic_id else ""

    @property
    def attachment_list(self):
        return [attachment.as_dict() for attachment in self.attachments.all()]

    @property
    def feed_date(self):
        return self.publication_date or self.first_published_at

    def get_search_snippet_text(self):
        """What a search result quotes: the summary and the text, not the metadata fields."""
        return f"{self.summary} {self.body}"

    def get_search_date(self):
        return self.publication_date or self.document_date or self.first_published_at

    def related_interpretations(self):
        """相关解读: live, public interpretations that explain this item."""
        from .interpretation import PolicyInterpretationPage

        return (
            PolicyInterpretationPage.objects.live()
            .public()
            .filter(explained_documents__document=self)
            .distinct()
            .order_by("-first_published_at")
        )

    def description_text(self):
        return self.summary or self.body

    def get_gov_meta(self):
        department = owning_department(self)
        issuers = self.issuer_display
        return [
            ("ColumnName", self.get_parent().title),
            ("ColumnType", "信息公开目录"),
            ("ArticleTitle", self.title),
            ("PubDate", statutory_pub_date(self.first_published_at, self.publication_date)),
            ("ContentSource", issuers or (department.display_name if department else "")),
            ("Keywords", self.keywords),
            ("Author", department.display_name if department else issuers),
            ("Description", self.description_text()),
            ("Url", self.full_url or ""),
        ]


class DisclosureAttachment(Orderable):
    """附件: a document downloadable from an item, shown with its type and size."""

    page = ParentalKey(DisclosureItemPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("title"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty to use the document's title."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    @property
    def display_title(self):
        return self.title or self.document.title

    @property
    def file_type(self):
        return (self.document.file_extension or "").upper()

    @property
    def file_size(self):
        return self.document.get_file_size()

    def as_dict(self):
        return {
            "title": self.display_title,
            "url": self.document.url,
            "type": self.file_type,
            "size": self.file_size,
        }
