"""Nearest neighbours over document vectors: the candidate route for rewrites and same-story
reports, which share meaning but few exact word sequences.

Up to ``EXACT_LIMIT`` documents the search is exact (blocked matrix products); above it, an
HNSW graph from usearch, built single-threaded so the same input always gives the same graph
and therefore the same candidates.
"""

from __future__ import annotations

import numpy as np

EXACT_LIMIT = 20_000
_BLOCK = 2048


def nearest_pairs(
    vectors: np.ndarray, *, k: int, min_cosine: float
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``(i, j)``, ``i < j``, where ``j`` is among ``i``'s ``k`` nearest (or vice versa)
    with cosine ≥ ``min_cosine``; rows of ``vectors`` must be unit length (zero rows never
    pair). Returns the sorted pairs and their cosines.
    """
    n = vectors.shape[0]
    if n < 2:
        return np.zeros((0, 2), np.int64), np.zeros(0, np.float32)
    vectors = vectors.astype(np.float32)
    if n <= EXACT_LIMIT:
        rows, cols, sims = _exact(vectors, k, min_cosine)
    else:
        rows, cols, sims = _approximate(vectors, k)
    keep = (rows != cols) & (sims >= min_cosine)
    pairs = np.sort(np.stack([rows[keep], cols[keep]], axis=1).astype(np.int64), axis=1)
    sims = sims[keep]
    if pairs.size == 0:
        return pairs.reshape(0, 2), sims
    pairs, first = np.unique(pairs, axis=0, return_index=True)
    return pairs, sims[first]


def _exact(
    vectors: np.ndarray, k: int, min_cosine: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    sims: list[np.ndarray] = []
    for start in range(0, vectors.shape[0], _BLOCK):
        block = vectors[start : start + _BLOCK] @ vectors.T
        block[np.arange(block.shape[0]), np.arange(start, start + block.shape[0])] = -1.0
        r, c = np.nonzero(block >= min_cosine)
        s = block[r, c]
        order = np.lexsort((c, -s, r))
        r, c, s = r[order], c[order], s[order]
        first = np.flatnonzero(np.r_[True, r[1:] != r[:-1]])
        rank = np.arange(r.size) - np.repeat(first, np.diff(np.r_[first, r.size]))
        top = rank < k
        rows.append(r[top] + start)
        cols.append(c[top])
        sims.append(s[top])
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(sims)


def _approximate(vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from usearch.index import Index

    index = Index(ndim=vectors.shape[1], metric="cos", dtype="i8", connectivity=16)
    index.add(np.arange(vectors.shape[0]), vectors, threads=1)
    found = index.search(vectors, k + 1, threads=0)
    rows = np.repeat(np.arange(vectors.shape[0]), k + 1)
    cols = found.keys.reshape(-1).astype(np.int64)
    sims = (1.0 - found.distances.reshape(-1)).astype(np.float32)
    valid = cols < vectors.shape[0]
    return rows[valid], cols[valid], sims[valid]
