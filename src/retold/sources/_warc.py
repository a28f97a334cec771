"""WARC files (``.warc``, ``.warc.gz``), read record by record with warcio.

Only ``response`` records for an HTTP 200 HTML page become documents; every other record
(requests, metadata, redirects, errors, images, scripts) is passed over without a skip, since
a crawl is mostly such records. A page is located as ``file@offset`` (the record's byte
offset in the file, as in a CDX index), its id is the WARC-Record-ID (else the target URI),
its url the WARC-Target-URI, and its date the page's own, else the WARC-Date.

A record the file ends inside, or a stream warcio cannot parse further, ends the file with a
skip naming the offset; documents read before it are kept.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from email.message import Message
from typing import Any

from retold._exceptions import InputError
from retold._load import normalize_date, parse_html
from retold.model import Skip
from retold.sources._common import Item, ReadOptions, SourceFile, skip_of, too_large
from retold.sources._lines import STREAM_ERRORS, stream_reason

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
"""Content types read as pages."""

_DRAIN_CHUNK = 64 * 1024

_TRUNCATED = "the file ends inside a record"


def read_warc(file: SourceFile, options: ReadOptions) -> Iterator[Item]:
    """The HTML pages of a WARC file, in file order."""
    from warcio.archiveiterator import ArchiveIterator

    try:
        stream = open(file.path, "rb")  # noqa: SIM115 -- closed by the with below
    except STREAM_ERRORS as exc:
        yield Skip(file.name, stream_reason(exc))
        return
    with stream:
        records = ArchiveIterator(stream)
        while True:
            try:
                record = next(records)
            except StopIteration:
                if records.offset < os.fstat(stream.fileno()).st_size:
                    yield _broken(file, records.offset, ValueError(_TRUNCATED))
                return
            except Exception as exc:  # warcio raises assorted errors on corrupt input
                yield _broken(file, records.offset, exc)
                return
            location = f"{file.name}@{records.offset}"
            if record.format != "warc" or not record.rec_type:
                yield _broken(file, records.offset, ValueError("not a complete WARC record"))
                return
            body = _page_body(record, location, options)
            if _truncated(record):
                yield _broken(file, records.offset, ValueError(_TRUNCATED))
                return
            if isinstance(body, Skip):
                yield body
            elif body is not None:
                yield _page_document(record, body, location)


def _broken(file: SourceFile, offset: int, exc: Exception) -> Skip:
    """The skip for a stream warcio cannot read past ``offset``."""
    detail = " ".join(str(exc).split())[:200] or type(exc).__name__
    return Skip(
        f"{file.name}@{offset}", f"malformed WARC data ({detail}); the rest of the file is skipped"
    )


def _page_body(record: Any, location: str, options: ReadOptions) -> bytes | Skip | None:
    """The HTTP body of a 200 HTML response, a Skip when it cannot be read, else None."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    http = record.http_headers
    if http.get_statuscode() != "200" or _mime(http.get_header("Content-Type")) not in HTML_TYPES:
        return None
    try:
        body = record.content_stream().read(options.max_bytes + 1)
    except Exception as exc:  # chunked or content-encoding errors come in many types
        return Skip(location, f"cannot read the HTTP body ({exc})")
    if len(body) > options.max_bytes:
        return Skip(location, too_large(len(body), options.max_bytes))
    return body


def _truncated(record: Any) -> bool:
    """Read the record to its end; True when the file ended before its Content-Length."""
    stream = record.raw_stream
    try:
        while stream.read(_DRAIN_CHUNK):
            pass
    except Exception:  # a broken stream here is reported by the iterator next
        return False
    return getattr(stream, "limit", 0) > 0


def _page_document(record: Any, body: bytes, location: str) -> Item:
    """The page as a document: id, url and fallback date from the WARC headers."""
    headers = record.rec_headers
    uri = headers.get_header("WARC-Target-URI")
    record_id = (headers.get_header("WARC-Record-ID") or "").strip("<>") or uri or location
    html = _html_text(body, record.http_headers.get_header("Content-Type"))
    try:
        page = parse_html(html, doc_id=record_id, path=location, url=uri)
    except InputError as exc:
        return skip_of(location, exc)
    warc_date = headers.get_header("WARC-Date")
    date = page.date or (normalize_date(warc_date) if warc_date else None)
    return dataclasses.replace(page, url=uri or page.url, date=date, path=location)


def _mime(content_type: str | None) -> str:
    """The bare media type of a Content-Type header, lower-cased."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def _html_text(body: bytes, content_type: str | None) -> str:
    """Decode a page with the charset its headers declare, else as trafilatura guesses."""
    message = Message()
    message["Content-Type"] = content_type or "text/html"
    charset = message.get_content_charset()
    if charset:
        try:
            return body.decode(charset, errors="replace")
        except LookupError:
            pass
    from trafilatura.utils import decode_file

    return decode_file(body)
