"""The index's SQLite file: documents, sentences, fingerprints, postings and verdicts.

One database, ``index.sqlite``, in WAL mode so readers keep reading while a writer adds. Every
document goes in with all its rows in one transaction (text, sentence offsets, fingerprints,
LSH buckets, shingle and word postings, word document-frequencies, the running vector sum), so
after a crash a document is either wholly there or not at all. The ANN file beside it is a
cache of the ``prints.vector`` column (see ``_vectors.py``).

Array columns are raw little-endian bytes (``numpy.tobytes``); 64-bit hashes are stored as
signed integers (SQLite's INTEGER), converted with ``view``.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retold._exceptions import RetoldError
from retold._minhash import band_keys
from retold._prints import DocumentPrint
from retold.model import Document, DocumentInfo, Sentence

SCHEMA_VERSION = 1
"""Bumped on any change to the tables below; an index of another version is refused."""

DATABASE = "index.sqlite"

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    pos INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    title TEXT, date TEXT, url TEXT, source TEXT, path TEXT,
    removed TEXT NOT NULL,
    text TEXT NOT NULL,
    added REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS prints (
    pos INTEGER PRIMARY KEY,
    signature BLOB NOT NULL,
    empty INTEGER NOT NULL,
    vector BLOB NOT NULL,
    sampled BLOB NOT NULL,
    words BLOB NOT NULL,
    sentences BLOB NOT NULL,
    sentence_vectors BLOB NOT NULL,
    shapes BLOB NOT NULL,
    wordings BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS buckets (
    key INTEGER NOT NULL, pos INTEGER NOT NULL, PRIMARY KEY (key, pos)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS shingles (
    hash INTEGER NOT NULL, pos INTEGER NOT NULL, PRIMARY KEY (hash, pos)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS words (
    hash INTEGER NOT NULL, pos INTEGER NOT NULL, PRIMARY KEY (hash, pos)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS word_df (hash INTEGER PRIMARY KEY, df INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS shape_wordings (
    shape INTEGER NOT NULL, wording INTEGER NOT NULL, docs INTEGER NOT NULL,
    PRIMARY KEY (shape, wording)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS verdicts (
    a INTEGER NOT NULL, b INTEGER NOT NULL,
    relation TEXT NOT NULL, direction TEXT NOT NULL, scores TEXT NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS verdicts_b ON verdicts (b);
"""

_DOC_FIELDS = "pos, id, title, date, url, source, path, removed, text"


class IndexFormatError(RetoldError):
    """The folder is not a retold index, or was made by an incompatible version."""


@dataclass(frozen=True, slots=True)
class StoredPrint:
    """What the candidate stage reads back for one stored document."""

    pos: int
    signature: np.ndarray
    vector: np.ndarray
    sampled: np.ndarray
    sentence_vectors: np.ndarray
    shapes: np.ndarray
    """Template shape key of each sentence (``_templates.sentence_keys``; 0: not counted)."""


