"""Simplified Chinese for the Wagtail admin strings that Wagtail's own zh_Hans catalogue lacks.

A locale-only app: list it before the Wagtail apps in INSTALLED_APPS (Django gives the catalogues
of earlier apps precedence), or its translations lose to Wagtail's empty ones.
"""
