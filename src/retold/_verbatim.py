"""Verbatim runs: stretches of words two texts share exactly, with character offsets.

Sentence links place a reused passage sentence by sentence. Where a copier re-cut the text
(lines run together, a list pasted as one sentence, a paragraph dropped into the middle of
another) a copied stretch straddles sentences: the alignment links it weakly, to the wrong
neighbour, or not at all, and a passage built from whole sentences overshoots or misses it.
Exact word runs have no such limit. A pair judged derived reports its passages widened to the
verbatim runs they touch, and a long run that no passage touches becomes a passage of its
own (:func:`retold._exact.reported_passages`). Runs play no part in the verdict.

A run is a chain of shared word ``SEED_WORDS``-grams (lower-cased ``\\w+`` tokens), each
within ``SEED_GAP`` words of the last in both texts, so a copy with a word changed here and
there stays one run. An n-gram that occurs more than ``MAX_REPEATS`` times in one text is
page furniture (a repeated menu, a disclaimer) and seeds nothing. The constants were chosen
by plagdet on pan13-dev's fit half (``bench/calibrate_verbatim.py``, 96 settings: the best
0.811, the worst 0.802: the choice matters little).
"""

from __future__ import annotations

import functools
import re
import zlib
from dataclasses import dataclass

import numpy as np

from retold._minhash import gram_hashes

SEED_WORDS = 5
"""Words in a seed (the 5-grams of the lexical scores). A seed alone proves little; runs of
them do."""

SEED_GAP = 30
"""Most words between two seeds of one run, in each text (obfuscated copies keep a shared
5-gram every few dozen words)."""

MIN_SEEDS = 12
"""Seeds a run needs to become a passage where no linked passage touches it (about 16 words
copied in a row)."""

MERGE_SLACK = 400
"""Characters by which a run and a passage may miss each other, in both texts, and still be
one passage (the unshared words between them were reworded, not added)."""

MAX_REPEATS = 3
"""An n-gram occurring more often than this in either text seeds no run."""

_WORD = re.compile(r"\w+")

CACHE_TEXTS = 32
"""Texts whose seed positions are kept: a scan or an index query meets one text in many
pairs, and a long page takes milliseconds to read."""


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of both texts: character offsets ``[a_start, a_end)`` and ``[b_start,
    b_end)``; ``seeds`` is the number of shared n-grams behind it (0 for a linked passage)."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    seeds: int = 0

    def near(self, other: Span, slack: int) -> bool:
        """Whether the two spans overlap, or miss by at most ``slack`` characters, in both."""
        return (
            self.a_start < other.a_end + slack
            and other.a_start < self.a_end + slack
            and self.b_start < other.b_end + slack
            and other.b_start < self.b_end + slack
        )

    def union(self, other: Span) -> Span:
        """The smallest span covering both."""
        return Span(
            min(self.a_start, other.a_start),
            max(self.a_end, other.a_end),
            min(self.b_start, other.b_start),
            max(self.b_end, other.b_end),
            self.seeds + other.seeds,
        )


@functools.lru_cache(maxsize=CACHE_TEXTS)
def _seed_positions(
    text: str, n: int, max_repeats: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Start and end offsets of each lower-cased word of ``text``; the 64-bit hash of the
    ``n``-gram starting at each word (:func:`retold._minhash.gram_hashes`: CRC-32 of the
    words, stable across processes); and the distinct n-gram hashes occurring at most
    ``max_repeats`` times, the only ones that may seed."""
    lowered = text.lower()
    if len(lowered) == len(text):  # offsets in the lower-cased text are the text's own
        words = list(_WORD.finditer(lowered))
        found = map(re.Match.group, words)
    else:  # a character whose lower case is longer ("İ"): lower-case word by word
        words = list(_WORD.finditer(text))
        found = (m.group().lower() for m in words)
    starts = np.fromiter(map(re.Match.start, words), np.int64, len(words))
    ends = np.fromiter(map(re.Match.end, words), np.int64, len(words))
    hashes = np.fromiter(map(zlib.crc32, map(str.encode, found)), np.uint32, len(words))
    grams = gram_hashes(hashes, n)
    values, counts = np.unique(grams, return_counts=True)
    return starts, ends, grams, values[counts <= max_repeats]


def verbatim_runs(a_text: str, b_text: str) -> list[Span]:
    """The runs of words ``a_text`` and ``b_text`` share, in the order they start in B."""
    a_starts, a_ends, a_grams, a_rare = _seed_positions(a_text, SEED_WORDS, MAX_REPEATS)
    b_starts, b_ends, b_grams, b_rare = _seed_positions(b_text, SEED_WORDS, MAX_REPEATS)
    common = np.intersect1d(a_rare, b_rare, assume_unique=True)
    if not common.size:
        return []
    in_a: dict[int, list[int]] = {}
    for i in np.flatnonzero(np.isin(a_grams, common)).tolist():
        in_a.setdefault(int(a_grams[i]), []).append(i)
    seeds = sorted(
        (j, i)
        for j in np.flatnonzero(np.isin(b_grams, common)).tolist()
        for i in in_a[int(b_grams[j])]
    )
    runs: list[list[tuple[int, int]]] = []
    open_runs: list[list[tuple[int, int]]] = []
    for j, i in seeds:
        open_runs = [run for run in open_runs if j - run[-1][0] <= SEED_GAP]
        for run in reversed(open_runs):
            if abs(i - run[-1][1]) <= SEED_GAP:
                run.append((j, i))
                break
        else:
            run = [(j, i)]
            runs.append(run)
            open_runs.append(run)
    last = SEED_WORDS - 1
    return [
        Span(
            a_start=int(a_starts[min(i for _, i in run)]),
            a_end=int(a_ends[max(i for _, i in run) + last]),
            b_start=int(b_starts[run[0][0]]),
            b_end=int(b_ends[run[-1][0] + last]),
            seeds=len(run),
        )
        for run in runs
    ]


def widen(passages: list[Span], runs: list[Span]) -> list[tuple[Span, list[int]]]:
    """Passages widened by the runs near them, plus runs of ``MIN_SEEDS`` seeds standing alone.

    Returns each resulting span with the indices (into ``passages``) of the linked passages it
    absorbed, in B order. Spans that come to touch are merged, so one copied stretch is
    reported once.
    """
    items: list[tuple[Span, list[int], bool]] = [
        (span, [k], True) for k, span in enumerate(passages)
    ] + [(run, [], run.seeds >= MIN_SEEDS) for run in runs]
    merged = True
    while merged:
        merged = False
        out: list[tuple[Span, list[int], bool]] = []
        for span, members, kept in items:
            for k, (other, other_members, other_kept) in enumerate(out):
                if span.near(other, MERGE_SLACK):
                    out[k] = (other.union(span), other_members + members, other_kept or kept)
                    merged = True
                    break
            else:
                out.append((span, members, kept))
        items = out
    return sorted(
        ((span, sorted(members)) for span, members, kept in items if kept),
        key=lambda item: (item[0].b_start, item[0].a_start),
    )
