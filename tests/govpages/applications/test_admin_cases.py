"""Cases in the admin: the flow through the action views, the append-only log, and department
isolation (another department's staff get 404 on every case URL and action)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from govpages.applications.models import Case, CaseLogEntry

from .conftest import make_case

PDF = b"%PDF-1.4\n%demo reply\n"


def post_action(client, case, name, **data):
    fields = {f"{name}-{key}": value for key, value in data.items()}
    return client.post(reverse("govpages_applications:action", args=[case.pk, name]), fields)


def test_the_case_flow_through_the_admin(client, two_departments):
    today = timezone.localdate()
    case = make_case(two_departments["a"], received_on=today)
    client.force_login(two_departments["users"]["editor_a"])
    index = client.get(reverse("govpages_applications:index")).content.decode()
    assert case.number in index
    assert "110101199003071234" not in index and "11**************34" in index  # masked
    page = client.get(reverse("govpages_applications:inspect", args=[case.pk]))
    assert page.status_code == 200 and "110101199003071234" in page.content.decode()
    assert "2025年本市财政预算执行情况" in page.content.decode()

    day = today.isoformat()
    post_action(client, case, "request_correction", day=day, note="请补充文号")
    post_action(client, case, "correction_supplied", day=day)
    post_action(client, case, "extend", day=day, days="30", note="理由")  # refused: > 20
    case.refresh_from_db()
    assert case.extension_days == 0
    post_action(client, case, "extend", day=day, days="10", note="需协调")
    reply = client.post(
        reverse("govpages_applications:action", args=[case.pk, "reply"]),
        {
            "reply-day": day,
            "reply-outcome": "partly_disclosed",
            "reply-delivery": "email",
            "reply-document": SimpleUploadedFile("答复书.pdf", PDF, "application/pdf"),
        },
    )
    assert reply.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.outcome, case.extension_days) == ("replied", "partly_disclosed", 10)
    assert [e.action for e in case.log.all()] == [
        "receive",
        "request_correction",
        "correction_supplied",
        "extend",
        "reply",
    ]
    assert all(e.username == "editor_a" for e in case.log.all()[1:])
    download = client.get(reverse("govpages_applications:file", args=[case.pk, "reply"]))
    assert b"".join(download.streaming_content) == PDF
    html = client.get(reverse("govpages_applications:inspect", args=[case.pk])).content.decode()
    assert "部分公开" in html and "申请人已补正" in html


def test_the_log_cannot_be_edited_or_deleted(two_departments):
    case = make_case(two_departments["a"])
    entry = case.log.get()
    entry.note = "改写"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    with pytest.raises(ValidationError):
        CaseLogEntry.objects.filter(case=case).update(note="改写")
    with pytest.raises(ValidationError):
        CaseLogEntry.objects.filter(case=case).delete()
    assert CaseLogEntry.objects.get(pk=entry.pk).note == ""


ROLES = ["editor_a", "reviewer_a", "editor_b", "portal_admin", "anonymous"]
SEES_CASE_OF_A = {"editor_a", "reviewer_a", "portal_admin"}


def case_urls(case):
    pk = case.pk
    return {
        "inspect": ("get", reverse("govpages_applications:inspect", args=[pk])),
        "file": ("get", reverse("govpages_applications:file", args=[pk, "attachment"])),
        "edit": ("get", reverse("govpages_applications:edit", args=[pk])),
        "delete": ("post", reverse("govpages_applications:delete", args=[pk])),
        **{
            name: ("post", reverse("govpages_applications:action", args=[pk, name]))
            for name in ["request_correction", "start_consultation", "extend", "reply"]
        },
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "target",
    [
        "inspect",
        "file",
        "edit",
        "delete",
        "request_correction",
        "start_consultation",
        "extend",
        "reply",
    ],
)
def test_case_isolation_matrix(client, two_departments, role, target):
    case = make_case(
        two_departments["a"],
        received_on=timezone.localdate(),
        attachment=SimpleUploadedFile("id.pdf", PDF),
    )
    if role != "anonymous":
        client.force_login(two_departments["users"][role])
    method, url = case_urls(case)[target]
    day = timezone.localdate().isoformat()
    data = {
        f"{target}-day": day,
        f"{target}-note": "说明",
        f"{target}-days": "5",
        f"{target}-outcome": "disclosed",
        f"{target}-delivery": "email",
    }
    response = getattr(client, method)(url, data)
    case.refresh_from_db()
    if role == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif role not in SEES_CASE_OF_A or target in {"edit", "delete"}:
        assert response.status_code == 404
    else:
        assert response.status_code in {200, 302}
    changed = case.log.count() > 1
    assert changed == (
        role in SEES_CASE_OF_A
        and target in {"request_correction", "start_consultation", "extend", "reply"}
    )


def test_other_departments_cases_are_not_listed(client, two_departments):
    own = make_case(two_departments["b"], name="李四")
    other = make_case(two_departments["a"], name="王五")
    client.force_login(two_departments["users"]["editor_b"])
    html = client.get(reverse("govpages_applications:index")).content.decode()
    assert own.number in html and "李四" in html
    assert other.number not in html and "王五" not in html
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert other.number not in dashboard


def test_dashboard_lists_overdue_and_due_soon(client, two_departments):
    today = timezone.localdate()
    overdue = make_case(two_departments["a"], received_on=today - datetime.timedelta(days=60))
    soon = make_case(two_departments["a"], received_on=today)
    Case.objects.filter(pk=soon.pk).update(due_date=today)
    later = make_case(two_departments["a"], received_on=today)
    client.force_login(two_departments["users"]["editor_a"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "due-application-cases" in html
    assert overdue.number in html and soon.number in html and later.number not in html
