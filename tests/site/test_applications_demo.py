"""The demo holds 依申请公开 cases in different states in two departments; loading is idempotent."""

import pytest
from django.core.management import call_command

from govpages.applications.models import Case

pytestmark = pytest.mark.portal


def test_demo_cases_in_two_departments_and_states(demo_portal, client):
    # The annual report's demo adds last year's closed cases of its own.
    cases = Case.objects.filter(submission_token__startswith="demo-application-")
    assert cases.count() == 6
    assert len({case.department_id for case in cases}) == 2
    assert {case.state for case in cases} == {"received", "correction", "consultation", "replied"}
    assert cases.overdue().count() == 1
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert cases.count() == 6
    assert client.get("/apply/").status_code == 200
    assert client.get("/apply-status/").status_code == 200
