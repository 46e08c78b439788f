"""Each check names the cell it fails on; a failing report cannot be published."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from govpages.applications.outcomes import Outcome
from govpages.reports.models import AnnualReportPage, TableThreeCorrection

from .conftest import D, make_case, make_report, replied


def correct(report, row, column, value, reason="核对纸质台账"):
    TableThreeCorrection.objects.create(
        page=report, row=row, column=column, value=value, reason=reason
    )


def test_a_correction_that_breaks_the_balance_names_the_cell(world):
    a = world["a"]
    replied(make_case(a, D(2026, 3, 2)), Outcome.DISCLOSED, D(2026, 3, 20))
    report = make_report(a, 2026)
    correct(report, "disclosed", "natural_person", 2)
    assert report.problems() == [
        "表三“（一）予以公开”行“总计”列：总计 1 不等于各列之和 2",
        "表三“（七）总计”行“自然人”列：1 不等于上方各项办理结果之和 2",
    ]


def test_new_plus_carried_over_must_equal_results_plus_carried_forward(world):
    report = make_report(world["a"], 2026, publish=False)
    correct(report, "new", "research", 1)
    correct(report, "new", "total", 1)
    assert report.problems() == [
        "表三“四、结转下年度继续办理”行“科研机构”列：本年新收 1 + 上年结转 0 ≠ "
        "办理结果总计 0 + 结转下年度 0",
        "表三“四、结转下年度继续办理”行“总计”列：本年新收 1 + 上年结转 0 ≠ "
        "办理结果总计 0 + 结转下年度 0",
    ]


def test_a_column_total_that_is_not_the_sum_names_the_total_cell(world):
    report = make_report(world["a"], 2026)
    correct(report, "new", "total", 5)
    problems = report.problems()
    assert any("本年新收" in p and "总计" in p for p in problems), problems


def test_carried_over_must_equal_last_years_carried_forward(world):
    a = world["a"]
    last_year = make_report(a, 2025, slug="r2025")
    correct(last_year, "carried_forward", "business", 1)
    correct(last_year, "carried_forward", "total", 1)
    correct(last_year, "new", "business", 1)
    correct(last_year, "new", "total", 1)
    assert last_year.problems() == []
    problems = make_report(a, 2026, publish=False).problems()
    assert (
        "表三“二、上年结转政府信息公开申请数量”行“商业企业”列：为 0，但上年度报告的结转下年度为 1"
        in problems
    )


def test_table_four_total_must_be_the_sum(world):
    report = make_report(
        world["a"], 2026, publish=False, review_upheld=2, review_corrected=1, review_total=4
    )
    assert report.problems() == ["表四“行政复议”行“总计”列：总计 4 不等于各项结果之和 3"]
    report.review_total = 3
    assert report.problems() == []


def test_the_portal_level_report_is_the_sum_of_the_departments(world):
    a, b, home = world["a"], world["b"], world["home"]
    replied(make_case(a, D(2026, 3, 2)), Outcome.DISCLOSED, D(2026, 3, 20))
    make_case(b, D(2026, 4, 2), "business")
    make_report(a, 2026, licensing_decisions=3, review_upheld=1, review_total=1)
    make_report(b, 2026, licensing_decisions=4)
    make_report(b, 2026, slug="draft", publish=False, licensing_decisions=100)  # not counted
    portal = make_report(home, 2026, publish=False, licensing_decisions=7)
    assert portal.is_portal_level
    table = portal.table_three()
    assert table["new"]["total"] == 2
    assert table["new"]["business"] == 1
    assert table["disclosed"]["natural_person"] == 1
    assert table["carried_forward"]["business"] == 1
    problems = portal.problems()
    assert any("行政复议" in p and "结果维持" in p for p in problems), problems
    assert not any("行政许可" in p for p in problems)
    portal.review_upheld = portal.review_total = 1
    assert portal.problems() == []
    portal.licensing_decisions = 8
    assert any("行政许可" in p and "7" in p for p in portal.problems())


def test_publishing_a_failing_revision_is_refused(world):
    report = make_report(world["a"], 2026, publish=False, review_upheld=1)
    with pytest.raises(ValidationError):
        report.get_latest_revision().publish()
    assert not AnnualReportPage.objects.get(pk=report.pk).live


def report_form(report, **fields):
    data = {
        "title": report.title,
        "slug": report.slug,
        "year": str(report.year),
        "overview": rich_text("<p>总体情况</p>"),
        "improvements": rich_text(""),
        "other_matters": rich_text(""),
        "corrections": inline_formset([]),
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    for name in (
        "licensing_decisions",
        "penalty_decisions",
        "enforcement_decisions",
        "fees_amount",
        *[
            f"{g}_{c}"
            for g in ("review", "direct_suit", "suit_after_review")
            for c in ("upheld", "corrected", "other", "pending", "total")
        ],
    ):
        data[name] = "0"
    data.update(fields)
    return nested_form_data(data)


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.cn", "x"))
    return client


def test_the_editor_shows_why_a_report_cannot_be_published(world, admin_client):
    report = make_report(world["a"], 2026, publish=False)
    url = reverse("wagtailadmin_pages:edit", args=[report.pk])
    response = admin_client.post(url, report_form(report, review_upheld="2", review_total="1"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "表四" in html and "行政复议" in html and "总计" in html
    assert not AnnualReportPage.objects.get(pk=report.pk).live

    response = admin_client.post(url, report_form(report, review_upheld="2", review_total="2"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert AnnualReportPage.objects.get(pk=report.pk).live


def test_a_correction_needs_a_reason_and_records_who_made_it(world, admin_client):
    report = make_report(world["a"], 2026, publish=False)
    url = reverse("wagtailadmin_pages:edit", args=[report.pk])
    row = {"row": "new", "column": "total", "value": "0", "reason": ""}
    response = admin_client.post(url, report_form(report, corrections=inline_formset([row])))
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    row["reason"] = "与收文登记簿核对一致"
    response = admin_client.post(url, report_form(report, corrections=inline_formset([row])))
    assert response.status_code == 302, response.content.decode()[:3000]
    correction = AnnualReportPage.objects.get(pk=report.pk).corrections.get()
    assert correction.user.username == "root"
    assert correction.reason == "与收文登记簿核对一致"


@pytest.mark.parametrize(
    ("value", "message"), [("-1", "确保该值大于或等于0"), ("2.5", "输入整数"), ("abc", "输入整数")]
)
def test_entered_cells_accept_only_non_negative_integers(world, admin_client, value, message):
    report = make_report(world["a"], 2026, publish=False)
    url = reverse("wagtailadmin_pages:edit", args=[report.pk])
    response = admin_client.post(url, report_form(report, penalty_decisions=value))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AnnualReportPage.objects.get(pk=report.pk).live


def test_another_departments_editor_cannot_edit_the_report(world, client):
    report = make_report(world["a"], 2026)
    client.force_login(world["users"]["editor_b"])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[report.pk]))
    assert response.status_code in (302, 403)
    client.force_login(world["users"]["editor_a"])
    assert client.get(reverse("wagtailadmin_pages:edit", args=[report.pk])).status_code == 200
