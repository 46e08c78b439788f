"""Save screenshots of the portal's pages at desktop and phone widths, in both display modes."""

from pathlib import Path
from urllib.parse import urlsplit

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management.base import BaseCommand, CommandError
from django.test.testcases import LiveServerThread

from portal import browser


class Command(BaseCommand):
    help = (
        "Save full-page screenshots of one page of each kind (home, department, catalog, item, "
        "search, event, forum session, calendar ...) at desktop (1366x900) and phone (375x812) "
        "widths, in normal and large-text (适老化) mode, into OUTDIR. Pages are picked from the "
        "database this command is configured with; without --base-url the portal is served "
        "from that database on a free port of 127.0.0.1."
    )

    def add_arguments(self, parser):
        parser.add_argument("outdir", help="folder for the PNG files (created if missing)")
        parser.add_argument(
            "--base-url", help="a running portal to photograph, e.g. http://127.0.0.1:8000"
        )
        parser.add_argument(
            "--normal-only", action="store_true", help="skip the large-text mode screenshots"
        )
        parser.add_argument(
            "--admin-user",
            default=browser.ADMIN_USER,
            help="demo account whose admin dashboard and question listing are photographed "
            "(default: %(default)s, the 市财政局 editor); an empty value skips the admin",
        )

    def handle(self, *args, outdir, base_url=None, normal_only=False, admin_user="", **options):
        if base_url and urlsplit(base_url).scheme not in {"http", "https"}:
            raise CommandError(f"--base-url must be an http(s) URL, not {base_url!r}")
        if not browser.chromium_available():
            raise CommandError(
                f"Chromium not found at {browser.CHROMIUM_PATH}: "
                "apt-get install chromium chromium-driver (or set GOVPAGES_CHROMIUM)"
            )
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as exc:
            raise CommandError("Playwright is missing: pip install -e '.[e2e]'") from exc
        out = Path(outdir)
        out.mkdir(parents=True, exist_ok=True)
        # Read the database before Playwright starts its event loop in this thread.
        targets = browser.showcase_pages() + browser.SHOWCASE_VIEWS
        modes = [False] if normal_only else [False, True]

        server = None if base_url else self.start_server()
        root = (base_url or f"http://127.0.0.1:{server.port}").rstrip("/")
        try:
            with sync_playwright() as playwright:
                chromium = browser.launch_chromium(playwright)
                try:
                    saved = self.photograph(chromium, root, targets, modes, out)
                    if admin_user:
                        saved += self.photograph_admin(chromium, root, admin_user, out)
                finally:
                    chromium.close()
        finally:
            if server is not None:
                server.terminate()
        self.stdout.write(self.style.SUCCESS(f"{saved} screenshots saved in {out}"))

    def start_server(self):
        server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise CommandError(f"Could not serve the portal: {server.error}")
        return server

    def photograph(self, chromium, root, targets, modes, out):
        saved = 0
        for large_text in modes:
            for viewport_name, viewport in browser.VIEWPORTS.items():
                context = chromium.new_context(viewport=viewport, locale="zh-CN")
                if large_text:
                    context.add_cookies([browser.large_text_cookie(root)])
                page = context.new_page()
                for name, path in targets:
                    response = page.goto(root + path, wait_until="networkidle")
                    status = response.status if response else 0
                    if status != 200:
                        self.stdout.write(f"skipped {name} ({path}): HTTP {status}")
                        continue
                    suffix = "-large" if large_text else ""
                    filename = out / f"{name}-{viewport_name}{suffix}.png"
                    page.screenshot(path=str(filename), full_page=True)
                    self.stdout.write(f"{filename}  {path}")
                    saved += 1
                context.close()
        return saved

    def photograph_admin(self, chromium, root, username, out):
        from portal.demo.departments import DEMO_PASSWORD

        saved = 0
        for viewport_name, viewport in browser.ADMIN_VIEWPORTS.items():
            context = chromium.new_context(viewport=viewport, locale="zh-CN")
            page = context.new_page()
            page.goto(root + "/admin/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", DEMO_PASSWORD)
            with page.expect_navigation():
                page.click("button[type=submit]")
            if "/admin/login/" in page.url:
                context.close()
                raise CommandError(f"could not log in to the admin as {username!r}")
            for name, path in browser.ADMIN_VIEWS:
                response = page.goto(root + path, wait_until="networkidle")
                status = response.status if response else 0
                if status != 200:
                    self.stdout.write(f"skipped admin {name} ({path}): HTTP {status}")
                    continue
                filename = out / f"{viewport_name}-{name}-{username}.png"
                page.screenshot(path=str(filename), full_page=True)
                self.stdout.write(f"{filename}  {path}")
                saved += 1
            context.close()
        return saved
