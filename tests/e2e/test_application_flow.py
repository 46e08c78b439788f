"""依申请公开 end to end: a citizen applies on the portal's form, a department editor replies in
the admin, and the citizen sees the reply on the status page."""

import re

import pytest

from .test_editor_flow import log_in

pytestmark = pytest.mark.e2e

DEPARTMENT = "示范市人民政府办公室"
REQUEST = "2025年本市政务公开工作要点的落实情况（浏览器测试）"


def look_up(page, number, code):
    page.goto("/apply-status/")
    page.fill("#id_number", number)
    page.fill("#id_code", code)
    with page.expect_navigation():
        page.click("article button[type=submit]")
    return page.locator("#case-state").inner_text()


def test_from_the_public_form_to_the_reply_in_the_admin(new_page):
    citizen = new_page()
    citizen.goto("/apply/")
    citizen.select_option("#id_department", label=DEPARTMENT)
    citizen.select_option("#id_applicant_type", "natural_person")
    citizen.fill("#id_name", "赵先生")
    citizen.select_option("#id_id_type", "resident_id")
    citizen.fill("#id_id_number", "110101199003079876")
    citizen.fill("#id_phone", "0399-1234567")
    citizen.fill("#id_email", "zhao@example.com")
    citizen.fill("#id_description", REQUEST)
    citizen.select_option("#id_preferred_form", "email")
    citizen.select_option("#id_delivery", "email")
    citizen.check("#id_consent")
    with citizen.expect_navigation():
        citizen.click("article button[type=submit]")
    number = citizen.locator("#case-number").inner_text()
    code = citizen.locator("#query-code").inner_text()
    assert re.fullmatch(r"YSQ\d{10}", number) and len(code) == 8
    assert look_up(citizen, number, code) == "办理中"

    staff = new_page()
    log_in(staff, "zfb_bianji")
    staff.goto("/admin/govpages_applications/")
    with staff.expect_navigation():
        staff.click(f"text={number}")
    staff.wait_for_selector("#case-log")
    assert REQUEST in staff.locator("main").inner_text()
    staff.select_option("#id_reply-outcome", "disclosed")
    staff.select_option("#id_reply-delivery", "email")
    staff.fill("#id_reply-note", "已通过电子邮件提供")
    with staff.expect_navigation():
        staff.click("#action-reply ~ form button[type=submit]")
    assert "已答复" in staff.locator("#case-log").inner_text()

    assert look_up(citizen, number, code) == "已答复"
