from wagtail.snippets.models import register_snippet

from .dictionaries_admin import SearchDictionariesGroup

register_snippet(SearchDictionariesGroup)
