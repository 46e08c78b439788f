"""Corpora for the benchmarks, built from the shared one (never copied into the project).

``article_documents`` splits each law into its articles (第N条), one short document each: real
text in the numbers a city portal holds (the shared corpus has about 166,000 articles).
"""

import gzip
import json
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "govdocs.jsonl.gz"

# An article starts a line: 第十二条 text ... up to the next article heading.
ARTICLE_RE = re.compile(r"^\s*(第[一二三四五六七八九十百千零〇两]+条)\s*", re.MULTILINE)
COPIED_FIELDS = ("issuer", "date", "first_date", "category", "subcategory")


def read_documents(path=DEFAULT_DATA):
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def articles(body):
    """[(第N条, text)] of a law's body, in order; text without the heading."""
    matches = list(ARTICLE_RE.finditer(body))
    if not matches:
        return []
    found = []
    for match, following in zip(matches, matches[1:] + [None], strict=True):
        end = following.start() if following else len(body)
        text = body[match.end() : end].strip()
        if text:
            found.append((match.group(1), text))
    return found


def article_documents(documents, limit=None):
    """Article documents of the laws, round-robin over the laws (so a small limit still spans
    many of them), with ids ``<law id>-<N>`` and titles ``<law title> 第N条``."""
    per_law = []
    for document in documents:
        split = articles(document["body"])
        if len(split) > 1:
            per_law.append((document, split))
    built, depth = [], 0
    while per_law and (limit is None or len(built) < limit):
        remaining = []
        for document, split in per_law:
            if depth >= len(split):
                continue
            remaining.append((document, split))
            number, text = split[depth]
            article = {
                "id": f"{document['id']}-a{depth + 1}",
                "title": f"{document['title']} {number}",
                "body": text,
            }
            article.update({k: document[k] for k in COPIED_FIELDS if document.get(k)})
            built.append(article)
            if limit is not None and len(built) >= limit:
                break
        per_law, depth = remaining, depth + 1
    return built
