from django.conf import settings
from django.core import checks

APP = "govpages_wagtail_zh"


@checks.register
def listed_before_wagtail(app_configs, **kwargs):
    """Django lets the catalogue of the app listed first win: after Wagtail's apps, Wagtail's own
    (untranslated) strings would be used."""
    names = list(settings.INSTALLED_APPS)
    position = names.index(APP) if APP in names else None
    wagtail = [
        i for i, name in enumerate(names) if name == "wagtail" or name.startswith("wagtail.")
    ]
    if position is None or not wagtail or position < min(wagtail):
        return []
    return [
        checks.Warning(
            f"{APP} is listed after the Wagtail apps in INSTALLED_APPS, so its translations are "
            "not used.",
            hint=f'Put "{APP}" before every "wagtail..." entry.',
            id=f"{APP}.W001",
        )
    ]
