"""Loading documents: files, strings and JSON records become clean :class:`Document` values.

Everything a user can hand to retold comes through here, so this module owns two jobs:

* **reading** bytes safely: size limit, binary detection, UTF-8 (with BOM), UTF-16/32 with a
  BOM, or a codec the user names; every failure is an :class:`InputError` that names the file
  and says what to do;
* **parsing** by format: plain text with optional ``key: value`` metadata lines at the top,
  HTML (article extraction with trafilatura), and one JSON object (``.json`` or a one-line
  ``.jsonl``). Every body then goes through :func:`retold._chrome.strip_chrome`, so
  ``Document.removed`` lists the page chrome that was cut.
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from retold._chrome import strip_chrome
from retold._exceptions import EmptyDocumentError, InputError
from retold.model import Document

MAX_BYTES = 20 * 1024 * 1024
"""Default size limit of an input file: far above any article, small enough to fail fast."""

PLAIN_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})

METADATA_KEYS = frozenset({"title", "date", "url", "source", "id", "author", "site"})
"""Keys recognised on the metadata lines at the top of a plain-text file."""

RECORD_FIELDS = ("id", "title", "date", "url", "source")
"""Optional string fields of a JSON record (besides ``text`` or ``html``)."""

_SNIFF_BYTES = 8192
"""How much of a file the binary check and the format sniffing look at."""

_BINARY_CONTROL_SHARE = 0.10
"""A file whose head has more than this share of control characters is taken as binary."""

_ENCODING_HINT = "re-save it as UTF-8 or pass --encoding"

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
"""Byte-order marks and the codec each one selects (longest first: UTF-32 LE starts like
UTF-16 LE)."""

_META_LINE = re.compile(r"^\s*(?P<key>[A-Za-z]+)[ \t]*(?P<sep>:|[ \t])[ \t]*(?P<value>\S.*?)\s*$")
"""``key: value`` or ``key value`` (the value is validated per key)."""

_DATE_SHAPE = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"
    r"|\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b|\b(?:1[89]|20)\d{2}\b",
    re.IGNORECASE,
)
"""The core of a written date: ISO ``2024-03-12``, numeric ``3/12/2024``, a month name or a
year."""

_DATE_MAX_CHARS = 60
"""A metadata date value longer than this is not taken for a date."""

_URL_LIKE = re.compile(r"^(?:https?://|www\.)\S+$|^[\w-]+(?:\.[\w-]+)+(?:/\S*)?$", re.IGNORECASE)
"""Values that look like a URL: with a scheme, ``www.``, or a bare ``host.tld/path``."""

_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")

_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*$")

_WEAK_VALUE_MAX_WORDS = 15
"""A colon-less free-text metadata value longer than this is taken for prose."""


# --------------------------------------------------------------------------- public API


def load_document(
    path: str | Path, *, encoding: str | None = None, max_bytes: int = MAX_BYTES
) -> Document:
    """Read one document from a file, choosing the parser by suffix (or by sniffing).

    ``.txt``/``.text``/``.md`` are plain text, ``.html``/``.htm`` HTML, ``.json`` one object
    (or a list of exactly one), ``.jsonl`` exactly one non-blank line; a file a scan reads as a
    collection (CSV/TSV with a header row and the scan's default columns, WARC, RSS/Atom,
    gzipped JSON lines) must hold exactly one document; anything else is sniffed. The document
    id defaults to the file stem. ``encoding`` forces a codec instead of UTF-8 detection; files
    over ``max_bytes`` are refused.

    Raises :class:`InputError` (or :class:`EmptyDocumentError`) naming the file on any problem.
    """
    file = Path(path)
    name = str(path)
    if _collection_kind(file) is not None:
        return _only_record(file, name, encoding, max_bytes)
    text = _decode(_read_bytes(file, name, max_bytes), name, encoding)
    if not text.strip():
        raise EmptyDocumentError(name, "file is empty")
    kind = _format_of(file, text)
    doc_id = file.stem or name
    if kind == "html":
        document = parse_html(text, doc_id=doc_id, path=name)
    elif kind == "json":
        document = _parse_json_file(text, doc_id=doc_id, origin=name)
    elif kind == "jsonl":
        document = _parse_jsonl_file(text, doc_id=doc_id, origin=name)
    else:
        document = parse_text(text, doc_id=doc_id, path=name)
    return dataclasses.replace(document, path=name)


def document_from_string(text: str, *, doc_id: str = "text") -> Document:
    """A document from a raw string (metadata lines and chrome handled as for a text file)."""
    return parse_text(text, doc_id=doc_id)


def parse_text(raw: str, *, doc_id: str, path: str | None = None) -> Document:
    """Parse plain text: leading metadata lines, then the body with page chrome removed.

    Metadata lines (``title: …``, ``date 2023-11-14``, ``url: …``; keys in
    :data:`METADATA_KEYS`) are read until the first blank or non-metadata line; ``id``
    overrides ``doc_id``, ``site`` fills ``source`` when that is missing, ``author`` is read
    but not kept. The date is normalised to ISO form when it parses.
    """
    origin = path or doc_id
    lines = _unify_newlines(raw).split("\n")
    meta, body_start = _read_metadata(lines)
    body = "\n".join(lines[body_start:])
    if not body.strip():
        reason = "has no text after its metadata lines" if meta else "text is empty"
        raise EmptyDocumentError(origin, reason)
    return _build(
        origin,
        body,
        doc_id=meta.get("id") or doc_id,
        title=meta.get("title"),
        date=meta.get("date"),
        url=meta.get("url"),
        source=meta.get("source") or meta.get("site"),
        path=path,
    )


def parse_html(
    html: str, *, doc_id: str, path: str | None = None, url: str | None = None
) -> Document:
    """Extract the article from an HTML page with trafilatura, then strip leftover chrome.

    Title, date, canonical url and site name (``source``) come from the page metadata; ``url``
    is a fallback for pages that do not state their own. Precision is favoured over recall and
    comments are left out: a retelling check needs the article, not the page. Nothing is
    fetched over the network.
    """
    origin = path or doc_id
    extracted = _trafilatura_extract(html, origin, url)
    body = (extracted.text or "") if extracted is not None else ""
    if not body.strip():
        raise EmptyDocumentError(origin, "no article text found in the HTML")
    return _build(
        origin,
        body,
        doc_id=doc_id,
        title=_clean_field(extracted.title),
        date=_clean_field(extracted.date),
        url=_clean_field(extracted.url) or url,
        source=_clean_field(extracted.sitename) or _clean_field(extracted.hostname),
        path=path,
    )


def parse_record(record: dict[str, Any], *, doc_id_default: str, origin: str) -> Document:
    """A document from a JSON object with ``text`` (or ``html``) and optional metadata.

    ``id``, ``title``, ``date``, ``url`` and ``source`` must be strings when present (null
    counts as absent); with ``html`` instead of ``text`` the page goes through
    :func:`parse_html` and the record's fields override what the page says.
    """
    if not isinstance(record, dict):
        raise InputError(origin, f"expected a JSON object, got {_json_type(record)}")
    fields = {name: _string_field(record, name, origin) for name in RECORD_FIELDS}
    doc_id = fields["id"] or doc_id_default
    text = _string_field(record, "text", origin)
    if text is None:
        html = _string_field(record, "html", origin)
        if html is None:
            raise InputError(origin, 'record has no "text" field', hint='or give "html"')
        page = parse_html(html, doc_id=doc_id, path=origin, url=fields["url"])
        return _with_fields(dataclasses.replace(page, path=None), fields)
    if not text.strip():
        raise EmptyDocumentError(origin, 'the "text" field is empty')
    return _build(
        origin,
        text,
        doc_id=doc_id,
        title=fields["title"],
        date=fields["date"],
        url=fields["url"],
        source=fields["source"],
        path=None,
    )


# --------------------------------------------------------------------------- reading bytes


def _read_bytes(file: Path, name: str, max_bytes: int) -> bytes:
    """The file's bytes, after checking it exists, is a file and is not too large."""
    if not file.exists():
        raise InputError(name, "no such file")
    if file.is_dir():
        raise InputError(name, "is a directory, not a file")
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise InputError(name, _too_large(size, max_bytes))
        data = file.read_bytes()
    except PermissionError as exc:
        raise InputError(name, "cannot be read (permission denied)") from exc
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:
        raise InputError(name, _too_large(len(data), max_bytes))
    if not data:
        raise EmptyDocumentError(name, "file is empty")
    return data


