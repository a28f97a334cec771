"""The scan's screen: a cheap first look at each candidate pair, before the compare core.

Verifying a pair with compare costs a transformer pass over both documents' sentences (about
500 sentences/s here) and an alignment in Python; a scan's candidate routes propose tens of
thousands of pairs, most of them only topically close. The screen scores every candidate from
what the scan already holds — static-model sentence vectors, sampled 5-grams, the MinHash
signature and the centred document vector — with a small logistic model fitted to predict
*the compare core's own verdict* (related or not; ``bench/calibrate_screen.py``), and only
pairs above a threshold chosen for high recall of related pairs go on to compare.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from retold._calibration import SCREEN_BIAS, SCREEN_THRESHOLD, SCREEN_WEIGHTS

SCREEN_FEATURES: tuple[str, ...] = (
    "cover_80",
    "cover_90",
    "matches_85",
    "top3",
    "containment",
    "shared_shingles",
    "doc_cosine",
    "jaccard",
    "short_sentences",
)
"""The screen's features, in order (see :func:`screen_features`)."""


@dataclass(frozen=True, slots=True)
class ScreenPrint:
    """What the screen needs of one document."""

    sentences: np.ndarray
    """Static-model sentence vectors, unit rows (float16)."""
    sampled: np.ndarray
    """Sorted sampled shingle hashes."""
    signature: np.ndarray
    """MinHash signature."""
    vector: np.ndarray
    """Centred static document vector (unit length or zero)."""


def screen_features(a: ScreenPrint, b: ScreenPrint) -> np.ndarray:
    """The feature vector of one pair (order of :data:`SCREEN_FEATURES`).

    Sentence features are read on the side with fewer sentences: the share of its sentences
    whose best static match in the other text reaches 0.8 and 0.9, how many reach 0.85 (log),
    and the mean of its three best matches. Lexical: containment of the sampled 5-grams in the
    smaller set and their count (log), and the MinHash Jaccard estimate. Topical: the centred
    document cosine.
    """
    short, other = (a, b) if len(a.sentences) <= len(b.sentences) else (b, a)
    if len(short.sentences) and len(other.sentences):
        best = (short.sentences.astype(np.float32) @ other.sentences.astype(np.float32).T).max(1)
    else:
        best = np.zeros(1, np.float32)
    top = np.sort(best)[-3:]
    shared = np.intersect1d(a.sampled, b.sampled, assume_unique=True).size
    smaller = max(1, min(a.sampled.size, b.sampled.size))
    return np.array(
        [
            float(np.mean(best >= 0.8)),
            float(np.mean(best >= 0.9)),
            float(np.log1p(np.sum(best >= 0.85))),
            float(top.mean()),
            shared / smaller,
            float(np.log1p(shared)),
            float(a.vector @ b.vector),
            float(np.mean(a.signature == b.signature)),
            float(np.log1p(len(short.sentences))),
        ]
    )


def screen_probability(features: np.ndarray) -> np.ndarray:
    """P(the compare core finds the pair related), for rows of :func:`screen_features`."""
    z = np.atleast_2d(features) @ np.asarray(SCREEN_WEIGHTS) + SCREEN_BIAS
    return 1.0 / (1.0 + np.exp(-z))


def passes_screen(features: np.ndarray) -> np.ndarray:
    """Which pairs go on to the compare core."""
    return screen_probability(features) >= SCREEN_THRESHOLD
