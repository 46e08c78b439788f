import datetime

import pytest

from govpages.reports.models import AnnualReportPage

from ..applications.conftest import clear_cache, make_case, two_departments  # noqa: F401

D = datetime.date


def make_report(parent, year, *, publish=True, slug=None, **fields):
    report = AnnualReportPage(
        title=f"{year}年政府信息公开工作年度报告",
        slug=slug or f"report-{year}-{parent.pk}",
        year=year,
        live=False,
        **fields,
    )
    parent.add_child(instance=report)
    report.full_clean()
    revision = report.save_revision()
    if publish:
        revision.publish()
    return AnnualReportPage.objects.get(pk=report.pk)


def replied(case, outcome, day):
    # Stored directly: the fixture spans years the actions' "today" check would refuse.
    case.state, case.outcome, case.replied_on = "replied", outcome, day
    case.save()
    return case


@pytest.fixture
def world(two_departments):  # noqa: F811
    return two_departments
