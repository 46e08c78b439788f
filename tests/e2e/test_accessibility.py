"""axe-core in the browser: no serious or critical WCAG 2.1 A/AA violation on the citizen pages,
in normal and in large-text (适老化) mode. The figures per page are printed in the summary."""

import pytest

from portal import browser

from .conftest import describe, record_axe, run_axe

pytestmark = pytest.mark.e2e

# Every kind of citizen page the demo has today; the test fails if one of them goes missing.
REQUIRED_PAGES = {
    "home",
    "column",
    "sitemap",
    "about",
    "department",
    "catalog",
    "item",
    "interpretation",
    "calendar",
    "event",
    "forum",
    "annual-report",
}
REQUIRED_VIEWS = {"search", "search-none"}


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("mode", ["normal", "large-text"])
def test_citizen_pages_have_no_serious_wcag_violations(
    mode, viewport, live_portal, new_page, axe_source
):
    assert REQUIRED_PAGES <= {name for name, _ in live_portal.pages}
    views = [(name, path) for name, path in browser.SHOWCASE_VIEWS if name in REQUIRED_VIEWS]
    assert {name for name, _ in views} == REQUIRED_VIEWS
    targets = live_portal.pages + views
    page = new_page(viewport, large_text=mode == "large-text", bypass_csp=True)
    problems = []
    for name, path in targets:
        response = page.goto(path)
        assert response.status == 200, f"{name} {path}: HTTP {response.status}"
        assert page.evaluate("document.documentElement.classList.contains('large-text')") is (
            mode == "large-text"
        )
        results = run_axe(page, axe_source)
        assert results["passes"], f"axe ran no rule on {name}"
        found = record_axe(name, f"{mode} {viewport}", results)
        problems += [f"{name} {path}: {describe(v)}" for v in found]
    assert not problems, "\n".join(problems)
