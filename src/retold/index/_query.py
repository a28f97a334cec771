"""The index's candidate stage: which stored documents might a new text retell (or be retold by)?

Scan's five routes (``docs/scan.md``), asked of the stored postings and graphs instead of a
corpus in memory: shared LSH buckets (copies, near-duplicates), shared rare sampled 5-grams (a
lifted passage), shared rare words (spun rewrites keep names and figures), nearest document
vectors (rewrites, same-story reports) and nearest sentence windows (a passage reworded or
translated inside a long page, whose whole-page vector is about everything else on it).
Document frequencies are the index's own, so "rare" means rare in the archive. The union is
ranked by scan's screen — the calibrated probability that the compare core will call the pair
related — and only the best few are aligned.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from retold._minhash import MAX_BUCKET
from retold._neighbours import window_vectors
from retold._prints import DocumentPrint
from retold._scan import (
    RARE_SHINGLE_MAX_DF,
    RARE_SHINGLE_MIN_SHARED,
    RARE_WORD_MAX_DF,
    RARE_WORD_MIN_SHARED,
    VECTOR_MIN_COSINE,
    WINDOW_MIN_COSINE,
    WINDOW_NEIGHBOURS,
    WINDOW_SENTENCES,
)
from retold._screen import ScreenPrint, screen_probability, screen_rows
from retold._templates import MIN_DOCS, MIN_VARIANTS, template_mask
from retold.index import _store
from retold.index._store import StoredPrint
from retold.index._vectors import VectorFile

SHINGLE_PARTNERS = 50
"""Stored documents kept from the shingle route: those sharing the most rare 5-grams (a long
page can share one rare 5-gram with hundreds of documents; its real sources share many)."""

WORD_PARTNERS = 10
"""Stored documents kept from the rare-word route: those sharing the most rare words."""

VECTOR_SEARCH = 50
"""Raw-cosine neighbours fetched from the graph, re-ranked by centred cosine."""

VECTOR_PARTNERS = 10
"""Stored documents kept from the vector route (centred cosine ≥ ``VECTOR_MIN_COSINE``)."""

WINDOW_SEARCH = 16
"""Raw-cosine neighbours fetched per query window, re-ranked by centred cosine; the best
``WINDOW_NEIGHBOURS`` of other documents with centred cosine ≥ ``WINDOW_MIN_COSINE`` are kept,
as in scan. Scan fetches 8 more than it keeps because a window's nearest are its own page's;
a query is not stored, so the margin here is for the re-ranking."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stored document the routes proposed, with the screen's probability."""

    pos: int
    routes: tuple[str, ...]
    screen: float
    shapes: np.ndarray
    """Its sentences' template shape keys (to block its template sentences when aligning)."""


@dataclass(frozen=True, slots=True)
class Candidates:
    """The candidates of one query, best screen probability first, and the template shapes
    found among the query's and the candidates' sentences (``_templates``)."""

    found: list[Candidate]
    templates: frozenset[int]


def _unblocked(
    vectors: np.ndarray, shapes: np.ndarray | None, templates: frozenset[int]
) -> np.ndarray:
    """Sentence vectors with the template sentences' rows zeroed (the screen must not count
    them, as in scan)."""
    if shapes is None or not templates or len(shapes) != len(vectors):
        return vectors
    mask = template_mask(shapes, templates)
    if not mask.any():
        return vectors
    out = np.array(vectors, copy=True)
    out[mask] = 0
    return out


def _minhash_route(db: sqlite3.Connection, query: DocumentPrint) -> set[int]:
    if query.empty:
        return set()
    rows = _store.rows_in_chunks(
        db,
        "SELECT key, pos FROM buckets WHERE key IN ({marks})",
        _store.bucket_keys(query.signature),
    )
    by_key: dict[int, list[int]] = defaultdict(list)
    for key, pos in rows:
        by_key[key].append(pos)
    # An oversized bucket (a form letter, an empty template) proposes only its first members,
    # as scan's star buckets do.
    return {pos for members in by_key.values() for pos in sorted(members)[:MAX_BUCKET]}


def _shingle_route(db: sqlite3.Connection, query: DocumentPrint) -> set[int]:
    rows = _store.rows_in_chunks(
        db, "SELECT hash, pos FROM shingles WHERE hash IN ({marks})", query.sampled.tolist()
    )
    by_hash: dict[int, list[int]] = defaultdict(list)
    for value, pos in rows:
        by_hash[value].append(pos)
    shared: Counter[int] = Counter()
    for members in by_hash.values():
        if len(members) < RARE_SHINGLE_MAX_DF:  # the query makes one more document
            shared.update(members)
    strong = [(n, -pos) for pos, n in shared.items() if n >= RARE_SHINGLE_MIN_SHARED]
    return {-neg for _, neg in sorted(strong, reverse=True)[:SHINGLE_PARTNERS]}


def _word_route(db: sqlite3.Connection, query: DocumentPrint) -> set[int]:
    frequencies = _store.rows_in_chunks(
        db, "SELECT hash, df FROM word_df WHERE hash IN ({marks})", query.words.tolist()
    )
    rare = [value for value, df in frequencies if df < RARE_WORD_MAX_DF]
    rows = _store.rows_in_chunks(db, "SELECT hash, pos FROM words WHERE hash IN ({marks})", rare)
    shared = Counter(pos for _, pos in rows)
    strong = [(n, -pos) for pos, n in shared.items() if n >= RARE_WORD_MIN_SHARED]
    return {-neg for _, neg in sorted(strong, reverse=True)[:WORD_PARTNERS]}


