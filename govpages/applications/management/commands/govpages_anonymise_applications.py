"""Anonymise replied cases older than GOVPAGES_APPLICATIONS_RETENTION_DAYS: the personal data
go, the type of applicant, the dates and the outcome stay for the annual reports."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from ... import conf
from ...actions import ANONYMISE, record
from ...models import Case
from ...models.case import CaseState


def anonymise(case):
    for name in ["phone", "email", "address", "id_number"]:
        setattr(case, name, "")
    case.name = "—"
    case.description = "—"
    for field in (case.attachment, case.reply_document):
        if field:
            field.delete(save=False)
    case.anonymised_at = timezone.now()
    case.save()
    record(case, ANONYMISE, None, timezone.localdate())


class Command(BaseCommand):
    help = "Anonymise replied application cases older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, help="override GOVPAGES_APPLICATIONS_RETENTION_DAYS"
        )

    def handle(self, days=None, **options):
        days = conf.get("GOVPAGES_APPLICATIONS_RETENTION_DAYS") if days is None else days
        if days < 0:
            raise CommandError("--days must be zero or more")
        cutoff = timezone.localdate() - datetime.timedelta(days=days)
        cases = Case.objects.filter(
            state=CaseState.REPLIED, replied_on__lt=cutoff, anonymised_at__isnull=True
        )
        count = 0
        with transaction.atomic():
            for case in cases:
                anonymise(case)
                count += 1
        self.stdout.write(f"{count} case(s) anonymised")
