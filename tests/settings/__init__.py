"""Settings that install one toolkit app alone, with the tiny test app as the site's own app.

``base`` is the minimal Wagtail site; ``govpages``, ``events`` and ``search`` each add exactly one
toolkit app (and the Wagtail contrib apps its system checks ask for), never the portal or the
other toolkit apps. .ci/apps-alone runs ``tests/<app>`` under ``tests.settings.<app>``.
"""
