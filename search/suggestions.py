"""Text helpers of the search page: query normalisation, terms, highlighting, pinyin candidates.

The Chinese analysis pipeline (search.analysis) owns segmentation, 繁体 conversion, highlighting
and pinyin; this module is the one place the search page calls into it.
"""

import re
import unicodedata
from functools import lru_cache

from . import analysis

HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
WORD_CHARS = re.compile(r"[\w\u3400-\u9fff]+")
SNIPPET_LENGTH = 120


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text):
    """繁体 → 简体 (OpenCC)."""
    return _t2s().convert(text) if text else text


def normalise_query(text):
    """NFKC (full-width → half-width), 繁 → 简, lower case, single spaces."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(to_simplified(text).lower().split())


def _jieba_words(text):
    import jieba

    return [word for word in jieba.cut_for_search(text) if len(word) > 1]


def query_terms(query):
    """The words of a query (for related searches), longest first, without repeats."""
    terms = []
    for token in WORD_CHARS.findall(normalise_query(query)):
        terms.append(token)
        if HAN_RUN.search(token) and len(token) > 2:
            terms.extend(_jieba_words(token))
    unique = dict.fromkeys(term for term in terms if term)
    return sorted(unique, key=len, reverse=True)


def highlight(text, query):
    """Escaped text with the words matching the query (as the pipeline analyses it) in <mark>."""
    return analysis.highlight(text or "", query)


def snippet(text, query, length=SNIPPET_LENGTH):
    """A highlighted excerpt of `text` around where the query's words are densest."""
    return analysis.snippet(text or "", query, length=length)


def pinyin_candidates(query, limit=3):
    """Chinese terms a pinyin query may stand for (zhengwugongkai → 政务公开), from the
    pipeline's vocabulary of public page titles and custom words."""
    return analysis.pinyin_candidates(query, limit=limit)
