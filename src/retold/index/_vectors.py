"""The index's ANN file: a usearch HNSW graph over the stored document vectors.

The file (``vectors.usearch``) is a cache of SQLite's ``prints.vector`` column, never the only
copy: it is written after a writer's add or remove finishes (to a temporary name, then renamed,
so a reader never loads half a file), and whoever opens the index — or queries it after another
process added documents — catches it up from SQLite: keys SQLite has and the graph lacks are
added, keys the graph has and SQLite lost are removed. A crash between the SQLite commit and the
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

from retold.index import _store

FILE = "vectors.usearch"

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


class VectorFile:
    """The in-memory graph of one open index, and its file."""

    def __init__(self, folder: Path, dim: int) -> None:
        self._path = folder / FILE
        self._dim = dim
        self._graph = self._load()
        self._seen = -1
        """Highest SQLite position known to be in the graph (-1: not yet checked)."""
        self.dirty = False

    def _empty(self) -> HNSW:
        return HNSW(
            ndim=self._dim,
            metric="cos",
            dtype="f16",
            connectivity=16,
            expansion_search=EXPANSION_SEARCH,
        )

    def _load(self) -> HNSW:
        if not self._path.exists():
            return self._empty()
        graph = self._empty()
        try:
            graph.load(str(self._path))
        except (RuntimeError, ValueError, OSError):
            return self._empty()  # unreadable cache: rebuilt from SQLite by catch_up
        return graph if graph.ndim == self._dim else self._empty()

    def catch_up(self, db: sqlite3.Connection) -> int:
        """Make the graph hold exactly SQLite's documents; returns how many keys changed.

        The full check (every key) runs on the first call; later calls only add documents
        with positions above the highest one seen, unless ``dirty`` asks for a full check.
        """
        changed = 0
        if self._seen < 0:
            stored = _store.positions(db)
            present = self._graph.contains(stored) if len(stored) else np.zeros(0, bool)
            missing = stored[~np.asarray(present, bool)]
            graph_keys = np.asarray(self._graph.keys, np.int64) if len(self._graph) else stored[:0]
            extra = np.setdiff1d(graph_keys, stored)
            for key in extra.tolist():
                self._graph.remove(key)
            changed += len(extra)
            if len(missing):
                keys, vectors = _store.all_vectors(db, int(missing.min()) - 1)
                keep = np.isin(keys, missing)
                changed += self._add(keys[keep], vectors[keep])
            self._seen = int(stored.max()) if len(stored) else 0
        else:
            keys, vectors = _store.all_vectors(db, self._seen)
            changed += self._add(keys, vectors)
            if len(keys):
                self._seen = int(keys.max())
        self.dirty = self.dirty or changed > 0
        return changed

    def _add(self, keys: np.ndarray, vectors: np.ndarray) -> int:
        if not len(keys):
            return 0
        present = np.asarray(self._graph.contains(keys), bool)
        if (~present).any():
            self._graph.add(keys[~present], vectors[~present], threads=1)
        return int((~present).sum())

    def add(self, keys: np.ndarray, vectors: np.ndarray) -> None:
        """Add freshly stored documents (already committed to SQLite)."""
        self._add(keys, vectors)
        if len(keys):
            self._seen = max(self._seen, int(keys.max()))
            self.dirty = True

    def remove(self, key: int) -> None:
        """Drop a removed document from the graph."""
        if self._graph.contains(key):
            self._graph.remove(key)
            self.dirty = True

    def search(self, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` nearest stored documents by raw cosine: (positions, cosines); exact up to
        ``EXACT_SEARCH_MAX`` stored vectors."""
        if not len(self._graph) or not np.any(vector):
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        exact = len(self._graph) <= EXACT_SEARCH_MAX
        found = self._graph.search(vector.astype(np.float32), min(k, len(self._graph)), exact=exact)
        keys = np.asarray(found.keys, np.int64).reshape(-1)
        cosines = 1.0 - np.asarray(found.distances, np.float32).reshape(-1)
        return keys, cosines

    def __len__(self) -> int:
        return len(self._graph)

    def save(self) -> None:
        """Write the graph if it changed: to a temporary file, then renamed over the old one."""
        if not self.dirty:
            return
        temporary = self._path.with_name(f".{FILE}.{os.getpid()}.tmp")
        self._graph.save(str(temporary))
        os.replace(temporary, self._path)
        self.dirty = False
