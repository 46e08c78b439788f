"""The outcomes of a reply: exactly the result rows of table 三 of the annual report
(国办公开办函〔2021〕30号), so that the report counts them without a mapping."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Outcome(models.TextChoices):
    DISCLOSED = "disclosed", _("Disclosed")
    PARTLY_DISCLOSED = "partly_disclosed", _("Partly disclosed")
    WITHHELD_STATE_SECRET = "withheld_state_secret", _("Withheld: state secret")
    WITHHELD_LAW = "withheld_law", _("Withheld: prohibited by other laws and regulations")
    WITHHELD_SECURITY = (
        "withheld_security",
        _('Withheld: endangers the "three securities and one stability"'),
    )
    WITHHELD_THIRD_PARTY = "withheld_third_party", _("Withheld: protects a third party's rights")
    WITHHELD_INTERNAL = (
        "withheld_internal",
        _("Withheld: one of the three kinds of internal affairs"),
    )
    WITHHELD_PROCESS = (
        "withheld_process",
        _("Withheld: one of the four kinds of process information"),
    )
    WITHHELD_ENFORCEMENT = "withheld_enforcement", _("Withheld: administrative enforcement file")
    WITHHELD_QUERY = "withheld_query", _("Withheld: administrative query matter")
    UNAVAILABLE_NOT_HELD = (
        "unavailable_not_held",
        _("Cannot be provided: this authority does not hold the information"),
    )
    UNAVAILABLE_TO_BE_MADE = (
        "unavailable_to_be_made",
        _("Cannot be provided: the information would have to be made"),
    )
    UNAVAILABLE_UNCLEAR = (
        "unavailable_unclear",
        _("Cannot be provided: still unclear after correction"),
    )
    NOT_HANDLED_PETITION = "not_handled_petition", _("Not handled: a petition, report or complaint")
    NOT_HANDLED_REPEATED = "not_handled_repeated", _("Not handled: a repeated application")
    NOT_HANDLED_PUBLICATION = (
        "not_handled_publication",
        _("Not handled: asks for a public publication"),
    )
    NOT_HANDLED_MASS = (
        "not_handled_mass",
        _("Not handled: large numbers of repeated applications without good reason"),
    )
    NOT_HANDLED_CONFIRMATION = (
        "not_handled_confirmation",
        _("Not handled: asks to confirm or reissue information already obtained"),
    )
    OTHER_NO_CORRECTION = (
        "other_no_correction",
        _("Other: the applicant did not supply the correction in time without good reason"),
    )
    OTHER_FEE_UNPAID = (
        "other_fee_unpaid",
        _("Other: the applicant did not pay the fee in time as notified"),
    )
    OTHER = "other", pgettext_lazy("outcome", "Other")


# Table 三's groups, in the report's order: (row heading, outcomes under it).
OUTCOME_GROUPS = [
    (_("(1) Disclosed"), [Outcome.DISCLOSED]),
    (_("(2) Partly disclosed"), [Outcome.PARTLY_DISCLOSED]),
    (
        _("(3) Withheld"),
        [
            Outcome.WITHHELD_STATE_SECRET,
            Outcome.WITHHELD_LAW,
            Outcome.WITHHELD_SECURITY,
            Outcome.WITHHELD_THIRD_PARTY,
            Outcome.WITHHELD_INTERNAL,
            Outcome.WITHHELD_PROCESS,
            Outcome.WITHHELD_ENFORCEMENT,
            Outcome.WITHHELD_QUERY,
        ],
    ),
    (
        _("(4) Cannot be provided"),
        [
            Outcome.UNAVAILABLE_NOT_HELD,
            Outcome.UNAVAILABLE_TO_BE_MADE,
            Outcome.UNAVAILABLE_UNCLEAR,
        ],
    ),
    (
        _("(5) Not handled"),
        [
            Outcome.NOT_HANDLED_PETITION,
            Outcome.NOT_HANDLED_REPEATED,
            Outcome.NOT_HANDLED_PUBLICATION,
            Outcome.NOT_HANDLED_MASS,
            Outcome.NOT_HANDLED_CONFIRMATION,
        ],
    ),
    (
        _("(6) Other handling"),
        [Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_FEE_UNPAID, Outcome.OTHER],
    ),
]
