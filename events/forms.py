import secrets
import unicodedata

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from . import conf

# Bidi embeddings, overrides and isolates: they reorder how text is displayed, so a name or a
# question could show something other than what was typed (Trojan Source, CVE-2021-42574).
BIDI_CONTROLS = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
)


def without_bidi_controls(text):
    return text.translate(BIDI_CONTROLS)


def without_invisible_characters(text):
    """Drop format characters (Unicode category Cf: zero-width spaces and joiners, bidi
    controls, the BOM, soft hyphens), which let one name pass for another on a public page."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


SUBMISSION_SIGNER = signing.TimestampSigner(salt="govpages_events.question")
TOKEN_MAX_AGE = 60 * 60 * 24


def new_submission_token():
    return SUBMISSION_SIGNER.sign(secrets.token_urlsafe(16))


class EventPageForm(WagtailAdminPageForm):
    """Checks that need the page fields and its occurrences together."""

    def clean(self):
        cleaned_data = super().clean()
        deadline = cleaned_data.get("registration_deadline")
        formset = self.formsets.get("occurrences")
        if deadline and formset is not None and formset.is_valid():
            starts = [
                form.cleaned_data["start"]
                for form in formset.forms
                if form.cleaned_data.get("start") and not form.cleaned_data.get("DELETE")
            ]
            if starts and deadline > min(starts):
                self.add_error(
                    "registration_deadline",
                    _("The registration deadline is after the event starts."),
                )
        if (
            cleaned_data.get("registration") == "required"
            and not (cleaned_data.get("registration_details") or "").strip()
        ):
            self.add_error("registration_details", _("Say how to register."))
        return cleaned_data


def question_max_length():
    return conf.get("GOVPAGES_EVENTS_QUESTION_MAX_LENGTH")


class QuestionSubmissionForm(forms.Form):
    """What a citizen sends from a session page. Contact details are never shown publicly."""

    name = forms.CharField(
        label=_("Name (optional, shown with your question)"), max_length=30, required=False
    )
    contact = forms.CharField(
        label=_("Contact (optional, telephone or e-mail, never published)"),
        max_length=100,
        required=False,
    )
    text = forms.CharField(label=_("Your question"), widget=forms.Textarea(attrs={"rows": 5}))
    # One per rendered form: the same form sent twice (a double click, a reload) is one question.
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    error_messages = {
        "empty": _("Please write your question."),
        "expired": _(
            "This form has expired: copy your question, reload the page and send it again."
        ),
        "too_long": _(
            "The question is too long: at most %(limit)d characters (you wrote %(count)d)."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = question_max_length()
        self.fields["text"].widget.attrs["maxlength"] = limit
        self.fields["text"].help_text = _("At most %(limit)d characters.") % {"limit": limit}
        self.fields["text"].error_messages["required"] = self.error_messages["empty"]
        self.fields["name"].error_messages["max_length"] = _(
            "The name is too long: at most %(limit_value)d characters."
        )
        self.fields["contact"].error_messages["max_length"] = _(
            "The contact details are too long: at most %(limit_value)d characters."
        )
        if not self.is_bound:
            self.initial["token"] = new_submission_token()

    def clean(self):
        cleaned_data = super().clean()
        try:  # reported with the form, since the field itself is hidden
            token = SUBMISSION_SIGNER.unsign(cleaned_data.get("token", ""), max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:
            raise forms.ValidationError(self.error_messages["expired"]) from None
        cleaned_data["token"] = token
        return cleaned_data

    def clean_name(self):
        return without_invisible_characters(self.cleaned_data["name"]).strip()

    def clean_contact(self):
        return without_invisible_characters(self.cleaned_data["contact"]).strip()

    def clean_text(self):
        text = without_bidi_controls(self.cleaned_data["text"]).strip()
        if not text:
            raise forms.ValidationError(self.error_messages["empty"])
        limit = question_max_length()
        if len(text) > limit:
            raise forms.ValidationError(
                self.error_messages["too_long"] % {"limit": limit, "count": len(text)}
            )
        return text
