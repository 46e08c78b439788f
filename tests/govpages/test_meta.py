"""govpages.meta: the one formatter of the monitoring meta tags, whatever app the page is from."""

import datetime

from django.utils import timezone

from govpages.meta import format_tags, statutory_pub_date


def test_raw_values_become_the_spec_text():
    moment = datetime.datetime(2026, 5, 15, 1, 30, tzinfo=datetime.UTC)
    tags = format_tags(
        [
            ("PubDate", moment),
            ("Description", "<p>第一段</p><p>第二段\n  继续</p>" + "长" * 300),
            ("Keywords", ""),
            ("ArticleTitle", "政务公开日"),
        ]
    )
    assert tags[0] == ("PubDate", "2026-05-15 09:30")  # site time zone, Asia/Shanghai
    name, description = tags[1]
    assert description.startswith("第一段 第二段 继续 长") and len(description) == 200
    assert [name for name, _ in tags] == ["PubDate", "Description", "ArticleTitle"]
    assert format_tags([("PubDate", datetime.date(2019, 4, 3))]) == [
        ("PubDate", "2019-04-03 00:00")
    ]


def test_statutory_date_wins_only_on_another_day():
    live = timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 0))
    assert statutory_pub_date(live, datetime.date(2026, 3, 2)) == live
    assert statutory_pub_date(live, datetime.date(2019, 4, 3)) == datetime.date(2019, 4, 3)
    assert statutory_pub_date(None, datetime.date(2019, 4, 3)) == datetime.date(2019, 4, 3)
    assert statutory_pub_date(None, None) is None
