"""The iCal import as it was before it was batched (issue 17 item 11): one add_child and one
save_revision per event. The reference that the batched import is compared with, in the tests
(same rows) and in bench/ical_import.py (its speed)."""

from django.db import transaction
from django.utils.text import slugify

from govpages_events.ical import _paragraphs, new_relations, parse_calendar
from govpages_events.models import EventOccurrence, EventPage


def import_one_by_one(data, index_page, user=None):
    events = parse_calendar(data)
    created, skipped = [], []
    with transaction.atomic():
        uids = [values["uid"] for values in events]
        known = set(EventOccurrence.objects.filter(uid__in=uids).values_list("uid", flat=True))
        for values in events:
            if values["uid"] in known:
                skipped.append(values["uid"])
                continue
            known.add(values["uid"])
            base = slug_base(values)
            existing = set(index_page.get_children().values_list("slug", flat=True))
            slug, counter = base, 2
            while slug in existing:
                slug = f"{base}-{counter}"
                counter += 1
            page = EventPage(
                title=values["title"],
                slug=slug,
                live=False,
                owner=user,
                announcement=_paragraphs(values["description"]),
            )
            page.occurrences, page.venues = new_relations(values)
            index_page.add_child(instance=page)
            page.save_revision(user=user, log_action=True)
            created.append(page)
    return created, skipped


def slug_base(values):
    base = slugify(values["title"], allow_unicode=True)[:60] or "event"
    return f"{base}-{values['start']:%Y%m%d}"
