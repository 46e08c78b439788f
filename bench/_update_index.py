"""`manage.py update_index` for search_quality.py, in a process of its own (peak memory)."""

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "site"), str(REPO)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

from search.backends._compat import import_opensearchpy  # noqa: E402

import_opensearchpy()

import django  # noqa: E402
from django.core.management import call_command  # noqa: E402

django.setup()
from django.conf import settings  # noqa: E402

# Bulk requests of long documents can exceed the portal's 10 s client timeout on a busy box.
settings.WAGTAILSEARCH_BACKENDS["default"]["TIMEOUT"] = 300
call_command("update_index", verbosity=0)
