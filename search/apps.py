from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = _("Chinese search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .backends._compat import import_opensearchpy
        from .signal_handlers import register_signal_handlers

        try:  # lets Wagtail's stock opensearch backends load too (see backends/_compat.py)
            import_opensearchpy()
        except ImportError:
            pass
        register_signal_handlers()
