"""Fast, in-process trials of ranking changes (for iterating; the reported figures come from
bench/search_quality.py over the real backends).

    PYTHONPATH=site python bench/ranking_lab.py [--k1 1.2] [--b 0.75] [--title 4] [--raw-query]

Tokenises the shared corpus once with the pipeline the backends use (title apart from the other
fields, as the index entries hold them; cached under $TMPDIR), then ranks the STARD questions
and the known-item set with the weighted-frequency BM25 the PostgreSQL backend computes.
"""

import argparse
import math
import os
import pickle
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import search_quality as sq  # noqa: E402


def analysed_corpus(documents, analyzer):
    cache = Path(tempfile.gettempdir()) / "govpages_ranking_lab.pickle"
    if cache.exists():
        with open(cache, "rb") as handle:
            return pickle.load(handle)
    corpus = []
    for doc in documents:
        title = analyzer.index_tokens(doc["title"])
        rest = " ".join(
            part for part in (doc.get("doc_number"), doc.get("issuer"), doc["body"]) if part
        )
        corpus.append((doc["id"], Counter(title), len(title), Counter(analyzer.index_tokens(rest))))
    with open(cache, "wb") as handle:
        pickle.dump(corpus, handle)
    return corpus


class Ranker:
    def __init__(self, corpus, title_weight, k1, b):
        self.k1, self.b = k1, b
        self.ids = [c[0] for c in corpus]
        self.tf = []
        self.lengths = []
        df = Counter()
        for _id, title, title_length, body in corpus:
            tf = Counter(body)
            for term, count in title.items():
                tf[term] += title_weight * count
            self.tf.append(tf)
            self.lengths.append(title_weight * title_length + sum(body.values()))
            df.update(tf.keys())
        self.df = df
        self.n = len(corpus)
        self.avgdl = sum(self.lengths) / self.n
        self.postings = {}
        for index, tf in enumerate(self.tf):
            for term, value in tf.items():
                self.postings.setdefault(term, []).append((index, value))

    def idf(self, term):
        df = self.df.get(term, 0)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    prf = (0, 0, 0.0)

    def search(self, tokens, k=10):
        documents, terms, weight = self.prf
        if not documents:
            return [self.ids[i] for i, _s in self.scores(tokens).most_common(k)]
        first = self.scores(tokens).most_common(documents)
        expansion = Counter()
        for index, _score in first:
            length = self.lengths[index]
            for term, tf in self.tf[index].items():
                expansion[term] += tf / length * self.idf(term)
        weights = dict.fromkeys(tokens, 1.0)
        for term, _value in expansion.most_common(terms):
            weights[term] = weights.get(term, 0.0) + weight
        return [self.ids[i] for i, _s in self.scores(weights).most_common(k)]

    def scores(self, tokens):
        weights = tokens if isinstance(tokens, dict) else dict.fromkeys(tokens, 1.0)
        scores = Counter()
        for term, query_weight in weights.items():
            idf = self.idf(term) * query_weight
            for index, tf in self.postings.get(term, ()):
                norm = self.k1 * (1 - self.b + self.b * self.lengths[index] / self.avgdl)
                scores[index] += idf * tf * (self.k1 + 1) / (tf + norm)
        return scores


def evaluate(ranker, query_sets, tokenize):
    table = {}
    for name, queries in query_sets.items():
        runs = {i: ranker.search(tokenize(q["query"])) for i, q in enumerate(queries)}
        table[name] = sq.metrics(runs, queries)
    return table


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--k1", type=float, default=1.2)
    parser.add_argument("--b", type=float, default=0.75)
    parser.add_argument("--title", type=float, default=4.0)
    parser.add_argument("--keep-questions", action="store_true", help="question words kept")
    parser.add_argument("--stop", default="", help="characters whose bigrams a query drops")
    parser.add_argument("--prf", type=int, default=0, help="feedback documents (0: none)")
    parser.add_argument("--prf-terms", type=int, default=10)
    parser.add_argument("--prf-weight", type=float, default=0.3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    from govpages_search.analysis.pipeline import plain_analyzer

    analyzer = plain_analyzer()
    directory = sq.data_dir()
    documents = sq.load_documents(directory)
    sets = {"stard": sq.load_stard(directory, 740), "known": sq.build_known_items(documents, 400)}
    started = time.monotonic()
    corpus = analysed_corpus(documents, analyzer)
    ranker = Ranker(corpus, args.title, args.k1, args.b)
    print(f"corpus ready in {time.monotonic() - started:.0f}s", file=sys.stderr)

    def tokenize(text):
        normalized = analyzer.normalize(text)
        if not args.keep_questions:
            normalized = analyzer.without_question_phrasing(normalized)
        tokens = list(dict.fromkeys(analyzer.tokens(normalized, normalized=True)))
        kept = [t for t in tokens if not set(t) & set(args.stop)]
        return kept or tokens

    ranker.prf = (args.prf, args.prf_terms, args.prf_weight)
    for name, m in evaluate(ranker, sets, tokenize).items():
        print(f"{name:6} " + " ".join(f"{k} {v:.3f}" for k, v in m.items()))


if __name__ == "__main__":
    main()
