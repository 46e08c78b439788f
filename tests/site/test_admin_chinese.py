"""Issue 16: the admin an editor uses is Chinese throughout. The pages an editor and the portal
administrator open are fetched as a zh-hans user; any visible English phrase (text, aria-label,
title, placeholder, alt) that is not a name on the allow-list fails the test."""

import gettext
import json
from pathlib import Path

import pytest
import wagtail
from django.contrib.auth import get_user_model
from django.utils import translation

from govpages.models import DepartmentPage

from .admin_walk import data_names, department_editor_pages, editor_pages, english_phrases

pytestmark = pytest.mark.portal


def walk(client, pages, allowed):
    problems, walked = [], 0
    for name, url in pages:
        response = client.get(url)
        assert response.status_code == 200, f"{name} {url}: HTTP {response.status_code}"
        walked += 1
        for phrase in english_phrases(response.content.decode(), allowed):
            problems.append(f"{name} ({url}): {phrase}")
    return walked, problems


def test_the_admin_shows_no_english_to_the_portal_administrator(demo_portal, client):
    client.force_login(get_user_model().objects.get(username="admin"))
    pages = editor_pages()
    names = {name for name, _url in pages}
    for required in ("dashboard", "workflows", "govpages_questions:index", "report: site history"):
        assert required in names
    assert any(name.startswith("snippets: 自定义词") for name in names), sorted(names)
    walked, problems = walk(client, pages, data_names())
    print(f"\nadmin pages walked as the portal administrator: {walked}")
    assert walked >= 60
    assert not problems, "\n".join(problems)


def test_a_department_editor_sees_no_english(demo_portal, client):
    department = DepartmentPage.objects.get(slug="czj")
    client.force_login(get_user_model().objects.get(username="czj_bianji"))
    walked, problems = walk(client, department_editor_pages(department), data_names())
    print(f"\nadmin pages walked as a department editor: {walked}")
    assert walked >= 8
    assert not problems, "\n".join(problems)


def menu_items(html):
    """The sidebar's main menu, as {label: [sub-item labels]} from its JSON props."""
    start = html.index('<script id="wagtail-sidebar-props" type="application/json">')
    start = html.index(">", start) + 1
    props = json.loads(html[start : html.index("</script>", start)])

    def label(item):
        return item["_args"][0]["label"]

    def children(item):
        args = item["_args"]
        if len(args) < 2 or not isinstance(args[1], list):
            return []
        return [label(child) for child in args[1] if "_args" in child]

    menu = next(m for m in props["modules"] if m["_type"] == "wagtail.sidebar.MainMenuModule")
    return {label(item): children(item) for item in menu["_args"][0]}


def test_search_dictionaries_are_under_settings(demo_portal, client):
    client.force_login(get_user_model().objects.get(username="admin"))
    menu = menu_items(client.get("/admin/").content.decode())
    assert "搜索词典" not in menu, list(menu)
    assert "搜索词典" in menu["设置"], menu["设置"]


def english_catalogue_ids(path):
    with open(path, "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    return {key[0] if isinstance(key, tuple) else key for key in catalogue if key}


def test_every_wagtail_admin_string_has_a_chinese_translation():
    """Wagtail's zh_Hans catalogues and ours together translate every string of Wagtail's
    English catalogues (the list of what Wagtail can show)."""
    root = Path(wagtail.__file__).parent
    untranslated = []
    with translation.override("zh-hans"):
        zh = translation.trans_real.translation("zh-hans")
        for mo in sorted(root.glob("**/locale/en/LC_MESSAGES/django.mo")):
            for msgid in english_catalogue_ids(mo):
                if zh._catalog.get(msgid) in (None, "") and (msgid, 0) not in zh._catalog:
                    untranslated.append(f"{mo.parent.parent.parent.parent.name}: {msgid!r}")
    print(f"\nuntranslated Wagtail strings: {len(untranslated)}")
    assert not untranslated, "\n".join(sorted(untranslated)[:50])


def test_the_app_warns_when_listed_after_wagtail():
    from django.conf import settings

    from govpages_wagtail_zh.checks import check_position, listed_after_wagtail

    assert check_position(None) == []
    assert not listed_after_wagtail(settings.INSTALLED_APPS)
    assert listed_after_wagtail(["wagtail.admin", "govpages_wagtail_zh", "wagtail"])
    assert not listed_after_wagtail(["govpages_wagtail_zh", "wagtail.admin", "wagtail"])
