"""Keyboard alone: the skip link, the site search and the admin login."""

import pytest

from portal.demo.base import DEMO_SUPERUSER

from .keys import tab_to

pytestmark = pytest.mark.e2e

FOCUSED = "document.activeElement"


def test_skip_link_is_first_visible_on_focus_and_moves_focus_to_main(new_page):
    page = new_page("desktop")
    page.goto("/about/")
    page.keyboard.press("Tab")
    assert page.evaluate(f"{FOCUSED}.classList.contains('skip-link')")
    assert page.evaluate(f"{FOCUSED}.textContent.trim()") == "跳到主要内容"
    box = page.locator(".skip-link").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0 and box["width"] > 0, "skip link off screen"

    page.keyboard.press("Enter")
    assert page.evaluate(f"{FOCUSED}.id") == "main"
    assert page.url.endswith("#main")
    page.keyboard.press("Tab")  # the next stop is after the header and navigation
    assert page.evaluate(f"{FOCUSED}.closest('header, .main-nav, .breadcrumbs') === null")


def test_site_search_by_keyboard(new_page):
    page = new_page("desktop")
    page.goto("/")
    tab_to(page, "#header-q")
    page.keyboard.type("政务公开")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert "q=%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80" in page.url


def test_admin_login_by_keyboard(new_page):
    page = new_page("desktop")
    page.goto("/admin/login/")
    assert page.locator("h1").inner_text() == "登录门户管理后台"
    assert page.locator("label[for=id_password]").inner_text().startswith("密码")
    tab_to(page, "input[name=username]")
    page.keyboard.type(DEMO_SUPERUSER["username"])
    tab_to(page, "input[name=password]")
    page.keyboard.type(DEMO_SUPERUSER["password"])
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/")
    assert page.locator("main").count() == 1
    assert page.evaluate("document.documentElement.lang") == "zh-hans"
