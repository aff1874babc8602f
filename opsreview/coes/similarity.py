"""Similar past COEs, computed here with TF-IDF and cosine similarity (numpy; no outside service).

A ``Corpus`` reads every document once and keeps it sparse: the words each one uses, and for each
term the documents that use it. Asking about one document walks the postings of its own terms only,
so it costs what those terms cost, never documents x vocabulary. Plain data in and out: the closest
documents come with the words that made them close, so a reader can judge the match instead of
trusting a number.

The weights: sublinear term frequency (1 + log n) times smoothed inverse document frequency
(log((1 + N) / (1 + df)) + 1), where N and df count the document asked about too; the score is the
cosine of the two documents' weights.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping

import numpy as np

STOP = set("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here
hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other
our ours out over own same she should so some such than that the their them then there these they this those
through to too under until up very was we were what when where which while who whom why will with would you your
one two three its got get did didn wasn weren isn aren don doesn couldn wouldn per via yes
""".split())
MIN_SCORE = 0.05


def _stem(word: str) -> str:
    """A light suffix trim so "timeouts", "timed out" and "timeout" meet; not a full stemmer."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            return word[: -len(suffix)] + keep
    return word


def words(text: str) -> list[str]:
    """The words that count, as written (lower case), before the suffix trim: the only tokenizer."""
    return [w for w in re.findall(r"[a-z][a-z0-9]+", text.lower()) if w not in STOP and len(w) > 2]


def _terms(spellings: Mapping[str, int]) -> Counter[str]:
    """How often each stem occurs, from how often each word as written does."""
    counts: Counter[str] = Counter()
    for word, n in spellings.items():
        counts[_stem(word)] += n
    return counts


def _spelled_out(stems: list[str], *spellings: Mapping[str, int]) -> list[str]:
    """Each stem as the full word the texts use most for it ("expir" -> "expired"), for people to read."""
    seen: dict[str, Counter[str]] = {}
    for counter in spellings:
        for word, n in counter.items():
            seen.setdefault(_stem(word), Counter())[word] += n
    return [max(seen[stem].items(), key=lambda kv: (kv[1], -len(kv[0]), kv[0]))[0] for stem in stems]


class Corpus:
    """Documents by id, each read once: the words it uses (as written, with counts) and, per term, the
    documents that use it with their term frequency."""

    def __init__(self, documents: Mapping[int, str]) -> None:
        self.ids = list(documents)
        self._row = {doc_id: row for row, doc_id in enumerate(self.ids)}
        read = [Counter(words(text)) for text in documents.values()]
        # Each document's words as written, one slice per row of three flat arrays (memory, not dicts).
        spelling_id: dict[str, int] = {}
        self._spellings: list[str] = []
        flat: list[int] = []
        for counter in read:
            for word in counter:
                if word not in spelling_id:
                    spelling_id[word] = len(self._spellings)
                    self._spellings.append(word)
                flat.append(spelling_id[word])
        self._word_start = np.cumsum([0] + [len(c) for c in read])
        self._word_id = np.array(flat, dtype=np.int32)
        self._word_count = np.array([n for c in read for n in c.values()], dtype=np.int32)
        # Postings: for each term, the rows using it and the sublinear term frequency there.
        stems = [_terms(c) for c in read]
        vocabulary = sorted({t for counter in stems for t in counter})
        self._term = {t: j for j, t in enumerate(vocabulary)}
        columns = np.array([self._term[t] for counter in stems for t in counter], dtype=np.int64)
        rows = np.repeat(np.arange(len(stems)), [len(c) for c in stems])
        frequency = np.array([1 + math.log(n) for counter in stems for n in counter.values()])
        order = np.argsort(columns, kind="stable")
        self._post_start = np.searchsorted(columns[order], np.arange(len(vocabulary) + 1))
        self._post_row, self._post_tf = rows[order], frequency[order]
        # Squared norms of every document, for an inside query (N documents) and for a newcomer
        # (N + 1; the newcomer's own terms are corrected when it asks).
        document_frequency = np.diff(self._post_start)
        self._norm2: dict[bool, np.ndarray] = {}
        for newcomer in (False, True):
            idf = np.log((1 + len(self.ids) + newcomer) / (1 + document_frequency)) + 1
            squares = (frequency * idf[columns]) ** 2
            self._norm2[newcomer] = np.bincount(rows, squares, minlength=len(self.ids)).astype(float)

    def row(self, doc_id: int) -> int:
        return self._row[doc_id]

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._row

    def __len__(self) -> int:
        return len(self.ids)

    def spellings(self, row: int) -> Counter[str]:
        """The words of the document in ``row`` as written, with how often each occurs."""
        span = slice(self._word_start[row], self._word_start[row + 1])
        return Counter(dict(zip([self._spellings[i] for i in self._word_id[span]], self._word_count[span].tolist())))

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The rows using ``term`` and its sublinear frequency in each (both empty for an unknown term)."""
        j = self._term.get(term)
        if j is None:
            return np.empty(0, dtype=np.int64), np.empty(0)
        span = slice(self._post_start[j], self._post_start[j + 1])
        return self._post_row[span], self._post_tf[span]

    def norm2(self, newcomer: bool) -> np.ndarray:
        return self._norm2[newcomer]

    def closest_to(self, doc_id: int) -> Ranking:
        """The other documents ranked against ``doc_id``, a document of the corpus."""
        return Ranking(self, self.spellings(self._row[doc_id]), self._row[doc_id])

    def closest_to_text(self, text: str) -> Ranking:
        """The documents ranked against ``text``, counted as one more document (a draft, say)."""
        return Ranking(self, Counter(words(text)), None)


