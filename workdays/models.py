"""The editable part of the calendar: days the portal's administrators add or override."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class DayAdjustment(models.Model):
    """A public holiday, or a weekend day that is worked (调休), for every deadline."""

    HOLIDAY = "holiday"
    WORKDAY = "workday"
    KIND_CHOICES = [(HOLIDAY, _("public holiday")), (WORKDAY, _("adjusted working day"))]

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES, default=HOLIDAY)
    name = models.CharField(_("name"), max_length=50, blank=True, help_text=_("e.g. Labour Day"))

    panels = [FieldPanel("date"), FieldPanel("kind"), FieldPanel("name")]

    class Meta:
        # The table the events app created when the calendar lived there (kept: no data moves).
        db_table = "govpages_events_dayadjustment"
        ordering = ["-date"]
        verbose_name = _("holiday or adjusted working day")
        verbose_name_plural = _("holidays and adjusted working days")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()
