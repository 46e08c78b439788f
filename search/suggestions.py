"""Text helpers of the search page: query normalisation, terms, highlighting, pinyin candidates.

The Chinese analysis pipeline (search.analysis) owns segmentation, 繁体 conversion and pinyin; this
module is the one place the search page calls into it, with small fallbacks so the page works
before (or without) a richer pipeline function.
"""

import re
import threading
import unicodedata
from collections import Counter
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
LATIN_ONLY = re.compile(r"^[a-z\s']+$")
WORD_CHARS = re.compile(r"[\w\u3400-\u9fff]+")
SNIPPET_LENGTH = 120
SNIPPET_LEAD = 30
PINYIN_MIN_LENGTH = 4
PINYIN_MAX_LENGTH = 40


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
    """The words of a query worth highlighting or relating, longest first, without repeats."""
    terms = []
    for token in WORD_CHARS.findall(normalise_query(query)):
        terms.append(token)
        if HAN_RUN.search(token) and len(token) > 2:
            terms.extend(_jieba_words(token))
    unique = dict.fromkeys(term for term in terms if term)
    return sorted(unique, key=len, reverse=True)


def _terms_pattern(query):
    terms = query_terms(query)
    if not terms:
        return None
    return re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)


def _fallback_highlight(text, query):
    pattern = _terms_pattern(query)
    if pattern is None:
        return escape(text)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))


def highlight(text, query):
    """Escaped text with the query's words wrapped in <mark>."""
    return _fallback_highlight(text or "", query)


def snippet(text, query, length=SNIPPET_LENGTH):
    """A highlighted excerpt of `text` around the first place the query's words occur."""
    text = text or ""
    pattern = _terms_pattern(query)
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - SNIPPET_LEAD) if match else 0
    excerpt = text[start : start + length]
    marked = highlight(excerpt, query)
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    return mark_safe(f"{prefix}{marked}{suffix}")


# Pinyin -> Chinese -------------------------------------------------------------------------

_vocabulary_lock = threading.Lock()
_vocabulary = {"version": None, "runs": []}


def _title_runs(titles):
    from pypinyin import lazy_pinyin

    runs = []
    for title in titles:
        for run in HAN_RUN.findall(title):
            if len(run) > 1:
                runs.append((run, lazy_pinyin(run)))
    return runs


def _runs_for(titles, version):
    with _vocabulary_lock:
        if _vocabulary["version"] != version:
            _vocabulary["runs"] = _title_runs(titles())
            _vocabulary["version"] = version
        return _vocabulary["runs"]


def _phrases_spelled(runs, spelled):
    """Every run slice whose syllables, joined, are exactly `spelled`."""
    found = Counter()
    for run, syllables in runs:
        for start in range(len(syllables)):
            joined = ""
            for end in range(start, len(syllables)):
                joined += syllables[end]
                if not spelled.startswith(joined):
                    break
                if joined == spelled:
                    found[run[start : end + 1]] += 1
                    break
    return found


def pinyin_candidates(query, titles, version, limit=3):
    """Chinese phrases from visible page titles whose pinyin is the query (zhengwugongkai).

    `titles` is a callable returning the titles to learn from (only live, public pages), and
    `version` changes whenever they change, so the syllable table is rebuilt only then.
    """
    spelled = re.sub(r"[\s']+", "", normalise_query(query))
    if not (PINYIN_MIN_LENGTH <= len(spelled) <= PINYIN_MAX_LENGTH):
        return []
    if not LATIN_ONLY.match(spelled):
        return []
    found = _phrases_spelled(_runs_for(titles, version), spelled)
    return [phrase for phrase, _count in found.most_common(limit)]
