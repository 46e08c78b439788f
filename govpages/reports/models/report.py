"""AnnualReportPage: a department's (or, at portal level, 本级政府's) annual report for one year."""

import copy

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from govpages.models.department import DepartmentPage, owning_department

from .. import checks, tables
from ..catalog_counts import catalog_rows
from ..forms import AnnualReportPageForm

TABLE_TWO_FIELDS = {
    ("licensing", "decisions"): "licensing_decisions",
    ("penalty", "decisions"): "penalty_decisions",
    ("enforcement", "decisions"): "enforcement_decisions",
    ("fees", "amount"): "fees_amount",
}
TABLE_FOUR_FIELDS = {
    (group, column): f"{group}_{column}"
    for group, _label in tables.TABLE_FOUR_GROUPS
    for column, _clabel in tables.RESULT_COLUMNS
}
ENTERED_FIELDS = [*TABLE_TWO_FIELDS.values(), *TABLE_FOUR_FIELDS.values()]


def count_field(verbose_name):
    return models.PositiveIntegerField(verbose_name, default=0)


def table_three_row_choices():
    return tables.table_three_rows()


class AnnualReportPage(RoutablePageMixin, Page):
    """Under a department: that department's report; elsewhere: the portal level's, whose
    tables must equal the sum of the departments' published reports for the same year."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2008), MaxValueValidator(2100)]
    )
    department = models.ForeignKey(
        DepartmentPage,
        verbose_name=_("department"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="annual_reports",
    )
    overview = RichTextField(_("1. Overview"), blank=True)
    improvements = RichTextField(_("5. Main problems and improvements"), blank=True)
    other_matters = RichTextField(_("6. Other matters to report"), blank=True)
    # What the portal counted (tables 二 and 三) when the report was last saved: a published
    # revision keeps the numbers it was checked with.
    computed = models.JSONField(default=dict, blank=True, editable=False)

    licensing_decisions = count_field(_("administrative licensing decisions"))
    penalty_decisions = count_field(_("administrative penalty decisions"))
    enforcement_decisions = count_field(_("administrative compulsion decisions"))
    fees_amount = count_field(_("administrative fees collected (10,000 yuan)"))

    review_upheld = count_field(_("reconsideration: upheld"))
    review_corrected = count_field(_("reconsideration: corrected"))
    review_other = count_field(_("reconsideration: other results"))
    review_pending = count_field(_("reconsideration: not yet concluded"))
    review_total = count_field(_("reconsideration: total"))
    direct_suit_upheld = count_field(_("lawsuit without reconsideration: upheld"))
    direct_suit_corrected = count_field(_("lawsuit without reconsideration: corrected"))
    direct_suit_other = count_field(_("lawsuit without reconsideration: other results"))
    direct_suit_pending = count_field(_("lawsuit without reconsideration: not yet concluded"))
    direct_suit_total = count_field(_("lawsuit without reconsideration: total"))
    suit_after_review_upheld = count_field(_("lawsuit after reconsideration: upheld"))
    suit_after_review_corrected = count_field(_("lawsuit after reconsideration: corrected"))
    suit_after_review_other = count_field(_("lawsuit after reconsideration: other results"))
    suit_after_review_pending = count_field(_("lawsuit after reconsideration: not yet concluded"))
    suit_after_review_total = count_field(_("lawsuit after reconsideration: total"))

    content_panels = Page.content_panels + [
        FieldPanel("year"),
        FieldPanel("overview"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel(name) for name in TABLE_TWO_FIELDS.values()]),
            ],
            heading=_("2. Proactive disclosure (rows the catalog does not hold)"),
        ),
        InlinePanel(
            "corrections",
            heading=_("3. Corrections to the counted applications table"),
            label=_("correction"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel(f"{group}_{column}") for column, _clabel in tables.RESULT_COLUMNS],
                    heading=group_label,
                )
                for group, group_label in tables.TABLE_FOUR_GROUPS
            ],
            heading=_("4. Administrative reconsideration and litigation"),
        ),
        FieldPanel("improvements"),
        FieldPanel("other_matters"),
    ]

    base_form_class = AnnualReportPageForm
    template = "govpages_reports/annual_report_page.html"
    parent_page_types = ["govpages.DepartmentPage", "wagtailcore.Page"]
    subpage_types = []

    class Meta:
        verbose_name = _("annual disclosure report")
        verbose_name_plural = _("annual disclosure reports")

    @property
    def is_portal_level(self):
        return self.department_id is None

    def clean(self):
        super().clean()
        self.refresh_computed()

    def refresh_computed(self, department=None):
        department = department if department is not None else self.department
        if self.year is None:
            return
        if department is None:
            self.computed = {}
            return
        self.computed = {
            "table_two": catalog_rows(department, self.year),
            "table_three": tables.table_three_from_cases(department, self.year),
        }

    def save(self, *args, **kwargs):
        if self.path:
            self.department = owning_department(self)
        super().save(*args, **kwargs)

    # The tables -----------------------------------------------------------------------------

    def entered(self, name):
        return getattr(self, name) or 0

    def table_two(self):
        if self.is_portal_level:
            counted = tables.sum_tables(r.computed.get("table_two", {}) for r in self.departments())
        else:
            counted = self.computed.get("table_two") or catalog_rows(self.department, self.year)
        table = {row: dict(counted.get(row, {})) for row in tables.CATALOG_ROWS}
        for row, column in tables.TABLE_TWO_ENTERED:
            table.setdefault(row, {})[column] = self.entered(TABLE_TWO_FIELDS[row, column])
        for row in tables.CATALOG_ROWS:
            for column, _label in tables.DOCUMENT_COLUMNS:
                table[row].setdefault(column, 0)
        return table

    def counted_table_three(self):
        if self.is_portal_level:
            return tables.sum_tables(r.table_three() for r in self.departments())
        counted = self.computed.get("table_three")
        if counted is None:
            counted = tables.table_three_from_cases(self.department, self.year)
        return counted

    def table_three(self, corrections=None):
        table = copy.deepcopy(tables.empty_table_three())
        for row, cells in self.counted_table_three().items():
            if row in table:
                table[row].update({c: v for c, v in cells.items() if c in table[row]})
        if corrections is None:
            corrections = [(c.row, c.column, c.value) for c in self.corrections.all()]
        for row, column, value in corrections:
            if row in table and column in table[row]:
                table[row][column] = value
        return table

    def table_four(self):
        return {
            group: {
                column: self.entered(TABLE_FOUR_FIELDS[group, column])
                for column, _label in tables.RESULT_COLUMNS
            }
            for group, _label in tables.TABLE_FOUR_GROUPS
        }

    def departments(self):
        """The live department reports of this year (for the portal-level report)."""
        return AnnualReportPage.objects.live().filter(year=self.year, department__isnull=False)

    def previous_report(self):
        return (
            AnnualReportPage.objects.live()
            .filter(year=self.year - 1, department=self.department)
            .exclude(pk=self.pk)
            .first()
        )

    # The checks -----------------------------------------------------------------------------

    def problems(self, corrections=None):
        """What stops this report from being published, one sentence per cell."""
        table_three = self.table_three(corrections)
        found = checks.table_three_problems(table_three)
        previous = self.previous_report()
        if previous is not None:
            found += checks.carried_over_problems(table_three, previous.table_three())
        found += checks.table_four_problems(self.table_four())
        if self.is_portal_level:
            found += self.roll_up_problems(table_three)
        return found

    def roll_up_problems(self, table_three):
        departments = list(self.departments())
        mine = {"二": self.table_two(), "四": self.table_four()}
        entered_two = {
            row: {column: mine["二"][row][column]} for row, column in tables.TABLE_TWO_ENTERED
        }
        summed = {
            "二": tables.sum_tables(
                {
                    row: {column: r.table_two()[row][column]}
                    for row, column in tables.TABLE_TWO_ENTERED
                }
                for r in departments
            ),
            "四": tables.sum_tables(r.table_four() for r in departments),
        }
        return checks.roll_up_problems({"二": entered_two, "四": mine["四"]}, summed, cell_labels)

    def publish(self, revision, *args, **kwargs):
        # The last guard (a workflow approval publishes without the page form).
        problems = revision.as_object().problems()
        if problems:
            raise ValidationError(problems)
        return super().publish(revision, *args, **kwargs)

    # Output ---------------------------------------------------------------------------------

    @cached_property
    def issuer_name(self):
        if self.department is not None:
            return self.department.title
        return self.get_site().site_name if self.get_site() else self.title

    def get_context(self, request, *args, **kwargs):
        from ..layout import report_layout

        context = super().get_context(request, *args, **kwargs)
        context["layout"] = report_layout(self)
        context["csv_links"] = [
            (key, _("Table %(number)s as CSV") % {"number": number})
            for key, number in (("2", "二"), ("3", "三"), ("4", "四"))
        ]
        return context

    @path("docx/", name="docx")
    def docx(self, request):
        from ..output import docx_response

        return docx_response(self)

    @path("csv/<str:table>/", name="csv")
    def csv(self, request, table):
        from django.http import Http404

        from ..output import csv_response

        if table not in ("2", "3", "4"):
            raise Http404
        return csv_response(self, table)


def cell_labels(table, row, column):
    for _heading, columns, rows in tables.TABLE_TWO_GROUPS:
        if row in dict(rows):
            return table, dict(rows)[row], dict(columns).get(column, column)
    return (
        table,
        dict(tables.TABLE_FOUR_GROUPS).get(row, row),
        dict(tables.RESULT_COLUMNS).get(column, column),
    )


class TableThreeCorrection(Orderable):
    """A staff member's correction of one counted cell of table 三, with the reason for it."""

    page = ParentalKey(AnnualReportPage, on_delete=models.CASCADE, related_name="corrections")
    row = models.CharField(_("row"), max_length=40, choices=table_three_row_choices)
    column = models.CharField(_("column"), max_length=40, choices=tables.TABLE_THREE_COLUMNS)
    value = models.PositiveIntegerField(_("corrected value"))
    reason = models.TextField(_("reason"), max_length=500)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrected by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("corrected at"), default=timezone.now, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("row"), FieldPanel("column"), FieldPanel("value")]),
        FieldPanel("reason"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return f"{self.row}/{self.column} = {self.value}"
