"""The database backends' BM25 statement (search.backends.dbcommon.ranked_by_bm25): a query's
term weights are a CASE for a few terms and a joined list for many (a one-character prefix
query); both give the same scores."""

import pytest
from wagtail.models import Page, Site

from govpages_search.backends import dbcommon

from .conftest import publish

TEXTS = [
    ("城市供水条例", "城市供水企业应当保障供水水质符合国家规定的饮用水卫生标准。"),
    ("税收征收管理法", "纳税人应当依法纳税。税务机关负责税收征收管理。"),
    ("自来水管理办法", "供水价格由政府制定，税费另计。"),
]


@pytest.fixture
def pages(db, settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "govpages_search.backends.database"}}
    home = Site.objects.get(is_default_site=True).root_page
    return [publish(home, title, f"<p>{body}</p>") for title, body in TEXTS]


def scores(query):
    results = Page.objects.live().public().search(query).annotate_score("score")
    return [(page.pk, round(page.score, 9)) for page in results]


@pytest.mark.parametrize("query", ["税", "城市供水", "供水价格税费"])
def test_a_joined_list_of_weights_scores_as_the_case_does(pages, monkeypatch, query):
    with_case = scores(query)
    assert with_case
    monkeypatch.setattr(dbcommon, "CASE_TERMS", 0)
    assert scores(query) == with_case
