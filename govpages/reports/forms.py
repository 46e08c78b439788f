"""The report's page form: checks the tables when the report is published or submitted."""

import copy

from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm

from govpages.models.department import owning_department

CHECKED_ACTIONS = ("action-publish", "action-submit", "action-workflow-action")


class AnnualReportPageForm(WagtailAdminPageForm):
    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        if parent_page is not None and not self.instance.pk:
            self.instance.department = owning_department(parent_page.specific)

    def clean(self):
        cleaned_data = super().clean()
        corrections = self.valid_corrections()
        if corrections is None or not any(a in self.data for a in CHECKED_ACTIONS):
            return cleaned_data
        candidate = copy.copy(self.instance)
        for name, value in cleaned_data.items():
            if name in {"year", *self.entered_field_names()}:
                setattr(candidate, name, value)
        if candidate.year is None:
            return cleaned_data
        candidate.refresh_computed()
        for problem in candidate.problems(corrections):
            self.add_error(None, problem)
        return cleaned_data

    @staticmethod
    def entered_field_names():
        from .models.report import ENTERED_FIELDS

        return ENTERED_FIELDS

    def valid_corrections(self):
        """[(row, column, value)] of the corrections kept, each stamped with its author; None
        while a correction is itself invalid (its own errors are shown then)."""
        formset = self.formsets.get("corrections")
        if formset is None:
            return []
        if not formset.is_valid():
            return None
        kept = []
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            if (form.has_changed() or form.instance.user_id is None) and self.for_user:
                form.instance.user = self.for_user
                form.instance.created_at = timezone.now()
            kept.append((data["row"], data["column"], data["value"]))
        return kept
