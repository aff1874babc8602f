"""Similar past COEs, computed here with TF-IDF and cosine similarity (numpy; no outside service).

Plain data in and out: ``rank`` takes each COE's text by id and returns the closest ones with the
words that made them close, so a reader can judge the match instead of trusting a number.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

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
    """The words that count, as written (lower case), before the suffix trim."""
    return [w for w in re.findall(r"[a-z][a-z0-9]+", text.lower()) if w not in STOP and len(w) > 2]


def terms(text: str) -> list[str]:
    return [_stem(w) for w in words(text)]


def _spelled_out(*texts: str) -> dict[str, str]:
    """Each stem as the full word the texts use most for it ("expir" -> "expired"), for people to read."""
    seen: dict[str, Counter[str]] = {}
    for text in texts:
        for word in words(text):
            seen.setdefault(_stem(word), Counter())[word] += 1
    return {stem: max(counter.items(), key=lambda kv: (kv[1], -len(kv[0]), kv[0]))[0] for stem, counter in seen.items()}


@dataclass(frozen=True)
class Match:
    id: int
    score: float
    shared: list[str]


def rank(target: int, documents: dict[int, str], limit: int = 3, shared_terms: int = 6,
         pools: Sequence[Collection[int]] | None = None) -> list[list[Match]]:
    """For each pool of ids (one pool of every other document by default), the ``limit`` documents in
    it closest to ``target`` (never itself), best first. Every document counts for the word weights."""
    if target not in documents or len(documents) < 2:
        return [[] for _ in pools or [()]]
    ids = list(documents)
    counts = [Counter(terms(documents[i])) for i in ids]
    vocabulary = sorted({t for c in counts for t in c})
    column = {t: j for j, t in enumerate(vocabulary)}
    matrix = np.zeros((len(ids), len(vocabulary)))
    for row, counter in enumerate(counts):
        for term, n in counter.items():
            matrix[row, column[term]] = 1 + math.log(n)  # sublinear term frequency
    document_frequency = (matrix > 0).sum(axis=0)
    matrix *= np.log((1 + len(ids)) / (1 + document_frequency)) + 1
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    me = ids.index(target)
    scores = matrix @ matrix[me]
    scores[me] = -1
    order = np.argsort(-scores, kind="stable")
    ranked = []
    for pool in pools if pools is not None else [set(ids)]:
        best = [j for j in order if ids[j] in pool and scores[j] >= MIN_SCORE][:limit]
        matches = []
        for j in best:
            overlap = matrix[me] * matrix[j]
            spelled = _spelled_out(documents[target], documents[ids[j]])
            top = [spelled[vocabulary[k]] for k in np.argsort(-overlap, kind="stable")[:shared_terms] if overlap[k] > 0]
            matches.append(Match(ids[j], round(float(scores[j]), 3), top))
        ranked.append(matches)
    return ranked
