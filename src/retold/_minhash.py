"""Word-shingle fingerprints: stable shingle hashes, MinHash signatures and LSH banding.

Everything is vectorised with numpy and deterministic across processes and runs (no use of
Python's salted ``hash``): a word hashes with CRC-32, a 5-gram combines its words' hashes
polynomially, and the 128 MinHash permutations are multiply-shift hashes with fixed seeds.
The same text therefore gets the same signature in a scan today and in an index next year.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator, Sequence

import numpy as np

SHINGLE_WORDS = 5
"""Words per shingle (word 5-grams, as in the lexical baselines)."""

NUM_PERM = 128
"""MinHash permutations per signature."""

BANDS = 32
ROWS = NUM_PERM // BANDS
"""LSH banding: 32 bands of 4 rows make a pair with Jaccard 0.5 a candidate with p≈0.87 and
one with Jaccard 0.2 with p≈0.05 — copies and near-duplicates; rewrites come from vectors."""

MAX_BUCKET = 64
"""Buckets larger than this (templated stubs, boilerplate) are paired as a star around their
first member instead of all pairs, so one hot bucket cannot flood the verify stage."""

_WORD = re.compile(r"\w+", re.UNICODE)
_SEED = np.random.default_rng(20261122)
_A = (_SEED.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)).reshape(-1, 1)
_B = _SEED.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64).reshape(-1, 1)
_POLY = np.uint64(0x100000001B3)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_CHUNK = 4096
_EMPTY = np.zeros(0, np.uint32)


def word_hashes(text: str) -> np.ndarray:
    """CRC-32 of each lower-cased word of ``text``, in order (uint32)."""
    words = _WORD.findall(text.lower())
    return np.fromiter((zlib.crc32(w.encode()) for w in words), np.uint32, len(words))


def shingle_hashes(text: str, k: int = SHINGLE_WORDS) -> np.ndarray:
    """Distinct 32-bit hashes of the word ``k``-grams of ``text`` (sorted, uint32).

    A text shorter than ``k`` words yields one shingle of all its words, so short texts still
    match their copies.
    """
    return shingles_of_words(word_hashes(text), k)


def shingles_of_words(hashes: np.ndarray, k: int) -> np.ndarray:
    """:func:`shingle_hashes` from a text's :func:`word_hashes` (one reading serves two ``k``)."""
    if hashes.size == 0:
        return _EMPTY
    combined = gram_hashes(hashes, min(k, int(hashes.size)))
    return np.unique(((combined * _MIX) >> np.uint64(32)).astype(np.uint32))


def gram_hashes(hashes: np.ndarray, k: int) -> np.ndarray:
    """The 64-bit hash of the ``k`` words starting at each position, from a text's
    :func:`word_hashes` combined polynomially (in order; empty when there are fewer than
    ``k`` words). :func:`shingles_of_words` and the verbatim runs of ``retold._verbatim`` both
    read it."""
    words = hashes.astype(np.uint64)
    combined = np.zeros(max(words.size - k + 1, 0), np.uint64)
    for offset in range(k if combined.size else 0):
        combined = combined * _POLY + words[offset : offset + combined.size]
    return combined


def signature(shingles: np.ndarray) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` uint32 values) of a set of shingle hashes.

    An empty set gets the all-ones signature, which matches only other empty sets.
    """
    result = np.full(NUM_PERM, np.iinfo(np.uint32).max, np.uint32)
    values = shingles.astype(np.uint64)
    for start in range(0, values.size, _CHUNK):
        block = values[start : start + _CHUNK].reshape(1, -1)
        hashed = ((_A * block + _B) >> np.uint64(32)).astype(np.uint32)
        np.minimum(result, hashed.min(axis=1), out=result)
    return result


def jaccard_estimate(a: np.ndarray, b: np.ndarray) -> float:
    """Share of equal positions in two signatures: an unbiased Jaccard estimate."""
    return float(np.mean(a == b))


def band_keys(signatures: np.ndarray) -> np.ndarray:
    """One 64-bit bucket key per (document, band): shape (n, BANDS)."""
    n = signatures.shape[0]
    rows = signatures.reshape(n, BANDS, ROWS).astype(np.uint64)
    keys = np.zeros((n, BANDS), np.uint64)
    for r in range(ROWS):
        keys = keys * _POLY + rows[:, :, r] + np.uint64(r + 1)
    return keys * _MIX + np.arange(BANDS, dtype=np.uint64)


def lsh_pairs(signatures: np.ndarray, empty: np.ndarray | None = None) -> np.ndarray:
    """Candidate pairs ``(i, j)``, ``i < j``, that share at least one LSH bucket.

    ``empty`` marks documents with no shingles, which are never paired. Returns a sorted
    (m, 2) int64 array without repeats.
    """
    if signatures.shape[0] < 2:
        return np.zeros((0, 2), np.int64)
    keys = band_keys(signatures)
    skip = np.zeros(signatures.shape[0], bool) if empty is None else empty
    found: list[np.ndarray] = []
    for band in range(BANDS):
        found.extend(_bucket_pairs(keys[:, band], skip))
    return unique_pairs(found)


def _bucket_pairs(keys: np.ndarray, skip: np.ndarray) -> Iterator[np.ndarray]:
    """Pairs of documents with equal keys in one band (stars for oversized buckets)."""
    docs = np.flatnonzero(~skip)
    order = docs[np.argsort(keys[docs], kind="stable")]
    sorted_keys = keys[order]
    starts = np.concatenate([[0], np.flatnonzero(np.diff(sorted_keys)) + 1])
    ends = np.append(starts[1:], order.size)
    shared = ends - starts >= 2  # most buckets hold one document: never sliced out
    for start, end in zip(starts[shared].tolist(), ends[shared].tolist(), strict=True):
        group = np.sort(order[start:end])
        if group.size > MAX_BUCKET:
            yield np.stack([np.full(group.size - 1, group[0]), group[1:]], axis=1)
            continue
        i, j = np.triu_indices(group.size, k=1)
        yield np.stack([group[i], group[j]], axis=1)


def unique_pairs(parts: Sequence[np.ndarray]) -> np.ndarray:
    """Concatenate (m, 2) pair arrays, orient each pair low-high and drop repeats (sorted)."""
    parts = [p for p in parts if p.size]
    if not parts:
        return np.zeros((0, 2), np.int64)
    pairs = np.concatenate(parts).astype(np.int64)
    pairs = np.sort(pairs, axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    return np.unique(pairs, axis=0)
