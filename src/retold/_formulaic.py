"""Formulaic wording: phrasing a corpus repeats across many documents proves no reuse.

A wire archive is full of forms. Every listing notice, dividend declaration, money-market
update or price posting is written to one pattern, with another company, figure or date in its
slots. Two documents on one form share most of the form's wording, and the compare core, which
sees only the two texts, can take one for a rewrite of the other. The corpus knows better: the
word 3-grams the two share are also in many other documents. A real retelling shares wording
that is its own — the story's names, figures and phrases, found in the pair and in few others.

So a scan counts, for every word 3-gram, the documents that hold it (:class:`PhraseCounter`),
and a derived verdict whose shared wording is almost all common in the corpus is not reported
(:func:`shared_wording`, :attr:`SharedWording.formulaic`). "Common" is relative to how often the
corpus holds the texts themselves: a 3-gram is distinctive when at most ``max(RARE_DF, c + 1)``
documents hold it, where ``c``, a text's *copy count*, is the document count that four in five
of its 3-grams reach (the larger of the two texts'). A story the corpus holds in twenty copies
has every 3-gram in twenty documents, so its retellings keep their verdict; a form filled in
with another company's name has 3-grams of its own (the name, the figures) in one or two.
Texts sharing most of their 3-grams (copies, near-duplicates) are not judged so, nor are texts
sharing almost nothing (paraphrases and translations rest on meaning, not words).

A tight form defeats that count: two prime-rate notices or two fund payouts share nearly all
their wording, so much that the pair looks like a copy. What tells them apart is the other way
round: each text's *own* 3-grams (the distinctive ones, at most ``bar`` documents) are mostly
missing from the other, because they hold its own company, figures and dates. A copy, a
re-sent story or a retelling keeps most of its source's own 3-grams. So a pair sharing at least
half the shorter text's 3-grams, where neither text finds ``SLOT_MAX_OWN_KEPT`` of its own
3-grams in the other, is :attr:`SharedWording.refilled` — the same form with other slots.

Measured on the scan benchmark's haystack (28.7k Reuters, BBC, PAN and Webis documents),
re-verifying pairs as the scan does: of the 249 unlabelled pairs readers judged falsely called
``rewrite`` or ``near_duplicate`` (``bench/results/scan-precision-judged.jsonl``), 92 are
formulaic, against 2 of the 67 judged real, and 11 of the 5,009 labelled reuse pairs (both
halves; 4,542 called derived). The refilled-form rule, measured the same way after the
wire-fraction fix (2026-12-04, with 50 more judged pairs): it drops 9 of the 174 judged false
pairs still called ``rewrite`` or ``near_duplicate`` (prime-rate cuts of three banks, two
payouts, two bill auctions, two Amex listings), none of the 112 judged real and none of the
labelled pairs of either half. ``docs/scan.md`` has the rules in full.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from retold._minhash import shingle_hashes

PHRASE_WORDS = 3
"""Words per counted phrase: forms differ in their slots every few words, so 5-grams break."""

RARE_DF = 5
"""A shared 3-gram in at most this many documents (or the relative bar above) is distinctive."""

MIN_SHARED = 3
"""Texts sharing fewer 3-grams are not judged (their verdict rests on meaning)."""

MAX_SHARED_SHARE = 0.7
"""Texts sharing at least this share of the shorter text's 3-grams are not judged (copies)."""

MIN_DISTINCTIVE_SHARE = 0.1
"""Shared wording is formulaic when fewer than this share of the shared 3-grams (and fewer
than one) are distinctive."""

SLOT_MIN_SHARED_SHARE = 0.5
"""Texts sharing at least this share of the shorter text's 3-grams are judged by their own
3-grams too (:attr:`SharedWording.refilled`)."""

SLOT_MAX_OWN_KEPT = 0.3
"""A form refilled: neither text finds this share of its own distinctive 3-grams in the other."""

COPY_SHARE = 0.8
"""A text's copy count is the document count this share of its 3-grams reach (or pass)."""

_FLUSH = 4_000_000
"""Buffered 3-gram hashes before :class:`PhraseCounter` folds them into its counts."""


def phrase_hashes(text: str) -> np.ndarray:
    """Distinct hashes of the word 3-grams of ``text`` (sorted uint32)."""
    return shingle_hashes(text, PHRASE_WORDS)


@dataclass(frozen=True)
class PhraseFrequencies:
    """How many documents of a corpus hold each word 3-gram found in at least two of them."""

    keys: np.ndarray
    """Sorted uint32 3-gram hashes."""
    counts: np.ndarray
    """Document count of each key."""

    def df(self, hashes: np.ndarray) -> np.ndarray:
        """Document counts of ``hashes`` (1 for a 3-gram no other document holds)."""
        if self.keys.size == 0 or hashes.size == 0:
            return np.ones(hashes.size, np.int64)
        at = np.minimum(np.searchsorted(self.keys, hashes), self.keys.size - 1)
        found = self.keys[at] == hashes
        return np.where(found, self.counts[at], 1).astype(np.int64)


