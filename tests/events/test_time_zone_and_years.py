"""Issue 17 item 8: events keep their own time zone and ?year= finds every year of a series."""

import re

from .conftest import local_dt, make_event, make_session, occurrence


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


def test_a_utc_project_still_shows_shanghai_times(client, index, settings):
    settings.TIME_ZONE = "UTC"
    event = make_event(
        index, "开放日", [occurrence(local_dt(2026, 5, 15, 9), local_dt(2026, 5, 15, 11))]
    )
    session = make_session(index, "在线访谈", start=local_dt(2026, 5, 15, 14, 30))
    month = html_of(client.get(index.url, {"month": "2026-05"}))
    page = html_of(client.get(event.url))
    talk = html_of(client.get(session.url))
    for html in (month, page):
        assert "09:00" in html
        assert "01:00" not in html
    assert "14:30" in talk and "06:30" not in talk


def test_year_filter_finds_a_series_in_each_of_its_years(client, index):
    series = occurrence(local_dt(2026, 10, 7, 9), rrule="FREQ=MONTHLY;COUNT=14")
    make_event(index, "每月接待日", [series])
    make_event(index, "2027年单次活动", [occurrence(local_dt(2027, 3, 1, 9))])
    html_2027 = html_of(client.get(index.url, {"year": 2027}))
    assert "每月接待日" in html_2027 and "2027年单次活动" in html_2027
    html_2026 = html_of(client.get(index.url, {"year": 2026}))
    assert "每月接待日" in html_2026 and "2027年单次活动" not in html_2026
    assert "每月接待日" not in html_of(client.get(index.url, {"year": 2028}))
    years = re.findall(r'<option value="(\d{4})"', html_2026)
    assert {"2026", "2027"} <= set(years)
