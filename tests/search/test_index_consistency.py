import logging

import pytest
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

from govpages_search.models import SearchFacetEntry

from .conftest import publish

UNREACHABLE = {
    "default": {
        "BACKEND": "govpages_search.backends.opensearch3",
        "URLS": ["http://127.0.0.1:9"],
        "INDEX_PREFIX": "govpages_test_down_",
        "TIMEOUT": 1,
        "OPTIONS": {"max_retries": 0},
    }
}


def found(client, query):
    return [
        result["title"] for result in client.get("/api/search/", {"q": query}).json()["results"]
    ]


def has_entry(page):
    return SearchFacetEntry.objects.filter(page_id=page.pk).exists()


def test_publish_and_unpublish_update_results_and_facets(client, make_page):
    page = make_page("Lighthouse notice", "<p>lighthouse</p>")
    assert found(client, "lighthouse") == ["Lighthouse notice"] and has_entry(page)

    page.unpublish()
    assert found(client, "lighthouse") == [] and not has_entry(page)

    page.save_revision().publish()
    assert found(client, "lighthouse") == ["Lighthouse notice"]


def test_republishing_updates_title_and_text_but_drafts_do_not(client, make_page):
    page = make_page("Lighthouse notice", "<p>lighthouse</p>")

    page.title = "Lighthouse schedule"
    page.body = "<p>lighthouse keeper rota</p>"
    page.save_revision()
    assert found(client, "keeper") == []
    assert SearchFacetEntry.objects.get(page_id=page.pk).title == "Lighthouse notice"

    page.get_latest_revision().publish()
    assert found(client, "keeper") == ["Lighthouse schedule"]


def test_delete_removes_page_and_descendants(client, make_page):
    section = make_page("Harbour section", "<p>harbour</p>")
    make_page("Harbour child", "<p>harbour</p>", parent=section)

    section.delete()

    assert found(client, "harbour") == []
    assert not SearchFacetEntry.objects.exists()


def test_deleting_a_live_page_without_a_facet_row_leaves_no_row(make_page):
    """Wagtail's own welcome page, created by a migration, has no row when the demo deletes it."""
    page = make_page("Harbour section", "<p>harbour</p>")
    SearchFacetEntry.objects.filter(page_id=page.pk).delete()

    page.delete()

    assert not SearchFacetEntry.objects.filter(page_id=page.pk).exists()


def test_privacy_change_hides_and_restores_a_subtree(client, make_page):
    section = make_page("Harbour section", "<p>harbour</p>")
    child = make_page("Harbour child", "<p>harbour</p>", parent=section)

    restriction = PageViewRestriction.objects.create(page=section, restriction_type="login")
    assert found(client, "harbour") == [] and not has_entry(child)

    restriction.delete()
    assert set(found(client, "harbour")) == {"Harbour section", "Harbour child"}
    assert has_entry(child)


def test_moving_into_and_out_of_a_private_section(client, make_page, department, home):
    private = make_page("Staff area", "<p>staff</p>")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    finance = department("Finance bureau", "dept-finance")
    section = make_page("Harbour section", "<p>harbour</p>")
    child = make_page("Harbour child", "<p>harbour</p>", parent=section)

    section.move(private, pos="last-child")
    assert found(client, "harbour") == [] and not has_entry(child)

    Page.objects.get(pk=section.pk).move(finance, pos="last-child")
    data = client.get("/api/search/", {"q": "harbour"}).json()
    assert data["total"] == 2
    assert data["facets"]["department"] == [
        {"value": "Finance bureau", "label": "Finance bureau", "count": 2}
    ]


def test_update_index_rebuilds_the_facet_table(make_page, client):
    public = make_page("Harbour public", "<p>harbour</p>")
    private = make_page("Harbour private", "<p>harbour</p>")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    SearchFacetEntry.objects.all().delete()

    call_command("govpages_update_index", stdout=open("/dev/null", "w"))

    assert has_entry(public) and not has_entry(private)
    assert found(client, "harbour") == ["Harbour public"]


