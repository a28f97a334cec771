"""Quoted speech: passages of three words or more between double quotes or guillemets.

A quote's key is its words, lower-cased, so punctuation and spacing inside it do not count as
changes. Quotes may contain other facts; those are extracted again under their own kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from retold._facts._model import Fact

_QUOTE_PAIRS = {'"': '"', "“": "”", "«": "»"}
_QUOTE_MARK_RE = re.compile(r'["“”«»]')
_QUOTE_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _quote_spans(text: str) -> Iterator[tuple[int, int]]:
    """Inner spans of quoted passages, pairing opening and closing marks left to right.

    A straight ``"`` opens only when it follows a space, a bracket or the start of the text, so
    a stray closing mark (of a quote opened in an earlier sentence) does not pair up wrongly.
    """
    open_at: int | None = None
    closer = ""
    for mark in _QUOTE_MARK_RE.finditer(text):
        i, ch = mark.start(), mark.group()
        if open_at is None:
            if ch in _QUOTE_PAIRS and (ch != '"' or i == 0 or text[i - 1] in " \t\n([—–-:"):
                open_at, closer = i + 1, _QUOTE_PAIRS[ch]
        elif ch == closer:
            yield open_at, i
            open_at = None


def _extract_quotes(text: str) -> list[Fact]:
    """Quoted passages of three words or more; key = their words, lower-cased."""
    facts = []
    for start, end in _quote_spans(text):
        while start < end and text[start].isspace():
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
            end -= 1
        words = _QUOTE_WORD_RE.findall(text[start:end])
        if len(words) >= 3:
            key = " ".join(words).lower().replace("’", "'")
            facts.append(Fact("quote", text[start:end], key, start, end))
    return facts
