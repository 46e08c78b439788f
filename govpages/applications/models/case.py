"""A case: one application for government information and how it is handled.

Cases are not pages: they hold personal data, so nothing indexes, lists, feeds or serves them
but the admin views of the owning department (and the applicant's own status query).
"""

import secrets
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, InvalidStorageError, storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import conf, deadlines
from ..outcomes import Outcome

QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
QUERY_CODE_LENGTH = 8


def private_storage():
    """The storage of applicants' files: never MEDIA_ROOT, which the web server serves to
    anyone; staff get the files through a view that checks their department."""
    root = conf.get("GOVPAGES_APPLICATIONS_PRIVATE_ROOT")
    if root is None:
        try:
            return storages["govpages_applications"]
        except InvalidStorageError:
            media_root = Path(settings.MEDIA_ROOT or ".").resolve()
            root = media_root.parent / "govpages_private"
    return FileSystemStorage(location=root, base_url="/govpages-private-files-are-not-served/")


def attachment_path(instance, filename):
    """A random name: the file's name could carry personal data, and must not be guessable."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"govpages_applications/{uuid.uuid4().hex}.{suffix}"


class ApplicantType(models.TextChoices):
    NATURAL_PERSON = "natural_person", _("natural person")
    BUSINESS = "business", _("commercial enterprise")
    RESEARCH = "research", _("research institution")
    PUBLIC_INTEREST = "public_interest", _("public-interest organisation")
    LEGAL_SERVICE = "legal_service", _("legal service institution")
    OTHER_ORGANISATION = "other_organisation", _("other organisation")


class IdentityType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("resident identity card")
    PASSPORT = "passport", _("passport")
    HK_MACAO_PERMIT = (
        "hk_macao_permit",
        _("Mainland travel permit for Hong Kong and Macao residents"),
    )
    TAIWAN_PERMIT = "taiwan_permit", _("Mainland travel permit for Taiwan residents")
    FOREIGNER_PERMANENT = "foreigner_permanent", _("foreigner's permanent residence ID card")
    CREDIT_CODE = "credit_code", _("unified social credit code")
    OTHER = "other", _("other document")


class PreferredForm(models.TextChoices):
    PAPER = "paper", _("paper")
    EMAIL = "email", _("e-mail")
    DISC = "disc", _("optical disc")
    OTHER = "other", _("other")


class Delivery(models.TextChoices):
    POST = "post", _("by post")
    EMAIL = "email", _("by e-mail")
    COLLECT = "collect", _("collected in person")
    ONLINE = "online", _("online")


class CaseState(models.TextChoices):
    RECEIVED = "received", _("being handled")
    CORRECTION = "correction", _("awaiting the applicant's correction")
    CONSULTATION = "consultation", _("consulting a third party")
    REPLIED = "replied", _("replied")


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(state=CaseState.REPLIED)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def due_by(self, day, today=None):
        return self.open().filter(due_date__gte=today or timezone.localdate(), due_date__lte=day)

    def recompute_due_dates(self):
        from govpages_workdays.workcalendar import WorkCalendar

        calendar = WorkCalendar()
        changed = []
        for case in self.open().prefetch_related("pauses"):
            due = case.compute_due_date(calendar)
            if due != case.due_date:
                case.due_date = due
                changed.append(case)
        Case.objects.bulk_update(changed, ["due_date"])
        return len(changed)


class Case(models.Model):
    number = models.CharField(_("case number"), max_length=20, unique=True, editable=False)
    query_code_hash = models.CharField(max_length=128, editable=False)
    # One per rendered public form: the same form sent twice is one case.
    submission_token = models.CharField(max_length=64, unique=True, null=True, editable=False)
    department = models.ForeignKey(
        "govpages.DepartmentPage",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="application_cases",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=CaseState.choices, default=CaseState.RECEIVED
    )

    applicant_type = models.CharField(
        _("applicant type"), max_length=30, choices=ApplicantType.choices
    )
    name = models.CharField(_("name"), max_length=100)
    id_type = models.CharField(_("identity document"), max_length=30, choices=IdentityType.choices)
    id_number = models.CharField(_("identity document number"), max_length=30)
    phone = models.CharField(_("telephone"), max_length=30)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("postal address"), max_length=200, blank=True)
    description = models.TextField(_("information sought"), max_length=2000)
    preferred_form = models.CharField(
        _("preferred form"), max_length=20, choices=PreferredForm.choices
    )
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery.choices)
    attachment = models.FileField(
        _("identity copy"),
        upload_to=attachment_path,
        storage=private_storage,
        blank=True,
        max_length=200,
    )

    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    received_on = models.DateField(_("date of receipt"))
    extension_days = models.PositiveSmallIntegerField(_("extension (working days)"), default=0)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    due_date = models.DateField(_("reply due"), null=True, blank=True)

    outcome = models.CharField(_("outcome"), max_length=40, choices=Outcome.choices, blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    reply_document = models.FileField(
        _("reply document"),
        upload_to=attachment_path,
        storage=private_storage,
        blank=True,
        max_length=200,
    )
    reply_delivery = models.CharField(
        _("reply delivered"), max_length=20, choices=Delivery.choices, blank=True
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("application case")
        verbose_name_plural = _("application cases")
        indexes = [models.Index(fields=["department", "state", "due_date"])]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        self.set_received_on()
        super().save(*args, **kwargs)
        if not self.number:
            self.number = f"YSQ{self.received_on:%Y}{self.pk:06d}"
            Case.objects.filter(pk=self.pk).update(number=self.number)

    def set_received_on(self):
        if not self.received_on:
            self.received_on = deadlines.receipt_working_day(timezone.localdate(self.received_at))

    # --- the query code ---------------------------------------------------------------------

    def set_new_query_code(self):
        code = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))
        self.query_code_hash = make_password(code)
        return code

    def check_query_code(self, code):
        return check_password((code or "").strip().upper(), self.query_code_hash)

    # --- deadlines --------------------------------------------------------------------------

    def pause_spans(self):
        if self.pk is None:
            return []
        return [(p.started_on, p.ended_on) for p in self.pauses.all()]

    def compute_due_date(self, calendar=None):
        return deadlines.reply_deadline(
            self.received_on, self.pause_spans(), self.extension_days, calendar
        )

    @property
    def correction_notice_due(self):
        return deadlines.correction_notice_deadline(self.received_on)

    @property
    def is_open(self):
        return self.state != CaseState.REPLIED

    def is_overdue(self, today=None):
        return (
            self.is_open
            and self.due_date is not None
            and self.due_date < (today or timezone.localdate())
        )

    @property
    def masked_id_number(self):
        number = self.id_number
        if len(number) <= 4:
            return "*" * len(number)
        return number[:2] + "*" * (len(number) - 4) + number[-2:]


class CasePause(models.Model):
    """A stretch the reply clock does not run: waiting for a 补正, or a third-party consultation."""

    CORRECTION = "correction"
    CONSULTATION = "consultation"
    KIND_CHOICES = [(CORRECTION, _("correction")), (CONSULTATION, _("third-party consultation"))]

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        ordering = ["started_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.started_on}–{self.ended_on or ''}"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("The case log cannot be changed."))

    def delete(self):
        raise ValidationError(_("The case log cannot be changed."))


class CaseLogEntry(models.Model):
    """One transition of a case, by whom and when. Rows are only ever added."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="log")
    action = models.CharField(_("action"), max_length=30)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(_("user"), max_length=150, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now)
    effective_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("case log entry")
        verbose_name_plural = _("case log")

    def __str__(self):
        return f"{self.case_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("The case log cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("The case log cannot be changed."))
