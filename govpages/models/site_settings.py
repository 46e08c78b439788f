from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


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
    ]

    class Meta:
        verbose_name = _("government site settings")
