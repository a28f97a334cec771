"""CSV and TSV files (optionally gzipped): a header row, then one record per row, streamed.

The header names the columns; :class:`~retold.sources.Columns` picks which column fills
which document field (empty cells count as absent). Quoted fields may span lines and hold
whole articles. A record is located by the line it starts on (``file:line``) and its id
defaults to ``base:line``.

Memory stays bounded: a record over ``max_bytes`` is skipped, and one that grows past
:data:`ABORT_FACTOR` times that (a single huge line, or an unclosed quote swallowing the rest
of the file) ends the file with a skip, since the parser cannot find the next record
boundary after it. The csv module runs in strict mode, so a malformed row (text after a
closing quote, a quote left open at the end of the file) is a skip rather than silently
merged text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from retold._load import _human_size
from retold.model import Skip
from retold.sources._common import Item, ReadOptions, SourceFile, record_document, too_large
from retold.sources._lines import (
    STREAM_ERRORS,
    Line,
    StreamError,
    open_binary,
    read_lines,
    stream_reason,
)

ABORT_FACTOR = 4
"""A record this many times over ``max_bytes`` ends the file (see the module docstring)."""

_C_LONG_MAX = 2**31 - 1
"""The largest ``csv.field_size_limit`` every platform accepts (a C long on Windows)."""


def read_csv(file: SourceFile, options: ReadOptions) -> Iterator[Item]:
    """The records of a CSV (``kind == "csv"``) or TSV file, in file order."""
    abort_at = ABORT_FACTOR * options.max_bytes
    _allow_fields_up_to(abort_at)
    try:
        stream = open_binary(file)
    except STREAM_ERRORS as exc:
        yield Skip(file.name, stream_reason(exc))
        return
    with stream:
        lines = _RecordLines(
            read_lines(stream, file.name, encoding=options.encoding, limit=abort_at), abort_at
        )
        dialect = csv.excel_tab if file.kind == "tsv" else csv.excel
        try:
            reader = csv.reader(lines, dialect, strict=True)
            yield from _records(file, reader, lines, options)
        except StreamError as exc:
            yield Skip(f"{file.name}:{exc.line}", f"{exc.reason}; the rest of the file is skipped")


def _allow_fields_up_to(size: int) -> None:
    """Raise the csv module's (process-wide) field size limit to ``size``; never lower it."""
    wanted = min(size, _C_LONG_MAX)
    if csv.field_size_limit() < wanted:
        csv.field_size_limit(wanted)


def _records(
    file: SourceFile, reader: Iterator[list[str]], lines: _RecordLines, options: ReadOptions
) -> Iterator[Item]:
    """The header, then every data row as a document or a skip."""
    try:
        header = _next_row(reader, lines)
    except csv.Error as exc:
        yield Skip(f"{file.name}:{lines.start}", f"cannot read the header row ({exc})")
        return
    if header is None:
        yield Skip(file.name, "file is empty")
        return
    names = [name.strip() for name in header]
    columns = options.columns
    if columns.text not in names and "html" not in names:
        listed = ", ".join(repr(name) for name in names)
        yield Skip(
            f"{file.name}:{lines.start}",
            f'no "{columns.text}" column in the header (columns: {listed}); name the text '
            "column with --text-field of `retold scan` and `retold index add`, or columns= in "
            'Python (`retold compare` reads a column named "text")',
        )
        return
    while True:
        try:
            row = _next_row(reader, lines)
        except csv.Error as exc:
            yield Skip(f"{file.name}:{lines.start}", _csv_error(exc))
            continue
        if row is None:
            return
        yield _row_item(file, names, row, lines, options)


def _csv_error(exc: csv.Error) -> str:
    """The reason for a row the csv module rejects."""
    detail = str(exc)
    if "unexpected end of data" in detail:
        detail += "; a quote left open?"
    return f"is not valid CSV ({detail})"


def _next_row(reader: Iterator[list[str]], lines: _RecordLines) -> list[str] | None:
    """The next row with a non-blank cell, or None at the end of the file (csv.Error passes
    up for a row the csv module rejects)."""
    while True:
        lines.begin()
        row = next(reader, None)
        if row is None or any(cell.strip() for cell in row):
            return row


def _row_item(
    file: SourceFile, names: list[str], row: list[str], lines: _RecordLines, options: ReadOptions
) -> Item:
    """One data row as a document, or the skip saying why not."""
    location = f"{file.name}:{lines.start}"
    if lines.error:
        return Skip(location, lines.error)
    if lines.size > options.max_bytes:
        return Skip(location, too_large(lines.size, options.max_bytes))
    return record_document(
        _row_record(names, row),
        location=location,
        id_default=f"{file.base}:{lines.start}",
        columns=options.columns,
    )


def _row_record(names: list[str], row: list[str]) -> dict[str, Any]:
    """A row as a dict keyed by header name; empty cells and missing cells are absent."""
    record: dict[str, Any] = {}
    for name, cell in zip(names, row, strict=False):
        if cell.strip() and name not in record:
            record[name] = cell
    return record


class _RecordLines:
    """The line iterator ``csv.reader`` consumes, tracking the current record.

    Call :meth:`begin` before each ``next(reader)``: afterwards ``start`` is the line the
    record began on, ``size`` its bytes and ``error`` the first undecodable line in it.
    """

    def __init__(self, lines: Iterator[Line], abort_at: int) -> None:
        self._lines = lines
        self._abort_at = abort_at
        self.start = 0
        self.size = 0
        self.error: str | None = None
        self._fresh = True

    def begin(self) -> None:
        """Mark the start of a new record."""
        self._fresh = True
        self.size = 0
        self.error = None

    def __iter__(self) -> _RecordLines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        if self._fresh:
            self.start, self._fresh = line.number, False
        if line.oversize:
            raise StreamError(line.number, f"line is too large ({_human_size(line.size)})")
        self.size += line.size
        if self.size > self._abort_at:
            raise StreamError(
                self.start,
                f"record grows past {_human_size(self._abort_at)} (an unclosed quote?)",
            )
        if line.error and self.error is None:
            self.error = (
                line.error if line.number == self.start else (f"line {line.number}: {line.error}")
            )
        return line.text
