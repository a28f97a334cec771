"""The index's ANN files: usearch HNSW graphs over the stored document and window vectors.

``vectors.usearch`` holds one vector per document (SQLite's ``prints.vector`` column);
``windows.usearch`` holds the vectors of each document's windows of ``WINDOW_SENTENCES``
consecutive sentences (scan's window route, ``retold._neighbours.window_vectors``), made from
SQLite's ``prints.sentence_vectors``. Both are caches, never the only copy: they are written
after a writer's add or remove finishes (to a temporary name, then renamed, so a reader never
loads half a file), and whoever opens the index — or queries it after another process added
documents — catches them up from SQLite: documents SQLite has and a graph lacks are added,
documents a graph has and SQLite lost are removed. A crash between the SQLite commit and the
file write therefore costs a catch-up, never a document.

Vectors are stored uncentred (the corpus mean moves as documents arrive; re-centring would mean
rebuilding the graph); the query searches the raw cosine neighbourhood wide and re-ranks it by
centred cosine (see ``_query.py``).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import numpy as np
from usearch.index import Index as HNSW

from retold._neighbours import window_vectors
from retold._scan import WINDOW_SENTENCES
from retold.index import _store

FILE = "vectors.usearch"

WINDOWS_FILE = "windows.usearch"

WINDOW_BITS = 16
"""A window's key is its document's position shifted left by this many bits, plus the window's
rank in the document (65,536 windows cover 262,000 sentences; :func:`window_keys` drops any
beyond)."""

WINDOW_EXPANSION_ADD = 64
"""Candidate list size when a window is inserted (usearch's default is 128). Measured on the
40,571 windows of 20,000 haystack documents: 77 against 148 µs an insert, and 0.982 against
0.992 of the true 2 nearest windows found (2,000 stored windows as queries, 16 fetched) —
an index has several windows a document, so its add time turns on this."""

WINDOW_EXACT_MAX = 20_000
"""Up to this many stored windows a query scans them all; larger graphs are walked with
usearch's default candidate list (a query asks one search per window, so the wider walk of
``EXPANSION_SEARCH`` would cost a long page several times over)."""

EXACT_SEARCH_MAX = 250_000
"""Up to this many stored vectors a query scans them all (usearch's exact search: 1.6 ms at
27k vectors here, linear in the count) instead of walking the graph. The graph's walk missed
exact nearest neighbours in ``bench/index.py``: a webis paraphrase whose source was its
nearest document by raw cosine (0.78; the next 0.65) was not among the walk's 50, because
literary texts sit far from the news that fills the graph. Larger indexes walk the graph with
``EXPANSION_SEARCH``."""

EXPANSION_SEARCH = 256
"""Candidate list size of a graph walk (usearch's default is 64): on 300 perturbed stored
vectors of the 27k index, recall@10 of the true neighbours rose from 0.984 to 0.993 for
0.4 ms more per query."""

_CATCH_UP_BATCH = 2_000
"""Documents whose sentence vectors a catch-up reads from SQLite at a time."""


class _Graph:
    """One usearch HNSW graph and the file it is cached in."""

    def __init__(self, path: Path, dim: int, **expansions: int) -> None:
        self.path = path
        self._dim = dim
        self._expansions = expansions
        """usearch's ``expansion_search`` and ``expansion_add``, where not its defaults."""
        self.graph = self._load()
        self.dirty = False

    def _empty(self) -> HNSW:
        return HNSW(ndim=self._dim, metric="cos", dtype="f16", connectivity=16, **self._expansions)

    def _load(self) -> HNSW:
        if not self.path.exists():
            return self._empty()
        graph = self._empty()
        try:
            graph.load(str(self.path))
        except (RuntimeError, ValueError, OSError):
            return self._empty()  # unreadable cache: rebuilt from SQLite by catch_up
        return graph if graph.ndim == self._dim else self._empty()

    def keys(self) -> np.ndarray:
        """Every key in the graph (int64)."""
        if not len(self.graph):
            return np.zeros(0, np.int64)
        return np.asarray(self.graph.keys, np.int64)

    def add(self, keys: np.ndarray, vectors: np.ndarray) -> int:
        """Add the keys the graph lacks; returns how many."""
        if not len(keys):
            return 0
        absent = ~np.asarray(self.graph.contains(keys), bool)
        if absent.any():
            self.graph.add(keys[absent], vectors[absent], threads=1)
            self.dirty = True
        return int(absent.sum())

    def remove(self, keys: np.ndarray) -> int:
        """Remove the given keys (all present); returns how many."""
        for key in keys.tolist():
            self.graph.remove(key)
        self.dirty = self.dirty or len(keys) > 0
        return len(keys)

    def save(self) -> None:
        """Write the graph if it changed: to a temporary file, then renamed over the old one."""
        if not self.dirty:
            return
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        self.graph.save(str(temporary))
        os.replace(temporary, self.path)
        self.dirty = False


def window_keys(
    positions: np.ndarray, sentence_vectors: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """The window keys and unit vectors of documents (their positions and sentence vectors):
    windows of ``WINDOW_SENTENCES`` sentences, as scan's window route makes them."""
    owners, windows = window_vectors(sentence_vectors, WINDOW_SENTENCES)
    if not len(owners):
        return np.zeros(0, np.int64), windows
    rank = np.arange(len(owners)) - np.searchsorted(owners, owners)
    # A text of over 262,000 sentences (a dump of one-word lines) keeps its first windows only,
    # so that a rank never spills into the position bits.
    fits = rank < (1 << WINDOW_BITS)
    return (positions[owners[fits]] << WINDOW_BITS) | rank[fits], windows[fits]


class VectorFile:
    """The in-memory graphs of one open index (documents and windows), and their files."""

    def __init__(self, folder: Path, dim: int) -> None:
        self._documents = _Graph(folder / FILE, dim, expansion_search=EXPANSION_SEARCH)
        self._windows = _Graph(folder / WINDOWS_FILE, dim, expansion_add=WINDOW_EXPANSION_ADD)
        self._dim = dim
        self._seen = -1
        """Highest SQLite position known to be in the graphs (-1: not yet checked)."""

    def catch_up(self, db: sqlite3.Connection) -> int:
        """Make the graphs hold exactly SQLite's documents; returns how many documents changed
        in either graph.

        The full check (every document) runs on the first call; later calls only add documents
        with positions above the highest one seen.
        """
        if self._seen < 0:
            stored = _store.positions(db)
            changed = self._check_documents(db, stored) + self._check_windows(db, stored)
            self._seen = int(stored.max()) if len(stored) else 0
            return changed
        keys, vectors = _store.all_vectors(db, self._seen)
        if not len(keys):
            return 0
        self._documents.add(keys, vectors)
        self._add_windows(db, keys)
        self._seen = int(keys.max())
        return len(keys)

    def _add_windows(self, db: sqlite3.Connection, positions: np.ndarray) -> None:
        """Add the windows of stored documents, read from SQLite a batch at a time (another
        process may have added a whole archive since this one looked)."""
        for start in range(0, len(positions), _CATCH_UP_BATCH):
            chunk = positions[start : start + _CATCH_UP_BATCH].tolist()
            self._windows.add(*window_keys(*_store.sentence_vectors(db, chunk, self._dim)))

    def _check_documents(self, db: sqlite3.Connection, stored: np.ndarray) -> int:
        graph = self._documents
        present = graph.graph.contains(stored) if len(stored) else np.zeros(0, bool)
        missing = stored[~np.asarray(present, bool)]
        changed = graph.remove(np.setdiff1d(graph.keys(), stored))
        if len(missing):
            keys, vectors = _store.all_vectors(db, int(missing.min()) - 1)
            keep = np.isin(keys, missing)
            changed += graph.add(keys[keep], vectors[keep])
        return changed

    def _check_windows(self, db: sqlite3.Connection, stored: np.ndarray) -> int:
        keys = self._windows.keys()
        owners = keys >> WINDOW_BITS
        lost = ~np.isin(owners, stored)
        self._windows.remove(keys[lost])
        missing = np.setdiff1d(stored, owners)
        self._add_windows(db, missing)
        return len(np.unique(owners[lost])) + len(missing)

    def add(self, keys: np.ndarray, vectors: np.ndarray, sentences: list[np.ndarray]) -> None:
        """Add freshly stored documents (already committed to SQLite): their positions,
        document vectors and sentence vectors (as SQLite holds them: :func:`_store.dequantise`
        of :func:`_store.quantise`, so a graph rebuilt from SQLite is the same)."""
        self._documents.add(keys, vectors)
        self._windows.add(*window_keys(keys, sentences))
        if len(keys):
            self._seen = max(self._seen, int(keys.max()))

    def remove(self, key: int) -> None:
        """Drop a removed document from the graphs."""
        if self._documents.graph.contains(key):
            self._documents.remove(np.array([key], np.int64))
        windows = self._windows.keys()
        self._windows.remove(windows[(windows >> WINDOW_BITS) == key])

    def search(self, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` nearest stored documents by raw cosine: (positions, cosines); exact up to
        ``EXACT_SEARCH_MAX`` stored vectors."""
        graph = self._documents.graph
        if not len(graph) or not np.any(vector):
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        exact = len(graph) <= EXACT_SEARCH_MAX
        found = graph.search(vector.astype(np.float32), min(k, len(graph)), exact=exact)
        keys = np.asarray(found.keys, np.int64).reshape(-1)
        cosines = 1.0 - np.asarray(found.distances, np.float32).reshape(-1)
        return keys, cosines

    def search_windows(self, windows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """For each row of ``windows`` (unit vectors), the ``k`` nearest stored windows by raw
        cosine: (their documents' positions, their stored vectors), shaped (rows, k) and
        (rows, k, dim); a row with fewer neighbours is padded with position -1."""
        graph = self._windows.graph
        rows = len(windows)
        if not len(graph) or not rows:
            return np.full((rows, 0), -1, np.int64), np.zeros((rows, 0, windows.shape[1]))
        k = min(k, len(graph))
        exact = len(graph) <= WINDOW_EXACT_MAX
        found = graph.search(windows.astype(np.float32), k, exact=exact, threads=1)
        if rows == 1:  # usearch answers one query with a flat match list, cut to its count
            flat = np.asarray(found.keys, np.int64).reshape(-1)
            keys = np.zeros((1, k), np.int64)
            keys[0, : len(flat)] = flat
            counts = np.array([len(flat)])
        else:
            keys = np.asarray(found.keys, np.int64).reshape(rows, k)
            counts = np.asarray(found.counts)
        valid = np.arange(k)[None, :] < counts.reshape(rows, 1)
        stored = np.zeros((rows, k, windows.shape[1]), np.float32)
        if valid.any():
            stored[valid] = np.asarray(graph.get(keys[valid]), np.float32)
        return np.where(valid, keys >> WINDOW_BITS, -1), stored

    def __len__(self) -> int:
        return len(self._documents.graph)

    def windows(self) -> int:
        """Stored windows."""
        return len(self._windows.graph)

    def save(self) -> None:
        """Write the graphs that changed."""
        self._documents.save()
        self._windows.save()
