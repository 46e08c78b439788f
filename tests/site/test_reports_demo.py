"""The demo's annual report: last year's, published, counted from the demo catalog and cases."""

import pytest
from django.utils import timezone

from govpages.reports.models import AnnualReportPage

pytestmark = pytest.mark.portal


def test_last_years_report_of_one_department(demo_portal, client):
    report = AnnualReportPage.objects.live().get()
    assert report.year == timezone.localdate().year - 1
    assert report.department is not None
    assert report.problems() == []
    table = report.table_three()
    assert table["new"]["total"] == 6
    assert table["results_total"]["total"] == 5
    assert table["carried_forward"]["total"] == 1
    assert report.table_two()["normative"]["issued"] == 1
    assert client.get(report.url).status_code == 200
