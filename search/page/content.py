"""Which pages the search page lists: content (documents, interpretations, events, articles),
not navigation (the home page, listings such as catalogs and event indexes).

The search app works over any page model, so a page type says what it is with a class attribute,
``search_content_page = False`` for navigation; a type without it counts as content. The setting
``GOVPAGES_SEARCH_CONTENT_TYPES`` (a list of ``"app_label.modelname"``) overrides the attribute
for sites that cannot change their models. A site's root page is never a result, nor a plain
``wagtailcore.Page``.
"""

from wagtail.models import Page, Site, get_page_models

from .. import conf


def type_key(model):
    return f"{model._meta.app_label}.{model._meta.model_name}"


def is_content_model(model):
    configured = conf.get("GOVPAGES_SEARCH_CONTENT_TYPES")
    if configured is not None:
        return type_key(model) in {name.lower() for name in configured}
    if model is Page:
        return False
    return getattr(model, "search_content_page", True) is not False


def navigation_type_keys():
    """``app_label.modelname`` of the page models that are not content."""
    return {type_key(model) for model in get_page_models() if not is_content_model(model)}


def only_content(rows):
    """Facet rows (with ``type`` and ``page_id``) without navigation pages and site roots."""
    navigation = navigation_type_keys()
    roots = set(Site.objects.values_list("root_page_id", flat=True))
    return [row for row in rows if row.type not in navigation and row.page_id not in roots]
