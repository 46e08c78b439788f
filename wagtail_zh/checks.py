from django.conf import settings
from django.core import checks

APP = "govpages_wagtail_zh"


def listed_after_wagtail(installed_apps):
    """True when the app comes after a Wagtail app: Django lets the catalogue of the app listed
    first win, so Wagtail's own (untranslated) strings would be used."""
    names = list(installed_apps)
    wagtail = [
        i for i, name in enumerate(names) if name == "wagtail" or name.startswith("wagtail.")
    ]
    return APP in names and bool(wagtail) and names.index(APP) > min(wagtail)


@checks.register
def check_position(app_configs, **kwargs):
    if not listed_after_wagtail(settings.INSTALLED_APPS):
        return []
    return [
        checks.Warning(
            f"{APP} is listed after the Wagtail apps in INSTALLED_APPS, so its translations are "
            "not used.",
            hint=f'Put "{APP}" before every "wagtail..." entry.',
            id=f"{APP}.W001",
        )
    ]
