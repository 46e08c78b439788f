"""Editable vocabularies (snippets): event types and activity forms."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class EventType(index.Indexed, models.Model):
    """政务公开日, 政府开放日, 新闻发布会, 座谈会 ... (seeded by a migration, editable)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=50, unique=True, allow_unicode=True, help_text=_("Used in filters.")
    )
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("event type")
        verbose_name_plural = _("event types")

    def __str__(self):
        return self.name


class ActivityForm(models.Model):
    """活动形式: 展板, 咨询台, 宣传资料, 现场解答, 座谈, 参观, 问卷, 线上 ..."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("activity form")
        verbose_name_plural = _("activity forms")

    def __str__(self):
        return self.name
