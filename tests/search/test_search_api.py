import pytest
from wagtail.models import PageViewRestriction

from ..pages import TYPE_VALUE, type_label
from .conftest import aware


@pytest.fixture
def documents(make_page, department):
    finance = department("Finance bureau", "dept-finance")
    return {
        "rules": make_page(
            "Procurement rules",
            "<p>Rules for public procurement.</p>",
            parent=finance,
            category="Disclosure",
            slug="rules",
            date=aware(2024, 2, 3),
        ),
        "guide": make_page(
            "Procurement guide", "<p>A guide.</p>", category="Guide", date=aware(2021, 6, 1)
        ),
    }


def test_api_returns_total_facets_and_results(client, documents):
    response = client.get("/api/search/", {"q": "procurement"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["total"] == 2
    assert data["page"] == 1 and data["num_pages"] == 1 and data["page_size"] == 10
    assert {"value": "Finance bureau", "label": "Finance bureau", "count": 1} in data["facets"][
        "department"
    ]
    assert {"value": TYPE_VALUE, "label": type_label(), "count": 2} in data["facets"]["type"]
    assert [value["value"] for value in data["facets"]["year"]] == ["2024", "2021"]
    rules = next(result for result in data["results"] if result["title"] == "Procurement rules")
    assert rules == {
        "id": documents["rules"].pk,
        "title": "Procurement rules",
        "url": "/dept-finance/rules/",
        "snippet": "Rules for public <mark>procurement</mark>.",
        "date": "2024-02-03",
        "department": "Finance bureau",
        "category": "Disclosure",
        "type": type_label(),
        "index_number": "000014349/2024-rules",
        "source_id": "src-rules",
    }
    guide = next(result for result in data["results"] if result["title"] == "Procurement guide")
    assert "index_number" not in guide


def test_api_filters_sort_and_pages(client, documents):
    by_date = client.get("/api/search/", {"q": "procurement", "sort": "date"}).json()
    assert [result["title"] for result in by_date["results"]] == [
        "Procurement rules",
        "Procurement guide",
    ]
    filtered = client.get("/api/search/", {"q": "procurement", "category": "Guide"}).json()
    assert filtered["total"] == 1 and filtered["filters"] == {"category": "Guide"}
    second = client.get("/api/search/", {"q": "procurement", "page_size": 1, "page": 2}).json()
    assert second["num_pages"] == 2 and len(second["results"]) == 1
    beyond = client.get("/api/search/", {"q": "procurement", "page": 5}).json()
    assert beyond["total"] == 2 and beyond["results"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x", "page_size": "51"},
        {"q": "x", "page_size": "0"},
        {"q": "x", "page": "abc"},
        {"q": "x", "sort": "random"},
        {"q": "x", "year": "twenty"},
    ],
)
def test_api_rejects_bad_parameters_with_a_clear_error(client, db, params):
    response = client.get("/api/search/", params)

    assert response.status_code == 400
    assert response.json()["error"]


def test_a_pasted_question_over_500_characters_is_cut_at_a_word_boundary_with_a_notice(
    client, documents
):
    question = "我想了解政府采购的规定，" + "请问采购合同应当在什么时间内签订并公开？" * 30
    assert len(question) > 500

    data = client.get("/api/search/", {"q": question}).json()

    assert 480 <= len(data["query"]) <= 500
    assert question.startswith(data["query"])
    # Cut between words: 采购 / 合同 / 应当 ... never inside one.
    assert question[len(data["query"]) - 1 : len(data["query"]) + 1] not in ("采购", "合同", "签订")
    assert "500" in data["query_notice"]
    short = client.get("/api/search/", {"q": "采购"}).json()
    assert short["query_notice"] is None


def test_api_hides_private_pages_and_their_facets(client, documents):
    PageViewRestriction.objects.create(
        page=documents["rules"].get_parent(), restriction_type="login"
    )

    data = client.get("/api/search/", {"q": "procurement"}).json()

    assert data["total"] == 1
    assert data["facets"]["department"] == []
    assert [result["title"] for result in data["results"]] == ["Procurement guide"]


def test_api_only_accepts_get(client, db):
    assert client.post("/api/search/", {"q": "x"}).status_code == 405


def test_too_many_searches_from_one_client_get_429(client, db, settings):
    settings.GOVPAGES_SEARCH_RATE_LIMIT = "3/60"

    statuses = [client.get("/api/search/", {"q": "x"}).status_code for _ in range(4)]
    page = client.get("/search/", {"q": "x"})
    other_client = client.get("/api/search/", {"q": "x"}, REMOTE_ADDR="198.51.100.7")

    assert statuses == [200, 200, 200, 429]
    assert page.status_code == 429 and "请稍候" in page.content.decode()
    assert other_client.status_code == 200
