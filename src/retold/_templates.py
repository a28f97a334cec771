"""Corpus template sentences: one wording filled with different figures across many documents.

Wire services and data desks publish thousands of stories from a few forms: "Qtly div 30 cts
vs 30 cts prior", "Shr 18 cts vs six cts", "Pay April 15". Two dividend notices of different
companies share these lines word for word or up to their figures, so to the compare core they
look like copies of each other, and a scan of a wire archive reported thousands of such pairs as
rewrites. A single pair cannot tell a form from a copied sentence; a corpus can: a *template* is
a sentence shape (its words with every figure, number word, month, weekday and capitalised
word masked) found in
at least ``MIN_DOCS`` documents with at least ``MIN_VARIANTS`` different fillings. A sentence
copied from one story into its retellings keeps one filling (or a few, where a copy updated a
figure), so it is not a template; a form is filled differently by every story that uses it.

Template sentences are blocked from linking (see ``align``'s ``blocked``): they are never
evidence that one text derives from the other. Whole texts that are equal stay duplicates.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence

import numpy as np

from retold._facts._lexicon import _MONTHS, _ORDINALS, _SCALES, _SMALL, _WEEKDAYS
from retold._lexical import cased_words

MIN_DOCS = 20
"""Documents a sentence shape must appear in to be a template candidate."""

MIN_VARIANTS = 5
"""Different fillings (exact wordings) of the shape needed to call it a template: a story
copied into many documents keeps one wording of each sentence, or a handful."""

MIN_WORDS = 2
"""Shapes of fewer words are not counted (a lone masked figure is not a form)."""

_MASKED_WORDS = frozenset(_SMALL) | frozenset(_SCALES) | frozenset(_ORDINALS) | frozenset(_MONTHS)
_MASKED_WORDS |= frozenset(_WEEKDAYS) | {"hundred", "mln", "bln", "pct"}
_MASKED_WORDS -= {"may", "sat", "wed"}  # far more often a verb than a date
_MASK = dict.fromkeys(_MASKED_WORDS, "#")
_DIGIT = re.compile(r"\d")
_RUN = re.compile(r"#(?: #)+")


def _digest(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little") >> 1


def _shape_token(token: str) -> str:
    """``#`` for a figure, a number word, a date word or a capitalised word (a name, mostly)."""
    if token[0].isupper() or _DIGIT.search(token):
        return "#"
    return _MASK.get(token, token)


def sentence_keys(sentences: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each sentence's (shape key, wording key) as int64 arrays; shape 0 means "not counted".

    The shape masks every token with a digit, every number word, month and weekday, and every
    capitalised word (names: "Acme raises its dividend" and "Borealis raises its dividend" are
    one form) as ``#``, a run of them as one ``#``; the wording key is the exact lower-cased
    word sequence. A line in capitals masks to nothing and is not counted.
    """
    shapes = np.zeros(len(sentences), np.int64)
    exact = np.zeros(len(sentences), np.int64)
    for k, text in enumerate(sentences):
        tokens = cased_words(text)
        shape = _RUN.sub("#", " ".join(_shape_token(token) for token in tokens))
        if len(shape.split()) - shape.count("#") < MIN_WORDS:
            continue
        shapes[k] = _digest(shape)
        exact[k] = _digest(" ".join(tokens).lower())
    return shapes, exact


class TemplateCounter:
    """Counts, over a corpus, the documents and the distinct fillings of each sentence shape."""

    def __init__(self) -> None:
        self._shapes: list[np.ndarray] = []
        self._exact: list[np.ndarray] = []
        self._docs: list[np.ndarray] = []

    def add(self, shapes: np.ndarray, exact: np.ndarray) -> None:
        """Count one document's sentences (the keys of :func:`sentence_keys`)."""
        counted = shapes != 0
        self._shapes.append(shapes[counted])
        self._exact.append(exact[counted])
        self._docs.append(np.full(int(counted.sum()), len(self._docs), np.int64))

    def templates(self) -> frozenset[int]:
        """The shapes found in ≥ ``MIN_DOCS`` documents with ≥ ``MIN_VARIANTS`` fillings."""
        if not self._shapes:
            return frozenset()
        shapes = np.concatenate(self._shapes)
        in_docs = np.unique(np.stack([shapes, np.concatenate(self._docs)], axis=1), axis=0)
        shape_ids, doc_counts = np.unique(in_docs[:, 0], return_counts=True)
        common = np.isin(shapes, shape_ids[doc_counts >= MIN_DOCS])
        if not common.any():
            return frozenset()
        exact = np.concatenate(self._exact)[common]
        fillings = np.unique(np.stack([shapes[common], exact], axis=1), axis=0)
        variant_ids, variant_counts = np.unique(fillings[:, 0], return_counts=True)
        return frozenset(int(s) for s in variant_ids[variant_counts >= MIN_VARIANTS])


def template_mask(shapes: np.ndarray, templates: Iterable[int]) -> np.ndarray:
    """A boolean mask: which sentences (by shape key) are corpus templates."""
    known = np.fromiter(templates, np.int64)
    if not len(known) or not len(shapes):
        return np.zeros(len(shapes), bool)
    return np.isin(shapes, known)