def _too_large(size: int, limit: int) -> str:
    """The message for a file over the size limit."""
    return f"file is too large ({_human_size(size)}; the limit is {_human_size(limit)})"


def _human_size(n: int) -> str:
    """A byte count for people: ``512 bytes``, ``3.4 KB``, ``21.0 MB``."""
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / (1024 * 1024):.1f} MB"


def _decode(data: bytes, name: str, encoding: str | None) -> str:
    """Bytes to text: a forced codec, else a BOM's codec, else strict UTF-8.

    Binary files are refused before decoding (NUL bytes or many control bytes in the head)
    and again after it (control characters), so a binary file is reported as binary rather
    than as a decoding error.
    """
    if encoding:
        text = _decode_with(data, name, encoding)
    else:
        bom_codec = _bom_codec(data)
        if bom_codec == "utf-8-sig":
            text = _decode_utf8(data, name, skip=3)
        elif bom_codec:
            text = _decode_with(data, name, bom_codec)
        else:
            if _binary_bytes(data[:_SNIFF_BYTES]):
                raise InputError(name, "looks like a binary file, not text")
            text = _decode_utf8(data, name)
    if _binary_text(text[:_SNIFF_BYTES]):
        raise InputError(name, "looks like a binary file, not text")
    return text.removeprefix("\ufeff")