def _centred(vector: np.ndarray, centre: np.ndarray) -> np.ndarray:
    shifted = vector.astype(np.float32) - centre
    norm = float(np.linalg.norm(shifted))
    return shifted / norm if norm > 0 else shifted


def _window_route(
    vectors: VectorFile, query: DocumentPrint, centre: np.ndarray, exclude: int | None
) -> set[int]:
    """Stored documents with a window among the ``WINDOW_NEIGHBOURS`` nearest (by centred
    cosine, at least ``WINDOW_MIN_COSINE``) of one of the query's windows.

    Windows are centred on the stored documents' mean vector (scan centres them on the
    windows' own mean, which the index does not keep; the two means differ little, both being
    averages of the same sentence vectors)."""
    if query.sentences is None or not len(query.sentences):
        return set()
    _, windows = window_vectors([query.sentences], WINDOW_SENTENCES)
    positions, stored = vectors.search_windows(windows, WINDOW_SEARCH)
    if not positions.size:
        return set()
    queries = windows - centre
    queries /= np.maximum(np.linalg.norm(queries, axis=1, keepdims=True), 1e-9)
    shifted = stored - centre
    shifted /= np.maximum(np.linalg.norm(shifted, axis=2, keepdims=True), 1e-9)
    cosines = np.einsum("rkd,rd->rk", shifted, queries)
    cosines[(positions < 0) | (positions == (-1 if exclude is None else exclude))] = -np.inf
    best = np.argsort(-cosines, axis=1, kind="stable")[:, :WINDOW_NEIGHBOURS]
    near = np.take_along_axis(cosines, best, axis=1) >= WINDOW_MIN_COSINE
    return set(np.take_along_axis(positions, best, axis=1)[near].tolist())


def _long_enough(query: DocumentPrint, stored: StoredPrint) -> bool:
    """Whether a window-route pair has a text longer than two windows, as scan requires:
    pairs of shorter texts are the document vectors' (their windows are the whole texts)."""
    query_sentences = len(query.sentences) if query.sentences is not None else 0
    longest = max(len(stored.sentence_vectors), query_sentences)
    return longest > 2 * WINDOW_SENTENCES


def candidates(
    db: sqlite3.Connection,
    vectors: VectorFile,
    query: DocumentPrint,
    *,
    exclude: int | None = None,
) -> Candidates:
    """Every stored document a route proposes for ``query``, best screen probability first.

    ``query`` needs static sentence vectors and template keys (``fingerprint_texts(...,
    sentences=True, templates=True)``).
    ``exclude`` leaves out one stored position (the query's own, when a stored document is
    looked up against the others).
    """
    routes: dict[int, list[str]] = defaultdict(list)
    for name, found in (
        ("minhash", _minhash_route(db, query)),
        ("shingles", _shingle_route(db, query)),
        ("words", _word_route(db, query)),
    ):
        for pos in found:
            routes[pos].append(name)
    centre = _store.centre(db, len(query.vector))
    query_centred = _centred(query.vector, centre)
    near, _ = vectors.search(query.vector, VECTOR_SEARCH)
    near_keys, near_vectors = _store.stored_vectors(db, near.tolist())
    if len(near_keys):
        shifted = near_vectors - centre
        norms = np.linalg.norm(shifted, axis=1)
        cosines = (shifted @ query_centred) / np.where(norms > 0, norms, 1.0)
        scored = sorted(
            (
                (float(c), int(pos))
                for c, pos in zip(cosines, near_keys, strict=True)
                if pos != exclude
            ),
            reverse=True,
        )
        for cosine, pos in scored[:VECTOR_PARTNERS]:
            if cosine >= VECTOR_MIN_COSINE:
                routes[pos].append("vectors")
    for pos in _window_route(vectors, query, centre, exclude):
        routes[pos].append("windows")
    if exclude is not None:
        routes.pop(exclude, None)
    if not routes:
        return Candidates([], frozenset())
    prints = {p.pos: p for p in _store.stored_prints(db, sorted(routes))}
    for pos, names in list(routes.items()):
        if names == ["windows"] and pos in prints and not _long_enough(query, prints[pos]):
            del routes[pos]
    wanted = sorted(routes)
    shapes = [query.shapes] if query.shapes is not None else []
    shapes += [prints[pos].shapes for pos in wanted if pos in prints]
    templates = _store.template_shapes(
        db,
        np.concatenate(shapes).tolist() if shapes else [],
        min_docs=MIN_DOCS,
        min_variants=MIN_VARIANTS,
    )
    query_vectors = _unblocked(query.sentences, query.shapes, templates)
    query_screen = ScreenPrint(query_vectors, query.sampled, query.signature, query_centred)
    # a stored document removed by another process since the postings were read is left out
    present = [pos for pos in wanted if pos in prints]
    screens = [
        ScreenPrint(
            _unblocked(prints[pos].sentence_vectors, prints[pos].shapes, templates),
            prints[pos].sampled,
            prints[pos].signature,
            _centred(prints[pos].vector, centre),
        )
        for pos in present
    ]
    probabilities = screen_probability(screen_rows(query_screen, screens)) if screens else []
    found = [
        Candidate(pos, tuple(routes[pos]), float(probability), prints[pos].shapes)
        for pos, probability in zip(present, probabilities, strict=True)
    ]
    found.sort(key=lambda c: (-c.screen, c.pos))
    return Candidates(found, templates)
