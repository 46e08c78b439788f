"""Test settings: the database comes from DATABASE_URL (SQLite in memory when unset)."""

import os

import dj_database_url

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789abcdef"
ALLOWED_HOSTS = ["*"]
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://:memory:"))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # As in portal.settings.base: the task worker claims tasks in a plain atomic block.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "EXCLUSIVE"}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# The test client's login() authenticates without a request, which django-axes refuses; the
# lockout has its own test (tests/site/test_headers_and_login.py) that turns it back on.
AXES_ENABLED = False
