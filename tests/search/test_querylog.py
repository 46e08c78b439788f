import datetime

import pytest
from django.utils import timezone

from govpages_search.models import QueryLog
from govpages_search.page import querylog


def test_query_log_model_holds_no_personal_fields():
    names = {field.name for field in QueryLog._meta.get_fields()}

    assert names == {"id", "query", "date", "count", "zero_results", "clients"}


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


def _log(query, days_ago, count, zero=0, clients=None):
    QueryLog.objects.create(
        query=query,
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        count=count,
        zero_results=zero,
        clients=count if clients is None else clients,
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


def test_one_client_repeating_a_query_does_not_make_it_related(db):
    """Issue 17 item 6: one search was enough to show a query to every later visitor."""
    for _ in range(5):
        querylog.record_query("政务公开 张某某的住址", found_results=True, client="one-client")
    row = QueryLog.objects.get()
    assert (row.count, row.clients) == (5, 1)
    assert querylog.related_searches("政务公开") == []
    for client in ["second", "third"]:
        querylog.record_query("政务公开 年度报告", found_results=True, client=client)
    querylog.record_query("政务公开 年度报告", found_results=True, client="one-client")
    assert querylog.related_searches("政务公开") == ["政务公开 年度报告"]


@pytest.mark.parametrize(
    "query", ["张三 低保", "王小明", "人民路88号 拆迁", "幸福小区3栋2单元501室", "陈静 信访"]
)
def test_names_and_addresses_are_never_suggested(db, query):
    _log(query, 1, 9)
    _log("低保 拆迁 信访 政策", 1, 9)
    shown = querylog.related_searches("低保 拆迁 信访") + querylog.hot_searches(min_count=3)
    assert query not in shown
    assert "低保 拆迁 信访 政策" in shown


def test_document_numbers_are_still_suggested(db):
    _log("国办发〔2023〕12号", 1, 9)
    assert querylog.hot_searches(min_count=3) == ["国办发〔2023〕12号"]


def test_blocked_terms_hide_queries_from_every_suggestion(db):
    from govpages_search.models import BlockedSearchTerm

    _log("某某公司 偷税", 1, 9)
    _log("某某公司 招聘", 1, 9)
    BlockedSearchTerm.objects.create(term="偷税")
    assert querylog.hot_searches(min_count=3) == ["某某公司 招聘"]
    assert querylog.related_searches("某某公司") == ["某某公司 招聘"]


def test_the_search_page_counts_distinct_clients_without_keeping_them(client, make_page):
    make_page("Budget report", "<p>budget</p>")
    for address in ["203.0.113.9", "203.0.113.9", "198.51.100.7"]:
        client.get("/search/", {"q": "budget"}, REMOTE_ADDR=address)
    row = QueryLog.objects.get(query="budget")
    assert (row.count, row.clients) == (3, 2)
    stored = " ".join(str(value) for value in QueryLog.objects.values().first().values())
    assert "203.0.113" not in stored and "198.51" not in stored


def test_editors_manage_the_block_list_in_the_admin(client, admin_user):
    from django.urls import reverse

    client.force_login(admin_user)
    add = reverse("wagtailsnippets_govpages_search_blockedsearchterm:add")
    response = client.post(add, {"term": "  偷税  漏税 ", "note": "涉及具体企业"})
    assert response.status_code == 302
    from govpages_search.models import BlockedSearchTerm

    assert BlockedSearchTerm.objects.get().term == "偷税 漏税"
    listing = client.get(reverse("wagtailsnippets_govpages_search_blockedsearchterm:list"))
    assert "偷税 漏税" in listing.content.decode()
