import re

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CustomWord(models.Model):
    """A word the segmenter must keep whole (department names, policy terms such as 放管服)."""

    word = models.CharField(_("word"), max_length=64, unique=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("custom word")
        verbose_name_plural = _("custom words")
        ordering = ["word"]

    def __str__(self):
        return self.word

    def clean(self):
        self.word = (self.word or "").strip()
        if not self.word or re.search(r"\s", self.word):
            raise ValidationError({"word": _("Enter one word without spaces.")})


SYNONYM_SEPARATORS_RE = re.compile(r"[\s,，、;；]+")


class SynonymGroup(models.Model):
    """Words that should find each other, e.g. 一网通办 / 政务服务一网通办."""

    words = models.TextField(
        _("words"), help_text=_("One group of equivalent words, separated by commas or spaces.")
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")
        ordering = ["pk"]

    def __str__(self):
        return self.words

    def clean(self):
        if len(set(self.word_list())) < 2:
            raise ValidationError({"words": _("A synonym group needs at least two words.")})

    def word_list(self):
        """The group's words, split on commas (ASCII or Chinese), semicolons and whitespace."""
        return [word for word in SYNONYM_SEPARATORS_RE.split(self.words) if word]


class QueryLog(models.Model):
    """Daily counts of normalised queries: enough for hot searches, nothing about the person."""

    query = models.CharField(_("query"), max_length=100)
    date = models.DateField(_("date"))
    count = models.PositiveIntegerField(_("count"), default=0)
    zero_results = models.PositiveIntegerField(_("searches with no results"), default=0)
    # How many different clients searched it that day: counted with a keyed hash of the address
    # that lives in the cache for a day; the address itself is never stored.
    clients = models.PositiveIntegerField(_("distinct clients"), default=0)

    class Meta:
        verbose_name = _("search query log")
        verbose_name_plural = _("search query logs")
        constraints = [
            models.UniqueConstraint(fields=["query", "date"], name="search_querylog_query_date")
        ]
        indexes = [models.Index(fields=["date", "query"])]

    def __str__(self):
        return f"{self.query} ({self.date}: {self.count})"


class BlockedSearchTerm(models.Model):
    """A word or phrase whose queries are never shown as hot or related searches."""

    term = models.CharField(_("term"), max_length=50, unique=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("blocked search term")
        verbose_name_plural = _("blocked search terms")
        ordering = ["term"]

    def __str__(self):
        return self.term

    def clean(self):
        self.term = " ".join((self.term or "").split())
        if not self.term:
            raise ValidationError({"term": _("Enter a word or phrase.")})


class SearchFacetEntryQuerySet(models.QuerySet):
    def unexpired(self, now=None):
        now = now or timezone.now()
        return self.filter(models.Q(expire_at__isnull=True) | models.Q(expire_at__gt=now))

    def visible(self, now=None):
        """Entries of pages that may be shown now: not expired, and (in case a bulk change
        bypassed the signals that keep the table in step) still live and public."""
        from wagtail.models import PageViewRestriction

        entries = self.unexpired(now).filter(page__live=True)
        for path in PageViewRestriction.objects.values_list("page__path", flat=True):
            entries = entries.exclude(page__path__startswith=path)
        return entries


class SearchFacetEntry(models.Model):
    """One row per live, public page: what the search page filters, counts and shows.

    The search backend answers "which pages match, in what order"; this table answers "which of
    them may be shown, and under which department, category, type and year". Keeping it in the
    database makes facet counts identical on every backend and guards results against a stale
    index. It is kept in step by signal handlers and rebuilt by `govpages_update_index`.
    """

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_facet_entry",
        verbose_name=_("page"),
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, verbose_name=_("page type")
    )
    title = models.CharField(_("title"), max_length=255)
    department = models.CharField(_("department"), max_length=255, blank=True, db_index=True)
    category = models.CharField(_("category"), max_length=255, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, db_index=True)
    date = models.DateTimeField(_("date"), null=True, blank=True)
    expire_at = models.DateTimeField(_("expiry date"), null=True, blank=True)
    text = models.TextField(_("text for snippets"), blank=True)
    extra = models.JSONField(_("other facet values and result fields"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SearchFacetEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("search facet entry")
        verbose_name_plural = _("search facet entries")

    def __str__(self):
        return self.title


class IndexedDocument(models.Model):
    """Length of one indexed object, for BM25 on PostgreSQL (see search.backends.postgres)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=255)
    length = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_indexeddocument_object"
            )
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"


class Posting(models.Model):
    """One term of one indexed object with its weighted frequency (title counts more).

    There are about 1,800 of these per long document, so each row is kept small: the key is
    (term, object), which is also the index the ranking reads, and no surrogate id."""

    pk = models.CompositePrimaryKey("term", "content_type", "object_id")
    # No constraint: a database foreign key check per row (millions of rows) doubled the cost of
    # writing them; the rows are deleted with their index entry.
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    object_id = models.CharField(max_length=255)
    term = models.CharField(max_length=100)
    frequency = models.FloatField()
    document_length = models.FloatField()

    class Meta:
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="search_posting_object"),
        ]

    def __str__(self):
        return f"{self.term} in {self.content_type_id}:{self.object_id}"
