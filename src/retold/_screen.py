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

from collections.abc import Sequence
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
    return screen_rows(a, [b])[0]


def screen_rows(one: ScreenPrint, others: Sequence[ScreenPrint]) -> np.ndarray:
    """:func:`screen_features` of ``one`` with each of ``others``, one row each.

    The sentence similarities of all the pairs come from one product of ``one``'s sentences
    with every other document's, and the document cosines and signature agreements from one
    product and one comparison: a scan screens a document's candidates together, an index
    query all of its candidates.
    """
    rows = np.zeros((len(others), len(SCREEN_FEATURES)))
    if not others:
        return rows
    mine = one.sentences.astype(np.float32)
    sizes = np.array([len(other.sentences) for other in others])
    ends = np.cumsum(sizes)
    similar = np.zeros((len(mine), 0), np.float32)
    if len(mine) and ends[-1]:
        theirs = np.concatenate([other.sentences for other in others]).astype(np.float32)
        similar = mine @ theirs.T
    rows[:, 6] = np.stack([other.vector for other in others]) @ one.vector
    rows[:, 7] = (np.stack([other.signature for other in others]) == one.signature).mean(1)
    for k, other in enumerate(others):
        if len(mine) and sizes[k]:
            block = similar[:, ends[k] - sizes[k] : ends[k]]
            best = block.max(1) if len(mine) <= sizes[k] else block.max(0)
        else:
            best = np.zeros(1, np.float32)
        shared = np.intersect1d(one.sampled, other.sampled, assume_unique=True).size
        smaller = max(1, min(one.sampled.size, other.sampled.size))
        rows[k, :6] = (
            np.count_nonzero(best >= 0.8) / best.size,
            np.count_nonzero(best >= 0.9) / best.size,
            np.log1p(np.count_nonzero(best >= 0.85)),
            float(np.sort(best)[-3:].mean()),
            shared / smaller,
            np.log1p(shared),
        )
        rows[k, 8] = np.log1p(min(len(mine), sizes[k]))
    return rows


def screen_probability(features: np.ndarray) -> np.ndarray:
    """P(the compare core finds the pair related), for rows of :func:`screen_features`."""
    z = np.atleast_2d(features) @ np.asarray(SCREEN_WEIGHTS) + SCREEN_BIAS
    return 1.0 / (1.0 + np.exp(-z))


def passes_screen(features: np.ndarray) -> np.ndarray:
    """Which pairs go on to the compare core."""
    return screen_probability(features) >= SCREEN_THRESHOLD
