import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail import hooks
from wagtail.documents.models import Document

from govpages.catalog.transfer.importer import DisclosureImporter
from govpages.catalog.transfer.records import ItemRecord
from govpages.meta import format_pub_date, statutory_pub_date
from govpages.models import (
    DisclosureAttachment,
    DisclosureCatalogPage,
    DisclosureItemPage,
    DocumentGenre,
    InterpretationDocument,
    Organisation,
    PolicyInterpretationPage,
    TopicCategory,
)

from .conftest import make_item, publish, restrict


def titles(response):
    html = response.content.decode()
    return {item.title for item in DisclosureItemPage.objects.all() if item.title in html}


@pytest.fixture
def filtered_catalog(catalog, organisation):
    other_org = Organisation.objects.create(name="示范市审计局")
    notice = DocumentGenre.objects.get(name="通知")
    rule = DocumentGenre.objects.get(name="行政规范性文件")
    parent_topic = TopicCategory.objects.get(name="财政、金融、审计", parent=None)
    finance = TopicCategory.objects.get(name="财政", parent=parent_topic)
    audit = TopicCategory.objects.get(name="审计", parent=parent_topic)
    make_item(
        catalog,
        "甲 预算通知",
        genre=notice,
        topic=finance,
        issuers=[organisation],
        publication_date=datetime.date(2023, 1, 5),
    )
    make_item(
        catalog,
        "乙 审计办法",
        genre=rule,
        topic=audit,
        issuers=[other_org],
        publication_date=datetime.date(2024, 2, 1),
    )
    make_item(
        catalog,
        "丙 废止的办法",
        genre=rule,
        topic=finance,
        issuers=[organisation, other_org],
        publication_date=datetime.date(2024, 6, 1),
        validity="repealed",
        repeal_date=datetime.date(2025, 1, 1),
    )
    make_item(catalog, "丁 草稿", genre=notice, live=False)
    private = DisclosureCatalogPage(title="内部目录", slug="internal")
    catalog.get_parent().add_child(instance=private)
    return {
        "catalog": catalog,
        "notice": notice,
        "rule": rule,
        "finance": finance,
        "parent_topic": parent_topic,
        "org": organisation,
        "other_org": other_org,
    }


def test_catalog_lists_live_items_only(client, filtered_catalog):
    catalog = filtered_catalog["catalog"]
    response = client.get(catalog.url)
    assert response.status_code == 200
    assert titles(response) == {"甲 预算通知", "乙 审计办法", "丙 废止的办法"}
    assert "3 条" in response.content.decode() or "3 items" in response.content.decode()


@pytest.mark.parametrize(
    "params, expected",
    [
        (lambda f: {"genre": f["rule"].pk}, {"乙 审计办法", "丙 废止的办法"}),
        (lambda f: {"topic": f["finance"].pk}, {"甲 预算通知", "丙 废止的办法"}),
        (
            lambda f: {"topic": f["parent_topic"].pk},
            {"甲 预算通知", "乙 审计办法", "丙 废止的办法"},
        ),
        (lambda f: {"year": 2024}, {"乙 审计办法", "丙 废止的办法"}),
        (lambda f: {"issuer": f["other_org"].pk}, {"乙 审计办法", "丙 废止的办法"}),
        (lambda f: {"validity": "repealed"}, {"丙 废止的办法"}),
        (lambda f: {"genre": f["rule"].pk, "year": 2024, "validity": "valid"}, {"乙 审计办法"}),
        (
            lambda f: {"genre": "abc", "year": "x", "validity": "nope"},
            {"甲 预算通知", "乙 审计办法", "丙 废止的办法"},
        ),
    ],
)
def test_filters_in_the_url(client, filtered_catalog, params, expected):
    response = client.get(filtered_catalog["catalog"].url, params(filtered_catalog))
    assert response.status_code == 200
    assert titles(response) == expected


def test_sort_by_title_and_date(client, filtered_catalog):
    url = filtered_catalog["catalog"].url
    html = client.get(url, {"sort": "date"}).content.decode()
    assert html.index("甲 预算通知") < html.index("乙 审计办法") < html.index("丙 废止的办法")
    html = client.get(url).content.decode()
    assert html.index("丙 废止的办法") < html.index("乙 审计办法") < html.index("甲 预算通知")
    titles_sorted = sorted(["甲 预算通知", "乙 审计办法", "丙 废止的办法"])
    html = client.get(url, {"sort": "-title"}).content.decode()
    positions = [html.index(title) for title in reversed(titles_sorted)]
    assert positions == sorted(positions)


