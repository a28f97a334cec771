"""Anchors: rare features (words, sampled word 5-grams) that few documents share.

A spun rewrite changes most words but keeps the rare ones — names, places, figures, technical
terms — and a lifted paragraph keeps some of its exact 5-grams even when it is a small part of
a long page (where MinHash's whole-document Jaccard sees nothing). Counting, for each pair of
documents, how many rare features they share finds both kinds without comparing all pairs: a
feature in ``df`` documents contributes ``df·(df-1)/2`` pairs, and only features with small
``df`` are used.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from retold._lexical import STOPWORDS

_WORD = re.compile(r"[^\W_]{4,}", re.UNICODE)

_BLOCK_ROWS = 2048
"""Documents per block of the co-occurrence product (bounds its memory)."""

SAMPLE_MOD = 4
"""Keep one shingle hash in this many (by value, so two copies keep the same ones)."""


def rare_word_features(text: str) -> np.ndarray:
    """Distinct hashes of the content words (4+ letters, not stop words), lower-cased."""
    words = {w for w in _WORD.findall(text.lower()) if w not in STOPWORDS}
    return np.fromiter((zlib.crc32(w.encode()) for w in sorted(words)), np.uint32, len(words))


def sampled_shingles(shingles: np.ndarray) -> np.ndarray:
    """A deterministic 1-in-``SAMPLE_MOD`` sample of shingle hashes (winnowing by value)."""
    return shingles[shingles % SAMPLE_MOD == 0]


def shared_rare(
    features: Sequence[np.ndarray], *, max_df: int, min_shared: int
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of documents sharing at least ``min_shared`` features found in ≤ ``max_df`` docs.

    ``features[i]`` holds document ``i``'s distinct feature hashes. Returns ``(pairs, counts)``:
    an (m, 2) int64 array of ``i < j`` sorted by ``(i, j)`` and the number of shared rare
    features of each pair.
    """
    n = len(features)
    empty = (np.zeros((0, 2), np.int64), np.zeros(0, np.int64))
    if n < 2:
        return empty
    lengths = np.fromiter((f.size for f in features), np.int64, n)
    if lengths.sum() == 0:
        return empty
    values = np.concatenate([f.astype(np.uint32) for f in features])
    docs = np.repeat(np.arange(n, dtype=np.int64), lengths)
    keys, column, df = np.unique(values, return_inverse=True, return_counts=True)
    keep = (df[column] >= 2) & (df[column] <= max_df)
    if not keep.any():
        return empty
    matrix = sparse.csr_matrix(
        (np.ones(int(keep.sum()), np.int32), (docs[keep], column[keep])),
        shape=(n, keys.size),
    )
    matrix.sum_duplicates()
    matrix.data[:] = 1
    transposed = matrix.T.tocsr()
    found_pairs: list[np.ndarray] = []
    found_counts: list[np.ndarray] = []
    for start in range(0, n, _BLOCK_ROWS):
        # One block of rows at a time: the full product would hold every pair sharing even a
        # single rare feature (tens of millions on a news corpus) before the filter.
        block = (matrix[start : start + _BLOCK_ROWS] @ transposed).tocoo()
        rows = block.row.astype(np.int64) + start
        strong = (block.data >= min_shared) & (block.col > rows)
        found_pairs.append(np.stack([rows[strong], block.col[strong].astype(np.int64)], axis=1))
        found_counts.append(block.data[strong].astype(np.int64))
    pairs = np.concatenate(found_pairs)
    counts = np.concatenate(found_counts)
    order = np.lexsort((pairs[:, 1], pairs[:, 0]))
    return pairs[order], counts[order]


def top_partners(pairs: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """Keep each pair that is among the ``k`` best-scored partners of either of its documents.

    Ties break by partner position, so the result does not depend on input order of ``pairs``.
    Returns a boolean mask over ``pairs``.
    """
    if pairs.size == 0:
        return np.zeros(0, bool)
    keep = np.zeros(len(pairs), bool)
    ends = np.concatenate([pairs[:, 0], pairs[:, 1]])
    others = np.concatenate([pairs[:, 1], pairs[:, 0]])
    index = np.concatenate([np.arange(len(pairs))] * 2)
    both = np.concatenate([scores, scores])
    order = np.lexsort((others, -both, ends))
    ends_sorted = ends[order]
    starts = np.flatnonzero(np.r_[True, ends_sorted[1:] != ends_sorted[:-1]])
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    keep[index[order[rank < k]]] = True
    return keep
