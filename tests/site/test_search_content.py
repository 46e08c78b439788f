"""Issue 16: the search lists content (documents, interpretations, events, sessions, articles),
not the home page or listings; snippets come from text editors wrote; the zero-result page is laid
out like the results page; a skip link leads to the results."""

import pytest
from bs4 import BeautifulSoup

from govpages_search.page import content, facets

pytestmark = pytest.mark.portal

NAVIGATION_TYPES = {
    "home.homepage",
    "home.sitemappage",
    "govpages.disclosurecatalogpage",
    "govpages.disclosurecolumnpage",
    "govpages_events.eventindexpage",
}
CONTENT_TYPES = {
    "govpages.disclosureitempage",
    "govpages.policyinterpretationpage",
    "govpages_events.eventpage",
    "govpages_events.forumsessionpage",
    "home.contentpage",
    "govpages.departmentpage",
}


def soup(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def result_types(client, query):
    page = soup(client, "/search/", q=query, page_size=50)
    return [span.get_text(strip=True) for span in page.select(".search-meta span")]


def test_page_types_say_whether_they_are_content():
    assert content.navigation_type_keys() >= NAVIGATION_TYPES
    assert not content.navigation_type_keys() & CONTENT_TYPES


def test_results_hold_content_pages_only(demo_portal, client):
    from wagtail.models import Page

    html = soup(client, "/search/", q="政务公开", page_size=50)
    urls = [a["href"] for a in html.select(".search-result h3 a")]
    assert urls, "the demo has content about 政务公开"
    pages = {page.url: page for page in Page.objects.live().specific()}
    kinds = {content.type_key(type(pages[url])) for url in urls}
    assert not kinds & NAVIGATION_TYPES, kinds
    assert "govpages.disclosureitempage" in kinds
    facet_types = [a.get_text() for a in html.select("#facet-type ~ ul a")]
    assert not any(text.startswith(("首页", "信息公开目录", "活动索引")) for text in facet_types)


def test_the_setting_overrides_the_page_types(demo_portal, client, settings):
    settings.GOVPAGES_SEARCH_CONTENT_TYPES = ["home.contentpage"]
    html = soup(client, "/search/", q="政府信息公开", page_size=50)
    from wagtail.models import Page

    pages = {page.url: page for page in Page.objects.live().specific()}
    kinds = {content.type_key(type(pages[a["href"]])) for a in html.select(".search-result h3 a")}
    assert kinds == {"home.contentpage"}


def test_stream_field_snippets_are_the_text_editors_wrote_not_rendered_blocks(demo_portal):
    from govpages.models import DisclosureItemPage
    from portal.home.models import HomePage

    home = HomePage.objects.get()
    text = facets.searchable_text(home)
    latest = DisclosureItemPage.objects.live().order_by("-publication_date").first()
    # The latest-disclosures block renders item titles; they are not the home page's text.
    assert latest.title not in text
    assert "<" not in text


def test_zero_results_page_is_laid_out_like_the_results_page(demo_portal, client):
    page = soup(client, "/search/", q="火星殖民")
    layout = page.select_one(".search-layout")
    assert layout.select_one("aside.search-tips h2").get_text(strip=True) == "搜索建议"
    main = layout.select_one(".search-main#search-results")
    assert main.select_one(".search-summary [role=status]").get_text(strip=True) == "共 0 个结果"
    assert "火星殖民" in main.select_one(".search-empty h2").get_text()
    assert main.select_one(".search-empty a[href='/']") is not None


def test_a_skip_link_leads_to_the_results(demo_portal, client):
    page = soup(client, "/search/", q="预算")
    skip = page.select("a.skip-link")
    assert skip[0]["href"] == "#search-results" and skip[0].get_text(strip=True) == "跳到搜索结果"
    assert page.select_one("#search-results")["tabindex"] == "-1"
    assert skip[1]["href"] == "#main"
    assert soup(client, "/search/").select("a.skip-link")[0]["href"] == "#main"
