"""Text helpers of the search page: query normalisation, terms, highlighting, pinyin candidates.

The Chinese analysis pipeline (govpages_search.analysis) owns segmentation, 繁体 conversion,
highlighting
and pinyin; this module is the one place the search page calls into it.
"""

import re
import unicodedata
from functools import lru_cache

from django.utils.safestring import mark_safe

from . import analysis

HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
WORD_CHARS = re.compile(r"[\w\u3400-\u9fff]+")
SNIPPET_LENGTH = 120
# The pipeline's snippet looks for the densest window over the whole text it is given; on long
# documents a result page is faster when it is given only the stretch around the first match.
FOCUS_BEFORE = 100
FOCUS_AFTER = 400


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


def _needles(query):
    needles = set()
    for token in WORD_CHARS.findall(normalise_query(query)):
        if HAN_RUN.fullmatch(token) and len(token) > 1:
            needles.update(token[i : i + 2] for i in range(len(token) - 1))
        else:
            needles.add(token)
    return needles


def _focus(text, query):
    """The stretch of a long text around the first place a word of the query occurs."""
    if len(text) <= FOCUS_BEFORE + FOCUS_AFTER:
        return text
    lowered = text.lower()
    positions = [lowered.find(needle) for needle in _needles(query)]
    first = min((position for position in positions if position >= 0), default=0)
    start = max(0, first - FOCUS_BEFORE)
    return text[start : first + FOCUS_AFTER]


def snippet(text, query, length=SNIPPET_LENGTH):
    """A highlighted excerpt of `text` around where the query's words are densest."""
    text = text or ""
    focus = _focus(text, query)
    excerpt = analysis.snippet(focus, query, length=length)
    if focus is text or not text.startswith(focus) or excerpt.startswith("…"):
        return excerpt
    return mark_safe("…" + excerpt)


def pinyin_candidates(query, limit=3):
    """Chinese terms a pinyin query may stand for (zhengwugongkai → 政务公开), from the
    pipeline's vocabulary of public page titles and custom words."""
    return analysis.pinyin_candidates(query, limit=limit)
