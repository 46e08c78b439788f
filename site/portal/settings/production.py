"""Production settings: every secret comes from the environment; nothing insecure by default."""

import os

from .base import *  # noqa: F401,F403
from .base import MIDDLEWARE, SECRET_KEY, STORAGES, env_bool, require_secret_key

DEBUG = False
SECRET_KEY = require_secret_key(SECRET_KEY)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
# Wagtail's live preview shows the page in a same-origin frame, so SAMEORIGIN is deliberate.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Static files: WhiteNoise serves the collected, hashed and compressed files from every gunicorn
# worker, with far-future cache headers (a proxy in front may cache or serve them itself).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
