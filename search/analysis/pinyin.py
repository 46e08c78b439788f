"""Pinyin queries → Chinese terms ("zhengwugongkai" or "zheng wu gong kai" → 政务公开).

The vocabulary is the editors' custom words plus the jieba words (two characters or more),
and pairs of adjacent words, of the titles of live, public, unexpired pages. It is built on
first use and kept in process memory; it is rebuilt when a page is published, unpublished
or deleted, when a dictionary changes, and at the latest after VOCABULARY_MAX_AGE seconds.
Only public titles go in, so a suggestion never reveals a private or draft page.
"""

import re
import threading
import time
from collections import Counter

from .pipeline import HAN_RE

VOCABULARY_MAX_AGE = 600
PINYIN_QUERY_RE = re.compile(r"^[a-zü'\s]+$")
MAX_PIECES = 6


def word_pinyin(word):
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(word, errors="ignore")
    return "".join(syllables), "".join(s[0] for s in syllables if s)


class Vocabulary:
    def __init__(self, weighted_words):
        self.by_pinyin = {}
        self.by_initials = {}
        self.weight = {}
        for word, weight in weighted_words.items():
            if len(word) < 2 or not HAN_RE.search(word):
                continue
            full, initials = word_pinyin(word)
            if not full:
                continue
            self.weight[word] = weight
            self.by_pinyin.setdefault(full, []).append(word)
            if len(initials) >= 2:
                self.by_initials.setdefault(initials, []).append(word)
        self.max_key = max((len(k) for k in self.by_pinyin), default=0)

    def _ranked(self, words):
        return sorted(set(words), key=lambda w: (-self.weight.get(w, 0), len(w), w))

    def _segment(self, letters):
        """Split concatenated pinyin into vocabulary words (fewest pieces, then most common)."""
        best = {0: (0, 0, [])}
        for end in range(1, len(letters) + 1):
            for start in range(max(0, end - self.max_key), end):
                if start not in best or letters[start:end] not in self.by_pinyin:
                    continue
                pieces, weight, words = best[start]
                if pieces >= MAX_PIECES:
                    continue
                word = self._ranked(self.by_pinyin[letters[start:end]])[0]
                candidate = (pieces + 1, weight - self.weight.get(word, 0), words + [word])
                if end not in best or candidate[:2] < best[end][:2]:
                    best[end] = candidate
        return best.get(len(letters), (0, 0, []))[2]

    def candidates(self, query, limit=5):
        letters = re.sub(r"[\s']+", "", query.lower())
        if not letters:
            return []
        found = list(self._ranked(self.by_pinyin.get(letters, [])))
        found += [w for w in self._ranked(self.by_initials.get(letters, [])) if w not in found]
        if not found:
            pieces = self._segment(letters)
            if len(pieces) > 1:
                found.append("".join(pieces))
        if len(found) < limit and len(letters) >= 4:
            prefixed = [
                w for key, words in self.by_pinyin.items() if key.startswith(letters) for w in words
            ]
            found += [w for w in self._ranked(prefixed) if w not in found]
        return found[:limit]


def build_vocabulary():
    from django.db.models import Q
    from django.utils import timezone
    from wagtail.models import Page

    from ..models import CustomWord
    from .pipeline import get_analyzer

    analyzer = get_analyzer()
    counts = Counter()
    titles = (
        Page.objects.live()
        .public()
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))
        .values_list("title", flat=True)
    )
    for title in titles.iterator():
        words = [w if len(w) >= 2 and HAN_RE.search(w) else None for w in analyzer.words(title)]
        counts.update(w for w in words if w)
        # Adjacent pairs too (政务 + 公开 → 政务公开), so that initials like zwgk find them.
        counts.update(
            a + b for a, b in zip(words, words[1:], strict=False) if a and b and len(a + b) <= 8
        )
    for word in CustomWord.objects.values_list("word", flat=True):
        counts[analyzer.normalize(word)] += 10
    return Vocabulary(counts)


_lock = threading.Lock()
_state = {"vocabulary": None, "built_at": 0.0}


def get_vocabulary():
    now = time.monotonic()
    if _state["vocabulary"] is None or now - _state["built_at"] > VOCABULARY_MAX_AGE:
        with _lock:
            if _state["vocabulary"] is None or now - _state["built_at"] > VOCABULARY_MAX_AGE:
                _state["vocabulary"] = build_vocabulary()
                _state["built_at"] = time.monotonic()
    return _state["vocabulary"]


def invalidate_vocabulary(**kwargs):
    _state["vocabulary"] = None


def is_pinyin_query(query):
    return bool(query) and bool(PINYIN_QUERY_RE.match(query.strip().lower()))


def pinyin_candidates(query, limit=5):
    """Chinese terms the pinyin ``query`` may stand for, most likely first; [] when the query
    is not pinyin (contains Han characters, digits ...). Callers should search for a
    candidate before showing it."""
    if not is_pinyin_query(query):
        return []
    return get_vocabulary().candidates(query, limit=limit)
