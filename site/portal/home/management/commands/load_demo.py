from django.core.management.base import BaseCommand
from django.db import transaction

from portal.demo import STEPS


class Command(BaseCommand):
    help = "Create the demo portal in Chinese (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        context = {"stdout": self.stdout, "style": self.style}
        with transaction.atomic():
            for step in STEPS:
                step(context)
        self.stdout.write(self.style.SUCCESS("Demo portal ready."))
