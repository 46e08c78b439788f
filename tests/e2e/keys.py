"""Keyboard helpers: reach and operate controls as a person without a mouse does."""

import time

FOCUSED = "document.activeElement"

IS_FOCUSED = """([selector, text, row]) => {
  const element = document.activeElement;
  if (!element.matches(selector)) return false;
  if (text && !element.textContent.trim().includes(text)) return false;
  const container = element.closest("tr") || element.closest("li");
  return !row || (container?.textContent || "").includes(row);
}"""

SELECTED_TEXT = "(s) => { const e = document.querySelector(s); return e.selectedOptions[0].text }"


def tab_to(page, selector, text=None, row=None, limit=80, backwards=False):
    """Press Tab (or Shift+Tab) until an element matching selector has the focus, as a keyboard
    user moves through the page; text: it contains that text; row: its table row or list item
    contains that text."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(IS_FOCUSED, [selector, text, row]):
            return
    wanted = " ".join(filter(None, [selector, text and repr(text), row and f"in {row!r}"]))
    raise AssertionError(f"{wanted} not reached with {limit} presses of {key}")


def activate(page, selector, text=None, row=None, key="Enter", limit=80):
    """Tab to a link or button and press Enter (or key) on it."""
    tab_to(page, selector, text=text, row=row, limit=limit)
    page.keyboard.press(key)


def follow(page, selector, text=None, row=None, key="Enter", limit=80):
    """Tab to a link or submit button, press Enter and wait for the page it leads to."""
    tab_to(page, selector, text=text, row=row, limit=limit)
    with page.expect_navigation():
        page.keyboard.press(key)


def choose_option(page, selector, label, limit=60):
    """Tab to a <select> and move through its options with the arrow keys until label is chosen."""
    tab_to(page, selector)
    for _ in range(limit):
        if page.evaluate(SELECTED_TEXT, selector).strip() == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"option {label!r} not found in {selector}")


def wait_until(page, expression, arg=None, timeout=5.0):
    """Poll ``expression`` with page.evaluate until it is truthy. Playwright's wait_for_function
    compiles the predicate with eval when the first check fails, which the portal's
    Content-Security-Policy (no 'unsafe-eval') refuses; evaluate is not subject to it."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression, arg):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        page.wait_for_timeout(50)