def connect(folder: Path, *, create: bool) -> sqlite3.Connection:
    """Open (or create) the index database in ``folder`` and check its schema version."""
    path = folder / DATABASE
    if not path.exists() and not create:
        raise IndexFormatError(f"{folder}: no retold index here (no {DATABASE})")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        db = sqlite3.connect(path, timeout=30.0, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=OFF")
        db.execute("PRAGMA cache_size=-131072")  # 128 MiB of page cache: postings are random
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise IndexFormatError(f"{path}: not a readable SQLite database ({exc})") from exc
    if "meta" not in tables:
        if tables - {"sqlite_sequence"}:
            raise IndexFormatError(f"{path}: an SQLite file, but not a retold index")
        with transaction(db):
            _create(db)
        return db
    version = _meta(db, "schema_version")
    if version != str(SCHEMA_VERSION):
        raise IndexFormatError(
            f"{folder}: index schema version {version}, but this retold reads version "
            f"{SCHEMA_VERSION}; build a new index with `retold index add PATH... --index NEW_DIR`"
        )
    return db


def _create(db: sqlite3.Connection) -> None:
    for statement in _TABLES.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    db.execute("INSERT INTO meta VALUES ('created', ?)", (str(time.time()),))


class transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (or ``ROLLBACK`` on an exception)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> sqlite3.Connection:
        self._db.execute("BEGIN IMMEDIATE")
        return self._db

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")


def _meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def get_meta(db: sqlite3.Connection, key: str) -> str | None:
    """A value of the meta table (None when unset)."""
    return _meta(db, key)


def set_meta(db: sqlite3.Connection, key: str, value: str) -> None:
    """Set a value of the meta table (inside the caller's transaction)."""
    db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def _signed(values: np.ndarray) -> list[int]:
    return values.astype(np.uint64).view(np.int64).tolist()


def bucket_keys(signature: np.ndarray) -> list[int]:
    """The document's LSH bucket keys as signed 64-bit integers."""
    return _signed(band_keys(signature.reshape(1, -1))[0])


def quantise(vectors: np.ndarray) -> bytes:
    """Unit vectors as int8 (×127): a quarter of the float32 size, cosine error ≈ 0.005."""
    return np.clip(np.rint(vectors.astype(np.float32) * 127), -127, 127).astype(np.int8).tobytes()


def dequantise(blob: bytes, dim: int) -> np.ndarray:
    """Inverse of :func:`quantise` (float32 rows)."""
    return np.frombuffer(blob, np.int8).reshape(-1, dim).astype(np.float32) / 127.0


def id_exists(db: sqlite3.Connection, doc_id: str) -> bool:
    """Whether a document with this id is stored."""
    return db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None


def insert(
    db: sqlite3.Connection,
    document: Document,
    sentences: Sequence[Sentence],
    doc_print: DocumentPrint,
) -> int:
    """Insert one document and all its rows but its word counts (see :func:`count_words`)
    inside the caller's transaction; returns its position."""
    cursor = db.execute(
        "INSERT INTO documents (id, title, date, url, source, path, removed, text, added) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            document.id,
            document.title,
            document.date,
            document.url,
            document.source,
            document.path,
            json.dumps(list(document.removed)),
            document.text,
            time.time(),
        ),
    )
    pos = int(cursor.lastrowid or 0)
    offsets = np.array([(s.start, s.end) for s in sentences], np.int32).reshape(-1, 2)
    vectors = doc_print.sentences if doc_print.sentences is not None else np.zeros((0, 1))
    shapes = doc_print.shapes if doc_print.shapes is not None else np.zeros(0, np.int64)
    wordings = doc_print.wordings if doc_print.wordings is not None else np.zeros(0, np.int64)
    db.execute(
        "INSERT INTO prints VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            pos,
            doc_print.signature.astype(np.uint32).tobytes(),
            int(doc_print.empty),
            doc_print.vector.astype(np.float16).tobytes(),
            doc_print.sampled.astype(np.uint32).tobytes(),
            doc_print.words.astype(np.uint32).tobytes(),
            offsets.tobytes(),
            quantise(vectors),
            shapes.astype(np.int64).tobytes(),
            wordings.astype(np.int64).tobytes(),
        ),
    )
    if not doc_print.empty:
        db.executemany(
            "INSERT OR IGNORE INTO buckets VALUES (?, ?)",
            [(key, pos) for key in bucket_keys(doc_print.signature)],
        )
    db.executemany(
        "INSERT OR IGNORE INTO shingles VALUES (?, ?)",
        [(h, pos) for h in doc_print.sampled.tolist()],
    )
    words = doc_print.words.tolist()
    db.executemany("INSERT OR IGNORE INTO words VALUES (?, ?)", [(h, pos) for h in words])
    return pos


def shape_pairs(shapes: np.ndarray | None, wordings: np.ndarray | None) -> set[tuple[int, int]]:
    """A document's distinct counted (shape, wording) pairs, for :func:`count_shapes`."""
    if shapes is None or wordings is None:
        return set()
    counted = shapes != 0
    return set(zip(shapes[counted].tolist(), wordings[counted].tolist(), strict=True))


def count_shapes(db: sqlite3.Connection, counts: dict[tuple[int, int], int]) -> None:
    """Add a batch's (shape, wording) document counts (inside the caller's transaction)."""
    db.executemany(
        "INSERT INTO shape_wordings VALUES (?, ?, ?) "
        "ON CONFLICT (shape, wording) DO UPDATE SET docs = docs + excluded.docs",
        [(shape, wording, n) for (shape, wording), n in counts.items()],
    )


IN_LIST_MAX = 900
"""Values per ``IN (...)`` list (below SQLite's variable limit on every build)."""


def rows_in_chunks(
    db: sqlite3.Connection, sql: str, values: Sequence[int], extra: Sequence[object] = ()
) -> list[tuple]:
    """Run ``sql`` (with one ``{marks}`` placeholder list, then the parameters ``extra``) over
    ``values``, ``IN_LIST_MAX`` at a time, and return all the rows."""
    rows: list[tuple] = []
    for start in range(0, len(values), IN_LIST_MAX):
        chunk = list(values[start : start + IN_LIST_MAX])
        marks = ",".join("?" * len(chunk))
        rows += db.execute(sql.format(marks=marks), [*chunk, *extra]).fetchall()
    return rows


