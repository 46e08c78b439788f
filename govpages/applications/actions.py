"""The transitions of a case. Each checks the case's state, changes it, recomputes the reply
deadline and appends one row to the case log, in one transaction; a refused transition raises
CaseActionError with a message for the admin and changes nothing."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import conf
from .models import Case, CaseLogEntry, CasePause
from .models.case import CaseState

RECEIVE = "receive"
REQUEST_CORRECTION = "request_correction"
CORRECTION_SUPPLIED = "correction_supplied"
START_CONSULTATION = "start_consultation"
END_CONSULTATION = "end_consultation"
EXTEND = "extend"
REPLY = "reply"
ANONYMISE = "anonymise"


class CaseActionError(Exception):
    pass


def action_labels():
    return {
        RECEIVE: _("Registered"),
        REQUEST_CORRECTION: _("Correction requested"),
        CORRECTION_SUPPLIED: _("Correction supplied"),
        START_CONSULTATION: _("Third-party consultation started"),
        END_CONSULTATION: _("Third-party consultation ended"),
        EXTEND: _("Deadline extended"),
        REPLY: _("Replied"),
        ANONYMISE: _("Personal data anonymised"),
    }


def record(case, action, user, day, note=""):
    CaseLogEntry.objects.create(
        case=case,
        action=action,
        user=user if user is not None and user.is_authenticated else None,
        username=user.get_username() if user is not None and user.is_authenticated else "",
        effective_on=day,
        note=note,
    )


def check_day(case, day):
    if day > timezone.localdate():
        raise CaseActionError(_("The date cannot be in the future."))
    if day < case.received_on and day < timezone.localdate(case.received_at):
        raise CaseActionError(_("The date cannot be before the application was received."))


def refresh_due_date(case):
    case.due_date = case.compute_due_date()
    case.save(
        update_fields=[
            "state",
            "due_date",
            "extension_days",
            "extension_reason",
            "outcome",
            "replied_on",
            "reply_document",
            "reply_delivery",
        ]
    )


def locked(case):
    return Case.objects.select_for_update().get(pk=case.pk)


def register(case, user=None):
    """登记: the case is received (online submissions are registered on arrival)."""
    case.set_received_on()
    case.due_date = case.compute_due_date()
    case.save()
    record(case, RECEIVE, user, case.received_on)
    return case


@transaction.atomic
def request_correction(case, user, day, note):
    case = locked(case)
    if case.state != CaseState.RECEIVED:
        raise CaseActionError(_("A correction can only be requested while the case is handled."))
    if case.pauses.filter(kind=CasePause.CORRECTION).exists():
        raise CaseActionError(_("A correction has already been requested for this case."))
    check_day(case, day)
    if day > case.correction_notice_due:
        raise CaseActionError(
            _("The correction notice was due by %(date)s (7 working days after receipt).")
            % {"date": case.correction_notice_due}
        )
    if not note.strip():
        raise CaseActionError(_("Say what the applicant must correct or add."))
    CasePause.objects.create(case=case, kind=CasePause.CORRECTION, started_on=day)
    case.state = CaseState.CORRECTION
    refresh_due_date(case)
    record(case, REQUEST_CORRECTION, user, day, note)
    return case


def end_pause(case, kind, day):
    pause = case.pauses.filter(kind=kind, ended_on__isnull=True).first()
    if day < pause.started_on:
        raise CaseActionError(_("The date cannot be before the pause started."))
    pause.ended_on = day
    pause.save(update_fields=["ended_on"])


@transaction.atomic
def correction_supplied(case, user, day, note=""):
    case = locked(case)
    if case.state != CaseState.CORRECTION:
        raise CaseActionError(_("This case is not waiting for a correction."))
    check_day(case, day)
    end_pause(case, CasePause.CORRECTION, day)
    case.state = CaseState.RECEIVED
    refresh_due_date(case)
    record(case, CORRECTION_SUPPLIED, user, day, note)
    return case


@transaction.atomic
def start_consultation(case, user, day, note):
    case = locked(case)
    if case.state != CaseState.RECEIVED:
        raise CaseActionError(_("A third party can only be consulted while the case is handled."))
    check_day(case, day)
    if not note.strip():
        raise CaseActionError(_("Name the third party consulted."))
    CasePause.objects.create(case=case, kind=CasePause.CONSULTATION, started_on=day)
    case.state = CaseState.CONSULTATION
    refresh_due_date(case)
    record(case, START_CONSULTATION, user, day, note)
    return case


@transaction.atomic
def end_consultation(case, user, day, note=""):
    case = locked(case)
    if case.state != CaseState.CONSULTATION:
        raise CaseActionError(_("No third-party consultation is under way."))
    check_day(case, day)
    end_pause(case, CasePause.CONSULTATION, day)
    case.state = CaseState.RECEIVED
    refresh_due_date(case)
    record(case, END_CONSULTATION, user, day, note)
    return case


@transaction.atomic
def extend(case, user, day, days, reason):
    case = locked(case)
    maximum = conf.get("GOVPAGES_APPLICATIONS_MAX_EXTENSION_DAYS")
    if case.state != CaseState.RECEIVED:
        raise CaseActionError(_("Only a case being handled can be extended."))
    if case.extension_days:
        raise CaseActionError(_("The deadline can be extended only once."))
    if not 1 <= days <= maximum:
        raise CaseActionError(_("An extension is 1 to %(max)d working days.") % {"max": maximum})
    if not reason.strip():
        raise CaseActionError(_("Give the reason for the extension."))
    check_day(case, day)
    if case.due_date is not None and day > case.due_date:
        raise CaseActionError(_("The deadline has passed: it can no longer be extended."))
    case.extension_days, case.extension_reason = days, reason.strip()
    refresh_due_date(case)
    record(case, EXTEND, user, day, reason.strip())
    return case


@transaction.atomic
def reply(case, user, day, outcome, delivery, document=None, note=""):
    from .outcomes import Outcome

    case = locked(case)
    if case.state == CaseState.REPLIED:
        raise CaseActionError(_("This case has been replied to."))
    if case.state == CaseState.CONSULTATION:
        raise CaseActionError(_("End the third-party consultation before replying."))
    if outcome not in Outcome.values:
        raise CaseActionError(_("Choose the outcome."))
    check_day(case, day)
    if case.state == CaseState.CORRECTION:
        if outcome != Outcome.OTHER_NO_CORRECTION:
            raise CaseActionError(
                _(
                    "While the correction is awaited the only reply is that the application is "
                    "no longer handled."
                )
            )
        end_pause(case, CasePause.CORRECTION, day)
    case.state = CaseState.REPLIED
    case.outcome, case.replied_on, case.reply_delivery = outcome, day, delivery
    if document is not None:
        case.reply_document = document
    refresh_due_date(case)
    record(case, REPLY, user, day, note)
    return case
