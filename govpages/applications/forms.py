"""The public application form and the status query form (no JavaScript needed)."""

import re
import secrets
import unicodedata

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from . import conf
from .models.case import ApplicantType, Delivery, IdentityType, PreferredForm

TOKEN_SIGNER = signing.TimestampSigner(salt="govpages_applications.form")
TOKEN_MAX_AGE = 60 * 60 * 24
# Accepted identity copies: suffix -> the bytes such a file starts with.
ATTACHMENT_SIGNATURES = {
    "pdf": [b"%PDF-"],
    "jpg": [b"\xff\xd8\xff"],
    "jpeg": [b"\xff\xd8\xff"],
    "png": [b"\x89PNG\r\n\x1a\n"],
}
RESIDENT_ID = re.compile(r"^\d{17}[\dX]$")
CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
PHONE = re.compile(r"^[\d\-+() ]{7,30}$")


def new_token():
    return TOKEN_SIGNER.sign(secrets.token_urlsafe(16))


def clean_text(text):
    """Drop format characters (zero-width, bidi controls): they make text show as other text."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip()


class ApplicationForm(forms.Form):
    department = forms.TypedChoiceField(label=_("Department applied to"), coerce=int)
    applicant_type = forms.ChoiceField(label=_("Applicant"), choices=ApplicantType.choices)
    name = forms.CharField(label=_("Name (of the person or the organisation)"), max_length=100)
    id_type = forms.ChoiceField(label=_("Identity document"), choices=IdentityType.choices)
    id_number = forms.CharField(
        label=_("Document number (or unified social credit code)"), max_length=30
    )
    phone = forms.CharField(label=_("Telephone"), max_length=30)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False, max_length=254)
    address = forms.CharField(label=_("Postal address"), max_length=200, required=False)
    description = forms.CharField(
        label=_(
            "Information sought: its title, document number or other features that help find it"
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    preferred_form = forms.ChoiceField(label=_("Preferred form"), choices=PreferredForm.choices)
    delivery = forms.ChoiceField(
        label=_("Delivery"),
        choices=[c for c in Delivery.choices if c[0] != Delivery.ONLINE],
    )
    attachment = forms.FileField(
        label=_("Copy of the identity document (optional; PDF, JPG or PNG, at most 5 MB)"),
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "I confirm that the above is true, and agree that it is used to handle this "
            "application."
        )
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [(d.pk, d.title) for d in departments]
        if len(self.fields["department"].choices) == 1:
            self.fields["department"].widget = forms.HiddenInput()
            self.initial.setdefault("department", departments[0].pk)
        if not self.is_bound:
            self.initial["token"] = new_token()

    def clean_name(self):
        return clean_text(self.cleaned_data["name"]) or self.required_error()

    def clean_description(self):
        return clean_text(self.cleaned_data["description"]) or self.required_error()

    def required_error(self):
        raise forms.ValidationError(_("This field is required."))

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not PHONE.match(phone):
            raise forms.ValidationError(_("Enter a telephone number (digits, - and +)."))
        return phone

    def clean_token(self):
        try:
            return TOKEN_SIGNER.unsign(self.cleaned_data["token"], max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:
            raise forms.ValidationError(
                _("The form has expired. Please reload the page and send it again.")
            ) from None

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        if upload.size > conf.get("GOVPAGES_APPLICATIONS_ATTACHMENT_MAX_BYTES"):
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        suffix = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        head = upload.read(16)
        upload.seek(0)
        signatures = ATTACHMENT_SIGNATURES.get(suffix)
        if not signatures or not any(head.startswith(sig) for sig in signatures):
            raise forms.ValidationError(_("Only PDF, JPG or PNG files are accepted."))
        return upload

    def clean(self):
        data = super().clean()
        number = (data.get("id_number") or "").strip().upper()
        id_type, applicant = data.get("id_type"), data.get("applicant_type")
        if number:
            data["id_number"] = number
            if id_type == IdentityType.RESIDENT_ID and not RESIDENT_ID.match(number):
                self.add_error("id_number", _("A resident identity card number has 18 characters."))
            if id_type == IdentityType.CREDIT_CODE and not CREDIT_CODE.match(number):
                self.add_error(
                    "id_number", _("A unified social credit code has 18 digits and letters.")
                )
        if (
            applicant
            and applicant != ApplicantType.NATURAL_PERSON
            and id_type
            and (id_type != IdentityType.CREDIT_CODE)
        ):
            self.add_error("id_type", _("An organisation gives its unified social credit code."))
        if data.get("delivery") == Delivery.POST and not (data.get("address") or "").strip():
            self.add_error("address", _("Give the postal address for delivery by post."))
        wants_email = Delivery.EMAIL in (data.get("delivery"), data.get("preferred_form"))
        if wants_email and not data.get("email"):
            self.add_error("email", _("Give an e-mail address for a reply by e-mail."))
        return data


class StatusQueryForm(forms.Form):
    number = forms.CharField(label=_("Case number"), max_length=20)
    code = forms.CharField(
        label=_("Query code"), max_length=20, widget=forms.PasswordInput(render_value=False)
    )
