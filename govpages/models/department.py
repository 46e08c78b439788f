from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ..departments.forms import DepartmentPageForm


class DepartmentPage(Page):
    """The root of one department's subtree (市财政局, 街道办事处 ...).

    Access wiring (groups, collection, workflow) is created by provisioning and recorded here so
    that renaming the department can rename what belongs to it.
    """

    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    org_code = models.CharField(
        _("organisation code"),
        max_length=18,
        unique=True,
        help_text=_(
            "Organisation code (9 characters) or unified social credit code (18 characters); "
            "the prefix of index numbers."
        ),
    )
    responsibilities = RichTextField(_("responsibilities"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=255, blank=True)
    phone = models.CharField(_("telephone"), max_length=64, blank=True)
    fax = models.CharField(_("fax"), max_length=64, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    disclosure_guide = RichTextField(
        _("information disclosure guide"),
        blank=True,
        help_text=_("Scope, channels, how to apply, time limits and remedies."),
    )

    editors_group = models.ForeignKey(
        "auth.Group",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewers_group = models.ForeignKey(
        "auth.Group",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    workflow = models.ForeignKey(
        "wagtailcore.Workflow",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("short_name"),
        FieldPanel("org_code"),
        FieldPanel("responsibilities"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("office_hours"),
                FieldPanel("phone"),
                FieldPanel("fax"),
                FieldPanel("email"),
                FieldPanel("website"),
            ],
            heading=_("Contact details"),
        ),
        FieldPanel("disclosure_guide"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("short_name"),
        index.SearchField("responsibilities"),
        # "怎么申请政府信息公开" should find the departments' own guides, and people search for a
        # department's address and telephone number.
        index.SearchField("disclosure_guide"),
        index.SearchField("address"),
        index.SearchField("office_hours"),
        index.SearchField("phone"),
        index.FilterField("org_code"),
    ]

    template = "govpages/department_page.html"
    # Departments are created by provisioning ("新建部门"), which also creates their groups,
    # collection and workflow; a bare page created in the explorer would have none of them.
    is_creatable = False
    base_form_class = DepartmentPageForm

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    @property
    def display_name(self):
        return self.short_name or self.title

    def get_gov_meta(self):
        """Column-level meta tags of the national monitoring spec."""
        return [
            ("ColumnName", self.title),
            ("ColumnDescription", self.search_description or self.title),
            ("ColumnKeywords", self.display_name),
            ("ColumnType", "部门"),
        ]


def owning_department(page):
    """The nearest DepartmentPage at or above ``page``, or None."""
    if isinstance(page, DepartmentPage):
        return page
    return DepartmentPage.objects.ancestor_of(page).order_by("-depth").first()
