"""Whole-file formats: one text or HTML document per file, and ``.json`` files.

These reuse the single-file loader's reading and decoding (size limit, BOM detection, binary
check) and its parsers, so a folder of ``.txt`` files reads exactly as ``retold compare``
would read each of them; only the id differs (the path inside the scanned folder).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from retold._exceptions import InputError
from retold._load import _decode, _json_loads, _read_bytes, parse_html, parse_text
from retold.model import Skip
from retold.sources._common import (
    MAX_WHOLE_FILE_BYTES,
    Item,
    ReadOptions,
    SourceFile,
    record_document,
    skip_of,
    too_large,
)


def read_single(file: SourceFile, options: ReadOptions) -> Iterator[Item]:
    """A ``.txt``/``.md``/``.html`` file: one document, or one skip saying why not."""
    try:
        text = _read_text(file, options, options.max_bytes)
        if file.kind == "html":
            document = parse_html(text, doc_id=file.base, path=file.name)
        else:
            document = parse_text(text, doc_id=file.base, path=file.name)
    except InputError as exc:
        yield skip_of(file.name, exc)
        return
    yield document


def read_json(file: SourceFile, options: ReadOptions) -> Iterator[Item]:
    """A ``.json`` file: one object (id defaults to the file's base name) or a list of them.

    List items are located as ``file#n`` (1-based) and their ids default to ``base#n``.
    The file is parsed whole, so it may be up to :data:`MAX_WHOLE_FILE_BYTES` (or
    ``max_bytes`` when larger); each item must still fit in ``max_bytes``.
    """
    limit = max(options.max_bytes, MAX_WHOLE_FILE_BYTES)
    try:
        data = _json_loads(_read_text(file, options, limit), file.name)
    except InputError as exc:
        yield skip_of(file.name, exc)
        return
    if not isinstance(data, list):
        yield _json_item(data, file.name, file.base, options)
        return
    if not data:
        yield Skip(file.name, "holds an empty list (no records)")
    for number, item in enumerate(data, start=1):
        yield _json_item(item, f"{file.name}#{number}", f"{file.base}#{number}", options)


def _read_text(file: SourceFile, options: ReadOptions, limit: int) -> str:
    """The file's decoded text (InputError when missing, too large, binary or undecodable)."""
    return _decode(_read_bytes(file.path, file.name, limit), file.name, options.encoding)


def _json_item(item: object, location: str, id_default: str, options: ReadOptions) -> Item:
    """One JSON value as a document, refused when its serialised size is over the limit."""
    size = len(json.dumps(item, ensure_ascii=False).encode("utf-8"))
    if size > options.max_bytes:
        return Skip(location, too_large(size, options.max_bytes))
    return record_document(item, location=location, id_default=id_default, columns=options.columns)