@override_settings(WAGTAILSEARCH_BACKENDS=UNREACHABLE)
def test_backend_down_search_answers_503_other_pages_and_publishing_work(
    client, make_page, home, caplog
):
    caplog.set_level(logging.ERROR)

    page = make_page("Lighthouse notice", "<p>lighthouse</p>")

    assert Page.objects.get(pk=page.pk).live
    assert any("search backend" in record.getMessage() for record in caplog.records)
    response = client.get("/search/", {"q": "lighthouse"})
    assert response.status_code == 503
    assert "搜索服务暂时不可用" in response.content.decode()
    api = client.get("/api/search/", {"q": "lighthouse"})
    assert api.status_code == 503 and "搜索服务暂时不可用" in api.json()["error"]
    assert client.get("/").status_code == 200
    assert client.get(page.url).status_code == 200
    assert any("Search backend unavailable" in record.getMessage() for record in caplog.records)


def test_update_index_with_backend_down_fails_cleanly(db):
    from django.core.management.base import CommandError

    with override_settings(WAGTAILSEARCH_BACKENDS=UNREACHABLE):
        with pytest.raises(CommandError, match="unreachable"):
            call_command("govpages_update_index", stdout=open("/dev/null", "w"))


def _opensearch(url, prefix):
    return {
        "default": {
            "BACKEND": "govpages_search.backends.opensearch3",
            "URLS": [url],
            "INDEX_PREFIX": prefix,
            "TIMEOUT": 5,
        }
    }


def test_pages_published_while_opensearch_was_down_are_found_after_update_index(
    client, home, osmem_clone_url
):
    with override_settings(WAGTAILSEARCH_BACKENDS=UNREACHABLE):
        publish(home, "Lighthouse notice", "<p>lighthouse keeper</p>")
        assert client.get("/search/", {"q": "lighthouse"}).status_code == 503

    with override_settings(WAGTAILSEARCH_BACKENDS=_opensearch(osmem_clone_url, "catchup_")):
        call_command("govpages_update_index", stdout=open("/dev/null", "w"))
        assert found(client, "lighthouse") == ["Lighthouse notice"]


def test_opensearch_index_follows_moves_into_private_sections(client, home, osmem_clone_url):
    with override_settings(WAGTAILSEARCH_BACKENDS=_opensearch(osmem_clone_url, "moves_")):
        call_command("govpages_update_index", stdout=open("/dev/null", "w"))
        private = publish(home, "Staff area", "<p>staff</p>")
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        section = publish(home, "Harbour section", "<p>harbour</p>")
        publish(section, "Harbour child", "<p>harbour</p>")
        backend = get_search_backend()
        backend.refresh_indexes()
        assert set(found(client, "harbour")) == {"Harbour section", "Harbour child"}

        section.move(private, pos="last-child")
        backend.refresh_indexes()

        # The index itself (not only the facet table) knows the new paths: its own count of
        # public matches, which is computed without the database, drops the moved subtree.
        assert backend.search("harbour", Page.objects.live().public()).count() == 0
        assert found(client, "harbour") == []


def test_pages_written_without_signals_are_picked_up_and_guarded(client, make_page, department):
    finance = department("Finance bureau", "dept-finance")
    imported = make_page("Lighthouse notice", "<p>lighthouse</p>", parent=finance)
    # A bulk importer writes pages without per-page signals: the facet table lacks the row.
    SearchFacetEntry.objects.filter(page_id=imported.pk).delete()

    data = client.get("/api/search/", {"q": "lighthouse"}).json()
    assert [result["title"] for result in data["results"]] == ["Lighthouse notice"]
    assert data["facets"]["department"][0]["value"] == "Finance bureau"
    assert has_entry(imported)

    # A bulk unpublish sends no signal either: the stale row is not shown anywhere.
    Page.objects.filter(pk=imported.pk).update(live=False)
    assert found(client, "lighthouse") == []
    browse = client.get("/api/search/", {"department": "Finance bureau"}).json()
    assert browse["total"] == 0 and browse["facets"]["department"] == []
