import datetime

import pytest
from django.utils import timezone

from govpages_search.models import QueryLog
from govpages_search.page import querylog


def test_query_log_model_holds_no_personal_fields():
    names = {field.name for field in QueryLog._meta.get_fields()}

    assert names == {"id", "query", "date", "count", "zero_results"}


def test_queries_are_normalised_and_counted_per_day(db):
    querylog.record_query("  ＺＨＥＮＧＷＵ  Open ", found_results=True)
    querylog.record_query("zhengwu open", found_results=False)
    querylog.record_query("政務公開", found_results=True)

    rows = {row.query: row for row in QueryLog.objects.all()}
    assert set(rows) == {"zhengwu open", "政务公开"}
    assert rows["zhengwu open"].count == 2 and rows["zhengwu open"].zero_results == 1
    assert rows["政务公开"].date == timezone.localdate()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "!!!???",
        "x" * 51,
        "aaaaaaaaaa",
        "13800138000",
        "110101199003077777",
        "zhang.san@example.com",
        "https://example.com/a",
    ],
)
def test_garbage_long_and_personal_looking_queries_are_not_logged(db, query):
    assert querylog.record_query(query, found_results=True) is None
    assert not QueryLog.objects.exists()


def test_document_numbers_are_logged(db):
    assert querylog.record_query("国办发〔2023〕12号", found_results=True) == "国办发〔2023〕12号"


def _log(query, days_ago, count, zero=0):
    QueryLog.objects.create(
        query=query,
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        count=count,
        zero_results=zero,
    )


def test_hot_searches_rank_recent_queries_that_found_something(db):
    _log("政务公开", 1, 5)
    _log("政务公开", 2, 4)
    _log("预算", 0, 6)
    _log("rare", 0, 2)
    _log("nothing found", 0, 9, zero=9)
    _log("old news", 40, 50)

    assert querylog.hot_searches(days=30, min_count=3) == ["政务公开", "预算"]


def test_related_searches_share_a_word(db):
    _log("政务公开 指南", 1, 3)
    _log("政务公开", 1, 5)
    _log("预算报告", 1, 4)
    _log("政务公开 失败", 1, 2, zero=2)

    related = querylog.related_searches("政务公开")

    assert related == ["政务公开 指南"]
    assert "预算报告" in querylog.related_searches("年度预算")


def test_the_search_page_logs_queries_without_personal_data(client, make_page):
    make_page("Budget report", "<p>budget</p>")

    client.get("/search/", {"q": "Budget"}, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="probe")
    client.get("/search/", {"q": "budget", "page": "2"})
    client.get("/search/", {"q": "no such thing qqq"})

    rows = list(QueryLog.objects.values("query", "count", "zero_results"))
    assert {"query": "budget", "count": 1, "zero_results": 0} in rows
    assert {"query": "no such thing qqq", "count": 1, "zero_results": 1} in rows
    stored = " ".join(str(value) for row in QueryLog.objects.values() for value in row.values())
    assert "203.0.113.9" not in stored and "probe" not in stored


def test_api_calls_are_not_logged(client, db):
    client.get("/api/search/", {"q": "budget"})

    assert not QueryLog.objects.exists()
