"""Admin wiring for the disclosure catalog and the cross-app hooks of PROTOCOLS.md."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from govpages.models import (
    DisclosureItemPage,
    DocumentGenre,
    Organisation,
    ServiceAudience,
    TopicCategory,
    owning_department,
)


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "org_code", "department"]
    search_fields = ["name", "org_code"]
    ordering = ["name"]


class TopicCategoryViewSet(SnippetViewSet):
    model = TopicCategory
    icon = "folder-open-1"
    list_display = ["__str__", "sort_order"]
    list_filter = ["parent"]
    search_fields = ["name"]


class DocumentGenreViewSet(SnippetViewSet):
    model = DocumentGenre
    icon = "doc-full"
    list_display = ["name", "sort_order"]
    search_fields = ["name"]


class ServiceAudienceViewSet(SnippetViewSet):
    model = ServiceAudience
    icon = "user"
    list_display = ["name", "sort_order"]
    search_fields = ["name"]


class CatalogVocabulariesGroup(SnippetViewSetGroup):
    menu_label = _("Catalog vocabularies")
    menu_icon = "list-ul"
    menu_order = 250
    items = [
        OrganisationViewSet,
        TopicCategoryViewSet,
        DocumentGenreViewSet,
        ServiceAudienceViewSet,
    ]


register_snippet(CatalogVocabulariesGroup)


@hooks.register("search_facets_for_page")
def department_and_category_facets(page):
    facets = {}
    department = owning_department(page) if page.pk else None
    if department is not None:
        facets["department"] = department.display_name
    if isinstance(page, DisclosureItemPage) and page.genre_id:
        facets["category"] = page.genre.name
    return facets


@hooks.register("search_result_fields_for_page")
def disclosure_result_fields(page):
    if not isinstance(page, DisclosureItemPage):
        return {}
    return {
        "index_number": page.index_number or "",
        "source_id": page.source_id or "",
        "doc_number": page.doc_number,
    }


@hooks.register("home_latest_disclosures")
def latest_disclosures(request, count):
    return list(
        DisclosureItemPage.objects.live().public().order_by("-first_published_at", "-pk")[:count]
    )
