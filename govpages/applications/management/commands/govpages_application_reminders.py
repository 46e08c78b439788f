"""For cron: e-mail each department's staff the cases overdue or due within a few working days."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from ...models import Case
from ...permissions import department_ids
from ...wagtail_hooks import due_soon_limit


def staff_with_cases():
    for user in get_user_model().objects.filter(is_active=True).exclude(email=""):
        if user.is_superuser:
            continue  # portal administrators see every case on their dashboard
        ids = department_ids(user)
        if ids:
            yield user, Case.objects.filter(department_id__in=ids)


class Command(BaseCommand):
    help = "E-mail department staff their overdue and soon-due application cases."

    def handle(self, **options):
        today = timezone.localdate()
        limit = due_soon_limit(today)
        sent = 0
        with override(settings.LANGUAGE_CODE):
            for user, cases in staff_with_cases():
                overdue = list(cases.overdue(today).order_by("due_date"))
                soon = list(cases.due_by(limit, today).order_by("due_date"))
                if not overdue and not soon:
                    continue
                lines = [f"{_('Overdue')}: {c.number} ({c.due_date:%Y-%m-%d})" for c in overdue]
                lines += [f"{_('due')}: {c.number} ({c.due_date:%Y-%m-%d})" for c in soon]
                send_mail(_("Applications due"), "\n".join(lines), None, [user.email])
                sent += 1
        self.stdout.write(f"{sent} reminder(s) sent")
