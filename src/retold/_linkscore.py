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
import math
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from retold import _calibration as cal
from retold._lexical import DIGIT_RUN, OverlapMatrices, sentence_terms, sentence_words

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
    """What the pair model reads from one sentence, computed once per sentence text.

    Every pairwise count the pair model needs is the size of an intersection of two of these
    sets, taken in C; unions and differences follow from the sizes.
    """

    text: str
    tokens: tuple[str, ...]
    terms: frozenset[str]
    numbers: frozenset[str]
    names: frozenset[str]
    chars: frozenset[str]
    words: frozenset[object]
    """The word occurrences (:func:`_occurrences` of the tokens)."""
    log_length: float
    negated: bool


@functools.lru_cache(maxsize=1 << 16)
def _profile(text: str) -> _Profile:
    """The sentence's profile; cached because every sentence meets several candidates, and a
    scan compares one document with many (the cache is keyed by text, so results are the same
    with or without it)."""
    tokens = sentence_words(text)
    joined = " ".join(tokens)
    return _Profile(
        text=text,
        tokens=tokens,
        terms=sentence_terms(text),
        numbers=frozenset(DIGIT_RUN.findall(text)),
        names=frozenset(_CAPITALISED.findall(text)[1:]),
        chars=frozenset({joined[i : i + 4] for i in range(len(joined) - 3)}),
        words=_occurrences(tokens),
        log_length=math.log1p(len(tokens)),
        negated=bool(_NEGATION.search(text)),
    )


@functools.lru_cache(maxsize=1 << 14)
def _longer_grams(text: str) -> tuple[frozenset[object], ...]:
    """The sentence's 2-, 3- and 4-gram occurrences (:func:`_occurrences`): only the exact
    rows of :func:`pair_feature_rows` read them, far fewer than the proposals profiled."""
    tokens = _profile(text).tokens
    return tuple(_occurrences(_ngrams(tokens, n)) for n in (2, 3, 4))


def _ngrams(tokens: tuple[str, ...], n: int) -> Iterator[tuple[str, ...]]:
    """The word ``n``-grams of a sentence, in order (zip of shifted copies, all in C)."""
    return zip(*(tokens[k:] for k in range(n)), strict=False)


def _occurrences(grams: Iterable[Hashable]) -> frozenset[object]:
    """Each n-gram once per occurrence: itself the first time, ``(n-gram, k)`` its k-th
    repeat. ``len(x & y)`` of two such sets is the clipped (BLEU-style) overlap, each shared
    n-gram counted as often as the side with fewer of it has it; ``len(x)`` is the n-gram
    count."""
    counts = Counter(grams)
    repeats = [(gram, k) for gram, count in counts.items() if count > 1 for k in range(1, count)]
    return frozenset(counts).union(repeats) if repeats else frozenset(counts)


def pair_features(a_text: str, b_text: str, matrix_row: np.ndarray) -> np.ndarray:
    """The full feature vector of one candidate pair (``matrix_row``: its matrix features)."""
    extras = _extras(_profile(a_text), _profile(b_text), None)
    return np.concatenate([np.asarray(matrix_row, np.float32), np.asarray(extras, np.float32)])


def pair_feature_rows(
    a_texts: list[str],
    b_texts: list[str],
    pairs: list[tuple[int, int]],
    features: np.ndarray,
    *,
    ceiling: bool = False,
) -> np.ndarray:
    """:func:`pair_features` of each ``(i, j)`` in ``pairs``, one row each (``features``: the
    matrix features of every sentence pair, shape (len(a_texts), len(b_texts), k)).

    ``ceiling``: rows whose pair-model probability is at least the exact one, for a fraction
    of the cost. The two dear features take the most favourable value they could have: the
    word-order ratio difflib's ``quick_ratio`` (the shared-word share, which
    ``SequenceMatcher.ratio`` never exceeds), and each 2- to 4-gram precision pair (max, min),
    which lies in the triangle 0 ≤ min ≤ max ≤ 1, the corner the fitted weights score highest.
    Every other feature is exact. A proposal whose ceiling is below the link threshold cannot
    be a seed, so the alignment computes its exact row only if it must weigh it
    (:meth:`retold._align.PairScores.probabilities`).
    """
    if not pairs:
        return np.zeros((0, len(PAIR_FEATURES)), np.float32)
    corners = _best_corners() if ceiling else None
    extras = np.array(
        [_extras(_profile(a_texts[i]), _profile(b_texts[j]), corners) for i, j in pairs],
        np.float32,
    )
    rows, cols = zip(*pairs, strict=True)
    return np.hstack([features[list(rows), list(cols)].astype(np.float32), extras])


