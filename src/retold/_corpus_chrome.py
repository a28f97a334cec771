"""Corpus-level page chrome: lines that recur across many documents of one source.

A single page cannot tell its site's footer from its story; a corpus can. This generalises
compare's per-document rules the way web-corpus pipelines do (line frequency): a short,
non-sentence line found in at least ``MIN_DOCS`` documents and ``MIN_SHARE`` of the documents
of the same source is that source's chrome. Documents without a source are counted together as
one unnamed source. Sentence-like lines are never chrome here, because copies of one story
legitimately share whole sentences.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict

from retold._chrome import chrome_candidates, line_key, normalize_text, strip_chrome
from retold.model import Document

MIN_DOCS = 3
MIN_SHARE = 0.05


class ChromeCounter:
    """Counts, per source, how many documents each candidate chrome line appears in."""

    def __init__(self) -> None:
        self._lines: dict[str, Counter[str]] = defaultdict(Counter)
        self._docs: Counter[str] = Counter()

    def add(self, document: Document) -> None:
        """Count one document's candidate lines under its source."""
        source = document.source or ""
        self._docs[source] += 1
        self._lines[source].update(chrome_candidates(document.text))

    def chrome(self) -> dict[str, frozenset[str]]:
        """Each source's chrome lines (``line_key`` forms); sources with none are left out."""
        found: dict[str, frozenset[str]] = {}
        for source, counts in self._lines.items():
            total = self._docs[source]
            keys = frozenset(
                key for key, n in counts.items() if n >= MIN_DOCS and n / total >= MIN_SHARE
            )
            if keys:
                found[source] = keys
        return found


def strip_corpus_chrome(document: Document, chrome: dict[str, frozenset[str]]) -> Document:
    """``document`` without its source's chrome lines (added to ``removed``), or unchanged."""
    keys = chrome.get(document.source or "")
    if not keys:
        return document
    lines = normalize_text(document.text).split("\n")
    if not any(line_key(line) in keys for line in lines if line):
        return document
    text, removed = strip_chrome(document.text, title=document.title, extra_chrome=keys)
    if not text.strip():
        return document
    return dataclasses.replace(document, text=text, removed=(*document.removed, *removed))
