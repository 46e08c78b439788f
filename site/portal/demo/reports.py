"""Last year's 政府信息公开工作年度报告 of the first demo department, filled from the demo data.

Tables 二 (规章, 行政规范性文件) and 三 are counted from the department's catalog and cases; the
rows the portal does not hold, table 四 and the text sections are what an editor would enter.
"""

import datetime

from django.utils import timezone

from govpages.models import DisclosureCatalogPage, DisclosureItemPage, DocumentGenre
from govpages.reports.models import AnnualReportPage

from .catalog import CATALOG_SLUG, departments

REPORT_SLUG_PREFIX = "gzndbg"
# Last year's closed cases (applicant type, received, replied, outcome): what table 三 counts.
LAST_YEAR_CASES = [
    ("natural_person", (3, 2), (3, 20), "disclosed"),
    ("natural_person", (5, 11), (6, 3), "partly_disclosed"),
    ("natural_person", (7, 8), (7, 30), "unavailable_not_held"),
    ("business", (9, 1), (9, 22), "withheld_third_party"),
    ("legal_service", (10, 15), (11, 5), "disclosed"),
    ("natural_person", (12, 26), None, "disclosed"),  # replied in January: carried forward
]


def ensure_last_year_cases(department, year):
    """Cases stored with their dates as they were (the admin actions only act on today)."""
    from django.apps import apps

    if not apps.is_installed("govpages.applications"):
        return
    from govpages.applications.actions import register
    from govpages.applications.models import Case

    for index, (applicant_type, received, replied, outcome) in enumerate(LAST_YEAR_CASES):
        token = f"demo-report-case-{year}-{index}"
        if Case.objects.filter(submission_token=token).exists():
            continue
        case = Case(
            submission_token=token,
            department=department,
            applicant_type=applicant_type,
            name="示范市宏达建设有限公司" if applicant_type != "natural_person" else "李明",
            id_type="credit_code" if applicant_type != "natural_person" else "resident_id",
            id_number="91110000MA00000X1Y"
            if applicant_type != "natural_person"
            else "110101198001011234",
            phone="010-66120000",
            email=f"report-case-{index}@example.com",
            address="示范市人民路100号",
            description="申请公开本部门年度预算执行情况",
            preferred_form="email",
            delivery="email",
            received_on=datetime.date(year, *received),
        )
        case.set_new_query_code()
        case = register(case)
        case.state, case.outcome = "replied", outcome
        case.replied_on = (
            datetime.date(year, *replied) if replied else datetime.date(year + 1, 1, 9)
        )
        case.save()


def ensure_normative_document(department, year):
    catalog = DisclosureCatalogPage.objects.child_of(department).filter(slug=CATALOG_SLUG).first()
    slug = f"gfxwj-{year}"
    if catalog is None or DisclosureItemPage.objects.child_of(catalog).filter(slug=slug).exists():
        return
    item = DisclosureItemPage(
        title=f"{department.display_name}关于印发《政务公开工作规范》的通知",
        slug=slug,
        summary="规范本部门主动公开、依申请公开和政策解读工作。",
        body="<p>现将《政务公开工作规范》印发给你们，请认真贯彻执行。</p>",
        doc_number=f"示{department.display_name[:2]}规〔{year}〕1号",
        document_date=datetime.date(year, 3, 15),
        publication_date=datetime.date(year, 3, 18),
        keywords="政务公开 规范性文件",
        genre=DocumentGenre.objects.get(name="行政规范性文件"),
        live=False,
    )
    catalog.add_child(instance=item)
    item.save_revision().publish()


def load(context):
    listed = departments(context)
    if not listed:
        return
    department = listed[0]
    year = timezone.localdate().year - 1
    slug = f"{REPORT_SLUG_PREFIX}-{year}"
    if AnnualReportPage.objects.child_of(department).filter(slug=slug).exists():
        return
    ensure_normative_document(department, year)
    ensure_last_year_cases(department, year)
    report = AnnualReportPage(
        title=f"{department.title}{year}年政府信息公开工作年度报告",
        slug=slug,
        year=year,
        overview=(
            f"<p>{year}年，{department.title}认真贯彻落实《中华人民共和国政府信息公开条例》，"
            "围绕中心工作，持续深化主动公开，规范办理依申请公开，政府信息公开工作取得新成效。</p>"
            "<p>本报告中所列数据的统计期限自当年1月1日起至12月31日止。</p>"
        ),
        licensing_decisions=126,
        penalty_decisions=18,
        enforcement_decisions=2,
        fees_amount=0,
        review_upheld=1,
        review_total=1,
        direct_suit_pending=1,
        direct_suit_total=1,
        improvements=(
            "<p>存在的主要问题：部分栏目更新不够及时，政策解读形式较为单一。</p>"
            "<p>改进措施：健全信息发布审核机制，丰富图文、视频等解读形式。</p>"
        ),
        other_matters="<p>本年度未收取信息处理费。</p>",
        live=False,
    )
    department.add_child(instance=report)
    report.full_clean()
    report.save_revision().publish()