_FEATURE_INDEX = dict(zip(PAIR_FEATURES, range(len(PAIR_FEATURES)), strict=True))


def _weight(name: str) -> float:
    return float(cal.PAIR_WEIGHTS[_FEATURE_INDEX[name]])


def _best_corners() -> tuple[float, ...]:
    """The most favourable values of the dear features under the fitted weights: first the
    word-order ratio's (1 for "as high as it can be", see :func:`_extras`), then for
    n = 2, 3, 4 the (max, min) corner of the triangle 0 ≤ min ≤ max ≤ 1 that scores highest
    (a linear score peaks at a corner)."""
    found = [1.0 if _weight("word_order_ratio") > 0 else 0.0]
    for n in (2, 3, 4):
        w_max, w_min = _weight(f"p{n}_max"), _weight(f"p{n}_min")
        corners = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0))
        found.extend(max(corners, key=lambda c: w_max * c[0] + w_min * c[1]))
    return tuple(found)


def _precisions(grams_a: frozenset[object], grams_b: frozenset[object]) -> tuple[int, float, float]:
    """The clipped n-gram overlap of two sentences (:func:`_occurrences`) and its precision
    both ways, as (overlap, larger, smaller)."""
    shared = len(grams_a & grams_b)
    total_a, total_b = len(grams_a), len(grams_b)
    forward = shared / total_a if total_a else 0.0
    backward = shared / total_b if total_b else 0.0
    return shared, max(forward, backward), min(forward, backward)


def _extras(a: _Profile, b: _Profile, corners: tuple[float, ...] | None) -> list[float]:
    """The pair model's own features (after the matrix ones), in :data:`PAIR_FEATURES` order;
    given ``corners`` (:func:`_best_corners`), the ceiling of :func:`pair_feature_rows`.
    Sizes of unions and symmetric differences come from the intersection's size."""
    shared_words, p1_max, p1_min = _precisions(a.words, b.words)
    n_a, n_b = len(a.tokens), len(b.tokens)
    if corners is None:
        order = difflib.SequenceMatcher(None, a.tokens, b.tokens, autojunk=False).ratio()
    elif corners[0] > 0:
        order = 2.0 * shared_words / (n_a + n_b) if n_a + n_b else 1.0
    else:
        order = 0.0
    shared_terms = len(a.terms & b.terms)
    unmatched_a, unmatched_b = len(a.terms) - shared_terms, len(b.terms) - shared_terms
    numbers = len(a.numbers) + len(b.numbers) - 2 * len(a.numbers & b.numbers)
    shared_chars = len(a.chars & b.chars)
    extra = [
        float(numbers > 0),
        float(numbers),
        shared_chars / max(1, len(a.chars) + len(b.chars) - shared_chars),
        float(len(a.names) + len(b.names) - 2 * len(a.names & b.names)),
        order,
        float(max(unmatched_a, unmatched_b)),
        float(min(unmatched_a, unmatched_b)),
        abs(n_a - n_b) / max(n_a, n_b, 1),
        p1_max,
        p1_min,
    ]
    if corners is None:
        longer_a, longer_b = _longer_grams(a.text), _longer_grams(b.text)
        for grams_a, grams_b in zip(longer_a, longer_b, strict=True):
            extra += _precisions(grams_a, grams_b)[1:]
    else:
        extra += corners[1:]
    extra += [a.log_length + b.log_length, float(a.negated != b.negated)]
    return extra


def pair_probability(features: np.ndarray) -> np.ndarray:
    """Calibrated probability that each candidate pair is a real link (rows of features).

    Each row's logit is its own sum (not a matrix product, whose rounding can depend on how
    many rows share the call), so a proposal's probability does not depend on which other
    proposals were scored with it.
    """
    weights = np.asarray(cal.PAIR_WEIGHTS, dtype=np.float32)
    logits = (np.atleast_2d(features).astype(np.float32) * weights).sum(axis=1)
    return _sigmoid(logits + np.float32(cal.PAIR_BIAS))


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
