from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import HomeBodyBlock


class HomePage(Page):
    """The portal home: editable blocks for the banner, featured links and feeds."""

    body = StreamField(HomeBodyBlock(), blank=True, use_json_field=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    max_count = 1
    # Navigation, not content: the site search leaves it out of its results.
    search_content_page = False

    class Meta:
        verbose_name = _("home page")

    def get_gov_meta(self):
        return [("ColumnName", "首页"), ("ColumnType", "首页")]


class ContentPage(Page):
    """A plain section or article page (网站介绍, 联系我们 ...)."""

    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = _("content page")

    def get_gov_meta(self):
        return [("ColumnName", self.title), ("ColumnType", "栏目")]


class SitemapPage(Page):
    """网站地图: the site's sections, from the page tree."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_content_page = False
    max_count = 1

    class Meta:
        verbose_name = _("site map page")

    def get_gov_meta(self):
        return [("ColumnName", self.title), ("ColumnType", "网站地图")]
