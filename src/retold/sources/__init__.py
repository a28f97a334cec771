"""Streaming corpus readers: folders, text/HTML/JSON files, JSON lines, CSV, WARC and feeds.

:func:`iter_documents` turns a list of paths into one stream of :class:`Document` values,
one record at a time, so a corpus never has to fit in memory. Bad records do not stop a
scan: each becomes a :class:`Skip` (reported through ``on_skip`` and logged), unless
``strict`` asks for an :class:`InputError` instead.

Locations, used in skips and as each document's ``path``:

* ``file`` for a one-document file (``.txt``, ``.html``, a ``.json`` object);
* ``file:line`` (1-based, the line a record starts on) for JSON lines and CSV/TSV;
* ``file#n`` (1-based) for the n-th item of a ``.json`` list or the n-th entry of a feed;
* ``file@offset`` (byte offset of the record) for WARC.

Ids: the record's own id when it has one (the id column or key, a ``id:`` metadata line, a
feed entry's id or link, the WARC-Record-ID); otherwise one derived from where it was found,
with the file's base name (its stem, or for files found in a folder its path relative to
that folder without the suffix): ``base`` for one-document files, ``base:line`` for JSON
lines and CSV, ``base#n`` for ``.json`` lists and feeds. A later document reusing an id seen
earlier in the same call is skipped, naming where the id was first seen.
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from retold._exceptions import InputError
from retold.model import Document, Skip
from retold.sources._common import (
    MAX_RECORD_BYTES,
    MAX_WHOLE_FILE_BYTES,
    Columns,
    Item,
    Reader,
    ReadOptions,
    SourceFile,
)
from retold.sources._csv import read_csv
from retold.sources._detect import ACCEPTED, detect, unsupported_reason
from retold.sources._feeds import read_feed
from retold.sources._files import read_json, read_single
from retold.sources._jsonl import read_jsonl
from retold.sources._warc import read_warc

__all__ = [
    "ACCEPTED",
    "MAX_RECORD_BYTES",
    "MAX_WHOLE_FILE_BYTES",
    "Columns",
    "iter_documents",
]

logger = logging.getLogger("retold.sources")

_READERS: dict[str, Reader] = {
    "text": read_single,
    "html": read_single,
    "json": read_json,
    "jsonl": read_jsonl,
    "csv": read_csv,
    "tsv": read_csv,
    "warc": read_warc,
    "feed": read_feed,
}
"""The reader for each kind :func:`retold.sources._detect.detect` names."""

Root = SourceFile | Path
"""A validated input: a file ready to read, or a folder to walk."""


def iter_documents(
    paths: Iterable[str | Path],
    *,
    columns: Columns = Columns(),  # noqa: B008 -- frozen, so a shared default is safe
    strict: bool = False,
    on_skip: Callable[[Skip], None] | None = None,
    encoding: str | None = None,
    max_bytes: int = MAX_RECORD_BYTES,
) -> Iterator[Document]:
    """Stream the documents found in ``paths`` (files and folders), in input order.

    Folders are walked recursively in sorted order (hidden entries skipped). ``columns``
    maps CSV columns and JSON keys onto document fields; ``encoding`` forces a codec for
    text, HTML, JSON, JSON lines and CSV files (WARC pages and feeds declare their own);
    ``max_bytes`` caps each record (and each one-document file).

    A bad record or file becomes a :class:`Skip`: passed to ``on_skip``, logged on the
    ``retold.sources`` logger at WARNING, and reading goes on. With ``strict=True`` it
    raises :class:`InputError` naming the same location instead.

    Raises :class:`InputError` at once (before any reading) for a path that does not
    exist, a file of an unsupported type, or an unknown ``encoding``.
    """
    if max_bytes <= 0:
        raise ValueError(f"max_bytes must be positive, got {max_bytes}")
    if encoding is not None:
        _check_encoding(encoding)
    if isinstance(paths, str | Path):
        paths = [paths]
    roots = [_root(Path(path)) for path in paths]
    options = ReadOptions(columns=columns, encoding=encoding, max_bytes=max_bytes)
    return _documents(roots, options, strict=strict, on_skip=on_skip)


def _check_encoding(encoding: str) -> None:
    """Refuse an unknown codec name before reading anything."""
    try:
        codecs.lookup(encoding)
    except LookupError as exc:
        raise InputError("encoding", f"unknown encoding {encoding!r}") from exc


def _root(path: Path) -> Root:
    """A path the caller named, checked: a folder, or a supported file."""
    name = str(path)
    if path.is_dir():
        return path
    if not path.exists():
        raise InputError(name, "no such file or folder", hint=f"accepted: {ACCEPTED}")
    try:
        found = detect(path)
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror or exc})") from exc
    if found is None:
        raise InputError(name, unsupported_reason(path), hint=f"accepted: {ACCEPTED}")
    kind, suffix = found
    return _source(path, name, path.name, kind, suffix)


def _source(path: Path, name: str, relative: str, kind: str, suffix: str) -> SourceFile:
    """A file to read; ``relative`` minus ``suffix`` is the base of its derived ids."""
    base = relative[: len(relative) - len(suffix)] if suffix else relative
    return SourceFile(
        path=path, name=name, base=base or relative, kind=kind, gzipped=suffix.endswith(".gz")
    )


def _documents(
    roots: list[Root],
    options: ReadOptions,
    *,
    strict: bool,
    on_skip: Callable[[Skip], None] | None,
) -> Iterator[Document]:
    """Every document of every root, with duplicate ids and bad records turned into skips."""
    first_seen: dict[str, str] = {}
    for item in _items(roots, options):
        if isinstance(item, Document):
            location = item.path or item.id
            first = first_seen.get(item.id)
            if first is None:
                first_seen[item.id] = location
                yield item
                continue
            item = Skip(location, f"duplicate id {item.id!r} (first seen at {first})")
        _report(item, strict=strict, on_skip=on_skip)


def _items(roots: list[Root], options: ReadOptions) -> Iterator[Item]:
    """Documents and skips from every root, in input order."""
    for root in roots:
        files = [root] if isinstance(root, SourceFile) else _walk(root, root)
        for file in files:
            if isinstance(file, Skip):
                yield file
            else:
                yield from _READERS[file.kind](file, options)


def _walk(
    folder: Path, root: Path, seen: frozenset[Path] = frozenset()
) -> Iterator[SourceFile | Skip]:
    """The files under ``folder``, depth first in name order, hidden entries left out.

    A file no reader takes is a skip; a symlinked folder already being walked is left out
    (no loops).
    """
    real = folder.resolve()
    if real in seen:
        return
    try:
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    except OSError as exc:
        yield Skip(str(folder), f"cannot be read ({exc.strerror or exc})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, root, seen | {real})
        elif entry.is_file():
            yield _folder_file(entry, root)


def _folder_file(path: Path, root: Path) -> SourceFile | Skip:
    """A file found in a folder, or the skip saying why no reader takes it."""
    name = str(path)
    try:
        found = detect(path)
    except OSError as exc:
        return Skip(name, f"cannot be read ({exc.strerror or exc})")
    if found is None:
        return Skip(name, unsupported_reason(path))
    kind, suffix = found
    return _source(path, name, path.relative_to(root).as_posix(), kind, suffix)


def _report(skip: Skip, *, strict: bool, on_skip: Callable[[Skip], None] | None) -> None:
    """Raise the skip as an InputError in strict mode; else hand it on and log it."""
    if strict:
        raise InputError(skip.location, skip.reason)
    if on_skip is not None:
        on_skip(skip)
    logger.warning("skipped %s", skip)
