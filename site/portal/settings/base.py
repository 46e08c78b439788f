"""Settings shared by every environment of the reference portal.

Everything that differs between machines comes from environment variables; with none set the
portal runs on SQLite with the Chinese database search backend (govpages_search.backends.database).
"""

import datetime
import os
from pathlib import Path

import dj_database_url
import django
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the Wagtail apps: the catalogue of an earlier app wins (see README, Chinese admin).
    "govpages_wagtail_zh",
    "portal.home",
    "govpages",
    "govpages.applications",
    "govpages.reports",
    "govpages_workdays",
    "govpages_events",
    "govpages_search",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# --- Content-Security-Policy: the public pages and the Wagtail admin load only what this site
# serves. Styles may be inline (the admin sets style attributes from its scripts); scripts may
# not. Django 6 has CSP built in; on 5.2 the django-csp package sends the same header.
CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
PORTAL_ADMIN_PATH = "/admin/"
MIDDLEWARE.insert(1, "portal.middleware.admin_csp")
if django.VERSION >= (6, 0):
    MIDDLEWARE.insert(1, "django.middleware.csp.ContentSecurityPolicyMiddleware")
    SECURE_CSP = CSP_DIRECTIVES
else:
    MIDDLEWARE.insert(1, "csp.middleware.CSPMiddleware")
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": CSP_DIRECTIVES}

# --- Admin login: django-axes locks an address and user name out after repeated failures.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_LOCKOUT_TEMPLATE = "portal/login_locked_out.html"
AXES_RESET_ON_SUCCESS = True

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.display_mode",
            ],
        },
    },
]

DEFAULT_DATABASE_URL = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write transactions take the lock at BEGIN: the web process and the task worker never
    # deadlock upgrading a read lock, and django-tasks-db claims tasks in a plain atomic block.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "EXCLUSIVE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PROJECT_DIR / "locale"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "政务公开门户")
WAGTAILADMIN_USER_LOGIN_FORM = "portal.forms.AdminLoginForm"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# The dashboard would otherwise ask releases.wagtail.org for new versions on every visit: a call
# out to the internet from inside a government network.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Nor ask gravatar.com for every admin avatar (blocked by the CSP too): initials are shown.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The account page would list every time zone of the world by its English name.
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai"]
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "doc",
    "docx",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xls",
    "xlsx",
    "zip",
    "ofd",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILSEARCH_HITS_MAX_AGE = 30

# Search backend, chosen by PORTAL_SEARCH_BACKEND (a backend module path) and, for
# Elasticsearch/OpenSearch, PORTAL_SEARCH_URL. The default is the database backend.
PORTAL_SEARCH_BACKEND = os.environ.get("PORTAL_SEARCH_BACKEND", "govpages_search.backends.database")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": PORTAL_SEARCH_BACKEND}}
if os.environ.get("PORTAL_SEARCH_URL"):
    WAGTAILSEARCH_BACKENDS["default"].update(
        {
            "URLS": env_list("PORTAL_SEARCH_URL"),
            "INDEX_PREFIX": os.environ.get("PORTAL_SEARCH_INDEX_PREFIX", "govpages_"),
            "TIMEOUT": 10,
        }
    )

# Background tasks (search index updates and Wagtail's own), chosen by PORTAL_TASKS_BACKEND:
# "immediate" runs each task inside the request (the default: `make run` needs no worker);
# "database" queues them in this database for `manage.py db_worker` (django-tasks-db);
# "rq" queues them in Redis at PORTAL_REDIS_URL for `manage.py rqworker` (django-tasks-rq).
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
}
PORTAL_TASKS_BACKEND = os.environ.get("PORTAL_TASKS_BACKEND", "immediate")
if PORTAL_TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"PORTAL_TASKS_BACKEND 只能是 {', '.join(TASK_BACKENDS)} 之一"
        f" (PORTAL_TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)})."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[PORTAL_TASKS_BACKEND]}}

# Redis, when several processes must agree: the cache (search and question-form rate limits,
# one-time form tokens, query-log de-duplication) and, with PORTAL_TASKS_BACKEND=rq, the queue.
PORTAL_REDIS_URL = os.environ.get("PORTAL_REDIS_URL", "")
if PORTAL_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": PORTAL_REDIS_URL,
            "KEY_PREFIX": os.environ.get("PORTAL_CACHE_PREFIX", "govpages"),
        }
    }
# The search page's and API's budget per client address, "requests/seconds" (empty: no limit).
GOVPAGES_SEARCH_RATE_LIMIT = os.environ.get("PORTAL_SEARCH_RATE_LIMIT", "60/60")
if PORTAL_TASKS_BACKEND == "rq":
    if not PORTAL_REDIS_URL:
        raise ImproperlyConfigured(
            "PORTAL_TASKS_BACKEND=rq 需要设置 PORTAL_REDIS_URL"
            " (PORTAL_TASKS_BACKEND=rq needs PORTAL_REDIS_URL)."
        )
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": PORTAL_REDIS_URL}}

REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Django's own "django" logger has a console handler of its own (under DEBUG) and also
    # propagates to the root: every line would be printed twice.
    "loggers": {"django": {"handlers": [], "propagate": True}},
}


def require_secret_key(secret_key):
    """Refuse to run with an empty or placeholder key outside development."""
    if not secret_key or secret_key.startswith("django-insecure") or len(secret_key) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY 未设置或过短：生产环境必须通过环境变量 SECRET_KEY"
            " 提供至少 50 个字符的随机密钥 (SECRET_KEY is missing or shorter than 50 characters)."
        )
    return secret_key
