import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page

from govpages.models import GovSiteSettings

SITE_DIR = Path(__file__).resolve().parents[2] / "site"


def test_home_page_renders_meta_tags_and_footer_from_settings(client, demo_portal):
    settings = GovSiteSettings.for_site(demo_portal)
    settings.site_id_code = "1304000009"
    settings.sponsor = "测试市人民政府办公室"
    settings.organizer = "测试市大数据局"
    settings.icp_number = "测ICP备12345678号"
    settings.public_security_number = "测公网安备 11010502000001号"
    settings.contact_phone = "0311-12345"
    settings.save()

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-CN"' in html
    assert '<meta name="SiteIDCode" content="1304000009">' in html
    assert f'<meta name="SiteName" content="{demo_portal.site_name}">' in html
    assert '<meta name="SiteDomain"' in html
    for text in [
        "测试市人民政府办公室",
        "测试市大数据局",
        "测ICP备12345678号",
        "测公网安备 11010502000001号",
        "0311-12345",
    ]:
        assert text in html
    assert 'class="skip-link" href="#main"' in html
    assert "跳到主要内容" in html


def test_large_text_mode_is_rendered_from_cookie(client, demo_portal):
    client.cookies["govpages_large_text"] = "1"
    html = client.get("/").content.decode()
    assert '<html lang="zh-CN" class="large-text">' in html
    assert 'aria-pressed="true"' in html


def test_admin_login_page_is_in_chinese(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "登录" in html
    assert 'lang="zh-hans"' in html


def test_load_demo_twice_changes_nothing(demo_portal):
    from django.core.management import call_command

    User = get_user_model()
    pages, users = Page.objects.count(), User.objects.count()
    revisions = [p.latest_revision_id for p in Page.objects.order_by("pk")]
    call_command("load_demo", stdout=open(os.devnull, "w"))
    assert Page.objects.count() == pages
    assert User.objects.count() == users
    assert [p.latest_revision_id for p in Page.objects.order_by("pk")] == revisions


def run_manage(args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=SITE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("secret", [None, "", "short"])
def test_production_settings_refuse_to_start_without_a_real_secret_key(secret):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.production"
    if secret is not None:
        env["SECRET_KEY"] = secret
    result = run_manage(["check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "50" in result.stderr


def test_production_settings_pass_check_deploy_with_required_variables(tmp_path):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="p" * 20 + "-9a8b7c6d5e4f3a2b1c0d-" + "q" * 20,
        ALLOWED_HOSTS="www.example.gov.cn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = run_manage(["check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


SERVE_SCRIPT = """
import json, re
from django.test import Client
client = Client()
missing = client.get("/no-such-page/")
icon = re.search(r'href="(/static/portal/img/favicon[^"]*)"', missing.content.decode()).group(1)
served = client.get(icon)
print(json.dumps({"status": missing.status_code, "icon": icon, "icon_status": served.status_code,
                  "cache": served.get("Cache-Control", "")}))
"""


def test_production_settings_serve_pages_and_static_files_after_collectstatic(tmp_path):
    """The README's recipe: migrate, collectstatic, then WhiteNoise serves the hashed files from
    STATIC_ROOT and every page links to them through the manifest."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="p" * 20 + "-9a8b7c6d5e4f3a2b1c0d-" + "q" * 20,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    env.pop("PORTAL_REDIS_URL", None)
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        result = run_manage(command, env)
        assert result.returncode == 0, result.stdout + result.stderr

    result = run_manage(["shell", "-c", SERVE_SCRIPT], env)

    assert result.returncode == 0, result.stderr
    served = json.loads(result.stdout.strip().splitlines()[-1])
    assert served["status"] == 404  # the portal's own 404 page, rendered with base.html
    assert re.fullmatch(r"/static/portal/img/favicon\.[0-9a-f]{12}\.svg", served["icon"])
    assert served["icon_status"] == 200
    assert "max-age=315360000" in served["cache"]
