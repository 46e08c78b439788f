from django.apps import AppConfig


class WagtailZhConfig(AppConfig):
    name = "govpages_wagtail_zh"
    label = "govpages_wagtail_zh"
    verbose_name = "Chinese admin translations"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system check)
