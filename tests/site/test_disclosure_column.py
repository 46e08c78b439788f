"""Issue 16: the 政府信息公开 column in the navigation, on the home page and on department pages,
and the footer's 网站地图 and 联系我们, all from site settings and the page tree."""

import pytest
from bs4 import BeautifulSoup

from govpages.models import DepartmentPage, DisclosureColumnSettings, GovSiteSettings

pytestmark = pytest.mark.portal


def soup(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser")


def nav_labels(page):
    return [a.get_text(strip=True) for a in page.select("nav.main-nav a")]


def column_links(page, scope=""):
    return {
        a.get_text(strip=True): a["href"]
        for a in page.select(f"{scope} .disclosure-column .disclosure-entry > a")
    }


def test_the_column_comes_first_in_the_main_navigation(demo_portal, client):
    labels = nav_labels(soup(client, "/"))
    assert labels[:2] == ["首页", "政府信息公开"]
    assert soup(client, "/").select_one("nav.main-nav a[href='/xxgk/']") is not None


def test_the_home_page_has_the_column_with_every_department_catalog(demo_portal, client):
    page = soup(client, "/")
    links = column_links(page)
    assert list(links) == [
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开目录",
        "政策解读",
    ]
    assert links["政府信息公开目录"] == "/xxgkml/"
    assert links["政策解读"].startswith("/search/?type=govpages.policyinterpretationpage")
    departments = [a["href"] for a in page.select(".disclosure-departments a")]
    assert departments == [f"{d.url}xxgkml/" for d in DepartmentPage.objects.order_by("path")]
    # 年报 and 依申请公开 are not built yet: their slots are empty and nothing is shown.
    assert "年报" not in page.select_one(".disclosure-column").get_text()
    assert "依申请公开" not in page.select_one(".disclosure-column").get_text()


def test_a_set_slot_appears_and_the_interpretations_list_opens(demo_portal, client):
    from portal.home.models import ContentPage

    home = demo_portal.root_page
    report = ContentPage(title="年度报告", slug="nb")
    home.add_child(instance=report)
    report.save_revision().publish()
    DisclosureColumnSettings.objects.filter(site=demo_portal).update(annual_report_page=report)
    links = column_links(soup(client, "/"))
    assert links["政府信息公开年报"] == "/nb/"
    results = soup(client, links["政策解读"])
    assert results.select(".search-result"), "the 政策解读 entry lists the interpretations"


def test_every_department_page_has_its_own_column(demo_portal, client):
    for department in DepartmentPage.objects.all():
        page = soup(client, department.url)
        links = column_links(page, ".department-main")
        assert links["政府信息公开指南"] == "#guide-heading"
        assert links["政府信息公开目录"] == f"{department.url}xxgkml/"
        assert "department=" in links["政策解读"]
        assert page.select_one("#guide-heading") is not None


def test_deleted_or_unpublished_pages_drop_their_link(demo_portal, client):
    settings = DisclosureColumnSettings.objects.get(site=demo_portal)
    settings.rules_page.delete()
    settings.statutory_page.specific.unpublish()
    gov = GovSiteSettings.objects.get(site=demo_portal)
    gov.sitemap_page.delete()
    settings.column_page.specific.unpublish()

    page = soup(client, "/")

    links = column_links(page)
    assert "政府信息公开制度" not in links
    assert "法定主动公开内容" not in links
    assert "政府信息公开指南" in links
    assert "政府信息公开" not in nav_labels(page)
    footer = [a.get_text(strip=True) for a in page.select(".footer-links a")]
    assert "网站地图" not in footer
    assert "联系我们" in footer


def test_no_settings_at_all_shows_no_column(demo_portal, client):
    DisclosureColumnSettings.objects.all().delete()
    page = soup(client, "/")
    assert page.select_one(".disclosure-column") is None
    assert nav_labels(page)[0] == "首页"


def test_footer_links_sitemap_contact_and_error_report(demo_portal, client):
    page = soup(client, "/")
    footer = {a.get_text(strip=True): a["href"] for a in page.select(".footer-links a")}
    assert footer["网站地图"] == "/sitemap/"
    assert footer["联系我们"] == "/contact/"
    assert footer["我要找错"].startswith("https://")


def test_the_site_map_lists_sections_not_every_document(demo_portal, client):
    page = soup(client, "/sitemap/")
    sections = {
        li.find("a").get_text(strip=True): [
            a.get_text(strip=True) for a in li.select(":scope > ul a")
        ]
        for li in page.select(".sitemap > .sitemap-level > li")
    }
    assert sections["示范市财政局"] == ["信息公开目录"]
    assert sections["政府信息公开"] == ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容"]
    assert "活动" in sections and "网站介绍" in sections
    # Documents, interpretations and events are found through their listings, not here.
    titles = " ".join(a.get_text() for a in page.select(".sitemap a"))
    assert "预算公开说明" not in titles and "政策解读" not in titles


def test_logo_and_organ_mark_come_from_settings(demo_portal, client, tmp_path, settings):
    import io

    import PIL.Image
    from django.core.files.images import ImageFile
    from wagtail.images.models import Image

    settings.MEDIA_ROOT = str(tmp_path)
    png = io.BytesIO()
    PIL.Image.new("RGB", (120, 60), "#b71c1c").save(png, "PNG")
    image = Image.objects.create(title="标识", file=ImageFile(png, name="mark.png"))
    GovSiteSettings.objects.filter(site=demo_portal).update(
        logo=image, party_government_mark=image, party_government_mark_url="https://example.org/"
    )
    page = soup(client, "/")
    assert page.select_one(".site-name img.site-logo") is not None
    mark = page.select_one(".organ-mark a img")
    assert mark["alt"] == "党政机关网站标识"
    image.delete()
    page = soup(client, "/")
    assert page.select_one(".organ-mark") is None
