"""A cheap pre-scan that finds where a number or a date may begin.

``_NUMBER_RE``, ``_DATE_RE`` and ``_RELATIVE_RE`` have many alternatives; trying them at every
character is slow. ``_gate`` scans a text once for word starts whose first token could open a
match, and ``_matches_at`` runs a pattern only there, with ``finditer`` semantics.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from retold._facts._lexicon import _MONTHS, _ORDINALS, _SCALES, _SMALL, _WEEKDAYS, _wordset

_GATE_RE = re.compile(r"(?:US|C|A|NZ|HK)?[$€£¥₹]|\d+|[^\W\d_]+")
_NUMBER_START = frozenset(
    [*_SMALL, *_SCALES, *_ORDINALS, "hundred", "dozen", "a", "dozens", "hundreds", "thousands",
     "millions", "billions"]
)  # fmt: skip
_DATE_START = frozenset([*(m.capitalize() for m in _MONTHS), *(d.capitalize() for d in _WEEKDAYS)])
_DATE_START_LOWER = _wordset("this last next past coming early late noon midnight")
_RELATIVE_START = _wordset(
    """the earlier later early late yesterday today tonight tomorrow this last next past coming
    previous that just nearly almost about around roughly approximately some only barely over
    under more less fewer at well little a an one several many few second seconds minute
    minutes hour hours day days night nights week weeks fortnight fortnights month months year
    years decade decades century centuries"""
) | frozenset(_SMALL)
_RELATIVE_ANCHORS = _wordset(
    """ago earlier later before after prior previously now beforehand afterward afterwards
    yesterday today tonight tomorrow weekend weekends week weeks month months year years day
    days night nights morning afternoon evening spring summer fall autumn winter decade decades
    century quarter season"""
)


@dataclass(frozen=True, slots=True)
class _Gate:
    """Offsets where a number, a date or a relative time expression may begin.

    The detailed patterns have many alternatives; trying them only at these few word starts,
    instead of at every character, makes extraction several times faster.
    """

    numbers: tuple[int, ...]
    dates: tuple[int, ...]
    relatives: tuple[int, ...]


def _gate(text: str) -> _Gate:
    """Find candidate start offsets with one cheap scan and set look-ups."""
    numbers: list[int] = []
    dates: list[int] = []
    relatives: list[int] = []
    anchored = False
    for match in _GATE_RE.finditer(text):
        token, pos = match.group(), match.start()
        if token[0].isdigit():
            numbers.append(pos)
            dates.append(pos)
            relatives.append(pos)
            continue
        if token[-1] in "$€£¥₹":
            numbers.append(pos)
            continue
        lower = token.lower()
        if lower in _NUMBER_START:
            numbers.append(pos)
        if token in _DATE_START or lower in _DATE_START_LOWER:
            dates.append(pos)
        if lower in _RELATIVE_START:
            relatives.append(pos)
        anchored = anchored or lower in _RELATIVE_ANCHORS
    return _Gate(tuple(numbers), tuple(dates), tuple(relatives) if anchored else ())


def _matches_at(
    pattern: re.Pattern[str], text: str, starts: Iterable[int]
) -> Iterator[re.Match[str]]:
    """Non-overlapping matches of ``pattern`` beginning at ``starts`` (left to right), like
    ``finditer`` restricted to those offsets."""
    end = 0
    for pos in starts:
        if pos < end:
            continue
        match = pattern.match(text, pos)
        if match is not None and match.end() > pos:
            end = match.end()
            yield match
