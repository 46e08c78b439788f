"""Keyboard helpers: reach and operate controls as a person without a mouse does."""

FOCUSED = "document.activeElement"


IS_FOCUSED = """([selector, text]) => {
  const element = document.activeElement;
  return element.matches(selector) && (!text || element.textContent.trim().includes(text));
}"""


def tab_to(page, selector, text=None, limit=80, backwards=False):
    """Press Tab (or Shift+Tab) until an element matching selector (and containing text) has
    the focus, as a keyboard user moves through the page."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(IS_FOCUSED, [selector, text]):
            return
    wanted = f"{selector} {text!r}" if text else selector
    raise AssertionError(f"{wanted} not reached with {limit} presses of {key}")


def activate(page, selector, text=None, key="Enter", limit=80):
    """Tab to a link or button and press Enter (or key) on it."""
    tab_to(page, selector, text=text, limit=limit)
    page.keyboard.press(key)


SELECTED_TEXT = "(s) => { const e = document.querySelector(s); return e.selectedOptions[0].text }"


def choose_option(page, selector, label, limit=60):
    """Tab to a <select> and move through its options with the arrow keys until label is chosen."""
    tab_to(page, selector)
    for _ in range(limit):
        chosen = page.evaluate(SELECTED_TEXT, selector)
        if chosen.strip() == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"option {label!r} not found in {selector}")


def focused_text(page):
    return page.evaluate(f"{FOCUSED}.textContent.trim()")
