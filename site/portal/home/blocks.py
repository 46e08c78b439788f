"""Home page blocks. Feeds of other apps arrive through Wagtail hooks, so the home page does not
import their models: an app registers ``govpages_home_latest_disclosures`` or
``govpages_home_upcoming_events`` as a
function ``(request, count) -> list of pages``."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks, hooks
from wagtail.images.blocks import ImageChooserBlock


class BannerBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=80)
    text = blocks.TextBlock(label=_("text"), required=False, max_length=300)
    image = ImageChooserBlock(label=_("image"), required=False)
    link_page = blocks.PageChooserBlock(label=_("link to page"), required=False)

    class Meta:
        icon = "image"
        label = _("Banner")
        template = "home/blocks/banner.html"


class FeaturedLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=40)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("external link"), required=False)
    description = blocks.CharBlock(label=_("description"), required=False, max_length=80)


class FeaturedLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=40)
    links = blocks.ListBlock(FeaturedLinkBlock(), label=_("links"))

    class Meta:
        icon = "link"
        label = _("Featured links")
        template = "home/blocks/featured_links.html"


class HookFeedBlock(blocks.StructBlock):
    """A list of pages supplied by whichever app registered the block's hook."""

    heading = blocks.CharBlock(label=_("heading"), max_length=40)
    count = blocks.IntegerBlock(label=_("number of items"), default=6, min_value=1, max_value=20)

    hook_name = None

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        items = []
        for fn in hooks.get_hooks(self.hook_name):
            items.extend(fn(request, value["count"]))
        context["items"] = items[: value["count"]]
        return context

    class Meta:
        template = "home/blocks/feed.html"


class LatestDisclosuresBlock(HookFeedBlock):
    hook_name = "govpages_home_latest_disclosures"

    class Meta:
        icon = "doc-full"
        label = _("Latest disclosures")


class UpcomingEventsBlock(HookFeedBlock):
    hook_name = "govpages_home_upcoming_events"

    class Meta:
        icon = "date"
        label = _("Upcoming events")


class SearchBoxBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=40, required=False)
    placeholder = blocks.CharBlock(label=_("placeholder"), max_length=40, required=False)

    class Meta:
        icon = "search"
        label = _("Search box")
        template = "home/blocks/search_box.html"


class DisclosureColumnBlock(blocks.StaticBlock):
    """The 政府信息公开 column, with the entries chosen in the site settings."""

    class Meta:
        icon = "list-ul"
        label = _("Government information disclosure column")
        admin_text = _("Shows the entries chosen under Settings → Disclosure column.")
        template = "home/blocks/disclosure_column.html"


class HomeBodyBlock(blocks.StreamBlock):
    banner = BannerBlock()
    disclosure_column = DisclosureColumnBlock()
    search_box = SearchBoxBlock()
    featured_links = FeaturedLinksBlock()
    latest_disclosures = LatestDisclosuresBlock()
    upcoming_events = UpcomingEventsBlock()
    text = blocks.RichTextBlock(label=_("Text"), template="home/blocks/text.html")