def template_shapes(
    db: sqlite3.Connection, shapes: Iterable[int], *, min_docs: int, min_variants: int
) -> frozenset[int]:
    """Which of ``shapes`` are corpus templates in the stored documents: ≥ ``min_variants``
    wordings and ≥ ``min_docs`` documents (counted per wording, so a document holding two
    wordings of one shape counts twice — an upper bound of scan's distinct count)."""
    rows = rows_in_chunks(
        db,
        "SELECT shape FROM shape_wordings WHERE shape IN ({marks}) GROUP BY shape "
        "HAVING COUNT(*) >= ? AND SUM(docs) >= ?",
        sorted({int(s) for s in shapes if s}),
        (min_variants, min_docs),
    )
    return frozenset(int(row[0]) for row in rows)


def count_words(db: sqlite3.Connection, counts: dict[int, int]) -> None:
    """Add a batch's rare-word document counts to ``word_df`` (inside the caller's
    transaction; one upsert per distinct word of the batch rather than per document)."""
    db.executemany(
        "INSERT INTO word_df VALUES (?, ?) ON CONFLICT (hash) DO UPDATE SET df = df + excluded.df",
        list(counts.items()),
    )


def delete(db: sqlite3.Connection, pos: int) -> np.ndarray | None:
    """Delete one document and all its rows (inside the caller's transaction); returns its
    document vector (for :func:`add_to_centre`), or None when nothing was stored there."""
    row = db.execute(
        "SELECT signature, empty, vector, sampled, words, shapes, wordings FROM prints "
        "WHERE pos = ?",
        (pos,),
    ).fetchone()
    if row is not None:
        signature = np.frombuffer(row[0], np.uint32)
        if not row[1]:
            db.executemany(
                "DELETE FROM buckets WHERE key = ? AND pos = ?",
                [(key, pos) for key in bucket_keys(signature)],
            )
        sampled = np.frombuffer(row[3], np.uint32).tolist()
        db.executemany(
            "DELETE FROM shingles WHERE hash = ? AND pos = ?", [(h, pos) for h in sampled]
        )
        words = np.frombuffer(row[4], np.uint32).tolist()
        db.executemany("DELETE FROM words WHERE hash = ? AND pos = ?", [(h, pos) for h in words])
        db.executemany("UPDATE word_df SET df = df - 1 WHERE hash = ?", [(h,) for h in words])
        db.execute("DELETE FROM word_df WHERE df <= 0")
        pairs = shape_pairs(np.frombuffer(row[5], np.int64), np.frombuffer(row[6], np.int64))
        db.executemany(
            "UPDATE shape_wordings SET docs = docs - 1 WHERE shape = ? AND wording = ?", pairs
        )
        db.execute("DELETE FROM shape_wordings WHERE docs <= 0")
    db.execute("DELETE FROM prints WHERE pos = ?", (pos,))
    db.execute("DELETE FROM verdicts WHERE a = ? OR b = ?", (pos, pos))
    db.execute("DELETE FROM documents WHERE pos = ?", (pos,))
    return None if row is None else np.frombuffer(row[2], np.float16).astype(np.float64)


def add_to_centre(db: sqlite3.Connection, vector_sum: np.ndarray, count: int) -> None:
    """Add documents' vectors (negative ``count`` to take them away) to the running sum whose
    mean is the centre the vector route subtracts (inside the caller's transaction)."""
    current = _meta(db, "vector_sum")
    total = np.array(json.loads(current)) if current else np.zeros(len(vector_sum))
    stored = int(_meta(db, "vector_count") or 0)
    set_meta(db, "vector_sum", json.dumps((total + vector_sum).tolist()))
    set_meta(db, "vector_count", str(stored + count))


def centre(db: sqlite3.Connection, dim: int) -> np.ndarray:
    """The mean stored document vector (zeros for an empty index)."""
    current = _meta(db, "vector_sum")
    count = int(_meta(db, "vector_count") or 0)
    if not current or count <= 0:
        return np.zeros(dim, np.float32)
    return (np.array(json.loads(current)) / count).astype(np.float32)


