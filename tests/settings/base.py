"""A minimal Wagtail site for the one-app test runs; the database comes from DATABASE_URL.

With DATABASE_URL unset the tests run on SQLite in memory, as under portal.settings.test.
"""

import os
from pathlib import Path

import dj_database_url

TESTS_DIR = Path(__file__).resolve().parent.parent

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-one-app-alone-0123456789"
ALLOWED_HOSTS = ["*"]

WAGTAIL_APPS = [
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]


def installed_apps(*toolkit_apps, after_wagtail=()):
    """The test app, the given toolkit (and contrib) apps, then Wagtail's and Django's.

    ``after_wagtail`` come last, so that Wagtail's translations win over theirs (as on the portal,
    where Django REST framework's "This field is required." does not replace Wagtail's).
    """
    return ["tests.testapp", *toolkit_apps, *WAGTAIL_APPS, *after_wagtail]


INSTALLED_APPS = installed_apps()

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "tests.testapp.urls"

CONTEXT_PROCESSORS = [
    "django.template.context_processors.debug",
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
]


def templates(*extra_context_processors):
    return [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [TESTS_DIR / "templates"],
            "APP_DIRS": True,
            "OPTIONS": {"context_processors": [*CONTEXT_PROCESSORS, *extra_context_processors]},
        }
    ]


TEMPLATES = templates()

DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://:memory:"))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # As on the portal: the task worker (django-tasks-db) claims tasks in a plain atomic block.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "EXCLUSIVE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "测试站点"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
