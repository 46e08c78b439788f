"""Headless Chromium for looking at the portal as a person does.

Shared by the ``screenshots`` management command and the end-to-end tests in ``tests/e2e``.
The browser is Debian's Chromium (packages ``chromium`` and ``chromium-driver``), driven by
Playwright for Python; Playwright's own browser download is never used.
"""

import os
from pathlib import Path

from django.conf import settings
from wagtail.models import Page

CHROMIUM_PATH = os.environ.get("GOVPAGES_CHROMIUM", "/usr/bin/chromium")

# Without the background-networking flags Chromium keeps trying to reach Google's services,
# which a closed network refuses; --no-sandbox because tests and CI run as root.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}

# The admin as a department's staff see it: the dashboard with their department's questions
# and the question listing, at the widths issue 16 reviews (a 390 px phone, a 1280 px desktop).
ADMIN_VIEWPORTS = {
    "admin-desktop": {"width": 1280, "height": 900},
    "admin-phone": {"width": 390, "height": 844},
}
ADMIN_USER = "czj_bianji"  # the demo's 市财政局 editor
ADMIN_VIEWS = [
    ("dashboard", "/admin/"),
    ("questions", "/admin/govpages_questions/"),
]

LARGE_TEXT_COOKIE = "govpages_large_text"

# Where `npm install --no-save --prefix .e2e axe-core@^4` puts axe-core; GOVPAGES_AXE_JS overrides.
AXE_CANDIDATES = [
    Path(settings.BASE_DIR).parent / ".e2e" / "node_modules" / "axe-core" / "axe.min.js",
    Path(settings.BASE_DIR).parent / "node_modules" / "axe-core" / "axe.min.js",
]

# The kinds of page a citizen meets, by model name so that no app is imported here. The first
# live, public page of each kind (the shallowest, then in tree order: the portal's 活动 page
# rather than a department's) stands for all of them.
SHOWCASE_PAGE_MODELS = [
    ("home", "homepage"),
    ("column", "disclosurecolumnpage"),
    ("sitemap", "sitemappage"),
    ("about", "contentpage"),
    ("department", "departmentpage"),
    ("catalog", "disclosurecatalogpage"),
    ("item", "disclosureitempage"),
    ("interpretation", "policyinterpretationpage"),
    ("calendar", "eventindexpage"),  # the month calendar is on the index
    ("event", "eventpage"),
    ("forum", "forumsessionpage"),
    ("annual-report", "annualreportpage"),
]

# Pages that are views rather than Wagtail pages; shown when the portal answers them with 200.
SHOWCASE_VIEWS = [
    ("search", "/search/?q=%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80"),  # 政务公开
    ("search-none", "/search/?q=%E7%81%AB%E6%98%9F%E6%AE%96%E6%B0%91"),  # 火星殖民: nothing
    ("admin-login", "/admin/login/"),
]


def chromium_available():
    return os.access(CHROMIUM_PATH, os.X_OK)


def find_axe_script():
    """Path of axe.min.js, or None when axe-core has not been installed."""
    override = os.environ.get("GOVPAGES_AXE_JS")
    candidates = [Path(override)] if override else AXE_CANDIDATES
    return next((path for path in candidates if path.is_file()), None)


def launch_chromium(playwright):
    return playwright.chromium.launch(
        executable_path=CHROMIUM_PATH, args=CHROMIUM_FLAGS, headless=True
    )


def large_text_cookie(base_url):
    return {"name": LARGE_TEXT_COOKIE, "value": "1", "url": base_url}


def showcase_pages():
    """[(name, path)] of one live, public page of each citizen-facing kind present."""
    pages = []
    for name, model in SHOWCASE_PAGE_MODELS:
        page = (
            Page.objects.live()
            .public()
            .filter(content_type__model=model)
            .order_by("depth", "path")
            .first()
        )
        parts = page.get_url_parts() if page is not None else None
        if parts:
            pages.append((name, parts[2]))
    return pages
