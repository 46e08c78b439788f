"""End-to-end fixtures: the demo portal, loaded once and served on 127.0.0.1 by Django's live
server thread, seen through Debian's headless Chromium driven by Playwright.

The tests run after the other database tests and before the transactional ones. The demo is
loaded once for the whole package (loading it per test would cost seconds each); at the end the
database is flushed and restored to the snapshot taken before, so no other test sees it.

Locally, a machine without /usr/bin/chromium (or without axe-core) skips these tests with the
reason; in CI (CI=true) a missing browser or axe-core fails them instead.
"""

import json
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from pytest_django.live_server_helper import LiveServer

from portal import browser

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
E2E_DIR = Path(__file__).resolve().parent

AXE_RESULTS = []  # (page, mode, rules run, rules applicable, serious+critical, other)


def is_transactional(item):
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Put the browser tests after the tests that roll back and before the transactional ones,
    whose flushes remove the rows that migrations created (root page, locale, collection)."""
    in_e2e = [item for item in items if E2E_DIR in Path(item.fspath).parents]
    if not in_e2e:
        return
    others = [item for item in items if item not in in_e2e]
    position = next((i for i, item in enumerate(others) if is_transactional(item)), len(others))
    items[:] = others[:position] + in_e2e + others[position:]


def require(condition, reason):
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: end-to-end tests must run)", pytrace=False)
    pytest.skip(reason)


@dataclass
class Portal:
    url: str
    pages: list  # [(name, path)]: one live, public page of each kind the demo has


@contextmanager
def e2e_database():
    """Yield True after creating the test database when pytest-django has not: it creates one
    only for tests that ask for database access, and these tests reach it through the server."""
    creation = connection.creation
    if connection.settings_dict["NAME"] == creation._get_test_db_name():
        yield False
        return
    old_name = connection.settings_dict["NAME"]
    creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield True
    finally:
        creation.destroy_test_db(old_name, verbosity=0)


def file_media_storage(media_root):
    """Uploaded files on disk, as in production. The test settings keep them in memory, where
    Django's InMemoryStorage still reports a path on disk, so Wagtail serves documents from a
    file that does not exist."""
    return override_settings(
        MEDIA_ROOT=str(media_root),
        STORAGES={
            **settings.STORAGES,
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        },
    )


@pytest.fixture(scope="package")
def live_portal(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo portal on a live server thread, for all the browser tests."""
    require(
        browser.chromium_available(),
        f"Chromium not found at {browser.CHROMIUM_PATH}: apt-get install chromium chromium-driver",
    )
    media = file_media_storage(tmp_path_factory.mktemp("media"))
    with media, django_db_blocker.unblock(), e2e_database() as own_database:
        snapshot = None if own_database else connection.creation.serialize_db_to_string()
        with open(os.devnull, "w") as devnull:  # as `make demo` does
            call_command("load_demo", stdout=devnull)
            call_command("govpages_update_index", stdout=devnull)
        pages = browser.showcase_pages()
        server = LiveServer("127.0.0.1:0")
        try:
            yield Portal(url=server.url, pages=pages)
        finally:
            server.stop()
            # As TransactionTestCase does: keep the sequences past every id handed out, so
            # the restored rows (with their old ids) never collide with new ones.
            if snapshot is not None:
                call_command(
                    "flush",
                    interactive=False,
                    verbosity=0,
                    reset_sequences=False,
                    inhibit_post_migrate=True,
                )
                connection.creation.deserialize_db_from_string(snapshot)


@pytest.fixture(scope="package")
def chromium(live_portal):
    """The browser, started after the demo is loaded and closed before the database is restored.

    Playwright's sync API keeps an asyncio loop running in this thread; while it does, Django
    hands out other database connections (asgiref's context-local storage) and refuses ORM
    calls. So test bodies talk to the portal only through the browser, as a citizen does.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright is not installed: pip install -e '.[e2e]'")
    with sync_playwright() as playwright:
        instance = browser.launch_chromium(playwright)
        yield instance
        instance.close()


@pytest.fixture
def new_page(chromium, live_portal):
    """Factory: a fresh browser page at the given viewport, optionally in large-text mode."""
    contexts = []

    def make(viewport="desktop", large_text=False, bypass_csp=False):
        # axe-core is injected as an inline script, which the portal's CSP rightly blocks; the
        # policy itself is checked without the bypass in test_csp.py.
        context = chromium.new_context(
            viewport=browser.VIEWPORTS[viewport],
            locale="zh-CN",
            base_url=live_portal.url,
            bypass_csp=bypass_csp,
        )
        context.set_default_timeout(10_000)
        # A search that finds nothing builds the pinyin vocabulary on its first run, which on a
        # loaded CI machine can take longer than a click's 10 seconds.
        context.set_default_navigation_timeout(30_000)
        if large_text:
            context.add_cookies([browser.large_text_cookie(live_portal.url)])
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def axe_source():
    path = browser.find_axe_script()
    require(
        path is not None,
        "axe-core not installed: npm install --no-save --prefix .e2e axe-core@^4",
    )
    return path.read_text(encoding="utf-8")


def run_axe(page, axe_source):
    """Inject axe-core into the page and run the WCAG 2.1 A/AA rules; returns axe's results."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    options = json.dumps({"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return page.evaluate(f"async () => await axe.run(document, {options})")


def record_axe(name, mode, results):
    """Remember one page's figures for the summary table; return its serious/critical ones."""
    violations = results["violations"]
    applicable = len(results["passes"]) + len(violations) + len(results["incomplete"])
    run = applicable + len(results["inapplicable"])
    serious = blocking(violations)
    AXE_RESULTS.append((name, mode, run, applicable, len(serious), len(violations) - len(serious)))
    return serious


def blocking(violations):
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def describe(violation):
    targets = "; ".join(", ".join(node["target"]) for node in violation["nodes"][:3])
    return f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}"


def pytest_terminal_summary(terminalreporter):
    if not AXE_RESULTS:
        return
    terminalreporter.section("axe-core: WCAG 2.1 A/AA (" + ", ".join(WCAG_TAGS) + ")")
    columns = ("page", "mode", "rules run", "applicable", "serious+critical", "other")
    widths = (16, 20, 11, 12, 18, 7)
    for row in [columns, *AXE_RESULTS]:
        cells = [f"{row[0]:<{widths[0]}}", f"{row[1]:<{widths[1]}}"]
        cells += [f"{value:>{width}}" for value, width in zip(row[2:], widths[2:], strict=True)]
        terminalreporter.write_line("".join(cells))
