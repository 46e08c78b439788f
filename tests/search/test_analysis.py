"""The analysis pipeline and the helpers built on it (no search backend involved)."""

import pytest
from django.core.exceptions import ValidationError

from govpages_search.analysis import (
    get_analyzer,
    highlight,
    pinyin_candidates,
    plain_analyzer,
    snippet,
)
from govpages_search.analysis.pinyin import Vocabulary
from govpages_search.analysis.pipeline import Analyzer, Dictionaries
from govpages_search.models import CustomWord, SynonymGroup


@pytest.fixture
def analyzer():
    return plain_analyzer()


def test_normalisation_folds_full_width_traditional_and_case(analyzer):
    assert analyzer.normalize("ＡＢＣ１２３政務公開") == "abc123政务公开"


def test_tokens_are_han_bigrams_and_letter_digit_runs(analyzer):
    assert analyzer.tokens("推进政务公开，2019年GDP") == [
        "推进", "进政", "政务", "务公", "公开", "2019", "年", "gdp",
    ]  # fmt: skip


def test_a_lone_han_character_is_a_unigram(analyzer):
    assert analyzer.tokens("税") == ["税"]


def test_doc_numbers_get_one_token_each(analyzer):
    tokens = analyzer.tokens("国办发〔2019〕54号；国务院令第711号；国办发［2019］54号")
    assert tokens.count("办发2019n54") == 2
    assert "务院令711" in tokens


def test_index_text_is_space_joined_tokens(analyzer):
    assert analyzer.index_text("政务公开") == "政务 务公 公开"


def test_query_tokens_are_distinct(analyzer):
    assert analyzer.query_tokens("公开公开") == ["公开", "开公"]


def test_custom_words_become_whole_tokens():
    analyzer = Analyzer(Dictionaries(custom_words=["一网通办"]))
    assert "一网通办" in analyzer.tokens("推进一网通办")
    assert "一网通办" not in plain_analyzer().tokens("推进一网通办")


def test_synonyms_are_added_at_index_time_only():
    analyzer = Analyzer(Dictionaries(synonym_groups=[["医保", "医疗保障"]]))
    assert "医保" in analyzer.index_tokens("医疗保障基金")
    assert "医保" not in analyzer.query_tokens("医疗保障基金")


def test_analyzer_is_a_cached_singleton(db, django_assert_num_queries):
    first = get_analyzer()
    with django_assert_num_queries(0):
        assert get_analyzer() is first


def test_dictionary_edits_reload_the_analyzer(db):
    before = get_analyzer()
    CustomWord.objects.create(word="放管服")
    after = get_analyzer()
    assert after is not before
    assert "放管服" in after.tokens("深化放管服改革")
    SynonymGroup.objects.create(words="医保，医疗保障")
    assert "医保" in get_analyzer().index_tokens("医疗保障")


def test_dictionary_validation(db):
    with pytest.raises(ValidationError):
        CustomWord(word="两个 词").full_clean()
    with pytest.raises(ValidationError):
        SynonymGroup(words="医保").full_clean()
    assert SynonymGroup(words="医保、医疗保障; 医疗保险").word_list() == [
        "医保", "医疗保障", "医疗保险",
    ]  # fmt: skip


def test_highlight_escapes_and_marks_traditional_and_full_width(analyzer):
    html = highlight("<b>政務公開</b>與ＧＤＰ", "政务公开 gdp", analyzer=analyzer)
    assert html == "&lt;b&gt;<mark>政務公開</mark>&lt;/b&gt;與<mark>ＧＤＰ</mark>"


def test_highlight_merges_overlapping_bigrams(analyzer):
    assert highlight("推进政务公开工作", "政务公开", analyzer=analyzer) == (
        "推进<mark>政务公开</mark>工作"
    )


def test_highlight_without_matches_only_escapes(analyzer):
    assert highlight("a<b", "政务", analyzer=analyzer) == "a&lt;b"


def test_snippet_centres_on_the_matches(analyzer):
    text = "前言" * 100 + "推进政务公开工作" + "后记" * 100
    html = snippet(text, "政务公开", length=40, analyzer=analyzer)
    assert "<mark>政务公开</mark>" in html
    assert html.startswith("…") and html.endswith("…")


def test_pinyin_vocabulary_candidates():
    vocabulary = Vocabulary({"政务公开": 3, "工作": 5, "一网通办": 1, "证券": 2, "政策": 4})
    assert vocabulary.candidates("zhengwugongkai") == ["政务公开"]
    assert vocabulary.candidates("zheng wu gong kai") == ["政务公开"]
    assert vocabulary.candidates("zwgk") == ["政务公开"]
    assert vocabulary.candidates("zhengwugongkaigongzuo") == ["政务公开工作"]
    assert vocabulary.candidates("yiwang") == ["一网通办"]


def test_pinyin_candidates_ignore_chinese_and_digits(db):
    assert pinyin_candidates("政务公开") == []
    assert pinyin_candidates("2019") == []


def test_the_plain_analyzer_is_built_once_per_process():
    # Building one loads jieba's dictionary; the search page's helpers ask for it many times.
    assert plain_analyzer() is plain_analyzer()
