"""The extraction API: every fact of a text, in reading order.

Runs the extractors in dependency order (quotes; dates; numbers outside dates; names outside
both) and caches the result per text, since sentences recur across links.
"""

from __future__ import annotations

from functools import lru_cache

from retold._facts._gate import _gate
from retold._facts._model import Fact, _Claimed
from retold._facts.dates import _extract_dates
from retold._facts.names import _extract_names
from retold._facts.numbers import _extract_numbers
from retold._facts.quotes import _extract_quotes


@lru_cache(maxsize=4096)
def _extract_cached(text: str) -> tuple[Fact, ...]:
    """All facts of ``text`` in reading order (cached: sentences recur across links)."""
    quotes = _extract_quotes(text)
    gate = _gate(text)
    dates = _extract_dates(text, gate)
    numbers = _extract_numbers(text, gate, _Claimed(dates))
    names = _extract_names(text, _Claimed([*dates, *numbers]))
    order = {"quote": 0, "date": 1, "number": 2, "name": 3}
    return tuple(
        sorted([*quotes, *dates, *numbers, *names], key=lambda f: (f.start, order[f.kind]))
    )


def extract_facts(text: str) -> list[Fact]:
    """Numbers, dates, names and quotes in ``text``, ordered by position.

    Quotes may contain other facts (a number said in a quote is also a number); the other kinds
    never overlap each other: digits inside a date belong to the date.
    """
    return list(_extract_cached(text)) if text else []


def fact_keys(text: str) -> frozenset[str]:
    """``"kind:key"`` strings for every fact of ``text``, for document-level overlap scores."""
    return frozenset(f"{f.kind}:{f.key}" for f in extract_facts(text))
