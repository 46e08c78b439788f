"""Driver of `.ci/integration`: the wheel in a stock `wagtail start` project.

Not a pytest module (see conftest.py beside it). Subcommands, run by `.ci/integration`:

    driver.py apply SCENARIO README PROJECT_DIR      README's snippets into settings and urls
    driver.py check-output SCENARIO FILE              no govpages* message from `manage.py check`
    driver.py populate SCENARIO OUT_JSON              pages in Chinese (inside the project's env)
    driver.py admin SCENARIO PAGES_JSON               Wagtail's admin shows and edits them (ditto)
    driver.py probe SCENARIO PAGES_JSON BASE_URL      the running server serves and finds them
    driver.py wheel-contents WHEEL REPO               every app file of REPO is in WHEEL
    driver.py free-port                               a free TCP port on 127.0.0.1

Every failure ends with one line starting with "FAIL" and a non-zero exit.
"""

import html
import json
import re
import socket
import sys
import tomllib
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

SCENARIOS = ("events", "search", "all")
APPS = {
    "events": {"govpages_events", "govpages_workdays"},
    "search": {"govpages_search"},
    "all": {"govpages", "govpages_events", "govpages_workdays", "govpages_search"},
}
SECTION = "## Add to an existing Wagtail site"
LABELS = {"events": "**Events only**", "search": "**Search only**", "all": "**All three**"}
URLS_MARKER = "# urls.py"
SEARCH_WORD = "公开"  # inside longer runs: 政务公开工作, 政府信息公开目录


class Failure(Exception):
    pass


def fail(message):
    raise Failure(message)


# -- the wheel -------------------------------------------------------------------------------


def wheel_contents(wheel, repo):
    """Each file of the app folders (pyproject's package-dir) is in the wheel, under its import
    name: a subpackage missing from [tool.setuptools] packages would only show as an ImportError
    in the site."""
    repo = Path(repo)
    pyproject = tomllib.loads((repo / "pyproject.toml").read_text("utf-8"))
    package_dir = pyproject["tool"]["setuptools"]["package-dir"]
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = []
    for import_name, folder in sorted(package_dir.items()):
        root = repo / folder
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if (
                path.is_dir()
                or "__pycache__" in relative.parts
                or path.suffix == ".pyc"
                or any(part.startswith(".") for part in relative.parts)
            ):
                continue
            if f"{import_name}/{relative.as_posix()}" not in names:
                missing.append((import_name, folder, relative))
    if missing:
        packages = sorted(
            {
                ".".join([name, *relative.parent.parts])
                for name, _folder, relative in missing
                if relative.suffix == ".py"
            }
            - set(pyproject["tool"]["setuptools"].get("packages", []))
        )
        for name, folder, relative in missing[:20]:
            print(f"not in the wheel: {folder}/{relative} (as {name}/{relative})", file=sys.stderr)
        hint = f"; packages missing from [tool.setuptools] packages: {packages}" if packages else ""
        fail(f"the wheel lacks {len(missing)} file(s) of the app folders{hint}")
    stale = sorted(
        name
        for name in names
        if name.split("/")[0] in package_dir
        and not (repo / package_dir[name.split("/")[0]] / name.partition("/")[2]).is_file()
    )
    if stale:
        for name in stale[:20]:
            print(f"in the wheel, not in the source: {name}", file=sys.stderr)
        fail(f"the wheel holds {len(stale)} file(s) without a source (a stale build/ folder?)")
    print(f"wheel holds every file of {', '.join(sorted(package_dir.values()))}/, nothing else")


# -- README snippets -------------------------------------------------------------------------


def readme_section(readme_text):
    start = readme_text.find(SECTION + "\n")
    if start < 0:
        fail(f"README has no section {SECTION!r}")
    body = readme_text[start + len(SECTION) :]
    end = re.search(r"^## ", body, flags=re.MULTILINE)
    return body[: end.start()] if end else body


def labelled_parts(section):
    """{scenario: text from its bold label to the next label} in README order."""
    positions = {}
    for scenario, label in LABELS.items():
        found = re.search(r"^" + re.escape(label), section, flags=re.MULTILINE)
        if not found:
            fail(f"README section {SECTION!r} has no paragraph starting {label!r}")
        positions[scenario] = found.start()
    ordered = sorted(positions.items(), key=lambda item: item[1])
    parts = {}
    for index, (scenario, begin) in enumerate(ordered):
        finish = ordered[index + 1][1] if index + 1 < len(ordered) else len(section)
        parts[scenario] = section[begin:finish]
    return parts


