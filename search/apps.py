from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = _("Chinese search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from .analysis import invalidate_vocabulary
        from .backends._compat import import_opensearchpy
        from .signal_handlers import dictionaries_changed, page_deleted, register_signal_handlers

        for model_name in ("CustomWord", "SynonymGroup"):
            model = self.get_model(model_name)
            post_save.connect(dictionaries_changed, sender=model, dispatch_uid=f"dict-{model_name}")
            post_delete.connect(
                dictionaries_changed, sender=model, dispatch_uid=f"del-{model_name}"
            )
        page_published.connect(invalidate_vocabulary, dispatch_uid="search-vocab-published")
        page_unpublished.connect(invalidate_vocabulary, dispatch_uid="search-vocab-unpublished")
        post_delete.connect(page_deleted, dispatch_uid="search-vocab-deleted")

        try:  # lets Wagtail's stock opensearch backends load too (see backends/_compat.py)
            import_opensearchpy()
        except ImportError:
            pass
        register_signal_handlers()
