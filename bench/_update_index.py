"""`manage.py govpages_update_index` for search_quality.py, in a process of its own.

Run alone so that its peak memory is measured on its own.
"""

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")


import django  # noqa: E402
from django.core.management import call_command  # noqa: E402

django.setup()
from django.conf import settings  # noqa: E402

# Bulk requests of long documents can exceed the portal's 10 s client timeout on a busy box.
settings.WAGTAILSEARCH_BACKENDS["default"]["TIMEOUT"] = 300
call_command("govpages_update_index", verbosity=0)
