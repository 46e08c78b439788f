"""Highlight query matches in text with <mark>, using the analysis pipeline."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .pipeline import TOKEN_RUN_RE, get_analyzer


def _aligned_normal_form(analyzer, text):
    """The normalised text with one character per original character, so that match
    positions in it are positions in the original text."""
    whole = analyzer.normalize(text)
    if len(whole) == len(text):
        return whole
    chars = []
    for char in text:
        normal = analyzer.normalize(char)
        chars.append(normal if len(normal) == 1 else char.lower())
    return "".join(chars)


def query_patterns(analyzer, query):
    """Strings to find: each Han run of the query as bigrams (a lone character as itself) and
    each letter/digit run."""
    needles = set()
    for match in TOKEN_RUN_RE.finditer(analyzer.normalize(query)):
        run = match.group()
        if match.lastgroup == "han" and len(run) > 1:
            needles.update(run[i : i + 2] for i in range(len(run) - 1))
        else:
            needles.add(run)
    return needles


def match_spans(text, query, analyzer=None):
    """Sorted, merged (start, end) spans of ``text`` that match the query."""
    analyzer = analyzer or get_analyzer()
    needles = query_patterns(analyzer, query or "")
    if not text or not needles:
        return []
    normal = _aligned_normal_form(analyzer, text)
    pattern = re.compile("|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True)))
    spans = []
    position = 0
    # Overlapping search: bigrams of one word overlap by a character.
    while True:
        match = pattern.search(normal, position)
        if match is None:
            break
        spans.append((match.start(), match.end()))
        position = match.start() + 1
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text, query, analyzer=None):
    """``text`` as safe HTML: everything escaped, the words matching ``query`` in <mark>."""
    text = text or ""
    parts = []
    position = 0
    for start, end in match_spans(text, query, analyzer):
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


def snippet(text, query, length=120, analyzer=None):
    """A highlighted window of about ``length`` characters around the densest matches
    (the start of the text when nothing matches)."""
    text = re.sub(r"\s+", " ", text or "").strip()
    spans = match_spans(text, query, analyzer)
    if len(text) <= length:
        return highlight(text, query, analyzer)
    if not spans:
        return mark_safe(escape(text[:length]) + "…")
    best_start, best_count = spans[0][0], 0
    for index, (start, _end) in enumerate(spans):
        count = sum(1 for s, _e in spans[index:] if s < start + length)
        if count > best_count:
            best_start, best_count = start, count
    window_start = max(0, best_start - length // 6)
    window = text[window_start : window_start + length]
    prefix = "…" if window_start > 0 else ""
    suffix = "…" if window_start + length < len(text) else ""
    return mark_safe(prefix + highlight(window, query, analyzer) + suffix)
