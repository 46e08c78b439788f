"""Vocabularies of the disclosure catalog, maintained by editors as snippets.

主题分类 (topics) form a tree through ``parent``; 体裁分类 (genres), 服务对象分类 (audiences) and
发布机构 (issuing organisations) are flat lists. Default terms come from a data migration.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

TOPIC_PATH_SEPARATOR = " > "


class VocabularyTerm(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class DocumentGenre(VocabularyTerm):
    """体裁分类: 法律, 行政法规, 规章, 行政规范性文件, 通知 ..."""

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("document genre")
        verbose_name_plural = _("document genres")


class ServiceAudience(VocabularyTerm):
    """服务对象分类: 公民, 法人, 其他组织 ..."""

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("service audience")
        verbose_name_plural = _("service audiences")


class TopicCategory(index.Indexed, models.Model):
    """主题分类, a tree such as 综合政务 > 政务公开. Names are unique among siblings."""

    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent topic"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("parent"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="govpages_topic_unique_name_in_parent"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(parent__isnull=True),
                name="govpages_topic_unique_root_name",
            ),
        ]

    def __str__(self):
        return self.path

    @property
    def ancestors(self):
        """From the root down to this topic (walks parents; trees are shallow)."""
        chain, node, seen = [], self, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    @property
    def path(self):
        return TOPIC_PATH_SEPARATOR.join(topic.name for topic in self.ancestors)

    def clean(self):
        node = self.parent
        while node is not None:
            if node.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A topic cannot be placed under itself.")})
            node = node.parent

    @classmethod
    def descendant_ids(cls, topic_id):
        """Ids of a topic and everything beneath it, from one query over the (small) table."""
        children = {}
        for pk, parent_id in cls.objects.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        result, stack = [], [topic_id]
        while stack:
            current = stack.pop()
            if current in result:
                continue
            result.append(current)
            stack.extend(children.get(current, []))
        return result

    @classmethod
    def by_path(cls):
        """Map of "综合政务 > 政务公开" style paths to topics."""
        topics = {topic.pk: topic for topic in cls.objects.all()}
        for topic in topics.values():
            topic.parent = topics.get(topic.parent_id)
        return {topic.path: topic for topic in topics.values()}


class Organisation(index.Indexed, models.Model):
    """发布机构: a body that issues documents, alone or jointly (联合发文).

    It may be one of the portal's departments (``department``) or an outside body such as
    国务院 or a people's congress whose documents the portal republishes.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    org_code = models.CharField(
        _("organisation code"),
        max_length=18,
        blank=True,
        help_text=_("Organisation code or unified social credit code, if known."),
    )
    department = models.ForeignKey(
        "govpages.DepartmentPage",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
        help_text=_("The portal department this organisation is, if any."),
    )

    panels = [FieldPanel("name"), FieldPanel("org_code"), FieldPanel("department")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("issuing organisation")
        verbose_name_plural = _("issuing organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name
