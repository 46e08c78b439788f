"""One behaviour suite for every backend (see conftest.search_backend)."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from govpages_search.analysis import highlight, pinyin_candidates
from govpages_search.models import CustomWord, SynonymGroup

from ..pages import ContentPage

TEXTS = {
    "disclosure": (
        "国务院办公厅关于全面推进政务公开工作的意见",
        "各地区各部门要坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开。"
        "发文字号：国办发〔2016〕8号。",
    ),
    "roads": (
        "城市道路管理条例",
        "城市道路的养护和维修由市政工程行政主管部门负责。占用或者挖掘城市道路的，应当经批准。",
    ),
    "business": (
        "个体工商户条例",
        "有经营能力的公民，依照本条例规定经市场监督管理部门登记，从事工商业经营的，"
        "为个体工商户。个体工商户可以个人经营，也可以家庭经营。",
    ),
    "reform": (
        "关于深化放管服改革推进一网通办的通知",
        "优化营商环境，推进政务服务一网通办，企业和群众办事少跑腿。",
    ),
    "insurance": (
        "医疗保障基金使用监督管理条例",
        "医疗保障基金是人民群众的看病钱、救命钱。定点医药机构应当按照规定提供医药服务。",
    ),
    "water": (
        "城市供水条例",
        "城市供水企业应当保障供水水质符合国家规定的饮用水卫生标准。",
    ),
}


def add_page(parent, title, body, live=True):
    page = ContentPage(title=title, body=f"<p>{body}</p>", live=live)
    parent.add_child(instance=page)
    if live:
        page.save_revision().publish()
    return page


@pytest.fixture
def home(db):
    return Site.objects.get(is_default_site=True).root_page


@pytest.fixture
def pages(search_backend, home):
    return {key: add_page(home, *text) for key, text in TEXTS.items()}


def titles(results):
    return [page.title for page in results]


def test_a_word_inside_a_run_of_han_characters_is_found(search_backend, pages):
    results = search_backend.search("公开")
    assert results[0] == pages["disclosure"]


@pytest.mark.parametrize(
    "query, key",
    [("道路管理", "roads"), ("供水条例", "water"), ("医疗保障基金", "insurance")],
)
def test_title_fragments_find_their_document_first(search_backend, pages, query, key):
    assert search_backend.search(query)[0] == pages[key]


def test_doc_number_finds_its_document(search_backend, pages):
    assert search_backend.search("国办发〔2016〕8号")[0] == pages["disclosure"]


def test_full_width_query_is_normalised(search_backend, pages):
    assert search_backend.search("国办发〔２０１６〕８号")[0] == pages["disclosure"]


def test_traditional_query_finds_simplified_text(search_backend, pages):
    assert search_backend.search("政務公開")[0] == pages["disclosure"]
    assert search_backend.search("個體工商戶")[0] == pages["business"]


def test_natural_language_question_needs_not_every_word(search_backend, pages):
    # 谁 and 成为 appear in no document: an AND query would find nothing.
    results = search_backend.search("谁可以成为个体工商户？")
    assert results[0] == pages["business"]


def test_question_phrasing_is_left_out_of_the_query(search_backend, pages, home):
    # A page made of question words shares nothing with the question but its phrasing.
    questions = add_page(home, "常见问答", "怎么办？如何申请？是否收费？多久办结？需要什么？")
    results = search_backend.search("城市供水水质不合格怎么办？是否有人负责吗？")
    assert results[0] == pages["water"]
    assert questions not in results


def test_a_question_of_only_question_words_still_searches(search_backend, pages, home):
    questions = add_page(home, "常见问答", "怎么办？如何申请？")
    assert search_backend.search("怎么办") == [questions]


def test_a_single_character_finds_the_words_that_contain_it(search_backend, pages, home):
    tax = add_page(home, "个人所得税法实施条例", "纳税人应当依法缴纳税款。")
    assert search_backend.search("税") == [tax]
    assert search_backend.search("税", operator="and") == [tax]


def test_a_lone_character_inside_a_longer_query_is_not_expanded(search_backend, pages, home):
    # Expanded to every word starting with 年, the lone 年 would outweigh 城市道路.
    years = add_page(home, "年度年报年鉴", "年龄年限年份年初年底年末年内年均。")
    results = search_backend.search("城市道路 年")
    assert results[0] == pages["roads"]
    assert years not in results


def test_a_title_only_search_ignores_the_body(search_backend, pages):
    assert search_backend.search("营商环境") == [pages["reform"]]  # in its body only
    assert search_backend.search("营商环境", fields=["title"]) == []
    assert search_backend.search("一网通办", fields=["title"]) == [pages["reform"]]


def test_or_ranking_puts_the_best_match_first(search_backend, pages):
    results = search_backend.search("城市供水水质标准")
    assert results[0] == pages["water"]
    assert pages["roads"] in results  # shares 城市 only, so it ranks below
    assert results.index(pages["roads"]) > 0


def test_and_operator_requires_every_word(search_backend, pages):
    assert search_backend.search("城市 供水", operator="and") == [pages["water"]]


def test_autocomplete_matches_title_prefixes(search_backend, pages):
    assert pages["roads"] in search_backend.autocomplete("城市道")
    assert pages["disclosure"] not in search_backend.autocomplete("城市道")
    assert search_backend.autocomplete("个体工")[0] == pages["business"]


def test_unrelated_query_finds_nothing(search_backend, pages):
    assert search_backend.search("航天飞机") == []


def test_highlight_marks_the_query_words_in_a_result_title(search_backend, pages):
    result = search_backend.search("政務公開")[0]
    assert "<mark>政务公开</mark>" in highlight(result.title, "政務公開")


def test_pinyin_query_leads_to_the_document(search_backend, pages):
    candidates = pinyin_candidates("zheng wu gong kai")
    assert "政务公开" in candidates
    assert search_backend.search(candidates[0])[0] == pages["disclosure"]


def test_synonyms_take_effect_on_rebuild(search_backend, pages):
    SynonymGroup.objects.create(words="医保，医疗保障")
    search_backend.rebuild()
    assert search_backend.search("医保")[0] == pages["insurance"]


def test_custom_words_take_effect_on_rebuild(search_backend, pages):
    CustomWord.objects.create(word="一网通办")
    search_backend.rebuild()
    assert search_backend.search("一网通办")[0] == pages["reform"]


def test_private_draft_unpublished_and_expired_pages_are_never_returned(
    search_backend, pages, home
):
    secret = "机密测试词汇"
    add_page(home, f"草稿{secret}", secret, live=False)
    unpublished = add_page(home, f"已撤回{secret}", secret)
    unpublished.unpublish()
    restricted = add_page(home, f"受限{secret}", secret)
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    expired = add_page(home, f"过期{secret}", secret)
    ContentPage.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    call_command("publish_scheduled", stdout=io.StringIO())
    live = pages["roads"]
    live.title = f"城市道路管理条例（{secret}）"
    live.save_revision()  # a draft: the live page keeps its old title

    assert search_backend.search(secret) == []
    assert search_backend.autocomplete(secret) == []
    assert pinyin_candidates("jimiceshi") == []


def test_index_follows_publish_edit_move_unpublish_and_delete(search_backend, pages, home):
    page = add_page(home, "城市绿化条例", "城市绿化工作实行统一规划。")
    assert search_backend.search("绿化")[0] == page

    page.title = "城市园林绿化管理办法"
    page.save_revision().publish()
    assert search_backend.search("园林")[0] == page
    assert page not in search_backend.search("条例绿化", operator="and")

    section = add_page(home, "法规汇编", "汇编")
    page.move(section, pos="last-child")
    assert search_backend.search("园林")[0].pk == page.pk

    page.refresh_from_db()
    page.unpublish()
    assert search_backend.search("园林") == []

    page.refresh_from_db()
    page.delete()
    assert search_backend.search("园林", queryset=Page.objects.all()) == []


def reference_bm25(query, pages):
    """{key: score} by BM25 over each indexed page's weighted bag of tokens (title tokens
    TITLE_WEIGHT times, then the body's), as search/backends/ranking.py defines it."""
    import math

    from govpages_search.analysis import get_analyzer
    from govpages_search.backends.dbcommon import rich_text_to_plain
    from govpages_search.backends.ranking import BM25_B, BM25_K1, TITLE_WEIGHT

    analyzer = get_analyzer()
    bags = {}
    for page in Page.objects.exclude(depth=1).specific():
        body = rich_text_to_plain(str(getattr(page, "body", "") or ""))
        title = analyzer.index_text(page.title).split()
        bags[page.pk] = title * int(TITLE_WEIGHT) + analyzer.index_text(body).split()
    average = sum(map(len, bags.values())) / len(bags)
    scores = {}
    for key, page in pages.items():
        bag, score = bags[page.pk], 0.0
        for term in set(analyzer.query_tokens(query)):
            df = sum(term in other for other in bags.values())
            tf = bag.count(term)
            if tf:
                idf = math.log(1 + (len(bags) - df + 0.5) / (df + 0.5))
                norm = 1 - BM25_B + BM25_B * len(bag) / average
                score += idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * norm)
        if score:
            scores[key] = score
    return scores


