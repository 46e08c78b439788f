from .analysis import invalidate, invalidate_vocabulary


def dictionaries_changed(**kwargs):
    """A dictionary edit: this process re-reads the dictionaries at once (others within
    DICTIONARY_CHECK_SECONDS); indexed text changes on the next index rebuild."""
    invalidate()
    invalidate_vocabulary()


def page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        invalidate_vocabulary()