def python_blocks(text):
    return [block.strip("\n") for block in re.findall(r"```python\n(.*?)```", text, re.DOTALL)]


def snippets_for(scenario, readme_text):
    """(settings lines, urls lines) that README's section gives for the scenario."""
    parts = labelled_parts(readme_section(readme_text))
    wanted = [scenario]
    if scenario == "all":
        if "both of the above" not in parts["all"]:
            fail(
                "README's **All three** paragraph no longer says 'both of the above': "
                "update tests/integration/driver.py to the new wording"
            )
        wanted = ["events", "search", "all"]
    settings_blocks, urls_blocks = [], []
    for name in wanted:
        blocks = python_blocks(parts[name])
        if not blocks:
            fail(f"README's {LABELS[name]} paragraph has no ```python block")
        for block in blocks:
            target = urls_blocks if block.startswith(URLS_MARKER) else settings_blocks
            target.append(block)
    return settings_blocks, urls_blocks


def apply(scenario, readme_path, project_dir):
    project_dir = Path(project_dir)
    name = project_dir.name
    settings_file = project_dir / name / "settings" / "base.py"
    urls_file = project_dir / name / "urls.py"
    for path in (settings_file, urls_file):
        if not path.is_file():
            fail(f"`wagtail start` made no {path}")
    settings_blocks, urls_blocks = snippets_for(scenario, Path(readme_path).read_text("utf-8"))
    for path, blocks in ((settings_file, settings_blocks), (urls_file, urls_blocks)):
        if not blocks:
            continue
        added = "".join(f"\n# From README.md, {SECTION[3:]!r}\n{block}\n" for block in blocks)
        text = path.read_text("utf-8") + added
        try:
            compile(text, str(path), "exec")
        except SyntaxError as error:
            fail(f"README snippet makes {path.name} invalid Python: {error}")
        path.write_text(text, "utf-8")
        print(f"{path.relative_to(project_dir)} += README's snippet:")
        for block in blocks:
            print("    " + block.replace("\n", "\n    "))


# -- manage.py check -------------------------------------------------------------------------


def check_output(scenario, output_file):
    text = Path(output_file).read_text("utf-8", errors="replace")
    ours = [line for line in text.splitlines() if re.search(r"\bgovpages\w*\.[EW]\d{3}\b", line)]
    if ours:
        fail("manage.py check reports: " + " | ".join(line.strip() for line in ours))
    print(f"manage.py check: no govpages* message ({scenario})")


# -- content, inside the project's environment -----------------------------------------------