#: A word once in a title against the same word three times in a body: the title wins only
#: when a title occurrence counts about four times.
WEIGHED_TEXTS = {
    "title": ("城市供水条例", "城市自来水企业应当保障水质符合国家规定的卫生标准。"),
    "body": (
        "自来水管理办法",
        "供水企业负责管网。供水价格由政府制定。供水设施不得擅自拆除。居民用水按户计量。",
    ),
    "once": ("节约用水规定", "鼓励居民节约用水，供水单位应当公布水价。"),
    "other": ("城市道路管理条例", "城市道路的养护和维修由市政工程行政主管部门负责。"),
}


@pytest.mark.parametrize("query", ["供水", "城市供水", "自来水供水管理"])
def test_every_search_backend_ranks_the_weighted_bag_of_tokens(search_backend, home, query):
    """Title occurrences count TITLE_WEIGHT times in one bag with the body on every backend
    (the databases' postings; Elasticsearch's weighted field): results come in the order of
    the reference scores (pairs closer than 5 % may come either way)."""
    pages = {key: add_page(home, *text) for key, text in WEIGHED_TEXTS.items()}
    expected = reference_bm25(query, pages)
    key_of = {page.pk: key for key, page in pages.items()}
    ranked = [key_of[page.pk] for page in search_backend.search(query) if page.pk in key_of]
    assert set(ranked) == set(expected)
    for i, first in enumerate(ranked):
        for second in ranked[i + 1 :]:
            assert expected[first] >= expected[second] / 1.05, (query, ranked, expected)


def test_a_title_occurrence_outweighs_three_in_a_body(search_backend, home):
    pages = {key: add_page(home, *text) for key, text in WEIGHED_TEXTS.items()}
    assert search_backend.search("供水")[:2] == [pages["title"], pages["body"]]
