"""Small builders shared by tests that make retold values by hand (no model involved)."""

from __future__ import annotations

from retold.model import Sentence


def sentences(texts: tuple[str, ...]) -> tuple[Sentence, ...]:
    """Sentences with offsets into the texts joined by single spaces."""
    out, start = [], 0
    for text in texts:
        out.append(Sentence(text, start, start + len(text)))
        start += len(text) + 1
    return tuple(out)