def populate(scenario, out_json):
    import django

    django.setup()

    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Site

    apps = APPS[scenario]
    home = Site.objects.get(is_default_site=True).root_page.specific
    start = (timezone.now() + timedelta(days=14)).replace(hour=1, minute=0, second=0, microsecond=0)
    pages = []

    def publish(parent, page, **extra):
        parent.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        url = page.get_url()
        if not url or not url.startswith("/"):
            fail(f"{page.title} has no relative URL ({url!r})")
        pages.append(
            {"id": page.id, "title": page.title, "url": url, "model": page._meta.label, **extra}
        )
        return page

    with transaction.atomic():
        if "govpages_events" in apps:
            from govpages_events.models import (
                EventIndexPage,
                EventOccurrence,
                EventPage,
                ForumSessionPage,
            )

            index = publish(
                home,
                EventIndexPage(title="政务公开日活动", slug="huodong", intro="<p>活动安排</p>"),
                ical=True,
                feed="<rss",
            )
            event = publish(
                index,
                EventPage(
                    title="第五届政府开放日",
                    slug="kaifangri",
                    theme="走进政府 了解政务",
                    announcement="<p>欢迎市民报名参加政府开放日活动。</p>",
                    occurrences=[EventOccurrence(start=start, end=start + timedelta(hours=3))],
                ),
                ical=True,
                in_ical_of=index.get_url(),
            )
            publish(
                event,
                ForumSessionPage(
                    title="民生政策座谈会",
                    slug="zuotanhui",
                    start=start + timedelta(hours=1),
                    end=start + timedelta(hours=2),
                    venue="市民中心三楼会议室",
                    introduction="<p>听取市民对民生政策的意见。</p>",
                ),
            )
        if "govpages_search" in apps:
            from django.apps import apps as registry

            home_page_model = registry.get_model("home", "HomePage")
            publish(
                home,
                home_page_model(title="政务公开工作年度报告", slug="niandu-baogao"),
                searched=True,
            )
        if "govpages" in apps:
            from govpages.models import (
                DepartmentPage,
                DisclosureCatalogPage,
                DisclosureItemPage,
                InterpretationDocument,
                PolicyInterpretationPage,
            )

            department = DepartmentPage.objects.filter(org_code="11399000MB0000022B").first()
            if department is None:
                fail("govpages_provision_department made no DepartmentPage")
            if not department.live:
                fail(f"the provisioned department {department.title} is not live")
            pages.append(
                {
                    "id": department.id,
                    "title": department.title,
                    "url": department.get_url(),
                    "model": department._meta.label,
                }
            )
            catalog = publish(
                department,
                DisclosureCatalogPage(
                    title="政府信息公开目录", slug="mulu", intro="<p>主动公开的政府信息。</p>"
                ),
                feed="<feed",  # Atom
            )
            item = publish(
                catalog,
                DisclosureItemPage(
                    title="关于做好政务公开工作的通知",
                    slug="tongzhi",
                    summary="部署本年度政务公开重点工作。",
                    body="<p>各区人民政府、市政府各部门：现就做好政务公开工作通知如下。</p>",
                    doc_number="示财〔2025〕1号",
                    keywords="政务公开 通知",
                ),
                searched=True,
                in_feed_of=catalog.get_url(),
            )
            if not item.index_number:
                fail(f"{item.title} got no index number when published")
            publish(
                department,
                PolicyInterpretationPage(
                    title="《关于做好政务公开工作的通知》政策解读",
                    slug="jiedu",
                    summary="解读本年度政务公开工作的重点任务。",
                    interpreter="市财政局办公室",
                    explained_documents=[InterpretationDocument(document=item)],
                ),
                searched=True,
            )
    Path(out_json).write_text(json.dumps(pages, ensure_ascii=False, indent=1), "utf-8")
    for page in pages:
        print(f"published {page['model']:<40} {page['url']}  {page['title']}")


# -- the admin, inside the project's environment ---------------------------------------------

ADDABLE_UNDER_HOME = {
    "govpages_events": ["govpages_events/eventindexpage"],
    "govpages": ["govpages/disclosurecatalogpage", "govpages/policyinterpretationpage"],
}


def admin(scenario, pages_json):
    """As a superuser (Django's test client, in process): the dashboard, the explorer, "add
    child page" under the home page offering the apps' page types, and each page's editor."""
    import django

    django.setup()

    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse
    from wagtail.models import Site

    pages = json.loads(Path(pages_json).read_text("utf-8"))
    home = Site.objects.get(is_default_site=True).root_page
    user = get_user_model().objects.create_superuser("integration", "ci@example.gov.cn", None)
    client = Client()
    client.force_login(user)

    def get(path, *wanted, follow=False):
        response = client.get(path, follow=follow)
        if response.status_code != 200:
            fail(f"admin GET {path} answered {response.status_code}, expected 200")
        body = response.content.decode("utf-8", errors="replace")
        for text in wanted:
            if text not in body:
                fail(f"admin GET {path} does not contain {text!r}")
        print(f"ok   admin 200 {path}")

    get(reverse("wagtailadmin_home"))
    get(reverse("wagtailadmin_explore", args=[home.id]))
    addable = [name for app in APPS[scenario] for name in ADDABLE_UNDER_HOME.get(app, [])]
    # With a single type to offer (search only: home.HomePage) Wagtail redirects to its form.
    get(reverse("wagtailadmin_pages:add_subpage", args=[home.id]), *addable, follow=True)
    for page in pages:
        get(reverse("wagtailadmin_pages:edit", args=[page["id"]]), page["title"])
    if "govpages" in APPS[scenario]:
        get(reverse("govpages_departments:index"), "示范市财政局")
        get(reverse("govpages_departments:create"))


# -- the running server ----------------------------------------------------------------------