def import_items(catalog, count, organisation, genre, topic):
    records = [
        ItemRecord(
            line=n,
            source_id=f"q-{n}",
            title=f"文件{n:04d}",
            slug=f"q-{n}",
            body="<p>正文</p>",
            genre=genre.name,
            issuers=[organisation.name],
            topic=topic.path,
            publication_date=datetime.date(2020 + n % 5, 1, 1),
        )
        for n in range(count)
    ]
    DisclosureImporter(catalog, publish=True, update_index=False).run(records)


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_catalog(client, catalog, organisation, genre, topic):
    second = DisclosureCatalogPage(title="第二目录", slug="second")
    catalog.get_parent().add_child(instance=second)
    publish(second)
    import_items(catalog, 10, organisation, genre, topic)
    other = Organisation.objects.create(name="示范市税务局")
    records_org = other
    import_items_into = [(second, 500)]
    for target, count in import_items_into:
        records = [
            ItemRecord(
                line=n,
                source_id=f"big-{n}",
                title=f"大目录文件{n:04d}",
                slug=f"b-{n}",
                body="<p>正文</p>",
                genre=genre.name,
                issuers=[organisation.name, records_org.name],
                topic=topic.path,
                publication_date=datetime.date(2000 + n % 25, 1, 1),
            )
            for n in range(count)
        ]
        DisclosureImporter(target, publish=True, update_index=False).run(records)

    client.get(catalog.url)  # warm caches (site root paths, content types)
    small = count_queries(client, catalog.url)
    large = count_queries(client, second.url)
    assert small == large
    assert count_queries(client, catalog.url, {"genre": genre.pk, "page": 1}) == count_queries(
        client, second.url, {"genre": genre.pk, "page": 2}
    )


def test_pagination(client, catalog, organisation, genre, topic):
    import_items(catalog, 45, organisation, genre, topic)
    response = client.get(catalog.url, {"sort": "title", "page": 3, "genre": genre.pk})
    html = response.content.decode()
    assert "文件0044" in html and "文件0039" not in html
    assert f"genre={genre.pk}" in html and 'rel="prev"' in html
    assert client.get(catalog.url, {"page": 999}).status_code == 200


def test_private_and_draft_items_stay_out_of_listing_feed_and_api(client, catalog, department):
    public = make_item(catalog, "公开文件")
    make_item(catalog, "草稿文件", live=False)
    expired = make_item(catalog, "已过期文件")
    expired.expired = True
    expired.live = False
    expired.save()
    hidden_catalog = DisclosureCatalogPage(title="受限目录", slug="restricted")
    department.add_child(instance=hidden_catalog)
    publish(hidden_catalog)
    restricted = make_item(hidden_catalog, "受限文件")
    restrict(hidden_catalog)
    protected_item = make_item(catalog, "单独受限文件")
    restrict(protected_item)

    listing = client.get(catalog.url).content.decode()
    assert "公开文件" in listing
    for hidden in ["草稿文件", "已过期文件", "单独受限文件"]:
        assert hidden not in listing

    feed = client.get(catalog.url + "feed/")
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(feed.content).findall("{http://www.w3.org/2005/Atom}entry")
    assert [e.find("{http://www.w3.org/2005/Atom}title").text for e in entries] == ["公开文件"]
    hidden_feed = client.get(hidden_catalog.url + "feed/")
    assert not hidden_feed["Content-Type"].startswith("application/atom+xml")
    assert "受限文件" not in hidden_feed.content.decode()

    api = client.get(
        "/api/v2/pages/",
        {"type": "govpages.DisclosureItemPage", "fields": "index_number,issuer_names,genre_name"},
    ).json()
    assert [item["title"] for item in api["items"]] == ["公开文件"]
    assert api["items"][0]["index_number"] == public.index_number
    assert client.get(f"/api/v2/pages/{restricted.pk}/").status_code == 404

    latest = [
        page.title
        for fn in hooks.get_hooks("govpages_home_latest_disclosures")
        for page in fn(None, 10)
    ]
    assert latest == ["公开文件"]


def test_api_exposes_the_metadata(client, catalog, organisation, genre, topic):
    item = make_item(
        catalog,
        "接口文件",
        issuers=[organisation],
        genre=genre,
        topic=topic,
        doc_number="示财〔2024〕1号",
        keywords="预算 公开",
        document_date=datetime.date(2024, 3, 1),
    )
    data = client.get(f"/api/v2/pages/{item.pk}/").json()
    assert data["index_number"] == item.index_number
    assert data["issuer_names"] == ["示范市财政局"]
    assert data["doc_number"] == "示财〔2024〕1号"
    assert data["genre_name"] == "通知"
    assert data["topic_path"] == "综合政务 > 政务公开"
    assert data["document_date"] == "2024-03-01"
    assert data["validity"] == "valid"


