"""The Chinese analysis pipeline shared by every search backend.

Index time and query time run the same steps, so a query finds the same documents on SQLite,
PostgreSQL and Elasticsearch/OpenSearch:

1. NFKC normalisation (full-width letters and digits become half-width),
2. 繁体 → 简体 with OpenCC (``t2s``),
3. lower-casing,
4. tokens: overlapping character bigrams of every run of Han characters (a lone Han character
   is kept as a unigram), runs of letters/digits as they are, editors' custom words that occur
   in the text as whole tokens, and one token per 文号 (year + serial),
5. at index time only: the words of every synonym group that the text mentions are added.

Why bigrams and not jieba words: measured on the govdocs corpus with STARD and a known-item
set (bench/search_quality.py), BM25 over bigrams beats BM25 over jieba words, and adding
jieba words of three or more characters to the bigrams made both sets slightly worse while
costing a third of the indexing time. jieba (rjieba, the Rust binding) is still loaded with
the custom words, for word-level uses such as the pinyin vocabulary.

The output is space-joined, so every backend only needs a whitespace tokenizer.
"""

import functools
import re
import threading
import time
import unicodedata

HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
TOKEN_RUN_RE = re.compile(f"(?P<han>[{HAN_RANGES}]+)|(?P<other>[^\\W_{HAN_RANGES}]+)")
HAN_RE = re.compile(f"[{HAN_RANGES}]")
WORD_CHARS_RE = re.compile(r"^[^\W_]+$")
# Text made only of these (ASCII, CJK punctuation, common Han, full-width punctuation) keeps
# the same tokens under NFKC, which is slow on long Chinese texts, so NFKC is skipped for it.
NFKC_SAFE_RE = re.compile(
    "[^\u0000-\u007f\u3000-\u303f\u4e00-\u9fff\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]"
)
# 文号: 国办发〔2019〕54号 (issuer code, year in brackets, serial) and 国务院令第711号 (order).
DOC_NUMBER_RE = re.compile(
    f"([{HAN_RANGES}]{{1,2}})\\s*[〔［（\\[(【]\\s*((?:19|20)\\d{{2}})\\s*[〕］）\\])】]\\s*第?\\s*(\\d{{1,5}})\\s*号"
)
ORDER_NUMBER_RE = re.compile(f"([{HAN_RANGES}]{{1,2}})令\\s*第\\s*(\\d{{1,6}})\\s*号")
# Question phrasing: interrogatives, and particles that end a question, as jieba cuts them. A
# question names its subject with other words and documents rarely contain these, so on the
# query side they only add noise (and match the few texts written as questions and answers).
QUESTION_WORDS = frozenset(
    "怎么办 怎么样 怎么 怎样 如何 为什么 为何 什么样 什么 多长时间 多长 多久 多少 是否 能否 "
    "可否 是不是 能不能 可不可以 会不会 要不要 有没有 该不该 哪些 哪里 哪儿 哪个 哪种 请问 谁 "
    "吗 呢 吧".split()
)
# How long a process trusts its copy of the dictionaries before asking the database again.
DICTIONARY_CHECK_SECONDS = 30


def prefix_tokens(tokens):
    """The tokens of a query to match as prefixes: its one-character Han tokens when it has
    nothing longer (a query such as 税 then finds 税收, 税务, 纳税人 ...). Within a longer query a
    lone character stays exact: expanded, a common one (年, 号) would outweigh everything else."""
    if tokens and all(len(t) == 1 and HAN_RE.match(t) for t in tokens):
        return set(tokens)
    return set()


class Dictionaries:
    """Editor-maintained words, loaded from the search app's models."""

    def __init__(self, custom_words=(), synonym_groups=(), version=None):
        self.custom_words = [w for w in custom_words if w]
        self.synonym_groups = [list(g) for g in synonym_groups if len(g) > 1]
        self.version = version

    @classmethod
    def from_database(cls):
        from django.db import DatabaseError

        from ..models import CustomWord, SynonymGroup

        try:
            words = list(CustomWord.objects.values_list("word", flat=True))
            groups = [g.word_list() for g in SynonymGroup.objects.all()]
        except DatabaseError:  # tables not migrated yet
            return cls(version="unavailable")
        return cls(words, groups, version=dictionary_version())