def _bom_codec(data: bytes) -> str | None:
    """The codec a leading byte-order mark selects, if any."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def _decode_utf8(data: bytes, name: str, *, skip: int = 0) -> str:
    """Strict UTF-8 from byte ``skip`` on, with the offending byte and its file offset."""
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        raise InputError(
            name,
            f"is not valid UTF-8 (byte 0x{data[offset]:02x} at offset {offset})",
            hint=_ENCODING_HINT,
        ) from exc


def _decode_with(data: bytes, name: str, codec: str) -> str:
    """Decode with a named codec; unknown codecs and undecodable bytes become InputErrors."""
    try:
        return data.decode(codec)
    except LookupError as exc:
        raise InputError(name, f"unknown encoding {codec!r}") from exc
    except UnicodeDecodeError as exc:
        byte = data[exc.start] if exc.start < len(data) else 0
        raise InputError(
            name,
            f"is not valid {codec} (byte 0x{byte:02x} at offset {exc.start})",
            hint="check the file's encoding",
        ) from exc


_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
"""Control characters (Unicode category Cc) other than whitespace (tab, newlines, NEL)."""


def _binary_bytes(head: bytes) -> bool:
    """NUL bytes, or a large share of C0 control bytes other than whitespace."""
    if b"\x00" in head:
        return True
    controls = len(_CONTROL_BYTES.findall(head))
    return bool(head) and controls / len(head) > _BINARY_CONTROL_SHARE


def _binary_text(head: str) -> bool:
    """NUL characters, or a large share of control characters other than whitespace."""
    if "\x00" in head:
        return True
    controls = len(_CONTROL_CHARS.findall(head))
    return bool(head) and controls / len(head) > _BINARY_CONTROL_SHARE


# --------------------------------------------------------------------------- formats


def _format_of(file: Path, text: str) -> str:
    """``plain``, ``html``, ``json`` or ``jsonl``: by suffix, else by sniffing the content."""
    suffix = file.suffix.lower()
    if suffix in PLAIN_SUFFIXES:
        return "plain"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    return _sniff(text)


def _sniff(text: str) -> str:
    """HTML if it starts with ``<`` and has an html/body/p tag, JSON if it starts with ``{``."""
    head = text[:_SNIFF_BYTES].lstrip()
    lowered = head.lower()
    if head.startswith("<") and any(tag in lowered for tag in ("<html", "<body", "<p")):
        return "html"
    if head.startswith("{"):
        return "json"
    return "plain"


def _parse_json_file(text: str, *, doc_id: str, origin: str) -> Document:
    """A ``.json`` file: one object, or a list holding exactly one object."""
    data = _json_loads(text, origin)
    if isinstance(data, list):
        if len(data) != 1:
            raise InputError(
                origin,
                f"holds a list of {len(data)} records, but `retold compare` takes one "
                "document per file",
                hint="use `retold scan` for collections",
            )
        data = data[0]
    return parse_record(data, doc_id_default=doc_id, origin=origin)


def _parse_jsonl_file(text: str, *, doc_id: str, origin: str) -> Document:
    """A ``.jsonl`` file holding exactly one non-blank line."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if len(lines) != 1:
        raise InputError(
            origin,
            f"has {len(lines)} JSON lines, but `retold compare` takes one document per file",
            hint="use `retold scan` for collections",
        )
    number, line = lines[0]
    data = _json_loads(line, origin, line_offset=number - 1)
    return parse_record(data, doc_id_default=doc_id, origin=origin)


_COLLECTION_KINDS = frozenset({"csv", "tsv", "warc", "feed"})
"""Kinds a scan reads record by record (``retold.sources``); compare takes their one record."""


def _collection_kind(file: Path) -> str | None:
    """The collection kind ``retold.sources`` gives ``file`` (gzipped JSON lines included),
    or None for a one-document file, an unknown type, or a file that cannot be sniffed."""
    from retold.sources._detect import detect  # retold.sources imports this module

    try:
        found = detect(file)
    except OSError:
        return None  # _read_bytes names the problem
    if found is None:
        return None
    kind, suffix = found
    if kind in _COLLECTION_KINDS or (kind == "jsonl" and suffix.lower().endswith(".gz")):
        return kind
    return None


def _only_record(file: Path, name: str, encoding: str | None, max_bytes: int) -> Document:
    """The one document of a collection file, read as a scan reads it; an error otherwise."""
    from retold.sources import iter_documents

    found: list[Document] = []
    for document in iter_documents([file], strict=True, encoding=encoding, max_bytes=max_bytes):
        found.append(document)
        if len(found) > 1:
            raise InputError(
                name,
                "holds more than one document, but `retold compare` takes one document per "
                f"file (the second is at {document.path})",
                hint="use `retold scan` or `retold index add` for collections",
            )
    if not found:
        raise EmptyDocumentError(name, "holds no document")
    return found[0]


def _json_loads(text: str, origin: str, *, line_offset: int = 0) -> Any:
    """``json.loads`` with errors turned into InputErrors giving the line and column."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            origin,
            f"is not valid JSON ({exc.msg} at line {exc.lineno + line_offset}, column {exc.colno})",
        ) from exc


def _trafilatura_extract(html: str, origin: str, url: str | None) -> Any:
    """trafilatura's ``bare_extraction`` result (a ``trafilatura.settings.Document``) or None.

    Imported lazily: trafilatura is slow to import and plain-text users never need it.
    """
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            html,
            url=url,
            favor_precision=True,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            output_format="python",
        )
    except Exception as exc:  # trafilatura/lxml raise assorted errors on broken markup
        raise InputError(origin, f"could not be parsed as HTML ({exc})") from exc


# --------------------------------------------------------------------------- metadata lines


def _unify_newlines(text: str) -> str:
    """``\\r\\n`` and ``\\r`` to ``\\n``; a leading byte-order mark dropped."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _read_metadata(lines: list[str]) -> tuple[dict[str, str], int]:
    """The metadata at the top of ``lines`` and the index of the first body line.

    Leading blank lines are skipped; the block ends at the first blank or non-metadata line.
    A colon-less free-text line (``title Fire on the pier``) only counts when the block also
    holds a line that is surely metadata (a ``key:`` line or a valid colon-less date or url),
    so a body that merely starts with "Title insurance rates…" stays body.
    """
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    found: list[tuple[str, str, bool]] = []
    end = start
    while end < len(lines):
        entry = _metadata_entry(lines[end])
        if entry is None:
            break
        found.append(entry)
        end += 1
    if not found or not any(strong for _, _, strong in found):
        return {}, 0
    meta: dict[str, str] = {}
    for key, value, _ in found:
        meta.setdefault(key, value)
    return meta, end


def _metadata_entry(line: str) -> tuple[str, str, bool] | None:
    """``(key, value, strong)`` for a metadata line, None for anything else.

    ``strong`` is True for ``key: value`` lines and validated colon-less date/url lines.
    Dates are normalised (:func:`normalize_date`); invalid dates and urls are not metadata.
    """
    match = _META_LINE.match(line)
    if not match or match.group("key").lower() not in METADATA_KEYS:
        return None
    key, value = match.group("key").lower(), match.group("value")
    colon = match.group("sep") == ":"
    if key == "date":
        return ("date", normalize_date(value), True) if looks_like_date(value) else None
    if key == "url":
        return ("url", value, True) if _URL_LIKE.match(value) else None
    if colon:
        return key, value, True
    if _SENTENCE_END.search(value) or len(value.split()) > _WEAK_VALUE_MAX_WORDS:
        return None
    return key, value, False


def looks_like_date(value: str) -> bool:
    """Whether a metadata value is a date: short, with a digit and a date's shape.

    ``date 2023-11-14``, ``date: March 12, 2024``, ``date: 12/03/2024 10:00`` and
    ``date: Spring 2024`` qualify (the last is kept as written); ``date night is back`` does
    not. Parsing is not required: :func:`normalize_date` keeps what it cannot parse.
    """
    value = value.strip()
    if len(value) > _DATE_MAX_CHARS or not any(c.isdigit() for c in value):
        return False
    return bool(_DATE_SHAPE.search(value))


def normalize_date(value: str) -> str:
    """An ISO date (``YYYY-MM-DD``), or an ISO datetime when a time is given, else ``value``.

    Uses ``datetime.fromisoformat`` first, then python-dateutil when installed. A value that
    leaves the day or month unstated (``March 2024``) is kept as written rather than padded
    with an invented day.
    """
    value = value.strip()
    parsed = _parse_iso(value) or _parse_dateutil(value)
    if parsed is None:
        return value
    if _HAS_TIME.search(value):
        return parsed.isoformat()
    return parsed.date().isoformat()


def _parse_iso(value: str) -> datetime | None:
    """``datetime.fromisoformat`` (which takes ``Z`` and most ISO forms since 3.11)."""
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _parse_dateutil(value: str) -> datetime | None:
    """A full date parsed with dateutil, or None (also when dateutil is not installed).

    The value is parsed against two different default dates; if the results disagree, the
    value did not state a full date and is not trusted.
    """
    try:
        from dateutil import parser
    except ImportError:
        return None
    try:
        first = parser.parse(value, default=datetime(2000, 1, 1))
        second = parser.parse(value, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError, parser.ParserError):
        return None
    if first.date() != second.date():
        return None
    return first


# --------------------------------------------------------------------------- building


def _build(
    origin: str,
    body: str,
    *,
    doc_id: str,
    title: str | None,
    date: str | None,
    url: str | None,
    source: str | None,
    path: str | None,
) -> Document:
    """Strip chrome from ``body`` and assemble the document; refuse text without letters."""
    text, removed = strip_chrome(body, title=title)
    if not any(c.isalpha() for c in text):
        raise EmptyDocumentError(origin, "has no text to compare after cleaning (no letters)")
    return Document(
        id=doc_id,
        text=text,
        title=title,
        date=normalize_date(date) if date else None,
        url=url,
        source=source,
        removed=removed,
        path=path,
    )


def _with_fields(document: Document, fields: dict[str, str | None]) -> Document:
    """``document`` with the record's explicit fields taking precedence over the page's."""
    changes: dict[str, Any] = {name: value for name, value in fields.items() if value}
    if "date" in changes:
        changes["date"] = normalize_date(changes["date"])
    return dataclasses.replace(document, **changes)


def _string_field(record: dict[str, Any], name: str, origin: str) -> str | None:
    """A record's string field; None when missing or null; InputError for another type."""
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(origin, f'field "{name}" must be a string, got {_json_type(value)}')
    return value


def _json_type(value: object) -> str:
    """The JSON name of a value's type, for error messages."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    if value is None:
        return "null"
    return "a string"


def _clean_field(value: object) -> str | None:
    """A metadata value from trafilatura as a stripped string, or None when empty."""
    if not isinstance(value, str):
        return None
    return value.strip() or None
