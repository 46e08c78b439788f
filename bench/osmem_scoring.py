"""Does the OpenSearch stand-in (osmem-server) score with BM25? Four documents in one field,
the similarity set to the backends' k1 and b: prints osmem's score of each match next to
BM25's with those parameters and with Elasticsearch's defaults.

    .venv/bin/python bench/osmem_scoring.py

Ranking quality measured through osmem-server (bench/search_quality.py) is only as good as this
agreement; the database backends compute BM25 exactly.
"""

import json
import math
import urllib.request

from govpages_search.backends.ranking import BM25_B, BM25_K1

DOCUMENTS = ["a b c", "a a a d e f g h", "b c d", "x y z a"]
QUERY = "a d"


def call(method, url, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"{}")


def bm25(document, k1, b):
    tokens = document.split()
    average = sum(len(d.split()) for d in DOCUMENTS) / len(DOCUMENTS)
    score = 0.0
    for term in QUERY.split():
        df = sum(term in d.split() for d in DOCUMENTS)
        tf = tokens.count(term)
        if tf:
            idf = math.log(1 + (len(DOCUMENTS) - df + 0.5) / (df + 0.5))
            score += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(tokens) / average))
    return score


def osmem_scores():
    from osmem_server import OsmemServer

    server = OsmemServer.start(japanese=False)
    try:
        similarity = {"default": {"type": "BM25", "k1": BM25_K1, "b": BM25_B}}
        analyzer = {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]}
        call(
            "PUT",
            f"{server.url}/probe",
            {
                "settings": {
                    "index": {"similarity": similarity},
                    "analysis": {"analyzer": {"ws": analyzer}},
                },
                "mappings": {"properties": {"f": {"type": "text", "analyzer": "ws"}}},
            },
        )
        for number, text in enumerate(DOCUMENTS):
            call("PUT", f"{server.url}/probe/_doc/{number}?refresh=true", {"f": text})
        hits = call("POST", f"{server.url}/probe/_search", {"query": {"match": {"f": QUERY}}})
        return {int(hit["_id"]): hit["_score"] for hit in hits["hits"]["hits"]}
    finally:
        server.close()


def main():
    found = osmem_scores()
    print(f"query {QUERY!r}; k1 {BM25_K1}, b {BM25_B}")
    print(f"{'document':>8} {'BM25':>8} {'BM25 b=0.75':>12} {'osmem':>8} {'osmem/BM25':>11}")
    for number, text in enumerate(DOCUMENTS):
        expected = bm25(text, BM25_K1, BM25_B)
        if not expected:
            continue
        score = found.get(number, 0.0)
        print(
            f"{number:>8} {expected:8.3f} {bm25(text, BM25_K1, 0.75):12.3f} {score:8.3f}"
            f" {score / expected:11.2f}"
        )


if __name__ == "__main__":
    main()
