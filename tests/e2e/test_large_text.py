"""适老化 (elderly-friendly) mode in the browser: toggled by keyboard, kept across pages by a
cookie, larger text with line height at least 1.3, high contrast, and no horizontal scrolling
at phone width."""

import pytest

from portal import browser

from .keys import tab_to

pytestmark = pytest.mark.e2e

IS_LARGE = "document.documentElement.classList.contains('large-text')"
TOGGLE = "[data-large-text-toggle]"

# Every visible element that carries text of its own: its font size, line height, text colour
# and the first opaque background behind it.
TEXT_STYLES = """() => {
  const parse = (c) => c.match(/[\\d.]+/g).map(Number);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c.length < 4 || c[3] === 1) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const box = el.getBoundingClientRect();
    if (!own || box.width === 0 || box.height === 0) continue;
    if (el.closest(".visually-hidden, .skip-link")) continue;
    const s = getComputedStyle(el);
    out.push({
      tag: el.tagName.toLowerCase(), cls: el.className, text: el.textContent.trim().slice(0, 20),
      fontSize: parseFloat(s.fontSize), lineHeight: s.lineHeight,
      color: parse(s.color).slice(0, 3), background: background(el),
    });
  }
  return out;
}"""


def luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(foreground, background):
    lighter, darker = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_toggle_by_keyboard_persists_across_pages(new_page):
    page = new_page("desktop")
    page.goto("/")
    assert page.evaluate(IS_LARGE) is False
    tab_to(page, TOGGLE)
    page.keyboard.press("Enter")
    assert page.evaluate(IS_LARGE) is True
    assert page.get_attribute(TOGGLE, "aria-pressed") == "true"

    page.goto("/about/")  # server-rendered from the cookie, before any script runs
    assert page.evaluate(IS_LARGE) is True
    assert page.get_attribute(TOGGLE, "aria-pressed") == "true"
    cookie = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookie[browser.LARGE_TEXT_COOKIE] == "1"

    tab_to(page, TOGGLE)
    page.keyboard.press("Space")
    assert page.evaluate(IS_LARGE) is False
    page.reload()
    assert page.evaluate(IS_LARGE) is False
    assert page.get_attribute(TOGGLE, "aria-pressed") == "false"


def test_large_text_is_larger_spaced_and_high_contrast(live_portal, new_page):
    paths = [path for _, path in live_portal.pages]
    normal, large = new_page("desktop"), new_page("desktop", large_text=True)
    for path in paths:
        normal.goto(path)
        large.goto(path)
        normal_styles = normal.evaluate(TEXT_STYLES)
        large_styles = large.evaluate(TEXT_STYLES)
        assert large_styles, f"no text found on {path}"

        body_normal = normal.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        body_large = large.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert body_large >= 1.2 * body_normal, path
        smallest_normal = min(s["fontSize"] for s in normal_styles)
        smallest_large = min(s["fontSize"] for s in large_styles)
        assert smallest_large > smallest_normal, path
        assert smallest_large >= 16, f"{path}: text as small as {smallest_large}px"

        for style in large_styles:
            where = f"{path} <{style['tag']} class={style['cls']!r}> {style['text']!r}"
            assert style["lineHeight"] != "normal", where
            ratio = float(style["lineHeight"].removesuffix("px")) / style["fontSize"]
            assert ratio >= 1.3, f"{where}: line height {ratio:.2f}"
            # High contrast: WCAG's enhanced level (7:1), above the 4.5:1 of normal mode.
            ratio = contrast(style["color"], style["background"])
            assert ratio >= 7, f"{where}: contrast {ratio:.2f}:1"


@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "large-text"])
def test_no_horizontal_scrolling_at_phone_width(large_text, live_portal, new_page):
    page = new_page("phone", large_text=large_text)
    targets = live_portal.pages + browser.SHOWCASE_VIEWS
    checked = 0
    for name, path in targets:
        response = page.goto(path)
        assert response.status == 200, f"{name}: HTTP {response.status}"
        width = page.evaluate("document.documentElement.scrollWidth")
        viewport = page.evaluate("window.innerWidth")
        assert viewport == browser.PHONE["width"]
        assert width <= viewport, f"{name} {path}: {width}px wide at a {viewport}px viewport"
        checked += 1
    assert checked == len(targets)
