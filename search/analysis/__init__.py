"""The Chinese analysis pipeline (see pipeline.py) and helpers built on it."""

from .highlight import highlight, match_spans, snippet
from .pinyin import invalidate_vocabulary, pinyin_candidates
from .pipeline import Analyzer, get_analyzer, invalidate, plain_analyzer


def index_text(text):
    return get_analyzer().index_text(text)


def query_tokens(text):
    return get_analyzer().query_tokens(text)


__all__ = [
    "Analyzer",
    "get_analyzer",
    "highlight",
    "index_text",
    "invalidate",
    "invalidate_vocabulary",
    "match_spans",
    "pinyin_candidates",
    "plain_analyzer",
    "query_tokens",
    "snippet",
]
