"""The scan's scratch store: every document's clean text in a temporary SQLite file.

A scan streams its input once and keeps only fingerprints in memory; the texts wait on disk
until the verify stage needs the few documents that have candidates. The verify stage also
parks here the sentence vectors and fact keys of a document it lets go of (its memory is
bounded) while a later pair still needs it, so that document is read back instead of embedded
and searched for facts again. The file lives in a temporary folder and is deleted when the
store is closed.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path
from types import TracebackType

import numpy as np

from retold.model import Document

_FIELDS = ("id", "title", "date", "url", "source", "path")


class ScratchStore:
    """Documents by input position, in a throw-away SQLite file (no journal, no fsync)."""

    def __init__(self, folder: Path | None = None) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="retold-scan-", dir=folder)
        self._db = sqlite3.connect(Path(self._tmp.name) / "documents.sqlite")
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute(
            "CREATE TABLE docs (pos INTEGER PRIMARY KEY, meta TEXT NOT NULL, text TEXT NOT NULL)"
        )
        self._db.execute(
            "CREATE TABLE parked (pos INTEGER PRIMARY KEY, rows INTEGER NOT NULL, "
            "dim INTEGER NOT NULL, vectors BLOB NOT NULL, facts TEXT NOT NULL)"
        )

    def put(self, position: int, document: Document) -> None:
        """Store (or replace) the document at ``position``."""
        meta = {name: getattr(document, name) for name in _FIELDS}
        meta["removed"] = list(document.removed)
        self._db.execute(
            "INSERT OR REPLACE INTO docs VALUES (?, ?, ?)",
            (position, json.dumps(meta), document.text),
        )

    def get(self, position: int) -> Document:
        """The document stored at ``position``."""
        row = self._db.execute("SELECT meta, text FROM docs WHERE pos = ?", (position,)).fetchone()
        if row is None:
            raise KeyError(position)
        meta = json.loads(row[0])
        meta["removed"] = tuple(meta["removed"])
        return Document(text=row[1], **meta)

    def park(self, position: int, vectors: np.ndarray, facts: frozenset[str]) -> None:
        """Keep the sentence vectors (float32, exactly) and fact keys of the document at
        ``position``."""
        data = np.ascontiguousarray(vectors, dtype=np.float32)
        rows, dim = data.shape
        self._db.execute(
            "INSERT OR REPLACE INTO parked VALUES (?, ?, ?, ?, ?)",
            (position, rows, dim, data.tobytes(), json.dumps(sorted(facts))),
        )

    def parked(self, position: int) -> tuple[np.ndarray, frozenset[str]] | None:
        """The sentence vectors and fact keys kept for ``position``, or None."""
        row = self._db.execute(
            "SELECT rows, dim, vectors, facts FROM parked WHERE pos = ?", (position,)
        ).fetchone()
        if row is None:
            return None
        vectors = np.frombuffer(row[2], np.float32).reshape(row[0], row[1]).copy()
        return vectors, frozenset(json.loads(row[3]))

    def close(self) -> None:
        """Delete the file."""
        self._db.close()
        self._tmp.cleanup()

    def __enter__(self) -> ScratchStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
