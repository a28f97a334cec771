"""Lexical signals: word tokens, shingles and the overlap matrices between two sentence lists.

Everything here is pure and vectorised with scipy sparse matrices, so a pair of long documents
(hundreds of sentences each) costs milliseconds. The semantic side lives in ``_embed``; the two
are combined by ``_linkscore``.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

_WORD = re.compile(r"\w+(?:[.,]\d+)*", re.UNICODE)

DIGIT_RUN = re.compile(r"\d+(?:[.,]\d+)*")
"""A number as written, digits with their inner separators (``4,250,000``, ``10.5``): what the
link model and the copied-passage check compare between two texts."""

STOPWORDS: frozenset[str] = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "at",
        "by",
        "for",
        "with",
        "about",
        "against",
        "between",
        "into",
        "through",
        "during",
        "before",
        "after",
        "above",
        "below",
        "to",
        "from",
        "up",
        "down",
        "in",
        "out",
        "on",
        "off",
        "over",
        "under",
        "again",
        "further",
        "then",
        "once",
        "here",
        "there",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "no",
        "nor",
        "not",
        "only",
        "own",
        "same",
        "so",
        "than",
        "too",
        "very",
        "s",
        "t",
        "can",
        "will",
        "just",
        "don",
        "should",
        "now",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "having",
        "do",
        "does",
        "did",
        "doing",
        "i",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "it",
        "its",
        "they",
        "them",
        "their",
        "what",
        "which",
        "who",
        "whom",
        "this",
        "that",
        "these",
        "those",
        "am",
        "would",
        "could",
        "also",
        "said",
        "says",
        "as",
    ]
)


def words(text: str) -> list[str]:
    """Lower-cased word tokens (numbers like ``4.2`` and ``1,200`` stay whole)."""
    return _WORD.findall(text.lower())


@functools.lru_cache(maxsize=1 << 16)
def sentence_words(text: str) -> tuple[str, ...]:
    """:func:`words` of one sentence as a tuple, cached: a sentence meets every sentence of
    the other text in an alignment, and a scan or an index query meets one text many times
    (keyed by text, so the results are the same with or without the cache)."""
    return tuple(words(text))


@functools.lru_cache(maxsize=1 << 16)
def sentence_terms(text: str) -> frozenset[str]:
    """Stemmed non-stopword tokens of one sentence, what a paraphrase tends to keep; cached
    as :func:`sentence_words` is."""
    return frozenset(stem(w) for w in sentence_words(text) if w not in STOPWORDS)


def cased_words(text: str) -> list[str]:
    """The tokens of :func:`words` with their case kept."""
    return _WORD.findall(text)


def stem(word: str) -> str:
    """A deliberately crude suffix strip so ``homes``/``home`` and ``raised``/``raise`` meet."""
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 4 and word.endswith("es"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    """Word ``n``-gram shingles (the classic plagiarism/dedup unit)."""
    tokens = words(text)
    if len(tokens) < n:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


_PHRASE_WORD = re.compile(r"(?<![\w'’])[a-z][a-z'’-]*")


def phrase_shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    """Word ``n``-grams over the text's lower-case words only: names and numbers left out.

    Independent reports of one event share names, titles and figures ("the Marrow County
    Economic Development Corp.", "Feb. 22"), not phrasing; a copy shares the phrasing too.
    """
    tokens = _PHRASE_WORD.findall(text)
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def containment(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    """|a ∩ b| / min(|a|, |b|): near 1 when the smaller text is copied into the larger."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


@dataclass(frozen=True, slots=True)
class OverlapMatrices:
    """Pairwise lexical overlap between A's and B's sentences (each array is n_a × n_b).

    ``terms``: shared content terms / the smaller sentence's count (containment).
    ``jaccard``: shared content terms / the union. ``bigrams``: Dice of word bigrams.
    ``length_ratio``: shorter / longer sentence in words.
    """

    terms: np.ndarray
    jaccard: np.ndarray
    bigrams: np.ndarray
    length_ratio: np.ndarray


@functools.lru_cache(maxsize=1 << 16)
def _sentence_bigrams(text: str) -> frozenset[str]:
    """The sentence's word bigrams, cached as :func:`sentence_words` is."""
    return frozenset(f"{x} {y}" for x, y in itertools.pairwise(sentence_words(text)))


DENSE_CELLS = 1 << 16
"""Largest (sentences × shared tokens) matrices :func:`_shared_counts` multiplies dense; the
sparse product's set-up costs more than a small dense one, and counts of ones are exact in
either."""


def _shared_counts(
    rows_a: Sequence[frozenset[str]], rows_b: Sequence[frozenset[str]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """How many tokens each A row shares with each B row (n_a × n_b), and each row's size.

    Only tokens found on both sides can be shared, so the row × vocabulary matrices whose
    product counts them are built over those alone (set intersections in C first): most
    sentence pairs of two documents share few words, and a scan compares each document with
    many others.
    """
    both = frozenset().union(*rows_a) & frozenset().union(*rows_b)
    vocab = {token: k for k, token in enumerate(both)}
    width = max(len(vocab), 1)
    incidence = []
    for rows in (rows_a, rows_b):
        indptr = [0]
        indices: list[int] = []
        for row in rows:
            indices.extend(vocab[token] for token in row & both)
            indptr.append(len(indices))
        incidence.append((np.asarray(indptr, np.int64), np.asarray(indices, np.int64)))
    if (len(rows_a) + len(rows_b)) * width <= DENSE_CELLS:
        dense = []
        for (indptr, indices), rows in zip(incidence, (rows_a, rows_b), strict=True):
            matrix = np.zeros((len(rows), width), np.float32)
            matrix[np.repeat(np.arange(len(rows)), np.diff(indptr)), indices] = 1.0
            dense.append(matrix)
        # 0/1 matrices multiply to exact counts; OpenBLAS may still leave the FPU's "invalid"
        # flag set (numpy issue 24067), which numpy reports as a spurious RuntimeWarning.
        with np.errstate(invalid="ignore"):
            inter = dense[0] @ dense[1].T
    else:
        mats = [
            sparse.csr_matrix(
                (np.ones(len(indices), np.float32), indices, indptr),
                shape=(len(indptr) - 1, width),
            )
            for indptr, indices in incidence
        ]
        inter = np.asarray((mats[0] @ mats[1].T).todense(), dtype=np.float32)
    size_a = np.array([len(row) for row in rows_a], np.float32).reshape(-1, 1)
    size_b = np.array([len(row) for row in rows_b], np.float32).reshape(1, -1)
    return inter, size_a, size_b


def overlap_matrices(a_texts: Sequence[str], b_texts: Sequence[str]) -> OverlapMatrices:
    """All pairwise lexical overlaps between two sentence lists, vectorised."""
    a_tokens = [sentence_words(t) for t in a_texts]
    b_tokens = [sentence_words(t) for t in b_texts]
    inter, size_a, size_b = _shared_counts(
        [sentence_terms(t) for t in a_texts], [sentence_terms(t) for t in b_texts]
    )
    smaller = np.minimum(size_a, size_b)
    terms = np.divide(inter, smaller, out=np.zeros_like(inter), where=smaller > 0)
    union = size_a + size_b - inter
    jaccard = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    inter2, size_a2, size_b2 = _shared_counts(
        [_sentence_bigrams(t) for t in a_texts], [_sentence_bigrams(t) for t in b_texts]
    )
    total = size_a2 + size_b2
    bigrams = np.divide(2 * inter2, total, out=np.zeros_like(inter2), where=total > 0)
    len_a = np.array([max(len(t), 1) for t in a_tokens], np.float32).reshape(-1, 1)
    len_b = np.array([max(len(t), 1) for t in b_tokens], np.float32).reshape(1, -1)
    length_ratio = np.minimum(len_a, len_b) / np.maximum(len_a, len_b)
    return OverlapMatrices(terms, jaccard, bigrams, length_ratio)
