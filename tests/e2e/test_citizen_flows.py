"""What citizens do, by keyboard alone, in the demo portal: find a department's documents,
search with a filter over several pages, put an event in their calendar and ask a question at a
forum session."""

import re

import icalendar
import pytest

from .keys import activate, choose_option, follow, tab_to

pytestmark = pytest.mark.e2e

DEPARTMENT = "示范市财政局"
RESULT_COUNT = re.compile(r"(\d+)")


def result_count(page, selector):
    return int(RESULT_COUNT.search(page.locator(selector).inner_text()).group(1))


def test_from_home_to_a_department(new_page):
    page = new_page("desktop")
    page.goto("/")
    follow(page, ".featured-links a", text=DEPARTMENT)
    assert page.url.endswith("/czj/")
    assert page.locator("h1").inner_text() == DEPARTMENT
    assert page.locator(".contact-card").count() == 1


def test_department_catalog_filter_item_and_attachment(new_page):
    page = new_page("desktop")
    page.goto("/")
    follow(page, ".featured-links a", text=DEPARTMENT)
    assert page.url.endswith("/czj/")
    follow(page, "main a", text="信息公开目录")
    assert page.url.endswith("/czj/xxgkml/")
    everything = result_count(page, ".result-count")
    assert everything >= 2

    # On every width the filters wait behind one button (a <details>, so no script is needed).
    assert not page.locator("#filter-genre").is_visible()
    activate(page, ".catalog-filter-panel > summary")
    assert page.locator("#filter-genre").is_visible()
    choose_option(page, "#filter-genre", "报告")  # the budget report of 2025
    choose_option(page, "#filter-year", "2025")
    follow(page, ".catalog-filters button[type=submit]")
    assert "genre=" in page.url and "year=2025" in page.url
    assert result_count(page, ".result-count") == 1 < everything
    titles = page.locator(".catalog-table tbody a").all_inner_texts()
    assert titles == ["市财政局2025年部门预算公开说明"]

    follow(page, ".catalog-table tbody a", text=titles[0])
    assert page.locator("h1").inner_text() == titles[0]
    metadata = page.locator(".item-metadata").inner_text()
    assert "报告" in metadata and "2025" in metadata

    tab_to(page, ".attachments a[download]")
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    content = open(download.path(), "rb").read().decode("utf-8-sig")
    assert "2025年部门预算表" in content and "“三公”经费" in content


def test_search_with_a_filter_and_a_page_change(new_page):
    page = new_page("desktop")
    page.goto("/")
    tab_to(page, "#header-q")
    page.keyboard.type("公开")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    everything = result_count(page, ".search-summary")

    follow(page, ".search-facet a", text="信息公开条目")  # only disclosure items
    assert "type=" in page.url
    filtered = result_count(page, ".search-summary")
    assert 10 < filtered < everything  # more than one page of ten
    first_page = page.locator(".search-results h3").all_inner_texts()
    assert len(first_page) == 10
    kinds = page.locator(".search-results .search-meta").all_inner_texts()
    assert all("信息公开条目" in kind for kind in kinds)

    follow(page, ".pagination a[rel=next]")
    assert "page=2" in page.url and "type=" in page.url  # the filter stays
    assert result_count(page, ".search-summary") == filtered
    second_page = page.locator(".search-results h3").all_inner_texts()
    assert len(second_page) == filtered - 10
    assert not set(first_page) & set(second_page)


def test_calendar_event_and_ical_download(new_page):
    page = new_page("desktop")
    page.goto("/")
    follow(page, ".main-nav a", text="活动")
    for _ in range(12):  # from this month forward to the first month with an event
        if page.locator(".event-calendar td ul a").count():
            break
        follow(page, ".calendar-nav a[rel=next]")
    else:
        raise AssertionError("no event in the calendar for a year")
    title = page.locator(".event-calendar td ul a").first.inner_text()
    follow(page, ".event-calendar td ul a", text=title)
    assert page.locator("h1").inner_text() == title

    tab_to(page, ".feed-links a", text="加入我的日历")  # the iCal file, named in its title
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    calendar = icalendar.Calendar.from_ical(open(download.path(), "rb").read())
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert title in summaries


def test_forum_question_is_received_and_awaits_moderation(new_page):
    question = "请问政务公开日的现场咨询何时开始？（浏览器测试）"
    page = new_page("phone")
    page.goto("/")
    follow(page, ".main-nav a", text="活动")
    follow(page, "section[aria-labelledby=past-heading] a", text="政务公开日")
    session = page.locator("section[aria-labelledby=sessions-heading] a").first.inner_text()
    follow(page, "section[aria-labelledby=sessions-heading] a", text=session)
    assert page.locator("h1").inner_text() == session

    tab_to(page, "#id_name")
    page.keyboard.type("张先生")
    tab_to(page, "#id_text")
    page.keyboard.type(question)
    follow(page, ".ask-form button[type=submit]")
    assert "submitted=1" in page.url
    status = page.locator(".ask-form [role=status]")
    assert "已收到" in status.inner_text()
    assert question not in page.locator(".qa").inner_text()  # unpublished until moderated
