"""A department editor writes a disclosure item and submits it for moderation; the department's
reviewer approves it; citizens then find it in the catalog and in search. Keyboard only."""

import re

import pytest

from portal.demo.departments import DEMO_PASSWORD

from .keys import activate, follow, tab_to, wait_until

pytestmark = pytest.mark.e2e

DEPARTMENT = "示范市财政局"
TITLE = "示范市财政局关于公布惠民补贴资金发放情况的公告"
SUMMARY = "公布本年度惠民补贴资金的发放对象、标准和金额。"
BODY = "根据政府信息公开条例，现将本年度惠民补贴资金发放情况予以公布。"
EXPLORE_LINK = re.compile(r"^/admin/pages/\d+/$")


def log_in(page, username):
    page.goto("/admin/login/")
    tab_to(page, "input[name=username]")
    page.keyboard.type(username)
    tab_to(page, "input[name=password]")
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/admin/"), f"{username} could not log in"


def explore_link_of(page, title):
    """The explorer link (an arrow icon, no text) in the listing row of the child page title."""
    for row in page.locator("main tbody tr").all():
        if title in row.inner_text():
            hrefs = [a.get_attribute("href") for a in row.locator("a").all()]
            return next(href for href in hrefs if href and EXPLORE_LINK.match(href))
    raise AssertionError(f"no row for {title} in the explorer")


def choose_genre(page, name):
    """体裁分类 is a snippet chooser: a button opens a modal with a search field and pages of
    genres."""
    activate(page, "button", text="体裁分类")
    page.wait_for_selector(".modal a[data-chooser-modal-choice]")
    tab_to(page, ".modal input[name=q]")
    page.keyboard.type(name)
    wait_until(
        page,
        "(name) => [...document.querySelectorAll('.modal a[data-chooser-modal-choice]')]"
        ".some((a) => a.textContent.trim() === name)",
        name,
    )
    activate(page, ".modal a[data-chooser-modal-choice]", text=name)
    page.wait_for_selector(".modal", state="detached")
    assert page.input_value("#id_genre"), "no genre chosen"


def submit_item_as_editor(page):
    log_in(page, "czj_bianji")
    page.goto("/admin/pages/")  # the explorer opens on the editor's own subtree
    follow(page, "main a[href^='/admin/pages/']", text=DEPARTMENT)
    catalog = explore_link_of(page, "信息公开目录")
    follow(page, f"main a[href='{catalog}']")
    follow(page, f"a[href='{catalog}add_subpage/']")  # one page type allowed: straight to form
    assert "/add/govpages/disclosureitempage/" in page.url

    tab_to(page, "#id_title")
    page.keyboard.type(TITLE)
    tab_to(page, "#id_summary")
    # Wagtail fills the slug (on the 推广 tab) from the title as it is typed.
    wait_until(page, "() => document.querySelector('#id_slug').value !== ''")
    page.keyboard.type(SUMMARY)
    tab_to(page, "[contenteditable=true]")  # the body's rich-text editor
    page.keyboard.type(BODY)
    choose_genre(page, "公告")
    activate(page, "footer .w-dropdown__toggle")  # 更多动作
    follow(page, "button[name=action-submit]")
    message = page.locator(".messages").inner_text()
    field_errors = [  # text_content: an error on a hidden tab (推广, 设置) has no inner text
        text.strip()
        for text in page.locator(".error-message, .w-field__errors").all_text_contents()
        if text.strip()
    ]
    assert TITLE in message and "提交" in message and "审核" in message, (message, field_errors)


def approve_as_reviewer(page):
    log_in(page, "czj_shenhe")
    awaiting = page.locator("#awaiting-review-section").inner_text()
    assert TITLE in awaiting
    activate(page, "#awaiting-review-section .w-dropdown__toggle", row=TITLE)
    follow(page, "button[data-workflow-action-url*='/approve/']:not([data-launch-modal])")
    assert TITLE not in page.locator("main").inner_text()  # nothing left to review


def test_editor_submits_reviewer_approves_citizens_find_it(new_page, settings):
    # Wagtail 8 autosaves a new page as a draft once it has changes. On a slow machine the
    # autosave could still be on its way when the editor submitted, so the submit created the
    # page a second time and was refused ("别名 ... 已被使用", CI). This test is about moderation,
    # so it turns autosave off. The live server runs in this process, so it sees the setting.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    editor, reviewer, citizen = new_page(), new_page(), new_page()
    submit_item_as_editor(editor)

    citizen.goto("/czj/xxgkml/")
    assert TITLE not in citizen.locator("main").inner_text()  # not before approval

    approve_as_reviewer(reviewer)

    citizen.goto("/czj/")
    follow(citizen, "main a", text="信息公开目录")
    assert TITLE in citizen.locator(".catalog-table").inner_text()
    follow(citizen, ".catalog-table a", text=TITLE)
    metadata = citizen.locator(".item-metadata").inner_text()
    assert re.search(r"\d{4}-\d{5}", metadata), "no 索引号 assigned on publication"

    citizen.goto("/")
    tab_to(citizen, "#header-q")
    citizen.keyboard.type("惠民补贴资金")
    with citizen.expect_navigation():
        citizen.keyboard.press("Enter")
    results = citizen.locator(".search-results h3").all_inner_texts()
    assert TITLE in results