def position(db: sqlite3.Connection, doc_id: str) -> int:
    """The position of a stored document; KeyError when there is none with this id."""
    row = db.execute("SELECT pos FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        raise KeyError(doc_id)
    return int(row[0])


def _document(row: Sequence[object]) -> Document:
    return Document(
        id=str(row[1]),
        text=str(row[8]),
        title=_opt(row[2]),
        date=_opt(row[3]),
        url=_opt(row[4]),
        source=_opt(row[5]),
        path=_opt(row[6]),
        removed=tuple(json.loads(str(row[7]))),
    )


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def load_document(db: sqlite3.Connection, pos: int) -> tuple[Document, tuple[Sentence, ...]]:
    """A stored document and its sentences (as split when it was added)."""
    row = db.execute(f"SELECT {_DOC_FIELDS} FROM documents WHERE pos = ?", (pos,)).fetchone()
    if row is None:
        raise KeyError(pos)
    document = _document(row)
    blob = db.execute("SELECT sentences FROM prints WHERE pos = ?", (pos,)).fetchone()[0]
    offsets = np.frombuffer(blob, np.int32).reshape(-1, 2).tolist()
    sentences = tuple(Sentence(document.text[start:end], start, end) for start, end in offsets)
    return document, sentences


def infos(
    db: sqlite3.Connection,
    positions: Iterable[int] | None = None,
    *,
    offset: int = 0,
    limit: int = -1,
) -> list[tuple[int, DocumentInfo]]:
    """(position, info) of the given stored documents, or a page of all of them, newest first."""
    columns = "pos, id, title, date, url, source, path, length(text)"
    if positions is None:
        rows = db.execute(
            f"SELECT {columns} FROM documents ORDER BY pos DESC LIMIT ? OFFSET ?", (limit, offset)
        ).fetchall()
    else:
        rows = rows_in_chunks(
            db, f"SELECT {columns} FROM documents WHERE pos IN ({{marks}})", list(positions)
        )
    return [
        (
            int(r[0]),
            DocumentInfo(
                str(r[1]), _opt(r[2]), _opt(r[3]), _opt(r[4]), _opt(r[5]), _opt(r[6]), int(r[7])
            ),
        )
        for r in rows
    ]


def _prints_rows(db: sqlite3.Connection, columns: str, positions: Sequence[int]) -> list[tuple]:
    """``SELECT pos, <columns> FROM prints`` for the given positions."""
    return rows_in_chunks(
        db, f"SELECT pos, {columns} FROM prints WHERE pos IN ({{marks}})", positions
    )


def stored_prints(db: sqlite3.Connection, positions: Sequence[int]) -> list[StoredPrint]:
    """The fingerprints of the given documents (missing ones left out)."""
    rows = _prints_rows(db, "signature, vector, sampled, sentence_vectors, shapes", positions)
    out = []
    for pos, signature, vector, sampled, sentence_vectors, shapes in rows:
        dim = len(vector) // 2
        out.append(
            StoredPrint(
                int(pos),
                np.frombuffer(signature, np.uint32),
                np.frombuffer(vector, np.float16).astype(np.float32),
                np.frombuffer(sampled, np.uint32),
                dequantise(sentence_vectors, dim) if sentence_vectors else np.zeros((0, dim)),
                np.frombuffer(shapes, np.int64),
            )
        )
    return out


def sentence_vectors(
    db: sqlite3.Connection, positions: Sequence[int], dim: int
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Positions (of those given that exist, ascending) and their sentence vectors."""
    rows = sorted(_prints_rows(db, "sentence_vectors", positions))
    found = np.array([r[0] for r in rows], np.int64)
    return found, [dequantise(r[1], dim) for r in rows]


def stored_vectors(
    db: sqlite3.Connection, positions: Sequence[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Positions (of those given that exist) and their document vectors, float32 rows."""
    if not positions:
        return _vector_rows([])
    marks = ",".join("?" * len(positions))
    return _vector_rows(
        db.execute(f"SELECT pos, vector FROM prints WHERE pos IN ({marks})", list(positions))
    )


def all_vectors(db: sqlite3.Connection, after: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Positions and document vectors of every stored document with ``pos > after``."""
    return _vector_rows(
        db.execute("SELECT pos, vector FROM prints WHERE pos > ? ORDER BY pos", (after,))
    )


def _vector_rows(rows: Iterable[tuple[int, bytes]]) -> tuple[np.ndarray, np.ndarray]:
    found = list(rows)
    if not found:
        return np.zeros(0, np.int64), np.zeros((0, 0), np.float32)
    keys = np.array([r[0] for r in found], np.int64)
    return keys, np.stack([np.frombuffer(r[1], np.float16) for r in found]).astype(np.float32)


def positions(db: sqlite3.Connection) -> np.ndarray:
    """Every stored position, ascending."""
    return np.array([r[0] for r in db.execute("SELECT pos FROM documents ORDER BY pos")], np.int64)
