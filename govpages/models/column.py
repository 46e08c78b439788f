"""政府信息公开: the landing page of the disclosure column."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class DisclosureColumnPage(Page):
    """Lists the column's entries (from the 政府信息公开栏目 site settings) and the catalog of
    every department (from the page tree)."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    template = "govpages/disclosure_column_page.html"
    # A listing, not content: the site search leaves it out of its results.
    search_content_page = False

    class Meta:
        verbose_name = _("disclosure column page")

    def get_gov_meta(self):
        return [
            ("ColumnName", self.title),
            ("ColumnDescription", self.search_description or self.title),
            ("ColumnKeywords", "政府信息公开"),
            ("ColumnType", "信息公开"),
        ]