def dictionary_version():
    """A cheap fingerprint of the dictionary tables: it changes on every add, edit or delete."""
    from django.db import DatabaseError
    from django.db.models import Count, Max

    from ..models import CustomWord, SynonymGroup

    try:
        words = CustomWord.objects.aggregate(n=Count("pk"), t=Max("updated_at"), m=Max("pk"))
        groups = SynonymGroup.objects.aggregate(n=Count("pk"), t=Max("updated_at"), m=Max("pk"))
    except DatabaseError:
        return "unavailable"
    return repr((sorted(words.items()), sorted(groups.items())))


class Analyzer:
    """Normalises and tokenises text. Build it through :func:`get_analyzer`."""

    def __init__(self, dictionaries=None):
        import opencc
        import rjieba

        self.dictionaries = dictionaries or Dictionaries()
        self._converter = opencc.OpenCC("t2s")
        self._jieba = rjieba.Jieba()
        custom = sorted({self.normalize(w) for w in self.dictionaries.custom_words}, key=len)
        for word in custom:
            self._jieba.add_word(word, None, None)
        self._custom_words = (
            re.compile("|".join(re.escape(w) for w in reversed(custom))) if custom else None
        )
        self._synonyms = self._compile_synonyms(self.dictionaries.synonym_groups)

    # -- normalisation -------------------------------------------------------------------
    def normalize(self, text):
        if not text:
            return ""
        if NFKC_SAFE_RE.search(text) and not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        return self._converter.convert(text).lower()

    # -- tokens --------------------------------------------------------------------------
    @staticmethod
    def base_tokens(normalized):
        """Bigrams of Han runs (unigram for a lone character) and letter/digit runs, in order."""
        tokens = []
        extend, append = tokens.extend, tokens.append
        for match in TOKEN_RUN_RE.finditer(normalized):
            run = match.group()
            if len(run) > 1 and match.lastgroup == "han":
                extend(map(str.__add__, run, run[1:]))
            else:
                append(run)
        return tokens

    def custom_word_tokens(self, normalized):
        """Editors' custom words that occur in the text, each as one token."""
        if self._custom_words is None:
            return []
        return [w for w in self._custom_words.findall(normalized) if WORD_CHARS_RE.match(w)]

    @staticmethod
    def doc_number_tokens(normalized):
        """One token per 文号: 国办发〔2019〕54号 → 办发2019n54, 国务院令第711号 → 务院令711.
        Bigrams of a long issuer name (中华人民共和国国务院令第…) would otherwise outweigh the
        serial number that tells one document from another."""
        tokens = [
            f"{issuer}{year}n{int(serial)}"
            for issuer, year, serial in DOC_NUMBER_RE.findall(normalized)
        ]
        tokens += [
            f"{issuer}令{int(serial)}" for issuer, serial in ORDER_NUMBER_RE.findall(normalized)
        ]
        return tokens

    def tokens(self, text, normalized=False):
        normalized_text = text if normalized else self.normalize(text)
        return (
            self.base_tokens(normalized_text)
            + self.custom_word_tokens(normalized_text)
            + self.doc_number_tokens(normalized_text)
        )

    def words(self, text):
        """jieba words of the normalised text (for vocabularies and display)."""
        return [w for w in self._jieba.cut(self.normalize(text), hmm=True) if w.strip()]

    def search_words(self, normalized):
        """jieba's search-engine cut of normalised text: words and the shorter words in them."""
        return [w for w in self._jieba.cut_for_search(normalized, True) if w.strip()]

    def person_names(self, text):
        """Words jieba tags as personal names (nr) in the text: 张三, 王小明 ..."""
        return [w for w, flag in self._jieba.tag(self.normalize(text), True) if flag == "nr"]

    def simplified(self, text):
        """繁体 → 简体 only, keeping case and width (for "did you mean" suggestions)."""
        return self._converter.convert(text) if text else text

    # -- synonyms (index time) -----------------------------------------------------------
    def _compile_synonyms(self, groups):
        self._synonym_groups = []
        by_word = {}
        for group in groups:
            normalized_group = sorted({self.normalize(w) for w in group if w.strip()})
            if len(normalized_group) < 2:
                continue
            index = len(self._synonym_groups)
            self._synonym_groups.append(normalized_group)
            for word in normalized_group:
                by_word.setdefault(word, set()).add(index)
        self._synonym_index = by_word
        if not by_word:
            return None
        alternation = "|".join(re.escape(w) for w in sorted(by_word, key=len, reverse=True))
        return re.compile(alternation)

    def synonym_tokens(self, normalized):
        """Tokens of the other words of each synonym group the text mentions."""
        if self._synonyms is None:
            return []
        found = set(self._synonyms.findall(normalized))
        extra = []
        for word in sorted(found):
            for index in sorted(self._synonym_index[word]):
                for other in self._synonym_groups[index]:
                    if other not in found:
                        extra.extend(self.tokens(other, normalized=True))
        return extra

    # -- what the backends call ----------------------------------------------------------
    def index_tokens(self, text):
        normalized = self.normalize(text)
        return self.tokens(normalized, normalized=True) + self.synonym_tokens(normalized)

    def index_text(self, text):
        """Space-joined tokens to store in a full-text index in place of the original text."""
        return " ".join(self.index_tokens(text))

    def without_question_phrasing(self, normalized):
        """The query with its question words (jieba words, so 怎么办理 keeps 办理) cut out, each
        leaving a gap so that no bigram spans it; unchanged when nothing else would remain."""
        words = self._jieba.cut(normalized, False)
        if not any(word in QUESTION_WORDS for word in words):
            return normalized
        stripped = "".join(" " if word in QUESTION_WORDS else word for word in words)
        return stripped if TOKEN_RUN_RE.search(stripped) else normalized

    def query_tokens(self, text):
        """Distinct tokens of a query, in order, question phrasing left out: what an OR query
        matches and ranks by."""
        normalized = self.without_question_phrasing(self.normalize(text))
        return list(dict.fromkeys(self.tokens(normalized, normalized=True)))

    def required_tokens(self, text):
        """Tokens that an AND query needs: bigrams and letter/digit runs (a custom word or
        文号 token only adds ranking: its parts are required anyway)."""
        return list(dict.fromkeys(self.base_tokens(self.normalize(text))))


