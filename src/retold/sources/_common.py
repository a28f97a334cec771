"""What every corpus reader shares: the field mapping, the options, and record-to-document.

A reader turns one file into a stream of :class:`Document` values and :class:`Skip` values.
It never raises for a bad record: the dispatcher in :mod:`retold.sources` decides whether a
skip is reported or, in strict mode, raised. Each document's ``path`` is its location
(``file``, ``file:line``, ``file@offset`` or ``file#entry``), which is also what duplicate-id
skips point back to.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from retold._exceptions import InputError
from retold._load import _human_size, _json_type, parse_record
from retold.model import Document, Skip

MAX_RECORD_BYTES = 5 * 1024 * 1024
"""Default per-record limit: far above any article, small enough to keep memory bounded."""

MAX_WHOLE_FILE_BYTES = 100 * 1024 * 1024
"""Limit of a ``.json`` or feed file, the two formats that must be parsed whole."""

RECORD_FIELDS = ("id", "title", "date", "url", "source")
"""The optional :class:`Document` fields a record can set (``text`` is the required one)."""


@dataclass(frozen=True, slots=True)
class Columns:
    """Which CSV column or JSON key fills each :class:`Document` field.

    A JSON record without the ``text`` key may give ``html`` instead (extracted with
    trafilatura). Integer ids in JSON are accepted and turned into strings.
    """

    id: str = "id"
    text: str = "text"
    title: str = "title"
    date: str = "date"
    url: str = "url"
    source: str = "source"


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """The per-call settings every reader needs."""

    columns: Columns
    encoding: str | None
    max_bytes: int


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file to read: where it is, how to name it, and which reader takes it.

    ``name`` prefixes every location; ``base`` prefixes derived ids (the file stem, or the
    path relative to the scanned folder without its suffix).
    """

    path: Path
    name: str
    base: str
    kind: str
    gzipped: bool = False


Item = Document | Skip
"""What readers yield."""

Reader = Callable[[SourceFile, ReadOptions], Iterator[Item]]
"""A reader: one file in, documents and skips out, in file order."""


def reason_of(exc: InputError) -> str:
    """An InputError's reason with its hint, without the location (the Skip carries that)."""
    return f"{exc.reason} ({exc.hint})" if exc.hint else exc.reason


def skip_of(location: str, exc: InputError) -> Skip:
    """The skip for a record or file that raised ``exc``."""
    return Skip(location, reason_of(exc))


def too_large(size: int, limit: int) -> str:
    """The reason for a record over the per-record limit."""
    return f"record is too large ({_human_size(size)}; the limit is {_human_size(limit)})"


def document_from(record: dict[str, Any], *, location: str, id_default: str) -> Item:
    """A document from a record in :func:`retold._load.parse_record` form, or the skip.

    ``location`` names the record in errors and becomes the document's ``path``.
    """
    try:
        document = parse_record(record, doc_id_default=id_default, origin=location)
    except InputError as exc:
        return skip_of(location, exc)
    return dataclasses.replace(document, path=location)


def record_document(obj: object, *, location: str, id_default: str, columns: Columns) -> Item:
    """A document from a JSON object (or CSV row dict) whose keys ``columns`` names."""
    if not isinstance(obj, dict):
        return Skip(location, f"expected a JSON object, got {_json_type(obj)}")
    record: dict[str, Any] = {field: obj.get(getattr(columns, field)) for field in RECORD_FIELDS}
    if isinstance(record["id"], int) and not isinstance(record["id"], bool):
        record["id"] = str(record["id"])
    text = obj.get(columns.text)
    if text is not None:
        record["text"] = text
    elif obj.get("html") is not None:
        record["html"] = obj["html"]
    else:
        return Skip(location, f'record has no "{columns.text}" field')
    return document_from(record, location=location, id_default=id_default)
