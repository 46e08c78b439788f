"""Issue 17 item 9: what citizens searched for and did not find, across govpages and search."""

import json

import pytest
from wagtail.models import Site

from govpages.models import DepartmentPage, DisclosureCatalogPage, DisclosureItemPage

pytestmark = pytest.mark.portal


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def department(db):
    home = Site.objects.get(is_default_site=True).root_page
    department = DepartmentPage(
        title="示范市财政局",
        slug="czj",
        org_code="000000000",
        address="示范市人民路88号",
        phone="0311-87654321",
        disclosure_guide="<p>申请人可以通过在线申请、信函或当面提交政府信息公开申请表。</p>",
    )
    home.add_child(instance=department)
    return publish(department)


def result_titles(client, query):
    return [r["title"] for r in client.get("/api/search/", {"q": query}).json()["results"]]


@pytest.mark.parametrize("query", ["在线申请", "人民路88号", "0311-87654321"])
def test_a_department_is_found_by_its_guide_address_and_phone(client, department, query):
    assert result_titles(client, query)[:1] == ["示范市财政局"]


def make_item(catalog, title, index_number, doc_number=""):
    item = DisclosureItemPage(
        title=title,
        slug=f"item-{index_number[-3:]}",
        index_number=index_number,
        doc_number=doc_number,
    )
    catalog.add_child(instance=item)
    return publish(item)


def test_an_exact_index_number_or_document_number_comes_first(client, department):
    catalog = publish(department.add_child(instance=DisclosureCatalogPage(title="目录", slug="ml")))
    # The neighbour mentions the serials of both in its text; the item itself only has its number.
    make_item(catalog, "2026年00013号前后的文件 000000000 2026 00012", "000000000/2026-00012")
    make_item(catalog, "预算公开通知", "000000000/2026-00013", doc_number="示财发〔2026〕13号")
    assert result_titles(client, "000000000/2026-00013")[0] == "预算公开通知"
    assert result_titles(client, "示财发[2026]13号")[0] == "预算公开通知"


def test_full_width_letters_reach_the_pinyin_fallback(client, department):
    catalog = publish(
        department.add_child(instance=DisclosureCatalogPage(title="政务公开", slug="zwgk"))
    )
    assert catalog.live
    half = client.get("/api/search/", {"q": "zwgk"}).json()
    full = client.get("/api/search/", {"q": "ＺＷＧＫ"}).json()
    assert half["total"] > 0
    assert full["total"] == half["total"] and full["suggested_query"] == half["suggested_query"]


def test_rate_limited_answers_are_readable_and_say_when_to_come_back(client, db, settings):
    settings.GOVPAGES_SEARCH_RATE_LIMIT = "1/90"
    client.get("/api/search/", {"q": "公开"})
    api = client.get("/api/search/", {"q": "公开"})
    page = client.get("/search/", {"q": "公开"})
    assert api.status_code == 429 and page.status_code == 429
    assert api["Retry-After"] == "90" and page["Retry-After"] == "90"
    assert "\\u" not in api.content.decode() and "搜索" in json.loads(api.content)["error"]
