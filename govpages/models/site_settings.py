from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


def page_slot(verbose_name, help_text=""):
    """A link to a page: deleting the page empties the slot, and an empty slot shows no link."""
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


def image_slot(verbose_name, help_text=""):
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


@register_setting(icon="site")
class GovSiteSettings(BaseSiteSetting):
    """Site identity that government portals must show and that monitoring systems read."""

    site_domain = models.CharField(_("site domain"), max_length=255, blank=True)
    site_id_code = models.CharField(
        _("site identification code"),
        max_length=20,
        blank=True,
        help_text=_("Issued by the national government website registry."),
    )
    sponsor = models.CharField(
        _("sponsor"), max_length=255, blank=True, help_text=_("The body that sponsors the site.")
    )
    organizer = models.CharField(
        _("organizer"), max_length=255, blank=True, help_text=_("The body that runs the site.")
    )
    icp_number = models.CharField(_("ICP record number"), max_length=64, blank=True)
    icp_url = models.URLField(
        _("ICP record link"), blank=True, default="https://beian.miit.gov.cn/"
    )
    public_security_number = models.CharField(
        _("public security record number"),
        max_length=64,
        blank=True,
        help_text=_("Public security network record number."),
    )
    public_security_url = models.URLField(_("public security record link"), blank=True)
    contact_address = models.CharField(_("address"), max_length=255, blank=True)
    contact_phone = models.CharField(_("telephone"), max_length=64, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    logo = image_slot(_("logo"), _("Shown before the site name in the header."))
    party_government_mark = image_slot(
        _("party and government organ mark"),
        _("The mark issued with the site's registration as a party or government organ."),
    )
    party_government_mark_url = models.URLField(
        _("party and government organ mark link"), blank=True
    )
    error_report_url = models.URLField(
        _("error report link"),
        blank=True,
        help_text=_("Where visitors report mistakes on the site (找错 / 纠错)."),
    )
    sitemap_page = page_slot(_("site map page"))
    contact_page = page_slot(_("contact page"))

    panels = [
        MultiFieldPanel(
            [FieldPanel("site_domain"), FieldPanel("site_id_code")], heading=_("Site identity")
        ),
        MultiFieldPanel(
            [FieldPanel("sponsor"), FieldPanel("organizer")], heading=_("Sponsor and organizer")
        ),
        MultiFieldPanel(
            [
                FieldPanel("icp_number"),
                FieldPanel("icp_url"),
                FieldPanel("public_security_number"),
                FieldPanel("public_security_url"),
            ],
            heading=_("Record numbers"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_address"),
                FieldPanel("postcode"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_email"),
            ],
            heading=_("Contact details"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("logo"),
                FieldPanel("party_government_mark"),
                FieldPanel("party_government_mark_url"),
                FieldPanel("error_report_url"),
                FieldPanel("sitemap_page"),
                FieldPanel("contact_page"),
            ],
            heading=_("Header and footer"),
        ),
    ]

    class Meta:
        verbose_name = _("government site settings")


EMPTY_UNTIL_SET = _("Leave empty until the page exists: the link stays hidden.")


@register_setting(icon="list-ul")
class DisclosureColumnSettings(BaseSiteSetting):
    """The 政府信息公开 column: which pages its entries open. Unset or unpublished entries are
    left out of the navigation, the home page and department pages."""

    column_page = page_slot(
        _("column page"), _("The 政府信息公开 page that the main navigation opens.")
    )
    guide_page = page_slot(_("disclosure guide"))
    rules_page = page_slot(_("disclosure rules"))
    statutory_page = page_slot(_("statutory proactive disclosure"))
    catalog_page = page_slot(_("disclosure catalog"))
    annual_report_page = page_slot(_("annual reports"), EMPTY_UNTIL_SET)
    application_page = page_slot(_("disclosure on application"), EMPTY_UNTIL_SET)
    interpretations_page = page_slot(
        _("policy interpretations"),
        _("Leave empty to list every policy interpretation through the site search."),
    )

    panels = [
        FieldPanel("column_page"),
        MultiFieldPanel(
            [
                FieldPanel("guide_page"),
                FieldPanel("rules_page"),
                FieldPanel("statutory_page"),
                FieldPanel("catalog_page"),
                FieldPanel("annual_report_page"),
                FieldPanel("application_page"),
                FieldPanel("interpretations_page"),
            ],
            heading=_("Column entries"),
        ),
    ]

    class Meta:
        verbose_name = _("disclosure column")