def fetch(base_url, path):
    url = base_url + urllib.parse.quote(path, safe="/?=&%")
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()
    except OSError as error:
        fail(f"GET {path}: {error}")


def visible_text(body):
    text = body.decode("utf-8", errors="replace")
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.DOTALL | re.IGNORECASE)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def expect(path, status, wanted, got):
    if status != 200:
        fail(f"GET {path} answered {status}, expected 200")
    if wanted not in got:
        fail(f"GET {path} answered 200 but does not contain {wanted!r}")
    print(f"ok   200 {path}  ({wanted})")


def unfolded(body):
    return body.decode("utf-8", errors="replace").replace("\r\n ", "").replace("\r\n\t", "")


def probe(scenario, pages_json, base_url):
    pages = json.loads(Path(pages_json).read_text("utf-8"))
    by_url = {page["url"]: page for page in pages}
    for page in pages:
        status, _type, body = fetch(base_url, page["url"])
        expect(page["url"], status, page["title"], visible_text(body))
        if page.get("ical"):
            path = page["url"] + "ical/"
            status, content_type, body = fetch(base_url, path)
            if status == 200 and not content_type.startswith("text/calendar"):
                fail(f"GET {path} answered {content_type!r}, expected text/calendar")
            expect(path, status, "BEGIN:VCALENDAR", unfolded(body))
        if page.get("feed"):
            status, _type, body = fetch(base_url, page["url"] + "feed/")
            expect(page["url"] + "feed/", status, page["feed"], body.decode("utf-8", "replace"))
    for page in pages:
        for key, route in (("in_ical_of", "ical/"), ("in_feed_of", "feed/")):
            if page.get(key):
                path = page[key] + route
                status, _type, body = fetch(base_url, path)
                expect(path, status, page["title"], html.unescape(unfolded(body)))
    if "govpages_search" not in APPS[scenario]:
        status, _type, body = fetch(base_url, "/api/search/?q=" + SEARCH_WORD)
        if status == 200 and body.lstrip().startswith(b"{"):
            fail("/api/search/ answers JSON although govpages_search is not installed")
        return
    searched = [page for page in pages if page.get("searched")]
    query = "q=" + SEARCH_WORD
    status, content_type, body = fetch(base_url, "/api/search/?" + query + "&page_size=50")
    if status != 200 or not content_type.startswith("application/json"):
        fail(f"GET /api/search/?{query} answered {status} {content_type!r}")
    data = json.loads(body)
    found = {result.get("url") for result in data.get("results", [])}
    for page in searched:
        if page["url"] not in found:
            titles = [result.get("title") for result in data.get("results", [])]
            fail(f"/api/search/?{query} does not find {page['title']!r} (found: {titles})")
        print(f"ok   /api/search/?{query} finds {page['url']}  ({page['title']})")
    unexpected = found - set(by_url) - {None}
    if unexpected:
        print(f"note /api/search/?{query} also found {sorted(unexpected)}")
    status, _type, body = fetch(base_url, "/search/?" + query)
    text = visible_text(body)
    for page in searched:
        expect("/search/?" + query, status, page["title"], text)
    status, _type, body = fetch(base_url, "/api/search/?" + query + "&page_size=999")
    if status != 400:
        fail(f"/api/search/ with page_size=999 answered {status}, expected 400 (not our view?)")
    print("ok   400 /api/search/?page_size=999 (the JSON API is govpages_search's)")


# -- main ------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        print(sock.getsockname()[1])


def scenario_arg(value):
    if value not in SCENARIOS:
        fail(f"unknown scenario {value!r}; one of {', '.join(SCENARIOS)}")
    return value


COMMANDS = {
    "apply": (apply, 3),
    "check-output": (check_output, 2),
    "populate": (populate, 2),
    "admin": (admin, 2),
    "probe": (probe, 3),
    "wheel-contents": (wheel_contents, 2),
    "free-port": (free_port, 0),
}


def main(argv):
    if not argv or argv[0] not in COMMANDS or len(argv) - 1 != COMMANDS[argv[0]][1]:
        print(__doc__, file=sys.stderr)
        return 2
    function, _count = COMMANDS[argv[0]]
    args = argv[1:]
    if args and argv[0] not in ("free-port", "wheel-contents"):
        args[0] = scenario_arg(args[0])
    try:
        function(*args)
    except Failure as error:
        print(f"FAIL {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
