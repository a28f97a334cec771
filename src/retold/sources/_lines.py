"""Reading a line-based file (JSONL, CSV) one decoded line at a time, with bounded memory.

Lines are read as bytes and decoded one by one with the single-file loader's rules
(:func:`retold._load._decode`: UTF-8 with BOM detection, or the codec the user names), so one
undecodable line spoils only its own record. A line longer than the limit is read past in
chunks and reported, never held whole. UTF-16/32 files cannot be split on a newline byte, so
they are decoded as a text stream instead; there a decoding error ends the file.

Failures of the stream itself (a truncated or corrupt gzip file, an I/O error) raise
:class:`StreamError` with the line number reached: the caller keeps what it already read
and skips the rest of the file.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, TypeVar

from retold._exceptions import InputError
from retold._load import _binary_bytes, _bom_codec, _decode
from retold.sources._common import SourceFile, reason_of

_T = TypeVar("_T", bytes, str)

_HEAD_BYTES = 8192
"""How much of the file the BOM and binary checks look at."""

_DRAIN_CHUNK = 1024 * 1024
"""Chunk size for reading past an over-long line."""

STREAM_ERRORS = (OSError, EOFError, zlib.error)
"""What a broken file or gzip stream raises while being read."""


@dataclass(frozen=True, slots=True)
class Line:
    """One physical line: its 1-based number, decoded text (with its line ending) and size.

    ``error`` says why the line cannot be used (``text`` then holds a lossy decoding, so a
    CSV parser can stay in step); ``oversize`` marks a line over the limit, whose text is
    dropped.
    """

    number: int
    text: str
    size: int
    error: str | None = None
    oversize: bool = False


class StreamError(Exception):
    """The file cannot be read past line ``line``; ``reason`` says why."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


def open_binary(file: SourceFile) -> BinaryIO:
    """The file's bytes as a stream, decompressed when it is gzipped."""
    if file.gzipped:
        return gzip.open(file.path, "rb")  # type: ignore[return-value]
    return open(file.path, "rb")


def stream_reason(exc: BaseException) -> str:
    """A short reason for a stream failure."""
    if isinstance(exc, EOFError | zlib.error | gzip.BadGzipFile):
        return f"corrupt or truncated gzip data ({exc})"
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot be read ({exc.strerror})"
    return f"cannot be read ({exc})"


def read_lines(stream: BinaryIO, name: str, *, encoding: str | None, limit: int) -> Iterator[Line]:
    """The decoded lines of ``stream``; lines over ``limit`` bytes come back ``oversize``.

    Raises :class:`StreamError` for a binary file (checked on the head, unless a codec is
    forced) and when the stream breaks.
    """
    head = _peek(stream)
    bom = _bom_codec(head)
    codec = encoding or bom or "utf-8"
    if not _ascii_compatible(codec):
        yield from _text_lines(stream, codec, limit)
        return
    if encoding is None and bom is None and _binary_bytes(head):
        raise StreamError(1, "looks like a binary file, not text")
    yield from _byte_lines(stream, name, encoding, limit)


def _peek(stream: BinaryIO) -> bytes:
    """The first bytes of the stream, without consuming them."""
    try:
        return stream.peek(_HEAD_BYTES)[:_HEAD_BYTES]  # type: ignore[attr-defined]
    except STREAM_ERRORS as exc:
        raise StreamError(1, stream_reason(exc)) from exc


def _ascii_compatible(codec: str) -> bool:
    """Whether the codec encodes ``\\n`` as the single byte 0x0A (so lines split on bytes)."""
    try:
        return b"a\n".decode(codec) == "a\n"
    except (UnicodeDecodeError, LookupError):
        return False


def _byte_lines(stream: BinaryIO, name: str, encoding: str | None, limit: int) -> Iterator[Line]:
    """Lines of an ASCII-compatible file, split on ``\\n`` bytes and decoded one by one."""
    number = 0
    while True:
        raw = _read(stream.readline, limit + 1, number)
        if not raw:
            return
        number += 1
        if len(raw) > limit:
            size = len(raw) if raw.endswith(b"\n") else len(raw) + _drain(stream, number)
            yield Line(number, "", size, oversize=True)
            continue
        try:
            text = _decode(raw, name, encoding)
        except InputError as exc:
            lossy = raw.decode(encoding or "utf-8", errors="replace")
            yield Line(number, lossy, len(raw), error=reason_of(exc))
            continue
        yield Line(number, text, len(raw))


def _drain(stream: BinaryIO, number: int) -> int:
    """Read to the end of the current line without keeping it; the byte count read."""
    size = 0
    while True:
        chunk = _read(stream.readline, _DRAIN_CHUNK, number - 1)
        size += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return size


def _text_lines(stream: BinaryIO, codec: str, limit: int) -> Iterator[Line]:
    """Lines of a UTF-16/32 (or other wide-codec) file, decoded as a text stream.

    ``limit`` counts characters here; a decoding error ends the file.
    """
    reader = io.TextIOWrapper(stream, encoding=codec, newline="")  # type: ignore[arg-type]
    try:
        yield from _wrapped_lines(reader, codec, limit)
    finally:
        reader.detach()  # the caller owns (and closes) the byte stream


def _wrapped_lines(reader: io.TextIOWrapper, codec: str, limit: int) -> Iterator[Line]:
    """The lines of a text stream, as :func:`_text_lines` describes."""
    number = 0
    while True:
        text = _read(reader.readline, limit + 1, number, codec=codec)
        if not text:
            return
        number += 1
        if number == 1:
            text = text.removeprefix("\ufeff")
        if len(text) > limit:
            size = len(text)
            while text and not text.endswith(("\n", "\r")):
                text = _read(reader.readline, _DRAIN_CHUNK, number - 1, codec=codec)
                size += len(text)
            yield Line(number, "", size, oversize=True)
            continue
        yield Line(number, text, len(text.encode(codec, errors="replace")))


def _read(read: Callable[[int], _T], size: int, done: int, *, codec: str = "") -> _T:
    """``read(size)``, with stream and decoding failures raised as StreamError at line
    ``done + 1``."""
    try:
        return read(size)
    except UnicodeDecodeError as exc:
        raise StreamError(done + 1, f"is not valid {codec or exc.encoding} ({exc.reason})") from exc
    except STREAM_ERRORS as exc:
        raise StreamError(done + 1, stream_reason(exc)) from exc
