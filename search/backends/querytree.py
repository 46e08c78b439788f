"""Turn Wagtail search query objects into backend match expressions over analysed tokens."""

from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText

from ..analysis import get_analyzer
from ..analysis.pipeline import prefix_tokens


class Dialect:
    """How one backend writes terms and boolean operators."""

    OR = " OR "
    AND = " AND "

    def term(self, token, prefix=False):
        raise NotImplementedError

    def phrase(self, tokens):
        raise NotImplementedError

    def and_not(self, positive, negative):
        raise NotImplementedError


class FTS5Dialect(Dialect):
    def term(self, token, prefix=False):
        return '"' + token.replace('"', '""') + '"' + ("*" if prefix else "")

    def phrase(self, tokens):
        return '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'

    def and_not(self, positive, negative):
        return f"({positive}) NOT ({negative})"


class TSQueryDialect(Dialect):
    OR = " | "
    AND = " & "

    def term(self, token, prefix=False):
        quoted = "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"
        return quoted + (":*" if prefix else "")

    def phrase(self, tokens):
        return " <-> ".join(self.term(t) for t in tokens)

    def and_not(self, positive, negative):
        return f"({positive}) & !({negative})"


class MatchCompiler:
    """Compiles a query tree; remembers the positive tokens, which rank the matches."""

    def __init__(self, dialect, autocomplete=False, analyzer=None):
        self.dialect = dialect
        self.autocomplete = autocomplete
        self.analyzer = analyzer or get_analyzer()
        self.scoring_tokens = []

    def _join(self, parts, operator):
        parts = [p for p in parts if p]
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        return "(" + operator.join(parts) + ")"

    def _plain(self, text, operator):
        d = self.dialect
        if self.autocomplete:
            tokens = self.analyzer.required_tokens(text)
            self.scoring_tokens += tokens
            terms = [d.term(t, prefix=(i == len(tokens) - 1)) for i, t in enumerate(tokens)]
            return self._join(terms, d.AND)
        if (operator or "or").lower() == "and":
            tokens = self.analyzer.required_tokens(text)
            self.scoring_tokens += self.analyzer.query_tokens(text)
            prefixes = prefix_tokens(tokens)
            return self._join([d.term(t, prefix=t in prefixes) for t in tokens], d.AND)
        tokens = self.analyzer.query_tokens(text)
        self.scoring_tokens += tokens
        prefixes = prefix_tokens(tokens)
        return self._join([d.term(t, prefix=t in prefixes) for t in tokens], d.OR)

    def compile(self, query):
        d = self.dialect
        if isinstance(query, PlainText):
            return self._plain(query.query_string, query.operator)
        if isinstance(query, Fuzzy):
            return self._plain(query.query_string, query.operator)
        if isinstance(query, Phrase):
            tokens = self.analyzer.required_tokens(query.query_string)
            self.scoring_tokens += tokens
            if not tokens:
                return None
            return d.term(tokens[0]) if len(tokens) == 1 else d.phrase(tokens)
        if isinstance(query, Boost):
            return self.compile(query.subquery)
        if isinstance(query, Or):
            return self._join([self.compile(q) for q in query.subqueries], d.OR)
        if isinstance(query, And):
            negative = [q.subquery for q in query.subqueries if isinstance(q, Not)]
            positive = [q for q in query.subqueries if not isinstance(q, Not)]
            positive_sql = self._join([self.compile(q) for q in positive], d.AND)
            if not negative:
                return positive_sql
            saved = list(self.scoring_tokens)
            negative_sql = self._join([self.compile(q) for q in negative], d.OR)
            self.scoring_tokens = saved
            if positive_sql is None or negative_sql is None:
                return positive_sql
            return d.and_not(positive_sql, negative_sql)
        if isinstance(query, MatchAll):
            raise ValueError("MatchAll is handled by the caller")
        raise NotImplementedError(f"`{query.__class__.__name__}` is not supported.")


def split_negation(query):
    """(query, negated) with a top-level Not unwrapped."""
    if isinstance(query, Not):
        return query.subquery, True
    return query, False
