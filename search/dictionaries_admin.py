"""Admin for the search dictionaries: custom words and synonym groups (snippets)."""

from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from .models import BlockedSearchTerm, CustomWord, SynonymGroup

REBUILD_NOTICE = _(
    "Dictionary changes take effect on the next search index rebuild "
    "(manage.py govpages_update_index)."
)


def rebuild_notice_panel():
    return HelpPanel(content=f'<p class="help-block help-warning">{REBUILD_NOTICE}</p>')


class RebuildNoticeMixin:
    """Tell the editor, after every change, that the index must be rebuilt."""

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.warning(self.request, REBUILD_NOTICE)
        return response


class DictionaryCreateView(RebuildNoticeMixin, CreateView):
    pass


class DictionaryEditView(RebuildNoticeMixin, EditView):
    pass


class DictionaryDeleteView(DeleteView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.warning(request, REBUILD_NOTICE)
        return response


class DictionaryViewSet(SnippetViewSet):
    add_view_class = DictionaryCreateView
    edit_view_class = DictionaryEditView
    delete_view_class = DictionaryDeleteView


class CustomWordViewSet(DictionaryViewSet):
    model = CustomWord
    icon = "tag"
    list_display = ["word", "note", "updated_at"]
    search_fields = ["word", "note"]
    panels = [rebuild_notice_panel(), FieldPanel("word"), FieldPanel("note")]


class SynonymGroupViewSet(DictionaryViewSet):
    model = SynonymGroup
    icon = "list-ul"
    list_display = ["words", "note", "updated_at"]
    search_fields = ["words", "note"]
    panels = [rebuild_notice_panel(), FieldPanel("words"), FieldPanel("note")]


class BlockedSearchTermViewSet(SnippetViewSet):
    """Terms whose queries are never suggested to visitors (hot, related, pinyin suggestions)."""

    model = BlockedSearchTerm
    icon = "cross"
    list_display = ["term", "note", "created_at"]
    search_fields = ["term", "note"]
    panels = [FieldPanel("term"), FieldPanel("note")]


class SearchDictionariesGroup(SnippetViewSetGroup):
    menu_label = _("Search dictionaries")
    menu_icon = "search"
    menu_order = 260
    # Dictionaries are configuration: under 设置, not beside the content menus.
    add_to_settings_menu = True
    items = [CustomWordViewSet, SynonymGroupViewSet, BlockedSearchTermViewSet]
