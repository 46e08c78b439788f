"""Demo content for the reference portal, written for it.

``load_demo`` runs the steps in STEPS in order; each step is a function ``(context) -> None`` that
must be idempotent (look up by a stable key, create only what is missing). ``context`` is a dict
holding at least ``site``, ``home`` and ``stdout``; steps may add to it for later steps.
"""

from . import (
    applications,
    attachments,
    base,
    catalog,
    column,
    departments,
    events,
    home_links,
    reports,
)

STEPS = [
    base.load,
    departments.load,
    catalog.load,
    attachments.load,
    events.load,
    column.load,
    applications.load,
    reports.load,  # after applications: table 三 counts the demo cases
    home_links.load,  # keep last: links to pages the steps above create
]
