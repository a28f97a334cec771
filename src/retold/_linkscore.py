"""Sentence link scores: how likely a B sentence says what an A sentence says.

Two logistic models, both fitted by ``bench/calibrate.py`` on the fit half of MSRP-train:

* the **matrix** model scores every (A sentence, B sentence) pair of two documents from cheap,
  vectorised signals (MiniLM cosine, content-term containment, Jaccard, bigram Dice, length
  ratio). It only has to rank: it picks each sentence's best partner.
* the **pair** model decides whether a candidate pair is a real link. It adds richer lexical
  evidence computed per pair: n-gram precision in both directions (MT-metric style), character
  4-gram overlap, word-order similarity, unmatched words, numbers, names and negation that differ.

Meaning alone confuses "same topic, different facts" with a paraphrase; word overlap alone misses
spun rewrites; together they beat either (``bench/quality.py`` reports the figures).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from retold import _calibration as cal
from retold._lexical import OverlapMatrices, sentence_terms, sentence_words

MATRIX_FEATURES = ("cos", "terms", "jaccard", "bigrams", "length_ratio", "cos_x_terms", "cos_sq")
"""Columns of :func:`matrix_features`."""

PAIR_FEATURES = (
    *MATRIX_FEATURES,
    "numbers_differ",
    "numbers_diff_count",
    "char4_jaccard",
    "names_diff_count",
    "word_order_ratio",
    "unmatched_max",
    "unmatched_min",
    "length_gap",
    "p1_max",
    "p1_min",
    "p2_max",
    "p2_min",
    "p3_max",
    "p3_min",
    "p4_max",
    "p4_min",
    "log_lengths",
    "negation_differs",
)
"""Columns of :func:`pair_features`."""

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CAPITALISED = re.compile(r"\b[A-Z][a-zA-Z]+")
_NEGATION = re.compile(r"\b(?:not|no|never|without)\b|n't", re.IGNORECASE)


def matrix_features(cosine: np.ndarray, overlap: OverlapMatrices) -> np.ndarray:
    """Stack the cheap per-pair signals into shape (*cosine.shape, len(MATRIX_FEATURES))."""
    cos = np.clip(cosine, -1.0, 1.0).astype(np.float32)
    return np.stack(
        [
            cos,
            overlap.terms,
            overlap.jaccard,
            overlap.bigrams,
            overlap.length_ratio,
            cos * overlap.terms,
            cos * cos,
        ],
        axis=-1,
    )


def _sigmoid(logits: np.ndarray) -> np.ndarray:
    return (1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))).astype(np.float32)


def matrix_probability(features: np.ndarray) -> np.ndarray:
    """Cheap link probability for every pair (used to rank partners, not to decide)."""
    weights = np.asarray(cal.MATRIX_WEIGHTS, dtype=np.float32)
    return _sigmoid(features @ weights + np.float32(cal.MATRIX_BIAS))


@dataclass(frozen=True, slots=True)
class _Profile:
    """What the pair model reads from one sentence, computed once per sentence text."""

    tokens: tuple[str, ...]
    terms: frozenset[str]
    numbers: frozenset[str]
    names: frozenset[str]
    chars: frozenset[str]
    grams: tuple[Counter[tuple[str, ...]], ...]
    """Word n-gram counts for n = 1..4."""
    negated: bool


@functools.lru_cache(maxsize=1 << 16)
def _profile(text: str) -> _Profile:
    """The sentence's profile; cached because every sentence meets several candidates, and a
    scan compares one document with many (the cache is keyed by text, so results are the same
    with or without it)."""
    tokens = sentence_words(text)
    joined = " ".join(tokens)
    return _Profile(
        tokens=tokens,
        terms=sentence_terms(text),
        numbers=frozenset(_NUMBER.findall(text)),
        names=frozenset(_CAPITALISED.findall(text)[1:]),
        chars=frozenset({joined[i : i + 4] for i in range(len(joined) - 3)}),
        grams=tuple(Counter(_ngrams(tokens, n)) for n in (1, 2, 3, 4)),
        negated=bool(_NEGATION.search(text)),
    )


def _ngrams(tokens: tuple[str, ...], n: int) -> Iterator[tuple[str, ...]]:
    """The word ``n``-grams of a sentence, in order (zip of shifted copies, all in C)."""
    return zip(*(tokens[k:] for k in range(n)), strict=False)


def _clipped_overlap(grams_a: Counter[tuple[str, ...]], grams_b: Counter[tuple[str, ...]]) -> int:
    """How many n-grams the two sentences share, each counted as often as its rarer side has
    it: the numerator of clipped n-gram precision (BLEU style) in either direction."""
    if len(grams_a) > len(grams_b):
        grams_a, grams_b = grams_b, grams_a
    return sum(min(count, grams_b[g]) for g, count in grams_a.items() if g in grams_b)


def pair_features(a_text: str, b_text: str, matrix_row: np.ndarray) -> np.ndarray:
    """The full feature vector of one candidate pair (``matrix_row``: its matrix features)."""
    a, b = _profile(a_text), _profile(b_text)
    order = difflib.SequenceMatcher(None, a.tokens, b.tokens, autojunk=False).ratio()
    unmatched_a, unmatched_b = len(a.terms - b.terms), len(b.terms - a.terms)
    longest = max(len(a.tokens), len(b.tokens), 1)
    numbers = a.numbers ^ b.numbers
    extra = [
        float(bool(numbers)),
        float(len(numbers)),
        len(a.chars & b.chars) / max(1, len(a.chars | b.chars)),
        float(len(a.names ^ b.names)),
        order,
        float(max(unmatched_a, unmatched_b)),
        float(min(unmatched_a, unmatched_b)),
        abs(len(a.tokens) - len(b.tokens)) / longest,
    ]
    for grams_a, grams_b in zip(a.grams, b.grams, strict=True):
        shared = _clipped_overlap(grams_a, grams_b)
        total_a, total_b = grams_a.total(), grams_b.total()
        forward = shared / total_a if total_a else 0.0
        backward = shared / total_b if total_b else 0.0
        extra += [max(forward, backward), min(forward, backward)]
    extra += [
        float(np.log1p(len(a.tokens)) + np.log1p(len(b.tokens))),
        float(a.negated != b.negated),
    ]
    return np.concatenate([np.asarray(matrix_row, np.float32), np.asarray(extra, np.float32)])


def pair_probability(features: np.ndarray) -> np.ndarray:
    """Calibrated probability that each candidate pair is a real link (rows of features)."""
    weights = np.asarray(cal.PAIR_WEIGHTS, dtype=np.float32)
    return _sigmoid(np.atleast_2d(features) @ weights + np.float32(cal.PAIR_BIAS))


def fit_logistic(
    features: np.ndarray, labels: np.ndarray, *, l2: float = 1e-3, steps: int = 60
) -> tuple[np.ndarray, float]:
    """Fit logistic-regression weights and bias by Newton's method (used by calibration).

    Features are standardised inside and the weights mapped back, so the returned
    ``(weights, bias)`` apply to raw features. ``l2`` keeps collinear features stable.
    """
    x_raw = features.astype(np.float64)
    mean, scale = x_raw.mean(0), x_raw.std(0) + 1e-9
    x = np.hstack([(x_raw - mean) / scale, np.ones((x_raw.shape[0], 1))])
    y = labels.astype(np.float64)
    w = np.zeros(x.shape[1])
    penalty = l2 * np.eye(x.shape[1])
    penalty[-1, -1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + penalty @ w
        hess = (x * (p * (1 - p))[:, None]).T @ x + penalty + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    weights = w[:-1] / scale
    bias = float(w[-1] - (w[:-1] * mean / scale).sum())
    return weights, bias
