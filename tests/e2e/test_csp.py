"""The Content-Security-Policy holds in a real browser: no page of the portal or of the Wagtail
admin trips it (Chromium reports each blocked script, style or frame on the console)."""

import pytest

from portal.demo.departments import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

ADMIN_PAGES = [
    "/admin/",
    "/admin/pages/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/snippets/",
]


def violations_on(page):
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def test_public_pages_trip_no_policy(new_page, live_portal):
    page = new_page()
    found = violations_on(page)
    for _name, path in [*live_portal.pages, ("search", "/search/?q=公开")]:
        response = page.goto(path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    assert found == []


def test_the_admin_trips_no_policy(new_page):
    page = new_page()
    found = violations_on(page)
    page.goto("/admin/login/")
    page.fill("input[name=username]", "portal_admin")
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    for path in ADMIN_PAGES:
        page.goto(path)
        page.wait_for_load_state("networkidle")
    # An editor: the page editor loads the most scripts (rich text, choosers, preview).
    page.goto("/admin/pages/")
    page.locator("a[href*='/edit/']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("form").count() > 0
    assert found == []
