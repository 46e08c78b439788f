"""依申请公开 demo: the portal's application form and status query, and a few cases in different
states in the first two demo departments (keyed by their form token, so loading twice adds
nothing)."""

import datetime

from django.utils import timezone

from govpages.applications import actions
from govpages.applications.models import ApplicationFormPage, ApplicationStatusPage, Case

APPLICANTS = [
    ("natural_person", "陈建国", "resident_id", "110101198503072316"),
    ("business", "示范市宏达建设有限公司", "credit_code", "91110000MA01ABCD2X"),
    ("natural_person", "李红梅", "resident_id", "110105199201154429"),
    ("legal_service", "示范市正义律师事务所", "credit_code", "31110000MD0123456Y"),
    ("research", "示范市城市规划研究院", "credit_code", "12110000MB0987654Z"),
    ("natural_person", "王小川", "resident_id", "110108197711305512"),
]
REQUESTS = [
    "2025年本市老旧小区改造项目的资金安排和实施计划",
    "人民路道路拓宽工程的环境影响评价批复文件",
    "2025年度本部门行政事业性收费项目和标准",
    "某地块国有土地使用权出让合同（文号不详，位于城东新区）",
    "本市中小学校舍安全排查情况报告",
    "2024年政府采购项目的中标结果公告汇总",
]


def ensure_page(home, model, title, slug):
    page = model.objects.child_of(home).filter(slug=slug).first()
    if page is None:
        page = model(title=title, slug=slug)
        home.add_child(instance=page)
        page.save_revision().publish()
    return page


def new_case(index, department, received_days_ago, user):
    token = f"demo-application-{index}"
    existing = Case.objects.filter(submission_token=token).first()
    if existing is not None:
        return None
    applicant_type, name, id_type, id_number = APPLICANTS[index]
    received_at = timezone.now() - datetime.timedelta(days=received_days_ago)
    case = Case(
        submission_token=token,
        department=department,
        applicant_type=applicant_type,
        name=name,
        id_type=id_type,
        id_number=id_number,
        phone="010-6612345" + str(index),
        email=f"applicant{index}@example.com",
        address="示范市人民路100号",
        description=REQUESTS[index],
        preferred_form="email",
        delivery="email",
        received_at=received_at,
    )
    case.set_new_query_code()
    return actions.register(case, user)


def load(context):
    home = context["home"]
    ensure_page(home, ApplicationFormPage, "依申请公开", "apply")
    ensure_page(home, ApplicationStatusPage, "申请查询", "apply-status")
    departments = list(context["departments"].values())[:2]
    user = context["portal_admin_user"]
    today = timezone.localdate()
    first, second = departments
    new_case(0, first, 2, user)
    case = new_case(1, first, 6, user)
    if case is not None:
        actions.request_correction(case, user, case.received_on, "请提供所需信息的文号或具体位置。")
    new_case(2, first, 45, user)  # overdue
    case = new_case(3, second, 10, user)
    if case is not None:
        actions.start_consultation(case, user, today, "征求示范市宏达建设有限公司意见")
    case = new_case(4, second, 20, user)
    if case is not None:
        actions.reply(case, user, today, "partly_disclosed", "email", note="部分涉及商业秘密")
    case = new_case(5, second, 12, user)
    if case is not None:
        actions.extend(case, user, today, 15, "需向档案馆调取纸质档案")
