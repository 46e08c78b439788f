import re

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from ..pages import TYPE_VALUE, type_label
from .conftest import aware


def main_html(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def result_titles(response):
    return [
        re.sub(r"<[^>]+>", "", title)
        for title in re.findall(
            r'<li class="search-result">\s*<h3><a href="[^"]*">(.*?)</a></h3>', main_html(response)
        )
    ]


@pytest.fixture
def budget_pages(make_page, department):
    finance = department("Finance bureau", "dept-finance")
    health = department("Health commission", "dept-health")
    return {
        "report": make_page(
            "Budget report",
            "<p>The annual budget of the city, with figures for every bureau.</p>",
            parent=finance,
            category="Notice",
            date=aware(2023, 5, 1),
        ),
        "plan": make_page(
            "Budget plan for clinics",
            "<p>How the clinics spend their budget.</p>",
            parent=health,
            category="Plan",
            date=aware(2024, 3, 1),
        ),
        "audit": make_page(
            "Audit of the budget",
            "<p>Audit results.</p>",
            parent=finance,
            category="Notice",
            date=aware(2022, 7, 1),
        ),
        "other": make_page("Park opening hours", "<p>Parks open at six.</p>"),
    }


def test_search_page_shows_results_with_snippet_department_type_and_date(client, budget_pages):
    response = client.get("/search/", {"q": "annual budget"})

    assert response.status_code == 200
    html = main_html(response)
    assert '<form role="search"' in html and '<label for="search-q">' in html
    assert '<ol class="search-results" start="1">' in html
    assert set(result_titles(response)) == {
        "Budget report",
        "Budget plan for clinics",
        "Audit of the budget",
    }
    assert "The <mark>annual</mark> <mark>budget</mark> of the city" in html
    assert "<mark>Budget</mark> report" in html
    assert "部门：Finance bureau" in html
    assert f"类型：{type_label()}" in html
    assert '<time datetime="2023-05-01">2023-05-01</time>' in html


def test_a_sentence_does_not_need_every_word_to_match(client, budget_pages):
    response = client.get("/search/", {"q": "where can I read the audit"})

    assert "Audit of the budget" in result_titles(response)


def test_facets_count_matches_and_filters_narrow_results(client, budget_pages):
    response = client.get("/search/", {"q": "budget"})
    html = main_html(response)

    assert re.search(r"Finance bureau <span class=\"facet-count\">（2）</span>", html)
    assert re.search(r"Health commission <span class=\"facet-count\">（1）</span>", html)
    assert re.search(r"Notice <span class=\"facet-count\">（2）</span>", html)
    assert re.search(r"2024 <span class=\"facet-count\">（1）</span>", html)
    assert re.search(rf"{type_label()} <span class=\"facet-count\">（3）</span>", html)

    filtered = client.get("/search/", {"q": "budget", "department": "Finance bureau"})
    assert set(result_titles(filtered)) == {"Budget report", "Audit of the budget"}
    filtered_html = main_html(filtered)
    assert re.search(
        r'department=Finance\+bureau" aria-current="true">Finance bureau', filtered_html
    )
    # Other departments keep their counts so the reader can switch.
    assert re.search(r"Health commission <span class=\"facet-count\">（1）</span>", filtered_html)
    # Other facets count within the chosen department.
    assert re.search(r"Notice <span class=\"facet-count\">（2）</span>", filtered_html)
    assert "Plan <span" not in filtered_html

    by_year = client.get("/search/", {"q": "budget", "year": "2022"})
    assert result_titles(by_year) == ["Audit of the budget"]
    by_type = client.get("/search/", {"q": "budget", "type": TYPE_VALUE, "category": "Plan"})
    assert result_titles(by_type) == ["Budget plan for clinics"]


def test_sort_by_date_puts_newest_first(client, budget_pages):
    response = client.get("/search/", {"q": "budget", "sort": "date"})

    assert result_titles(response) == [
        "Budget plan for clinics",
        "Budget report",
        "Audit of the budget",
    ]
    assert 'sort=date" aria-current="true"' in main_html(response)


def test_filters_without_a_query_browse_by_date(client, budget_pages):
    response = client.get("/search/", {"department": "Finance bureau"})

    assert result_titles(response) == ["Budget report", "Audit of the budget"]


def test_pagination(client, make_page):
    for number in range(12):
        make_page(
            f"Notice number {number}", "<p>ferry timetable</p>", date=aware(2020, 1, number + 1)
        )

    first = client.get("/search/", {"q": "ferry", "sort": "date"})
    second = client.get("/search/", {"q": "ferry", "sort": "date", "page": "2"})
    beyond = client.get("/search/", {"q": "ferry", "sort": "date", "page": "99"})
    bad = client.get("/search/", {"q": "ferry", "sort": "date", "page": "abc"})

    assert len(result_titles(first)) == 10
    assert result_titles(second) == ["Notice number 1", "Notice number 0"]
    assert '<ol class="search-results" start="11">' in main_html(second)
    nav = re.search(r'<nav class="pagination" aria-label="分页">.*?</nav>', main_html(first), re.S)
    assert nav and 'aria-current="page"' in nav.group(0) and "page=2" in nav.group(0)
    assert result_titles(beyond) == result_titles(second)
    assert result_titles(bad) == result_titles(first)
    small = client.get("/search/", {"q": "ferry", "page_size": "5", "page": "3"})
    assert len(result_titles(small)) == 2


def test_titles_and_snippets_are_escaped_except_marks(client, make_page):
    make_page(
        "<script>alert(1)</script> ferry notice",
        "<p>Fares &amp; fees: 5 &lt; 6 ferry times</p>",
    )

    html = main_html(client.get("/search/", {"q": "ferry"}))

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>ferry</mark> notice" in html
    assert "Fares &amp; fees: 5 &lt; 6 <mark>ferry</mark> times" in html
    query_echo = main_html(client.get("/search/", {"q": '"><script>x</script>'}))
    assert "<script>x</script>" not in query_echo


def test_promoted_results_show_only_live_public_pages(client, make_page, home):
    promoted = make_page("Tax office address", "<p>Where to find us</p>")
    hidden = make_page("Old tax form", "<p>withdrawn</p>")
    private = make_page("Internal tax memo", "<p>staff only</p>")
    query = Query.get("tax")
    SearchPromotion.objects.create(query=query, page=promoted, description="Opening hours too")
    SearchPromotion.objects.create(query=query, page=hidden, description="gone")
    SearchPromotion.objects.create(query=query, page=private, description="secret")
    hidden.unpublish()
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    html = main_html(client.get("/search/", {"q": "TAX"}))

    promotions = re.search(r'<section class="search-promotions".*?</section>', html, re.S).group(0)
    assert "Tax office address" in promotions and "Opening hours too" in promotions
    assert "Old tax form" not in promotions and "Internal tax memo" not in html


# Queries are suggested to others only once several distinct clients typed them.
CLIENTS = ["198.51.100.1", "198.51.100.2", "198.51.100.3"]


def test_zero_results_suggest_pinyin_hot_and_related_searches(client, make_page):
    make_page("政务公开 工作要点", "<p>年度 政务公开 工作</p>")
    make_page("Budget report", "<p>budget</p>")
    for address in CLIENTS:
        client.get("/search/", {"q": "budget"}, REMOTE_ADDR=address)
        client.get("/search/", {"q": "budget report"}, REMOTE_ADDR=address)

    response = client.get("/search/", {"q": "zhengwugongkai"})
    html = main_html(response)

    assert "您是不是要找：" in html and "<strong>政务公开</strong>" in html
    assert "政务公开 工作要点" in " ".join(result_titles(response))
    assert 'value="zhengwugongkai"' in html

    nothing = main_html(client.get("/search/", {"q": "budgetless xyzzy"}))
    assert "没有找到" in nothing
    hot = re.search(r'<section class="search-hot".*?</section>', nothing, re.S).group(0)
    assert ">budget</a>" in hot
    related = main_html(client.get("/search/", {"q": "budget"}))
    assert ">budget report</a>" in re.search(
        r'<section class="search-related".*?</section>', related, re.S
    ).group(0)


def test_traditional_chinese_query_finds_simplified_text(client, make_page):
    make_page("政务公开 指南", "<p>政务公开</p>")

    response = client.get("/search/", {"q": "政務公開"})

    assert "政务公开 指南" in result_titles(response)


def test_private_expired_and_draft_pages_are_not_in_results_facets_or_counts(
    client, make_page, department
):
    secret_dept = department("Secret office", "dept-secret")
    make_page("Harbour plan", "<p>harbour works</p>", category="Plan")
    make_page("Harbour secret", "<p>harbour</p>", parent=secret_dept, category="Secret")
    expired = make_page("Harbour expired", "<p>harbour</p>", category="Expired")
    live = make_page("Harbour live", "<p>harbour</p>", category="Plan")
    PageViewRestriction.objects.create(page=secret_dept, restriction_type="login")
    expired.expire_at = aware(2020)
    expired.save()
    live.title = "Harbour draft title zanzibar"
    live.save_revision()
    make_page("Harbour never published", "<p>harbour</p>", publish=False)

    response = client.get("/search/", {"q": "harbour"})
    html = main_html(response)

    assert set(result_titles(response)) == {"Harbour plan", "Harbour live"}
    assert "2 个结果" in html
    for hidden in ("Secret office", "Secret", "Expired", "zanzibar", "never published"):
        assert hidden not in html
    assert client.get("/search/", {"q": "zanzibar"}).context["outcome"].total == 0


def test_results_page_queries_do_not_grow_with_the_number_of_results(
    client, make_page, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for number in range(12):
        make_page(f"Ferry notice {number}", "<p>ferry</p>")
    make_page("Lonely canal notice", "<p>canal</p>")
    client.get("/search/", {"q": "notice"})  # warms per-process caches (site root paths)

    with CaptureQueriesContext(connection) as one:
        assert len(result_titles(client.get("/search/", {"q": "canal"}))) == 1
    with CaptureQueriesContext(connection) as ten:
        assert len(result_titles(client.get("/search/", {"q": "ferry"}))) == 10
    assert len(ten) == len(one)
    assert len(ten) <= 30  # 26 on PostgreSQL since results list content pages only (issue 16)


def test_empty_query_shows_the_form_and_hot_searches(client, make_page):
    make_page("Budget report", "<p>budget</p>")
    for address in CLIENTS:
        client.get("/search/", {"q": "budget"}, REMOTE_ADDR=address)

    response = client.get("/search/")

    assert response.status_code == 200
    html = main_html(response)
    assert "search-results" not in html and ">budget</a>" in html


def test_overlong_query_is_cut_not_refused(client, make_page):
    make_page("Budget report", "<p>budget</p>")

    response = client.get("/search/", {"q": "budget " + "x" * 500})

    assert response.status_code == 200
    assert len(response.context["params"].q) <= 500
    assert "budget" in result_titles(response)[0].lower()


def test_suggestions_never_come_from_private_expired_or_draft_pages(client, make_page):
    from govpages_search.analysis import invalidate_vocabulary

    private = make_page("保密文件 汇编", "<p>内部</p>")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    expired = make_page("过期通知 公告", "<p>过期</p>")
    expired.expire_at = aware(2020)
    expired.save()
    draft = make_page("草稿标题", "<p>草稿</p>", publish=False)
    assert not draft.live
    make_page("公开文件 目录", "<p>公开</p>")
    invalidate_vocabulary()

    assert client.get("/search/", {"q": "gongkaiwenjian"}).context["outcome"].suggested_query

    for query in ("baomiwenjian", "guoqitongzhi", "caogaobiaoti"):
        outcome = client.get("/search/", {"q": query}).context["outcome"]
        assert outcome.total == 0 and not outcome.suggested_query, query
        assert "您是不是要找" not in main_html(client.get("/search/", {"q": query}))


def test_pinyin_finds_a_term_people_search_for_that_no_title_contains(client, make_page):
    make_page("年度工作要点", "<p>全面推进 政务公开 工作</p>")
    for address in CLIENTS:
        client.get("/search/", {"q": "政务公开"}, REMOTE_ADDR=address)

    response = client.get("/search/", {"q": "zheng wu gong kai"})

    assert response.context["outcome"].suggested_query == "政务公开"
    assert result_titles(response) == ["年度工作要点"]