def test_item_page_metadata_meta_tags_attachments_and_interpretations(
    client, catalog, organisation, genre
):
    item = make_item(
        catalog,
        "关于推进政务公开的实施意见",
        issuers=[organisation],
        genre=genre,
        doc_number="示政办发〔2024〕5号",
        keywords="政务公开 实施意见",
        summary="明确年度政务公开重点任务。",
        document_date=datetime.date(2024, 4, 30),
    )
    document = Document.objects.create(title="实施意见全文")
    document.file.save("shishi.pdf", ContentFile(b"%PDF-1.4 " + b"x" * 2038))
    DisclosureAttachment.objects.create(page=item, document=document, sort_order=0)
    interpretation = PolicyInterpretationPage(
        title="一图读懂实施意见", slug="yitu", interpretation_type="graphic"
    )
    catalog.get_parent().add_child(instance=interpretation)
    InterpretationDocument.objects.create(page=interpretation, document=item)
    publish(interpretation)
    draft = PolicyInterpretationPage(title="未发布的解读", slug="draft", live=False)
    catalog.get_parent().add_child(instance=draft)
    InterpretationDocument.objects.create(page=draft, document=item)

    html = client.get(item.url).content.decode()

    for text in [
        item.index_number,
        "示范市财政局",
        "示政办发〔2024〕5号",
        "2024-04-30",
        "通知",
        "主动公开",
        "面向社会",
        "长期",
        "有效",
        "实施意见全文",
        "PDF",
        "2.0\xa0KB",
        "一图读懂实施意见",
        "图解",
    ]:
        assert text in html, text
    assert "未发布的解读" not in html
    assert '<meta name="ArticleTitle" content="关于推进政务公开的实施意见">' in html
    assert '<meta name="ContentSource" content="示范市财政局">' in html
    assert '<meta name="Keywords" content="政务公开 实施意见">' in html
    assert '<meta name="Description" content="明确年度政务公开重点任务。">' in html
    assert f'<meta name="Url" content="http://localhost{item.url}">' in html
    pub = format_pub_date(statutory_pub_date(item.first_published_at, item.publication_date))
    assert f'<meta name="PubDate" content="{pub}">' in html
    assert len(pub) == 16 and pub[4] == "-" and pub[13] == ":"

    back = client.get(interpretation.url).content.decode()
    assert "关于推进政务公开的实施意见" in back and "原文件" in back
    item.unpublish()
    assert "关于推进政务公开的实施意见" not in client.get(interpretation.url).content.decode()


def test_search_hooks_and_search_date(catalog, department, organisation, genre):
    item = make_item(
        catalog,
        "检索文件",
        genre=genre,
        doc_number="示财〔2024〕9号",
        publication_date=datetime.date(2024, 9, 1),
    )
    facets = {}
    for fn in hooks.get_hooks("govpages_search_facets_for_page"):
        facets.update(fn(item))
    assert facets == {"department": "示范市财政局", "category": "通知"}
    assert {
        k: v
        for fn in hooks.get_hooks("govpages_search_facets_for_page")
        for k, v in fn(catalog).items()
    } == {"department": "示范市财政局"}
    fields = {}
    for fn in hooks.get_hooks("govpages_search_result_fields_for_page"):
        fields.update(fn(item))
    assert fields == {
        "index_number": item.index_number,
        "source_id": "",
        "doc_number": "示财〔2024〕9号",
    }
    assert item.get_search_date() == datetime.date(2024, 9, 1)
    searched = {field.field_name for field in DisclosureItemPage.search_fields}
    assert {"doc_number", "index_number", "title", "body"} <= searched
    results = DisclosureItemPage.objects.live().search("示财〔2024〕9号")
    assert item.pk in [page.pk for page in results]


def test_a_batch_of_items_finds_its_departments_and_genres_in_one_query_each(
    catalog, department, genre
):
    """The search facet table is filled in batches (rebuild, bulk publish): the departments and
    genres of a batch of items come from one query each, not one per item."""
    ids = [make_item(catalog, f"通知{i}", slug=f"notice-{i}", genre=genre).pk for i in range(6)]
    pages = list(DisclosureItemPage.objects.filter(pk__in=ids))
    with CaptureQueriesContext(connection) as queries:
        for fn in hooks.get_hooks("govpages_search_before_facets"):
            fn(pages)
        facets = [
            {
                k: v
                for fn in hooks.get_hooks("govpages_search_facets_for_page")
                for k, v in fn(p).items()
            }
            for p in pages
        ]
    assert facets == [{"department": "示范市财政局", "category": genre.name}] * 6
    for table in ("departmentpage", "documentgenre"):
        assert len([q for q in queries.captured_queries if table in q["sql"]]) == 1, table
