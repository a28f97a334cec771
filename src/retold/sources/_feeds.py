"""RSS and Atom feed files (``.rss``, ``.atom``, and ``.xml`` files that are feeds).

feedparser reads the file's bytes (handed over as a stream, so it never takes them for a URL
or fetches anything). Each entry becomes a document: its content, else its summary, as text
(HTML through trafilatura when long enough for article extraction to make sense, else a
simple tag strip); ``link`` as url; the published (else updated) time as date; the feed's
title as source; the entry id, else its link, as id. Entries are located as ``file#n``.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

from retold._exceptions import EmptyDocumentError, InputError
from retold._load import _read_bytes, parse_record
from retold.model import Skip
from retold.sources._common import (
    MAX_WHOLE_FILE_BYTES,
    Item,
    ReadOptions,
    SourceFile,
    document_from,
    skip_of,
    too_large,
)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
"""Content types of entry bodies that are HTML."""

EXTRACT_MIN_CHARS = 2000
"""Entry HTML at least this long goes through trafilatura; shorter bodies (summaries, short
items) are too small for article extraction and are tag-stripped instead."""


def read_feed(file: SourceFile, options: ReadOptions) -> Iterator[Item]:
    """The entries of a feed file, in feed order."""
    import feedparser

    try:
        data = _read_bytes(file.path, file.name, max(options.max_bytes, MAX_WHOLE_FILE_BYTES))
    except InputError as exc:
        yield skip_of(file.name, exc)
        return
    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        yield Skip(
            file.name, f"is not a readable feed ({problem})" if problem else "feed has no entries"
        )
        return
    source = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        yield _entry_document(entry, file, number, source, options)


def _entry_document(
    entry: Any, file: SourceFile, number: int, source: str | None, options: ReadOptions
) -> Item:
    """One feed entry as a document, or the skip saying why not."""
    location = f"{file.name}#{number}"
    body = _entry_body(entry)
    if body is None:
        return Skip(location, "entry has no content or summary")
    value, is_html = body
    size = len(value.encode("utf-8"))
    if size > options.max_bytes:
        return Skip(location, too_large(size, options.max_bytes))
    record: dict[str, Any] = {
        "id": dict.get(entry, "id") or dict.get(entry, "link") or None,
        "title": dict.get(entry, "title") or None,
        "date": _entry_date(entry),
        "url": dict.get(entry, "link") or None,
        "source": source,
    }
    id_default = f"{file.base}#{number}"
    if is_html and len(value) >= EXTRACT_MIN_CHARS:
        try:
            page = parse_record(
                {**record, "html": value}, doc_id_default=id_default, origin=location
            )
        except EmptyDocumentError:
            pass  # trafilatura found no article in it: strip the tags instead
        except InputError as exc:
            return skip_of(location, exc)
        else:
            return dataclasses.replace(page, path=location)
    text = html_to_text(value) if is_html else value
    return document_from({**record, "text": text}, location=location, id_default=id_default)


def _entry_body(entry: Any) -> tuple[str, bool] | None:
    """The entry's content, else its summary, with whether it is HTML; None when empty."""
    details = [*(dict.get(entry, "content") or []), dict.get(entry, "summary_detail")]
    for detail in details:
        if detail and (detail.get("value") or "").strip():
            return detail["value"], (detail.get("type") or "text/html") in HTML_TYPES
    summary = dict.get(entry, "summary")
    if isinstance(summary, str) and summary.strip():
        return summary, True
    return None


def _entry_date(entry: Any) -> str | None:
    """The published (else updated) time in ISO form, else the date as the feed wrote it."""
    for key in ("published", "updated"):
        parsed = dict.get(entry, f"{key}_parsed")
        if parsed:
            return datetime(*parsed[:6], tzinfo=UTC).isoformat()
        raw = dict.get(entry, key)
        if isinstance(raw, str) and raw.strip():
            return raw.strip()
    return None


# --------------------------------------------------------------------------- tag strip

_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
"""Tags that break a paragraph."""

_HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title"})
"""Tags whose text is never shown."""

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


class _TextCollector(HTMLParser):
    """Collects visible text, with a paragraph break at every block tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML fragment: one paragraph per block, whitespace collapsed."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    blocks = _PARAGRAPH_BREAK.split("".join(collector.parts))
    return "\n\n".join(" ".join(block.split()) for block in blocks if block.strip())
