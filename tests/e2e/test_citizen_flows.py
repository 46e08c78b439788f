"""What citizens do, by keyboard alone, in the demo portal."""

import pytest

from .keys import activate

pytestmark = pytest.mark.e2e

DEPARTMENT = "示范市财政局"


def test_from_home_to_a_department(new_page):
    page = new_page("desktop")
    page.goto("/")
    activate(page, ".featured-links a", text=DEPARTMENT)
    page.wait_for_url("**/czj/")
    assert page.locator("h1").inner_text() == DEPARTMENT
    assert page.locator(".contact-card").count() == 1
