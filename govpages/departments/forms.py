from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class DepartmentPageForm(WagtailAdminPageForm):
    """The page editor form of a department.

    The organisation code is the prefix of every index number (索引号) the department issues, so
    only portal administrators may change it. A new title must stay unique, because the
    department's groups, collection and workflow are renamed after it when it is published.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .provisioning import can_manage_departments

        user = self.for_user
        if "org_code" in self.fields and not (user and can_manage_departments(user)):
            self.fields["org_code"].disabled = True
            self.fields["org_code"].help_text = _(
                "Only portal administrators can change the organisation code."
            )

    def clean_title(self):
        from .provisioning import name_conflict

        title = self.cleaned_data["title"].strip()
        conflict = name_conflict(title, exclude_pk=self.instance.pk)
        if conflict:
            raise forms.ValidationError(conflict)
        return title
