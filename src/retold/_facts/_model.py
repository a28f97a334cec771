"""The ``Fact`` record and the text helpers every extractor shares.

A ``Fact`` is one number, date, name or quote found in a text, with its exact surface and a
normalised key. Extraction runs in stages (dates, then numbers, then names) and each later stage
skips characters an earlier one took: ``_Claimed`` answers that in log time. Numbers and names
both need to know whether a capitalised word is capitalised only because it opens a sentence
(``_is_sentence_start``); the few regular expressions here are used by several modules.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from retold._facts._lexicon import _ABBREVIATIONS

FactKind = Literal["number", "date", "name", "quote"]
"""The kinds of fact retold compares (the same values as ``retold.model.ChangeKind``)."""


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact found in a text.

    ``text`` is the surface form exactly as written (``text == source[start:end]``); ``key`` is
    the normalised value two facts are compared by, so different wordings of one value agree.
    """

    kind: FactKind
    text: str
    key: str
    start: int
    end: int


_LINE_PREFIX_RE = re.compile(r"[ \t]*(?:(?:\(?(?:\d{1,3}|[a-z])[.)]|[-*•])[ \t]+)?")
_CAPITALISED_NEXT_RE = re.compile(r"\s+[A-Z]")
_LOWER_WORD_RE = re.compile(r"[a-z]+")


class _Claimed:
    """Disjoint character spans already taken by a fact, searchable in log time.

    Whole documents go through ``fact_keys``, so a linear scan per candidate would be
    quadratic in the document length.
    """

    def __init__(self, facts: Iterable[Fact]) -> None:
        spans = sorted((f.start, f.end) for f in facts)
        self._starts = [s for s, _ in spans]
        self._ends = [e for _, e in spans]

    def hits(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps a claimed span."""
        i = bisect_right(self._starts, end - 1) - 1
        return i >= 0 and self._ends[i] > start


def _is_sentence_start(text: str, pos: int) -> bool:
    """Whether ``pos`` begins a sentence (or a quotation, or a clause after a colon or dash).

    Capitalised words there are capitalised by grammar, not because they are names, and number
    words there are spelled with a capital.
    """
    i = pos - 1
    if i >= 0 and text[i] in '"“«([':
        return True
    window = max(0, pos - 16)
    newline = text.rfind("\n", window, pos)
    at_line = newline >= 0 or window == 0
    if at_line and _LINE_PREFIX_RE.fullmatch(text, newline + 1, pos) is not None:
        return True  # a heading, a paragraph or a list item
    while i >= 0 and text[i].isspace():
        i -= 1
    while i >= 0 and text[i] in "\"”’»)]'":
        i -= 1
    if i < 0:
        return True
    if text[i] in "!?:;—–":
        return True
    if text[i] != ".":
        return False
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    word = text[j:i]
    if len(word) == 1 and word.isupper():
        return False  # an initial, as in "J. R. Smith" or "U.S."
    return word.lower() not in _ABBREVIATIONS
