"""Which reader takes a file: by suffix, and by sniffing the head where the suffix is silent.

Files without a suffix are sniffed (WARC, feed, HTML, JSON, JSON lines, else plain text), as
are ``.xml`` files (read only when they are RSS or Atom feeds). Any other unknown suffix is
unsupported: a folder of articles often holds images and notes that are not articles.
"""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

from retold._load import (
    HTML_SUFFIXES,
    JSON_SUFFIXES,
    JSONL_SUFFIXES,
    PLAIN_SUFFIXES,
    _bom_codec,
    _sniff,
)

ACCEPTED = (
    "a folder, text (.txt .text .md), HTML (.html .htm .xhtml), JSON (.json), "
    "JSON lines (.jsonl .ndjson, also .gz), CSV/TSV (.csv .tsv, also .gz), "
    "WARC (.warc .warc.gz), RSS/Atom feeds (.rss .atom, or .xml)"
)
"""The accepted inputs, for error messages."""

_COMPOUND_SUFFIXES: dict[str, str] = {
    ".warc.gz": "warc",
    ".jsonl.gz": "jsonl",
    ".ndjson.gz": "jsonl",
    ".csv.gz": "csv",
    ".tsv.gz": "tsv",
}
"""Two-part suffixes (gzip-compressed formats) and their kinds."""

_SUFFIXES: dict[str, str] = {
    **dict.fromkeys(PLAIN_SUFFIXES, "text"),
    **dict.fromkeys(HTML_SUFFIXES, "html"),
    **dict.fromkeys(JSON_SUFFIXES, "json"),
    **dict.fromkeys(JSONL_SUFFIXES, "jsonl"),
    ".csv": "csv",
    ".tsv": "tsv",
    ".warc": "warc",
    ".rss": "feed",
    ".atom": "feed",
}
"""One-part suffixes and their kinds."""

_SNIFF_BYTES = 8192
_GZIP_MAGIC = b"\x1f\x8b"
_FIRST_TAG = re.compile(r"<([A-Za-z][\w:.-]*)")
_FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf"})


def detect(path: Path) -> tuple[str, str] | None:
    """``(kind, suffix)`` for a file, or None when no reader takes it.

    ``suffix`` is the part of the name the kind was read from (empty when sniffed), so the
    caller can strip it to make ids. Reads the file's head when sniffing (OSError passes up).
    """
    name = path.name.lower()
    for suffix, kind in _COMPOUND_SUFFIXES.items():
        if name.endswith(suffix) and len(name) > len(suffix):
            return kind, path.name[-len(suffix) :]
    suffix = path.suffix
    if suffix.lower() in _SUFFIXES:
        return _SUFFIXES[suffix.lower()], suffix
    if suffix.lower() == ".xml":
        return ("feed", suffix) if _is_feed(_head_text(path)) else None
    if suffix:
        return None
    kind = sniff(path)
    return (kind, "") if kind else None


def unsupported_reason(path: Path) -> str:
    """Why :func:`detect` refused a file, for skips and errors."""
    if path.suffix.lower() == ".xml":
        return "unsupported file type: .xml that is not an RSS or Atom feed"
    if path.suffix:
        return f"unsupported file type {''.join(path.suffixes[-2:])!r}"
    return "unsupported file type (no suffix, and the content is not recognised)"


def sniff(path: Path) -> str | None:
    """The kind of a file without a suffix, from its first bytes."""
    head = _head(path)
    if head.startswith(_GZIP_MAGIC):
        return "warc" if _gunzip_head(head).startswith(b"WARC/") else None
    if head.startswith(b"WARC/"):
        return "warc"
    text = _decode_head(head)
    if _is_feed(text):
        return "feed"
    kind = _sniff(text)
    if kind == "json":
        return "jsonl" if _looks_like_jsonl(text) else "json"
    return "html" if kind == "html" else "text"


def _head(path: Path) -> bytes:
    """The first bytes of a file."""
    with path.open("rb") as stream:
        return stream.read(_SNIFF_BYTES)


def _head_text(path: Path) -> str:
    """The first bytes of a file as text, for sniffing only (undecodable bytes replaced)."""
    return _decode_head(_head(path))


def _decode_head(head: bytes) -> str:
    """Lossy decoding of a file head: by its BOM, else UTF-8."""
    return head.decode(_bom_codec(head) or "utf-8", errors="replace").removeprefix("\ufeff")


def _gunzip_head(head: bytes) -> bytes:
    """The first decompressed bytes of a gzip head (empty when it does not decompress)."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
    except zlib.error:
        return b""


def _is_feed(text: str) -> bool:
    """Whether the first element of an XML head is an RSS, Atom or RSS 1.0 (RDF) root."""
    stripped = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "", text, flags=re.DOTALL)
    match = _FIRST_TAG.search(stripped)
    if match is None:
        return False
    tag = match.group(1).lower()
    return tag in _FEED_ROOTS or tag.endswith(":feed")


def _looks_like_jsonl(text: str) -> bool:
    """Whether a head that starts like JSON holds a complete value on its first line and
    more JSON after it (JSON lines rather than one JSON document)."""
    first, _, rest = text.lstrip().partition("\n")
    if not rest.strip():
        return False
    try:
        json.loads(first)
    except json.JSONDecodeError:
        return False
    return rest.lstrip().startswith("{")
