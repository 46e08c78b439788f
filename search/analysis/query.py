"""Query-side text helpers for the search page: normal form, terms, highlighting, snippets and
pinyin candidates, all built on the one pipeline (one OpenCC, one jieba, one set of Han ranges).
"""

from django.utils.safestring import mark_safe

from .highlight import highlight as _highlight
from .highlight import query_patterns
from .highlight import snippet as _snippet
from .pinyin import pinyin_candidates as _pinyin_candidates
from .pipeline import TOKEN_RUN_RE, plain_analyzer

SNIPPET_LENGTH = 120
# The pipeline's snippet looks for the densest window over the whole text it is given; on long
# documents a result page is faster when it is given only the stretch around the first match.
FOCUS_BEFORE = 100
FOCUS_AFTER = 400


def to_simplified(text):
    """繁体 → 简体 (the pipeline's OpenCC)."""
    return plain_analyzer().simplified(text)


def normalise_query(text):
    """The pipeline's normal form (NFKC, 繁 → 简, lower case), with single spaces."""
    text = "".join(ch if ch.isprintable() else " " for ch in text or "")
    return " ".join(plain_analyzer().normalize(text).split())


def segment(text):
    """The text cut into jieba words, every character kept (spaces and punctuation too)."""
    return list(plain_analyzer()._jieba.cut(text, hmm=True))


def query_terms(query):
    """The words of a query (for related searches), longest first, without repeats."""
    analyzer = plain_analyzer()
    terms = []
    for match in TOKEN_RUN_RE.finditer(normalise_query(query)):
        run = match.group()
        terms.append(run)
        if match.lastgroup == "han" and len(run) > 2:
            terms.extend(word for word in analyzer.search_words(run) if len(word) > 1)
    return sorted(dict.fromkeys(terms), key=len, reverse=True)


def highlight(text, query):
    """Escaped text with the words matching the query (as the pipeline analyses it) in <mark>."""
    return _highlight(text or "", query)


def _focus(text, query):
    """The stretch of a long text around the first place a word of the query occurs."""
    if len(text) <= FOCUS_BEFORE + FOCUS_AFTER:
        return text
    lowered = text.lower()
    positions = [lowered.find(needle) for needle in query_patterns(plain_analyzer(), query)]
    first = min((position for position in positions if position >= 0), default=0)
    start = max(0, first - FOCUS_BEFORE)
    return text[start : first + FOCUS_AFTER]


def snippet(text, query, length=SNIPPET_LENGTH):
    """A highlighted excerpt of `text` around where the query's words are densest."""
    text = text or ""
    focus = _focus(text, query)
    excerpt = _snippet(focus, query, length=length)
    if focus is text or not text.startswith(focus) or excerpt.startswith("…"):
        return excerpt
    return mark_safe("…" + excerpt)


def pinyin_candidates(query, limit=3):
    """Chinese terms a pinyin query may stand for (zhengwugongkai → 政务公开), from the
    pipeline's vocabulary of public page titles and custom words."""
    return _pinyin_candidates(query, limit=limit)
