"""The event index: month calendar, upcoming and past lists, filters, roll-up and RSS."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from govpages_events.models import EventType
from govpages_events.month import build_month

from .conftest import local_dt, make_event, occurrence


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


def calendar_days(html):
    """{day number: [titles]} of the in-month cells of the rendered calendar."""
    table = html[html.index('<table class="calendar-table">') : html.index("</table>")]
    days = {}
    for cell in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S):
        number = re.search(r"<time datetime=\"(\d{4}-\d{2}-\d{2})\">", cell)
        if number:
            days[number[1]] = re.findall(r"<a href=\"[^\"]+\">([^<]+)</a>", cell)
    return days


@pytest.fixture
def spanning(index):
    exhibition = make_event(
        index, "跨月展览", [occurrence(local_dt(2026, 4, 29), local_dt(2026, 5, 2), all_day=True)]
    )
    overnight = make_event(
        index,
        "夜间开放",
        [occurrence(local_dt(2026, 5, 31, 20, 0), local_dt(2026, 6, 1, 2, 0))],
    )
    until_midnight = make_event(
        index,
        "截至午夜",
        [occurrence(local_dt(2026, 4, 30, 18, 0), local_dt(2026, 5, 1, 0, 0))],
    )
    return exhibition, overnight, until_midnight


def test_month_view_across_month_boundaries(client, index, spanning):
    april = calendar_days(html_of(client.get(index.url + "?month=2026-04")))
    may = calendar_days(html_of(client.get(index.url + "?month=2026-05")))
    june = calendar_days(html_of(client.get(index.url + "?month=2026-06")))

    assert len(april) == 30 and len(may) == 31 and len(june) == 30
    assert [d for d, titles in april.items() if "跨月展览" in titles] == [
        "2026-04-29",
        "2026-04-30",
    ]
    assert [d for d, titles in may.items() if "跨月展览" in titles] == ["2026-05-01", "2026-05-02"]
    # A timed event ending exactly at midnight does not spill into the next day.
    assert [d for d, titles in april.items() if "截至午夜" in titles] == ["2026-04-30"]
    assert not any("截至午夜" in titles for titles in may.values())
    # An evening event running past midnight shows on both days, in both months.
    assert may["2026-05-31"] == ["夜间开放"]
    assert june["2026-06-01"] == ["夜间开放"]
    assert not any(titles for day, titles in june.items() if day != "2026-06-01")


def test_calendar_is_an_accessible_table_with_month_navigation(client, index, spanning):
    html = html_of(client.get(index.url + "?month=2026-05"))
    assert "<caption>2026年5月活动</caption>" in html
    table = html[html.index('<table class="calendar-table">') :]
    table = table[: table.index("</table>")]
    assert table.count('<th scope="col">') == 7
    assert 'href="?month=2026-04#calendar-heading" rel="prev"' in html
    assert 'href="?month=2026-06#calendar-heading" rel="next"' in html
    january = html_of(client.get(index.url + "?month=2026-01"))
    assert 'href="?month=2025-12#calendar-heading"' in january
    # Invalid month values fall back to the current month instead of failing.
    for bad in ["2026-13", "abc", "2026-5", "99999-01"]:
        today = timezone.localdate()
        assert f"<caption>{today.year}年{today.month}月活动</caption>" in html_of(
            client.get(index.url, {"month": bad})
        )


def test_all_day_recurring_event_in_calendar(client, index):
    make_event(
        index,
        "每月开放",
        [
            occurrence(
                local_dt(2026, 1, 31),
                local_dt(2026, 2, 1),
                all_day=True,
                rrule="FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3",
            )
        ],
    )
    feb = calendar_days(html_of(client.get(index.url + "?month=2026-02")))
    march = calendar_days(html_of(client.get(index.url + "?month=2026-03")))
    assert [d for d, t in feb.items() if t] == ["2026-02-01", "2026-02-28"]
    assert [d for d, t in march.items() if t] == ["2026-03-01", "2026-03-31"]


def test_build_month_grid_starts_on_monday():
    month = build_month(2026, 5, [], datetime.date(2026, 5, 15))
    assert month.weeks[0][0].date == datetime.date(2026, 4, 27)
    assert month.weeks[0][0].in_month is False
    assert month.previous == "2026-04" and month.next == "2026-06"


def test_upcoming_and_past_lists(client, index):
    now = timezone.now()
    make_event(index, "未来活动", [occurrence(now + datetime.timedelta(days=10))])
    make_event(
        index,
        "进行中活动",
        [occurrence(now - datetime.timedelta(hours=1), now + datetime.timedelta(hours=2))],
    )
    make_event(index, "过去活动", [occurrence(now - datetime.timedelta(days=10))])
    html = html_of(client.get(index.url))
    upcoming = html[html.index('id="upcoming-heading"') : html.index('id="calendar-heading"')]
    past = html[html.index('id="past-heading"') :]
    assert upcoming.index("进行中活动") < upcoming.index("未来活动")
    assert "过去活动" not in upcoming
    assert "过去活动" in past and "未来活动" not in past


def test_filters_by_type_organiser_and_year(client, index, home):
    open_day = EventType.objects.get(name="政府开放日")
    disclosure_day = EventType.objects.get(name="政务公开日")
    other_org = home.add_child(instance=type(home)(title="市教育局", slug="edu"))
    make_event(
        index,
        "公开日2025",
        [occurrence(local_dt(2025, 5, 15, 9))],
        event_type=disclosure_day,
        organiser=home,
    )
    make_event(
        index,
        "公开日2026",
        [occurrence(local_dt(2026, 5, 15, 9))],
        event_type=disclosure_day,
        organiser=other_org,
    )
    make_event(
        index,
        "开放日2026",
        [occurrence(local_dt(2026, 6, 1, 9))],
        event_type=open_day,
        organiser=home,
    )

    def listed(**params):
        html = html_of(client.get(index.url, params))
        past = html[html.index('id="past-heading"') :]
        return {t for t in ["公开日2025", "公开日2026", "开放日2026"] if t in past}

    assert listed() == {"公开日2025", "公开日2026", "开放日2026"}
    assert listed(type=disclosure_day.slug) == {"公开日2025", "公开日2026"}
    assert listed(organiser=home.pk) == {"公开日2025", "开放日2026"}
    assert listed(year=2026) == {"公开日2026", "开放日2026"}
    assert listed(type=disclosure_day.slug, year=2026, organiser=other_org.pk) == {"公开日2026"}
    # Junk parameters are ignored, not errors.
    assert listed(year="abc", organiser="-1", type="nope") == {
        "公开日2025",
        "公开日2026",
        "开放日2026",
    }
    html = html_of(client.get(index.url, {"type": disclosure_day.slug}))
    assert f'<option value="{disclosure_day.slug}" selected>' in html
    assert f"type={disclosure_day.slug}&amp;month=" in html  # calendar links keep the filter


def test_yearly_rollup_sums_the_summary_figures(client, index):
    make_event(
        index,
        "2025公开日",
        [occurrence(local_dt(2025, 5, 15, 9))],
        staff_count=20,
        consultation_desks=3,
        display_boards=10,
        people_received=500,
        questions_answered=120,
        materials=[("政策汇编", 300), ("宣传折页", 200)],
    )
    make_event(
        index,
        "2025开放日",
        [occurrence(local_dt(2025, 9, 20, 9))],
        staff_count=8,
        people_received=150,
        questions_answered=None,
        materials=[("宣传折页", 100)],
    )
    make_event(
        index,
        "2026公开日",
        [occurrence(local_dt(2026, 5, 15, 9))],
        staff_count=25,
        display_boards=12,
    )
    rollup = {row.year: row for row in index.yearly_rollup(index.events())}
    assert rollup[2025].events == 2
    assert rollup[2025].figures == {
        "staff_count": 28,
        "consultation_desks": 3,
        "display_boards": 10,
        "people_received": 650,
        "questions_answered": 120,
        "materials": 600,
    }
    assert rollup[2026].events == 1
    assert rollup[2026].figures == {"staff_count": 25, "display_boards": 12}
    html = html_of(client.get(index.url))
    table = html[html.index('class="rollup-table"') :]
    row_2025 = re.search(r"<th scope=\"row\">2025</th>(.*?)</tr>", table, re.S)[1]
    cells = re.findall(r"<td>([^<]*)</td>", row_2025)
    assert cells == ["2", "28", "3", "10", "600", "650", "120"]


def test_rss_feed_lists_events(client, index):
    make_event(index, "政务公开日活动", [occurrence(local_dt(2026, 5, 15, 9))], theme="公开促落实")
    response = client.get(index.url + "feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["政务公开日活动"]
    assert items[0].findtext("link").endswith("/events/event-1/")
    assert "2026-05-15 09:00" in items[0].findtext("description")


def test_gov_meta_tags(client, index):
    event = make_event(
        index, "政务公开日活动", [occurrence(local_dt(2026, 5, 15, 9))], theme="公开"
    )
    html = html_of(client.get(event.url))
    assert '<meta name="ArticleTitle" content="政务公开日活动">' in html
    assert '<meta name="ColumnName" content="活动">' in html
    assert '<meta name="PubDate" content="' in html
    assert '<meta name="ColumnType" content="活动">' in html_of(client.get(index.url))


def test_feed_urls_all_use_the_site_root_host(client, index):
    """Issue 17 item 7: links came from the Site root, the feed's own URL from the request."""
    import feedparser

    make_event(index, "开放日", [occurrence(local_dt(2026, 5, 15, 9))])
    response = client.get(index.url + "feed/?year=2026", HTTP_HOST="alias.example.org")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert [e.title for e in parsed.entries] == ["开放日"]
    root = index.get_site().root_url
    urls = [parsed.feed.link, *[e.link for e in parsed.entries], *[e.id for e in parsed.entries]]
    urls.append(
        ET.fromstring(response.content)
        .find("channel")
        .find("{http://www.w3.org/2005/Atom}link")
        .get("href")
    )
    assert all(url.startswith(root + "/") for url in urls), urls
    assert "alias.example.org" not in response.content.decode()