class PhraseCounter:
    """Counts, over a stream of documents, the documents that hold each word 3-gram.

    Memory stays near the number of distinct 3-grams: hashes are buffered and folded into the
    sorted counts in large steps (a stable sort of two sorted runs is a linear merge).
    """

    def __init__(self) -> None:
        self._keys = np.zeros(0, np.uint32)
        self._counts = np.zeros(0, np.uint32)
        self._buffer: list[np.ndarray] = []
        self._buffered = 0

    def add(self, hashes: np.ndarray) -> None:
        """Count one document's distinct 3-gram hashes."""
        self._buffer.append(hashes)
        self._buffered += hashes.size
        if self._buffered >= _FLUSH:
            self._fold()

    def frequencies(self) -> PhraseFrequencies:
        """The counts of every 3-gram held by two documents or more."""
        self._fold()
        shared = self._counts >= 2
        return PhraseFrequencies(self._keys[shared], self._counts[shared])

    def _fold(self) -> None:
        if not self._buffer:
            return
        new_keys, new_counts = np.unique(np.concatenate(self._buffer), return_counts=True)
        self._buffer, self._buffered = [], 0
        keys = np.concatenate([self._keys, new_keys])
        counts = np.concatenate([self._counts, new_counts.astype(np.uint32)])
        order = np.argsort(keys, kind="stable")
        keys, counts = keys[order], counts[order]
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        self._keys = keys[starts]
        self._counts = np.add.reduceat(counts, starts).astype(np.uint32)


@dataclass(frozen=True, slots=True)
class SharedWording:
    """What two texts' shared word 3-grams say about them, against their corpus."""

    shared: int
    """3-grams the two texts share."""
    distinctive: int
    """Shared 3-grams held by at most ``bar`` documents of the corpus."""
    bar: int
    """The document count up to which a shared 3-gram is distinctive: ``max(RARE_DF, c + 1)``
    for the texts' larger copy count ``c`` (:func:`copy_count`)."""
    shorter: int
    """3-grams of the text with fewer."""
    own_kept: float | None = None
    """The larger of the two texts' share of their own distinctive 3-grams (held by at most
    ``bar`` documents) that the other text holds too; ``None`` when either text has none."""

    @property
    def judged(self) -> bool:
        """The pair shares enough wording to judge, but not so much that it is a copy."""
        return MIN_SHARED <= self.shared < MAX_SHARED_SHARE * self.shorter

    @property
    def refilled(self) -> bool:
        """Much shared wording, but each text's own 3-grams (its names, figures, dates) are
        mostly missing from the other: one form filled in twice."""
        return (
            self.shared >= SLOT_MIN_SHARED_SHARE * self.shorter
            and self.own_kept is not None
            and self.own_kept < SLOT_MAX_OWN_KEPT
        )

    @property
    def formulaic(self) -> bool:
        """All but a trace of the shared wording is common in the corpus, or the pair is one
        form refilled (:attr:`refilled`)."""
        common = self.judged and self.distinctive < max(1.0, MIN_DISTINCTIVE_SHARE * self.shared)
        return common or self.refilled


def copy_count(hashes: np.ndarray, frequencies: PhraseFrequencies) -> int:
    """How many documents hold the text of ``hashes``, as far as its 3-grams tell: the count
    that ``COPY_SHARE`` of them reach. A story held in ``k`` copies gets ``k``; an ordinary
    text, whose own names and figures are in no other document, gets 1."""
    return _copy_count(frequencies.df(hashes))


def _copy_count(counts: np.ndarray) -> int:
    if counts.size == 0:
        return 1
    return int(np.percentile(counts, 100 * (1 - COPY_SHARE)))


def _own_kept(hashes: np.ndarray, counts: np.ndarray, bar: int, other: np.ndarray) -> float | None:
    """Share of a text's own 3-grams (document count ``counts`` ≤ ``bar``) the other holds."""
    own = hashes[counts <= bar]
    return float(np.isin(own, other, assume_unique=True).mean()) if own.size else None


def shared_wording(a: np.ndarray, b: np.ndarray, frequencies: PhraseFrequencies) -> SharedWording:
    """Judge the 3-grams texts ``a`` and ``b`` share (:func:`phrase_hashes` of each)."""
    shared = np.intersect1d(a, b, assume_unique=True)
    a_counts, b_counts = frequencies.df(a), frequencies.df(b)
    # a shared 3-gram is in both texts: one document more than the copies of either
    copies = max(_copy_count(a_counts), _copy_count(b_counts))
    bar = max(RARE_DF, copies + 1)
    distinctive = int(np.count_nonzero(frequencies.df(shared) <= bar))
    kept = (_own_kept(a, a_counts, bar, b), _own_kept(b, b_counts, bar, a))
    own_kept = None if None in kept else max(k for k in kept if k is not None)
    return SharedWording(int(shared.size), distinctive, bar, int(min(a.size, b.size)), own_kept)
