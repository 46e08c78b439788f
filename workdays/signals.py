"""``calendar_changed``: sent after a DayAdjustment is saved or deleted, so that apps holding
computed deadlines (forum questions, application cases) recompute them. The calendar knows
nothing of those apps; they connect to this signal."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

calendar_changed = Signal()


def connect_calendar_changed():
    from .models import DayAdjustment

    def send(sender, **kwargs):
        calendar_changed.send(sender=DayAdjustment)

    for signal, uid in [(post_save, "workdays_saved"), (post_delete, "workdays_deleted")]:
        signal.connect(send, sender=DayAdjustment, weak=False, dispatch_uid=uid)
