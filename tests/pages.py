"""The plain content page the toolkit tests build pages of.

Under the portal's settings it is the portal's ContentPage; in the one-app runs (tests/settings/)
it is the test app's TestPage. Both have a rich-text ``body`` that is searched.
"""

from django.apps import apps


def content_page_model():
    if apps.is_installed("portal.home"):
        return apps.get_model("home", "ContentPage")
    return apps.get_model("govpages_testapp", "TestPage")


ContentPage = content_page_model()

# What the search app shows for the page type (its `type` facet and result field).
TYPE_VALUE = ContentPage._meta.label_lower


def type_label():
    return str(ContentPage._meta.verbose_name)


def index_field(name):
    """The name a search backend gives the page model's own field ``name`` in its documents."""
    return f"{ContentPage._meta.app_label}_{ContentPage._meta.model_name}__{name}"
