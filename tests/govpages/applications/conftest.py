import datetime

import pytest
from django.core.cache import cache

from govpages.applications.actions import register
from govpages.applications.models import Case
from govpages.departments.provisioning import (
    DepartmentSpec,
    ensure_portal_admin_group,
    provision_department,
)

from ..conftest import DEPARTMENT_A, DEPARTMENT_B, build_site, make_user


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def two_departments(db):
    home = build_site()
    a = provision_department(DepartmentSpec(**DEPARTMENT_A)).department
    b = provision_department(DepartmentSpec(**DEPARTMENT_B)).department
    users = {
        "editor_a": make_user("editor_a", a.editors_group),
        "reviewer_a": make_user("reviewer_a", a.reviewers_group),
        "editor_b": make_user("editor_b", b.editors_group),
        "portal_admin": make_user("portal_admin", ensure_portal_admin_group()),
    }
    return {"home": home, "a": a, "b": b, "users": users}


def make_case(department, received_on=None, applicant_type="natural_person", **extra):
    received_on = received_on or datetime.date(2026, 3, 2)
    case = Case(
        department=department,
        applicant_type=applicant_type,
        name=extra.pop("name", "张三"),
        id_type="resident_id",
        id_number=extra.pop("id_number", "110101199003071234"),
        phone="010-12345678",
        email=extra.pop("email", "zhangsan@example.com"),
        description="2025年本市财政预算执行情况",
        preferred_form="email",
        delivery="email",
        received_on=received_on,
        **extra,
    )
    case.set_new_query_code()
    return register(case)


@pytest.fixture
def time_machine_today(monkeypatch):
    """Sets what django.utils.timezone.localdate() answers without a value (the actions'
    "today"), so a flow in 2026 can be replayed on any day."""
    from django.utils import timezone

    real = timezone.localdate

    def set_today(day):
        monkeypatch.setattr(
            timezone,
            "localdate",
            lambda value=None, timezone=None: day if value is None else real(value, timezone),
        )

    return set_today
