"""Issue 17 item 12: a Content-Security-Policy on every page, and admin logins throttled."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.portal


def policy(response):
    return {
        directive.split()[0]: directive.split()[1:]
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    }


@pytest.mark.parametrize("url", ["/", "/search/?q=公开", "/admin/login/"])
def test_every_page_carries_a_policy(client, demo_portal, url):
    directives = policy(client.get(url))
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'self'"]
    # Public pages run no inline script at all; Wagtail's admin still writes a few.
    inline = ["'unsafe-inline'"] if url.startswith("/admin/") else []
    assert directives["script-src"] == ["'self'", *inline]


@pytest.fixture
def lockout(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    yield
    from axes.utils import reset

    reset()


def login(client, password):
    return client.post("/admin/login/", {"username": "editor", "password": password})


def test_admin_login_is_locked_after_repeated_failures(client, db, lockout):
    get_user_model().objects.create_user("editor", password="right-password", is_staff=True)
    for _ in range(4):
        assert login(client, "wrong").status_code == 200  # the form again, with an error
    locked = login(client, "wrong")
    assert locked.status_code == 429
    assert "登录已暂时锁定" in locked.content.decode()
    # Even the right password waits out the lockout.
    assert login(client, "right-password").status_code == 429


def test_a_successful_login_resets_the_count(client, db, lockout):
    get_user_model().objects.create_user("editor", password="right-password", is_staff=True)
    for _ in range(4):
        login(client, "wrong")
    assert login(client, "right-password").status_code == 302
    client.logout()
    for _ in range(4):
        assert login(client, "wrong").status_code == 200
