"""Issue 16: a department's editor finds an overdue citizen question on the admin dashboard and
answers it there; citizens then read the answer on the session page, where it was shown as
overdue before. Another department's editor gets 404 on that question. Keyboard only, on the
demo portal."""

import re

import pytest

from .conftest import describe, record_axe, run_axe
from .keys import follow, tab_to
from .test_editor_flow import log_in

pytestmark = pytest.mark.e2e

SESSION_URL = "/czj/events/yusuan-gongkai-fangtan/"
QUESTION = "部门预算公开表格中的“三公”经费为什么比上年减少？"
ANSWER = "主要是压减了出国（境）团组和公务用车购置，详见部门预算说明第三部分。"
PANEL = "#questions-to-answer-section"
EDIT_URL = re.compile(r"/admin/govpages_questions/edit/(\d+)/$")
OVERDUE = re.compile(r"\d{4}-\d{2}-\d{2}，已逾期 \d+ 个工作日")


def check_axe(page, axe_source, name):
    serious = record_axe(name, "editor", run_axe(page, axe_source))
    assert not serious, "\n".join(describe(violation) for violation in serious)


def answer_from_dashboard(page, axe_source):
    log_in(page, "czj_bianji")
    check_axe(page, axe_source, "admin-dashboard")
    panel = page.locator(PANEL)
    assert "待答复的网民提问" in panel.inner_text()
    row = panel.locator("tr", has_text=QUESTION).inner_text()
    assert OVERDUE.search(row), row
    follow(page, f"{PANEL} a", text=QUESTION)
    edit_url = page.url
    assert EDIT_URL.search(edit_url), edit_url

    tab_to(page, "#id_answering_organisation")
    page.keyboard.type("市财政局")
    tab_to(page, "#id_answer")
    page.keyboard.type(ANSWER)
    follow(page, "button[type=submit].button-longrunning")
    message = page.locator(".messages").inner_text()
    errors = page.locator(".error-message, .w-field__errors").all_inner_texts()
    assert "已更新" in message or "已保存" in message, (message, errors)

    page.goto("/admin/govpages_questions/")
    check_axe(page, axe_source, "admin-questions")
    page.goto("/admin/")
    assert QUESTION not in page.locator("main").inner_text()  # nothing left to answer there
    return edit_url


def test_department_editor_answers_from_the_dashboard(new_page, axe_source):
    # axe-core goes in as an inline script, which the admin's CSP rightly blocks (test_csp.py).
    editor, outsider, citizen = new_page(bypass_csp=True), new_page(), new_page()

    citizen.goto(SESSION_URL)
    item = citizen.locator(".qa-list li", has_text=QUESTION).inner_text()
    assert "已逾期未答复" in item and "待答复" not in item
    assert citizen.locator("#ask form").count() == 0  # the session stopped taking questions
    assert "停止接收提问" in citizen.locator("#ask").inner_text()

    edit_url = answer_from_dashboard(editor, axe_source)

    # 市教育局's editor: not in the dashboard or the listing, and 404 on the question itself.
    log_in(outsider, "jyj_bianji")
    assert QUESTION not in outsider.locator("main").inner_text()
    outsider.goto("/admin/govpages_questions/")
    assert QUESTION not in outsider.locator("main").inner_text()
    for url in (edit_url, edit_url.replace("/edit/", "/history/")):
        response = outsider.goto(url)
        assert response.status in {403, 404}, (url, response.status)
        assert QUESTION not in outsider.content()

    # The question was already public (overdue): its answer shows at once.
    citizen.goto(SESSION_URL)
    item = citizen.locator(".qa-list li", has_text=QUESTION).inner_text()
    assert ANSWER in item and "市财政局" in item and "逾期" not in item
