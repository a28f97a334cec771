"""The CSV form of a scan's tables: one flat row per record, for spreadsheets and SQL loaders.

A scan record nests a little (``scores``, ``direction``) and a lot (``alignment``, ``edges``).
In CSV the small objects become columns of their own (``scores.retelling``,
``direction.value``) so a spreadsheet can sort and filter on them, and the deep ones (and lists)
are JSON text in one cell. An empty cell is ``null``; booleans are ``true``/``false``.

Cells of article text are untrusted: a title such as ``=HYPERLINK(...)`` would run as a formula
when the file is opened in a spreadsheet. Such a cell (one opening with ``= + - @``, a tab or a
carriage return) is written with a leading ``'``, the spreadsheet convention for "this is text";
so is any text opening with ``'``, which makes the escape reversible: :func:`read_rows` strips
one leading ``'`` from every text cell and gives back the original text.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from retold._exceptions import SchemaError
from retold._html import plural

SPREAD = ("direction", "scores")
"""Objects whose fields each get a column, named ``object.field``."""

JSON_CELLS = frozenset(
    {"removed", "found_by", "alignment", "members", "edges", "direction.evidence"}
)
"""Columns holding a list or a nested object as JSON text."""

INTEGERS = frozenset({"chars", "size"})
BOOLEANS = frozenset({"derived"})
FLOAT_PREFIX = "scores."

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def write_rows(path: Path, rows: Iterable[dict[str, Any]]) -> Path:
    """Write scan records to ``path`` as CSV (header from the first record; UTF-8)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer: csv.DictWriter[str] | None = None
        for row in rows:
            flat = _flat_row(row)
            if writer is None:
                writer = csv.DictWriter(handle, fieldnames=list(flat))
                writer.writeheader()
            writer.writerow(flat)
        if writer is None:  # no records: a header-only file still says what the table is
            handle.write("version\n")
    return path


def read_rows(path: Path) -> Iterator[dict[str, Any]]:
    """Read records written by :func:`write_rows`, typed and nested again.

    Raises:
        SchemaError: a cell that should hold JSON, a number or a boolean does not; the message
            names the file, the line and the column.
    """
    limit = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # a document's whole text is one cell
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                try:
                    yield _nested_row(row)
                except ValueError as exc:
                    raise SchemaError(f"{path}:{reader.line_num}: {exc}") from exc
    finally:
        csv.field_size_limit(limit)


def _flat_row(row: dict[str, Any]) -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in row.items():
        if key in SPREAD and isinstance(value, dict):
            for field, inner in value.items():
                flat[f"{key}.{field}"] = _cell(f"{key}.{field}", inner)
        else:
            flat[key] = _cell(key, value)
    return flat


def _cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if column in JSON_CELLS:
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value if value.startswith(_FORMULA_START) else value
    return str(value)


def _nested_row(row: dict[str | None, Any]) -> dict[str, Any]:
    if None in row:  # csv.DictReader files cells past the header's last column under None
        extra = plural(len(row[None]), "cell")
        raise ValueError(f"the row has {extra} more than the header has columns")
    nested: dict[str, Any] = {}
    for column, cell in row.items():
        assert column is not None
        value = _value(column, cell or "")
        head, dot, field = column.partition(".")
        if dot and head in SPREAD:
            nested.setdefault(head, {})[field] = value
        else:
            nested[column] = value
    return nested


def _value(column: str, cell: str) -> Any:
    if cell == "":
        return None
    try:
        if column in JSON_CELLS:
            return json.loads(cell)
        if column in INTEGERS:
            return int(cell)
        if column.startswith(FLOAT_PREFIX):
            return float(cell)
    except ValueError as exc:
        raise ValueError(f"column {column!r} holds {cell[:40]!r}, not its type") from exc
    if column in BOOLEANS:
        if cell not in ("true", "false"):
            raise ValueError(f"column {column!r} holds {cell[:40]!r}, not true/false")
        return cell == "true"
    return cell[1:] if cell.startswith("'") else cell
