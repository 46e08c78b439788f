"""Issue 16: phone-first public pages, plain labels for citizens (server-side structure; the
browser tests in tests/e2e check the rendering at 390 px)."""

import datetime

import pytest
from bs4 import BeautifulSoup

from govpages.models import DisclosureCatalogPage, DisclosureItemPage

pytestmark = pytest.mark.portal


def soup(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser")


def first_item_with_number():
    return DisclosureItemPage.objects.live().exclude(doc_number="").order_by("path").first()


def test_item_page_starts_with_title_number_issuer_and_date(demo_portal, client):
    item = first_item_with_number()
    article = soup(client, item.url).select_one("article.disclosure-item")
    children = [child for child in article.children if getattr(child, "name", None)]
    assert children[0].name == "h1" and children[0].get_text(strip=True) == item.title
    facts = children[1]
    assert facts.name == "dl"
    assert [dt.get_text(strip=True) for dt in facts.select("dt")] == [
        "文号",
        "发布机构",
        "发布日期",
    ]
    assert item.doc_number in facts.get_text()


def test_item_metadata_table_follows_the_body_and_stays_a_table(demo_portal, client):
    item = first_item_with_number()
    article = soup(client, item.url).select_one("article.disclosure-item")
    body = article.select_one(".item-body")
    table = article.select_one("table.item-metadata")
    assert table is not None and table.caption is not None
    assert body in table.find_all_previous("div")
    headers = [th.get_text(strip=True) for th in table.select("th[scope=row]")]
    assert {"索引号", "发布机构", "文号", "发布日期", "主题分类", "有效性"} <= set(headers)


def test_catalog_filters_collapse_behind_one_button_without_script(demo_portal, client):
    catalog = DisclosureCatalogPage.objects.child_of(demo_portal.root_page).first()
    page = soup(client, catalog.url)
    panel = page.select_one("details.catalog-filter-panel")
    assert panel is not None and not panel.has_attr("open")
    assert panel.summary.get_text(strip=True) == "筛选和排序"
    assert panel.select_one("form.catalog-filters select[name=genre]") is not None
    filtered = soup(client, f"{catalog.url}?year=2024").select_one("details.catalog-filter-panel")
    assert filtered.has_attr("open")


def test_catalog_rows_label_every_cell_for_phones_including_the_document_number(
    demo_portal, client
):
    catalog = DisclosureCatalogPage.objects.child_of(demo_portal.root_page).first()
    row = soup(client, catalog.url).select_one("table.catalog-table tbody tr")
    labels = [td.get("data-label") for td in row.select("td")]
    assert labels == ["索引号", None, "文号", "发布机构", "发布日期"]


def test_catalog_pagination_is_numbered_with_previous_and_next(demo_portal, client):
    catalog = DisclosureCatalogPage.objects.child_of(demo_portal.root_page).first()
    for number in range(45):
        item = DisclosureItemPage(
            title=f"分页测试文件{number:02d}",
            slug=f"fenye-{number}",
            publication_date=datetime.date(2020, 1, 1),
        )
        catalog.add_child(instance=item)
        item.save_revision().publish()
    page = soup(client, f"{catalog.url}?page=2")
    nav = page.select_one("nav.pagination")
    texts = [a.get_text(strip=True) for a in nav.select("a")]
    assert texts[0] == "上一页" and texts[-1] == "下一页"
    assert {"1", "2", "3"} <= set(texts)
    current = nav.select_one("a[aria-current=page]")
    assert current.get_text(strip=True) == "2" and current["aria-label"] == "第 2 页"


def test_events_yearly_table_scrolls_in_a_focusable_labelled_region(demo_portal, client):
    from govpages_events.models import EventIndexPage

    index = EventIndexPage.objects.live().order_by("depth", "path").first()  # the portal's 活动
    page = soup(client, index.url)
    region = page.select_one(".table-scroll:has(table.rollup-table)")
    assert region is not None
    assert region["tabindex"] == "0" and region["role"] == "region"
    assert page.select_one(f"#{region['aria-labelledby']}").get_text(strip=True) == "年度数据汇总"


def test_feeds_are_offered_in_plain_chinese_with_the_format_in_a_title(demo_portal, client):
    from govpages_events.models import EventIndexPage, EventPage

    catalog = DisclosureCatalogPage.objects.child_of(demo_portal.root_page).first()
    feed = soup(client, catalog.url).select_one(".feed-link a")
    assert feed.get_text(strip=True) == "订阅更新" and "Atom" in feed["title"]
    links = soup(client, EventIndexPage.objects.live().first().url).select(".feed-links a")
    assert [a.get_text(strip=True) for a in links] == ["订阅更新", "把活动加入我的日历"]
    assert "RSS" in links[0]["title"] and "iCal" in links[1]["title"]
    event = soup(client, EventPage.objects.live().first().url).select_one(".feed-links a")
    assert event.get_text(strip=True) == "加入我的日历" and "iCal" in event["title"]


def test_the_large_text_toggle_says_what_it_does(demo_portal, client):
    button = soup(client, "/").select_one("[data-large-text-toggle]")
    assert button.get_text(strip=True) == "长者模式：放大字号、加强对比"
    assert button["aria-pressed"] == "false"
