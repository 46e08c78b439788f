"""The catalog's Atom feed as a feed reader sees it (feedparser), issue 17 item 7."""

import datetime

import feedparser
from wagtail.models import Site

from .conftest import make_item


def read_feed(client, catalog):
    response = client.get(catalog.url + "feed/")
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def test_entry_ids_are_tag_uris_on_the_site_host(client, catalog, organisation):
    item = make_item(catalog, "关于预算公开的通知", issuers=[organisation])
    entry = read_feed(client, catalog).entries[0]
    host = Site.objects.get(is_default_site=True).hostname
    published = item.first_published_at.astimezone(datetime.UTC)
    assert entry.id.startswith(f"tag:{host},")
    assert entry.id.endswith(f":{item.index_number}")
    assert str(published.year) in entry.id


def test_every_entry_has_an_author(client, catalog, department, organisation):
    make_item(catalog, "有发布机构", issuers=[organisation])
    make_item(catalog, "无发布机构")
    authors = {entry.title: entry.get("author") for entry in read_feed(client, catalog).entries}
    assert authors["有发布机构"] == organisation.name
    assert authors["无发布机构"] == department.display_name


def test_latest_means_latest_issued_not_latest_imported(client, catalog):
    # Published on the portal in this order (as a bulk import would), issued in another.
    make_item(catalog, "2019年文件", publication_date=datetime.date(2019, 4, 3))
    make_item(catalog, "2025年文件", publication_date=datetime.date(2025, 6, 1))
    make_item(catalog, "2021年文件", publication_date=datetime.date(2021, 1, 8))
    make_item(catalog, "今天发布")  # publishing fills in today as its 发布日期
    titles = [entry.title for entry in read_feed(client, catalog).entries]
    assert titles == ["今天发布", "2025年文件", "2021年文件", "2019年文件"]