_lock = threading.Lock()
_state = {"analyzer": None, "checked_at": 0.0}


def get_analyzer():
    """The process-wide analyzer, rebuilt when the dictionaries change.

    jieba's dictionary is loaded once; afterwards the dictionary tables are fingerprinted at
    most every DICTIONARY_CHECK_SECONDS (and at once after a local edit, see invalidate()).
    """
    analyzer = _state["analyzer"]
    now = time.monotonic()
    if analyzer is not None and now - _state["checked_at"] < DICTIONARY_CHECK_SECONDS:
        return analyzer
    with _lock:
        analyzer = _state["analyzer"]
        if analyzer is None or now - _state["checked_at"] >= DICTIONARY_CHECK_SECONDS:
            version = dictionary_version()
            if analyzer is None or analyzer.dictionaries.version != version:
                analyzer = Analyzer(Dictionaries.from_database())
                _state["analyzer"] = analyzer
            _state["checked_at"] = time.monotonic()
    return analyzer


def invalidate():
    """Make the next get_analyzer() look at the dictionary tables again."""
    _state["checked_at"] = 0.0


@functools.cache
def plain_analyzer():
    """The process's analyzer without editors' dictionaries (for query helpers, benchmarks and
    baselines). Built once: building one loads jieba's dictionary (about 60 ms), and the search
    page's helpers asked for it a dozen times per request."""
    return Analyzer(Dictionaries(version="plain"))
