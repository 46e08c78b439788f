"""The demo holds 依申请公开 cases in different states in two departments; loading is idempotent."""

import pytest
from django.core.management import call_command

from govpages.applications.models import Case

pytestmark = pytest.mark.portal


def test_demo_cases_in_two_departments_and_states(demo_portal, client):
    cases = Case.objects.all()
    assert cases.count() == 6
    assert len({case.department_id for case in cases}) == 2
    assert {case.state for case in cases} == {"received", "correction", "consultation", "replied"}
    assert cases.overdue().count() == 1
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert Case.objects.count() == 6
    assert client.get("/apply/").status_code == 200
    assert client.get("/apply-status/").status_code == 200
