"""The cron commands and the annual export, read back with openpyxl and csv."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from govpages.applications.models import Case

from .conftest import make_case


def test_export_for_a_year_masks_identity_numbers(two_departments, tmp_path):
    a = two_departments["a"]
    make_case(a, datetime.date(2026, 3, 2), name="张三")
    make_case(a, datetime.date(2025, 3, 2), name="去年")
    replied = make_case(a, datetime.date(2025, 12, 29), name="结转")
    Case.objects.filter(pk=replied.pk).update(
        state="replied", outcome="disclosed", replied_on=datetime.date(2026, 1, 5)
    )
    make_case(two_departments["b"], datetime.date(2026, 3, 2), name="别的部门")
    xlsx = tmp_path / "cases.xlsx"
    call_command("govpages_export_applications", str(xlsx), department=a.org_code, year=2026)
    rows = list(openpyxl.load_workbook(xlsx).active.iter_rows(values_only=True))
    assert rows[0][0] == "申请编号"
    names = [row[2] for row in rows[1:]]
    assert sorted(names) == ["去年", "张三", "结转"]  # 去年 still open, so carried into 2026
    assert all("110101199003071234" not in str(row) for row in rows)
    assert rows[1][3] == "11**************34"
    out = tmp_path / "cases.csv"
    call_command("govpages_export_applications", str(out), department=str(a.pk), year=2026)
    parsed = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert len(parsed) == 4 and "予以公开" in sum(parsed, [])


def test_export_refuses_bad_arguments(two_departments, tmp_path):
    with pytest.raises(CommandError, match="no department"):
        call_command(
            "govpages_export_applications", str(tmp_path / "x.csv"), department="nope", year=2026
        )
    with pytest.raises(CommandError, match=r"\.csv or \.xlsx"):
        call_command(
            "govpages_export_applications",
            str(tmp_path / "x.txt"),
            department=two_departments["a"].org_code,
            year=2026,
        )


def test_reminders_go_to_the_departments_staff(two_departments):
    today = timezone.localdate()
    overdue = make_case(two_departments["a"], received_on=today - datetime.timedelta(days=60))
    call_command("govpages_application_reminders", stdout=io.StringIO())
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert "editor_a@example.gov.cn" in recipients and "reviewer_a@example.gov.cn" in recipients
    assert "editor_b@example.gov.cn" not in recipients
    assert all(overdue.number in m.body for m in mail.outbox)


def test_anonymise_after_the_retention_period(two_departments, settings):
    settings.GOVPAGES_APPLICATIONS_RETENTION_DAYS = 30
    today = timezone.localdate()
    old = make_case(
        two_departments["a"],
        received_on=today - datetime.timedelta(days=90),
        attachment=SimpleUploadedFile("id.pdf", b"%PDF-1.4"),
    )
    Case.objects.filter(pk=old.pk).update(
        state="replied", outcome="disclosed", replied_on=today - datetime.timedelta(days=40)
    )
    recent = make_case(two_departments["a"], received_on=today - datetime.timedelta(days=10))
    call_command("govpages_anonymise_applications", stdout=io.StringIO())
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.id_number, old.phone, old.email, old.attachment.name) == (
        "—",
        "",
        "",
        "",
        "",
    )
    assert old.outcome == "disclosed" and old.applicant_type == "natural_person"
    assert old.log.last().action == "anonymise"
    assert recent.name == "张三"
    with pytest.raises(CommandError, match="zero or more"):
        call_command("govpages_anonymise_applications", days=-1)
