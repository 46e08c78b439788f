"""Issue 16 in the browser: nothing is loaded from outside the portal, the focus ring stands out,
and the phone layout keeps what citizens look for (文号, the title first, a focusable table)."""

import re
from urllib.parse import urlsplit

import pytest

from portal import browser
from portal.demo.base import DEMO_SUPERUSER

from .keys import tab_to, wait_until
from .test_large_text import contrast

pytestmark = pytest.mark.e2e

FOCUSED = "document.activeElement"
ADMIN_PAGES = ["/admin/", "/admin/pages/", "/admin/documents/", "/admin/images/", "/admin/users/"]


def log_in(page):
    page.goto("/admin/login/")
    page.fill("input[name=username]", DEMO_SUPERUSER["username"])
    page.fill("input[name=password]", DEMO_SUPERUSER["password"])
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")


def test_no_asset_comes_from_outside_the_portal(live_portal, new_page):
    page = new_page("desktop")
    own = urlsplit(live_portal.url).netloc
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    visited = 0
    for _name, path in live_portal.pages + browser.SHOWCASE_VIEWS:
        page.goto(path, wait_until="networkidle")
        visited += 1
    log_in(page)
    for path in ADMIN_PAGES:
        page.goto(path, wait_until="networkidle")
        visited += 1
    outside = sorted(
        {
            url
            for url in requests
            if urlsplit(url).scheme in {"http", "https"} and urlsplit(url).netloc != own
        }
    )
    print(f"\npages visited: {visited}, requests: {len(requests)}, outside the portal: 0")
    assert len(requests) > visited
    assert not outside, outside


def rgb(css_color):
    """(r, g, b) of a computed CSS colour such as "rgb(26, 26, 26)"."""
    return tuple(int(part) for part in re.findall(r"\d+", css_color)[:3])


FOCUS_STYLE = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  let node = element, background = "rgba(0, 0, 0, 0)";
  while (node && (background === "rgba(0, 0, 0, 0)" || background === "transparent")) {
    background = getComputedStyle(node).backgroundColor;
    node = node.parentElement;
  }
  if (background === "rgba(0, 0, 0, 0)") background = "rgb(255, 255, 255)";
  return {outline: style.outlineColor, width: parseFloat(style.outlineWidth),
          outlineStyle: style.outlineStyle, background};
}"""


@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "large-text"])
def test_the_focus_ring_contrasts_at_least_3_to_1(large_text, new_page):
    page = new_page("desktop", large_text=large_text)
    page.goto("/search/?q=%E9%A2%84%E7%AE%97")  # 预算
    page.keyboard.press("Tab")
    assert page.evaluate(f"{FOCUSED}.getAttribute('href')") == "#search-results"
    page.keyboard.press("Enter")
    assert page.evaluate(f"{FOCUSED}.id") == "search-results"
    tab_to(page, ".search-result h3 a", limit=40)
    style = page.evaluate(FOCUS_STYLE)
    assert style["outlineStyle"] == "solid" and style["width"] >= 3
    ratio = contrast(rgb(style["outline"]), rgb(style["background"]))
    assert ratio >= 3, f"focus ring {ratio:.2f}:1 on {style['background']}"


def test_the_first_result_is_a_few_tabs_away(new_page):
    page = new_page("desktop")
    page.goto("/search/?q=%E9%A2%84%E7%AE%97")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    presses = 0
    while not page.evaluate(f"{FOCUSED}.matches('.search-result h3 a')"):
        page.keyboard.press("Tab")
        presses += 1
        assert presses < 15, "the first result is more than 15 Tabs past the skip link"
    print(f"\nTabs to the first search result: {presses + 2} (with the skip link)")


def test_phone_catalog_keeps_the_document_number_and_hides_the_filters(live_portal, new_page):
    page = new_page("phone")
    catalog = dict(live_portal.pages)["catalog"]
    page.goto(catalog)
    number = page.locator("td[data-label='文号']").first
    assert number.is_visible()
    label = number.evaluate("e => getComputedStyle(e, '::before').content")
    assert "文号" in label
    assert not page.locator("form.catalog-filters").is_visible()
    assert page.locator(".catalog-filter-panel > summary").is_visible()


def test_phone_item_shows_the_title_first(live_portal, new_page):
    page = new_page("phone")
    page.goto(dict(live_portal.pages)["item"])
    title = page.locator("article h1").bounding_box()
    facts = page.locator(".item-facts").bounding_box()
    table = page.locator("table.item-metadata").bounding_box()
    assert title["y"] < facts["y"] < table["y"]
    assert title["y"] < browser.PHONE["height"] / 2


def test_the_yearly_table_region_takes_the_keyboard_focus(live_portal, new_page):
    page = new_page("phone")
    page.goto(dict(live_portal.pages)["calendar"])
    tab_to(page, ".table-scroll[role=region]", limit=200)
    assert page.evaluate(f"{FOCUSED}.getAttribute('aria-labelledby')") == "rollup-heading"
    scrolled = page.evaluate(
        f"() => {{ const e = {FOCUSED}; return e.scrollWidth > e.clientWidth; }}"
    )
    assert scrolled, "at 390 px the yearly table is wider than its region"
    page.keyboard.press("ArrowRight")
    # Keyboard scrolling is animated: wait for the region to move.
    wait_until(page, f"{FOCUSED}.scrollLeft > 0")