class Ranking:
    """One document scored against a corpus: the others best first (at least ``MIN_SCORE``), and what
    it shares with each."""

    def __init__(self, corpus: Corpus, spellings: Counter[str], row: int | None) -> None:
        self._corpus, self._spellings, self._terms = corpus, spellings, _terms(spellings)
        newcomer = row is None
        size = len(corpus) + newcomer
        self._idf: dict[str, float] = {}
        norm2 = corpus.norm2(newcomer).copy() if newcomer else corpus.norm2(newcomer)
        dot, mine = np.zeros(len(corpus)), 0.0
        for term, n in self._terms.items():
            rows, frequency = corpus.postings(term)
            self._idf[term] = math.log((1 + size) / (1 + len(rows) + newcomer)) + 1
            weight = (1 + math.log(n)) * self._idf[term]
            mine += weight * weight
            dot[rows] += weight * frequency * self._idf[term]
            if newcomer:  # it uses this term too, so the term weighs less in every document that has it
                before = math.log((1 + size) / (1 + len(rows))) + 1
                norm2[rows] += frequency**2 * (self._idf[term] ** 2 - before**2)
        candidates = np.flatnonzero(dot)
        if row is not None:
            candidates = candidates[candidates != row]
        scores = dot[candidates] / (math.sqrt(mine) * np.sqrt(norm2[candidates]))
        keep = scores >= MIN_SCORE
        order = np.argsort(-scores[keep], kind="stable")  # ties stay in corpus order
        self._rows, self._scores = candidates[keep][order], scores[keep][order]

    def __iter__(self) -> Iterator[tuple[int, float]]:
        """Each other document's id and score, best first."""
        return ((self._corpus.ids[row], score) for row, score in zip(self._rows.tolist(), self._scores.tolist()))

    def shared(self, doc_id: int, limit: int = 6) -> list[str]:
        """The ``limit`` words that count most towards the score with ``doc_id``, most first."""
        theirs = self._corpus.spellings(self._corpus.row(doc_id))
        # A term's share of the cosine, less the norms every term shares: tf here x tf there x idf
        # squared, multiplied so that equal shares are equal to the bit and go in alphabetical order.
        overlap = {term: ((1 + math.log(self._terms[term])) * (1 + math.log(n))) * (self._idf[term] * self._idf[term])
                   for term, n in _terms(theirs).items() if term in self._terms}
        top = sorted(overlap, key=lambda term: (-overlap[term], term))[:limit]
        return _spelled_out(top, self._spellings, theirs)
