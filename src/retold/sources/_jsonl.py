"""JSON lines (``.jsonl``, ``.ndjson``, optionally gzipped): one record per line, streamed.

Blank lines are ignored. Each other line is one JSON object, located as ``file:line`` with
its id defaulting to ``base:line``. A bad line (malformed JSON, no text, over the limit,
undecodable) is skipped on its own; a broken stream ends the file with one skip.
"""

from __future__ import annotations

from collections.abc import Iterator

from retold._exceptions import InputError
from retold._load import _json_loads
from retold.model import Skip
from retold.sources._common import (
    Item,
    ReadOptions,
    SourceFile,
    record_document,
    skip_of,
    too_large,
)
from retold.sources._lines import (
    STREAM_ERRORS,
    Line,
    StreamError,
    open_binary,
    read_lines,
    stream_reason,
)


def read_jsonl(file: SourceFile, options: ReadOptions) -> Iterator[Item]:
    """The records of a JSON lines file, in file order."""
    try:
        stream = open_binary(file)
    except STREAM_ERRORS as exc:
        yield Skip(file.name, stream_reason(exc))
        return
    with stream:
        lines = records = 0
        try:
            for line in read_lines(
                stream, file.name, encoding=options.encoding, limit=options.max_bytes
            ):
                lines += 1
                if not line.oversize and not line.error and not line.text.strip():
                    continue
                records += 1
                yield _line_item(file, line, options)
        except StreamError as exc:
            yield Skip(f"{file.name}:{exc.line}", f"{exc.reason}; the rest of the file is skipped")
            return
    if not records:
        yield Skip(file.name, "holds no records (only blank lines)" if lines else "file is empty")


def _line_item(file: SourceFile, line: Line, options: ReadOptions) -> Item:
    """One non-blank line as a document or a skip."""
    location = f"{file.name}:{line.number}"
    if line.oversize:
        return Skip(location, too_large(line.size, options.max_bytes))
    if line.error:
        return Skip(location, line.error)
    try:
        data = _json_loads(line.text.rstrip("\r\n"), location, line_offset=line.number - 1)
    except InputError as exc:
        return skip_of(location, exc)
    return record_document(
        data, location=location, id_default=f"{file.base}:{line.number}", columns=options.columns
    )
