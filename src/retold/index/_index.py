"""``retold.Index``: a persistent archive you can ask "what does this article retell?".

An index is a folder: ``index.sqlite`` (documents, sentences, fingerprints, postings, verdicts;
see ``_store.py``), ``vectors.usearch`` and ``windows.usearch`` (the ANN graphs of document
and sentence-window vectors, caches of SQLite's vectors; see ``_vectors.py``) and
``write.lock`` (one writer at a time; readers never wait for it).

* :meth:`Index.add` stores documents with their fingerprints, a batch per transaction — fast,
  no model call. With ``link=True`` each new document is also compared with the stored ones
  its candidates name, and the related pairs are kept as verdicts (they make :meth:`stories`).
* :meth:`Index.query` finds the candidates of a text (``_query.py``), ranks them by the scan's
  screen and aligns the best ``k`` with the compare core (MiniLM by default): the stored
  documents the text retells, or that retell it, with the evidence.
"""

from __future__ import annotations

import fcntl
import itertools
import json
import os
import time
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np

from retold._calibration import SCREEN_THRESHOLD
from retold._compare import (
    PreparedDocument,
    block_sentences,
    compare_prepared,
    prepare,
    prepare_embedded,
)
from retold._embed import Embedder, load_embedder
from retold._exceptions import RetoldError
from retold._load import document_from_string
from retold._prints import DocumentPrint, fingerprint_texts
from retold._serialize import comparison_to_dict, scores_to_dict
from retold._static import StaticEmbedder, load_static_embedder
from retold._stories import build_stories
from retold._templates import MIN_DOCS, MIN_VARIANTS, template_mask
from retold._threads import small_products
from retold.index import _store
from retold.index._query import Candidates, candidates
from retold.index._store import IndexFormatError, transaction
from retold.index._vectors import VectorFile
from retold.model import (
    Comparison,
    Direction,
    Document,
    DocumentInfo,
    Match,
    Relation,
    Scores,
    Skip,
    Story,
    relation_rank,
)

BATCH = 1024
"""Documents per add transaction (and per fingerprinting call). A commit writes every page the
batch dirtied to the WAL, and a batch's postings land on random pages of large B-trees, so few
large commits write far fewer pages than many small ones: adding the 100k benchmark corpus took
214 s in batches of 1,024 against 302 s in batches of 256 (same run; 2,048: 195 s, but progress
then moves in 4-second steps and a crash loses more work)."""

MAX_CHARS = 5_000_000
"""Longest text stored; a longer one is skipped with a message (split it first)."""

LINK_PARTNERS = 10
"""Most candidates compared per new document when linking."""

PREPARED_CACHE = 256
"""Stored documents kept segmented and embedded between queries (a warm server reuses them)."""

LOCK_TIMEOUT = 60.0
"""Seconds a writer waits for another writer before giving up with a clear error."""

INDEX_SCHEMA = "1.0"
"""Version of :meth:`IndexMatch.to_dict` and the ``--json`` output of ``retold index``."""


class IndexLockedError(RetoldError):
    """Another process has been writing to the index for longer than ``LOCK_TIMEOUT``."""


@dataclass(frozen=True, slots=True)
class AddReport:
    """What :meth:`Index.add` did: the ids stored, and the documents it skipped and why."""

    added: tuple[str, ...]
    skipped: tuple[Skip, ...]


@dataclass(frozen=True, slots=True)
class IndexMatch:
    """A stored document related to a query text.

    ``comparison`` has the stored document as ``a`` and the query as ``b``, so
    ``direction.value == "a_to_b"`` reads "the query derives from the stored document" and
    ``"b_to_a"`` "the stored document derives from the query". ``found_by`` names the
    candidate routes, ``screen`` is the candidate stage's probability that the pair is related.
    """

    id: str
    relation: Relation
    direction: Direction
    scores: Scores
    found_by: tuple[str, ...]
    screen: float
    comparison: Comparison

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (schema in ``docs/index.md``)."""
        return {
            "id": self.id,
            "relation": self.relation,
            "direction": {
                "value": self.direction.value,
                "evidence": list(self.direction.evidence),
            },
            "scores": scores_to_dict(self.scores),
            "found_by": list(self.found_by),
            "screen": round(self.screen, 4),
            "comparison": comparison_to_dict(self.comparison),
        }


@dataclass(frozen=True, slots=True)
class IndexStats:
    """Size and shape of an index."""

    path: str
    schema_version: int
    documents: int
    verdicts: int
    vectors: int
    windows: int
    bytes_on_disk: int
    text_bytes: int

    @property
    def bytes_per_document(self) -> float:
        """Disk bytes per stored document, its text excluded."""
        return (self.bytes_on_disk - self.text_bytes) / self.documents if self.documents else 0.0

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "version": INDEX_SCHEMA,
            "path": self.path,
            "schema_version": self.schema_version,
            "documents": self.documents,
            "verdicts": self.verdicts,
            "vectors": self.vectors,
            "windows": self.windows,
            "bytes_on_disk": self.bytes_on_disk,
            "text_bytes": self.text_bytes,
            "bytes_per_document": round(self.bytes_per_document, 1),
        }


class Index:
    """An on-disk retold index (see the module docstring). Not thread-safe: one per thread.

    Args:
        path: the index folder (created when ``create`` and missing).
        create: make a new index when the folder holds none (else :class:`IndexFormatError`).
        model: the sentence model for alignment (default: the packaged MiniLM int8; a hub
            name or local path as for ``retold compare --model``), loaded on first query.
        embedder: an already loaded sentence model (overrides ``model``).
        static: the static model for fingerprints (default: the packaged one). An index
            remembers which one built it and refuses another.

    Raises:
        IndexFormatError: not an index, or one made by an incompatible version.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        create: bool = True,
        model: str | os.PathLike[str] | None = None,
        embedder: Embedder | None = None,
        static: StaticEmbedder | None = None,
    ) -> None:
        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise IndexFormatError(f"{self.path}: not a folder (an index is a folder)")
        self._db = _store.connect(self.path, create=create)
        try:
            self._static = static or load_static_embedder()
            self._check_static()
            self._vectors = VectorFile(self.path, self._static.dim)
            self._vectors.catch_up(self._db)
        except BaseException:
            self._db.close()
            raise
        self._model = model
        self._embedder = embedder
        self._prepared: OrderedDict[int, PreparedDocument] = OrderedDict()

    # ------------------------------------------------------------------ lifecycle

    def _check_static(self) -> None:
        identity = _store.get_meta(self._db, "static_model")
        if identity is None:
            with transaction(self._db):
                _store.set_meta(self._db, "static_model", self._static.identity)
        elif identity != self._static.identity:
            raise IndexFormatError(
                f"{self.path}: built with static model {identity}, but this retold has "
                f"{self._static.identity}; its vectors do not compare — build a new index"
            )

    def close(self) -> None:
        """Close the database (the ANN file was written by the last add or remove)."""
        self._db.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def embedder(self) -> Embedder:
        """The sentence model used to align (loaded on first use)."""
        if self._embedder is None:
            self._embedder = load_embedder(self._model)
        return self._embedder

    # ------------------------------------------------------------------ writing

    def add(
        self, documents: Iterable[Document], *, link: bool = False, progress: Any = None
    ) -> AddReport:
        """Store ``documents`` (an iterable, read once, in batches of ``BATCH``).

        A document whose id is already stored, whose text is empty or longer than
        ``MAX_CHARS`` is skipped with the reason; nothing stored is ever overwritten. Each
        batch is one transaction: a crash loses at most the batch in flight, never a document
        an earlier batch stored. ``link``: also compare each new document with the stored
        documents its candidates name and keep the related pairs (slower: a model call per
        document). ``progress``: a callable given the number of documents handled so far.

        Raises:
            IndexLockedError: another process kept the index locked for ``LOCK_TIMEOUT`` s.
        """
        added: list[str] = []
        skipped: list[Skip] = []
        handled = 0
        with self._writing(), ThreadPoolExecutor(max_workers=1) as worker:
            self._vectors.catch_up(self._db)
            # Fingerprint the next batch in a worker thread while this one is written: the
            # tokenizer, numpy and SQLite release the GIL, so the two cores share the work.
            seen: set[str] = set()
            batches = (self._admit(b, seen, skipped) for b in _batches(documents, BATCH))
            pending = None
            for fresh in itertools.chain(batches, [None]):
                ready = pending.result() if pending is not None else None
                pending = worker.submit(self._fingerprint, fresh) if fresh is not None else None
                if ready is None:
                    continue
                stored, prints = ready
                positions = self._store_batch(stored, prints)
                added.extend(d.id for d in stored)
                if link:
                    with small_products():
                        for pos in positions:
                            self._link(pos)
                handled += len(stored)
                if progress is not None:
                    progress(handled + len(skipped))
            self._vectors.save()
            self._db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        return AddReport(tuple(added), tuple(skipped))

    def _admit(self, batch: list[Document], seen: set[str], skipped: list[Skip]) -> list[Document]:
        """The documents of ``batch`` that may be stored; the others go to ``skipped``.
        ``seen`` holds the ids admitted earlier in the same add (not stored yet)."""
        fresh: list[Document] = []
        for document in batch:
            where = document.path or document.id
            if not document.text.strip():
                skipped.append(Skip(where, f"document {document.id!r} has no text"))
            elif len(document.text) > MAX_CHARS:
                skipped.append(
                    Skip(
                        where,
                        f"document {document.id!r} has {len(document.text):,} characters, "
                        f"over the {MAX_CHARS:,} an index stores; split it first",
                    )
                )
            elif document.id in seen or _store.id_exists(self._db, document.id):
                skipped.append(
                    Skip(
                        where,
                        f"id {document.id!r} is already in the index (remove it first to "
                        "replace it)",
                    )
                )
            else:
                seen.add(document.id)
                fresh.append(document)
        return fresh

    def _fingerprint(self, documents: list[Document]) -> tuple[list[Document], list[DocumentPrint]]:
        """A batch's fingerprints (run in the worker thread while the previous batch is
        written), with sentences and template keys."""
        texts = [d.text for d in documents]
        return documents, fingerprint_texts(texts, self._static, sentences=True, templates=True)

    def _store_batch(self, documents: list[Document], prints: list[DocumentPrint]) -> list[int]:
        if not documents:
            return []
        positions: list[int] = []
        words: Counter[int] = Counter()
        shapes: Counter[tuple[int, int]] = Counter()
        with transaction(self._db):
            for document, doc_print in zip(documents, prints, strict=True):
                positions.append(
                    _store.insert(self._db, document, doc_print.segments or (), doc_print)
                )
                words.update(doc_print.words.tolist())
                shapes.update(_store.shape_pairs(doc_print.shapes, doc_print.wordings))
            _store.count_words(self._db, words)
            _store.count_shapes(self._db, shapes)
            vectors = np.stack([p.vector for p in prints])
            _store.add_to_centre(self._db, vectors.astype(np.float64).sum(axis=0), len(prints))
        keys = np.array(positions, np.int64)
        dim = self._static.dim
        sentences = [  # as SQLite holds them, so the window graph matches a rebuilt one
            _store.dequantise(_store.quantise(p.sentences), dim)
            if p.sentences is not None
            else np.zeros((0, dim), np.float32)
            for p in prints
        ]
        self._vectors.add(keys, vectors.astype(np.float16), sentences)
        return positions

    def remove(self, doc_id: str) -> bool:
        """Remove a stored document and its verdicts; False when no document has this id."""
        with self._writing():
            self._vectors.catch_up(self._db)
            try:
                pos = _store.position(self._db, doc_id)
            except KeyError:
                return False
            with transaction(self._db):
                vector = _store.delete(self._db, pos)
                if vector is not None:
                    _store.add_to_centre(self._db, -vector, -1)
            self._prepared.pop(pos, None)
            self._vectors.remove(pos)
            self._vectors.save()
        return True

    def link(self, *, progress: Any = None) -> int:
        """Compare every document not linked yet with its stored candidates; returns how many
        documents were linked. :meth:`stories` reads the verdicts this keeps."""
        with self._writing():
            done = int(_store.get_meta(self._db, "linked_upto") or 0)
            todo = [int(p) for p in _store.positions(self._db) if p > done]
            for n, pos in enumerate(todo, 1):
                with small_products():
                    self._link(pos)
                if progress is not None:
                    progress(n)
        return len(todo)

    def _link(self, pos: int) -> None:
        """Compare one stored document with the earlier stored documents its candidates name."""
        query = self._stored_print(pos)
        found = candidates(self._db, self._vectors, query, exclude=pos)
        partners = [c for c in found.found if c.pos < pos and c.screen >= SCREEN_THRESHOLD][
            :LINK_PARTNERS
        ]
        prepared = self._prepared_docs([pos, *(c.pos for c in partners)])
        new = _blocked(prepared[0], query.shapes, found.templates)
        rows = []
        for candidate, stored_doc in zip(partners, prepared[1:], strict=True):
            stored = _blocked(stored_doc, candidate.shapes, found.templates)
            comparison = compare_prepared(stored, new)
            if comparison.relation != "unrelated":
                rows.append(
                    (
                        candidate.pos,
                        pos,
                        comparison.relation,
                        json.dumps(
                            [comparison.direction.value, list(comparison.direction.evidence)]
                        ),
                        json.dumps(scores_to_dict(comparison.scores)),
                    )
                )
        with transaction(self._db):
            self._db.executemany("INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?, ?, ?)", rows)
            linked = int(_store.get_meta(self._db, "linked_upto") or 0)
            _store.set_meta(self._db, "linked_upto", str(max(linked, pos)))

    def _writing(self) -> _WriteLock:
        return _WriteLock(self.path / "write.lock")

    # ------------------------------------------------------------------ reading

    def query(self, document: str | Document, *, k: int = 5) -> list[IndexMatch]:
        """The stored documents ``document`` retells or that retell it, best first.

        ``document`` is a :class:`Document` or the article text (metadata lines and chrome
        handled as for a ``.txt`` file). At most ``k`` candidates — the best by the screen —
        are aligned; the related ones come back strongest relation first (duplicate, …,
        same_story), then by retelling score.
        """
        query = (
            document
            if isinstance(document, Document)
            else document_from_string(document, doc_id="query")
        )
        self._vectors.catch_up(self._db)
        doc_print = fingerprint_texts([query.text], self._static, sentences=True, templates=True)[0]
        prepared = prepare(query, self.embedder)
        with small_products():
            found = candidates(self._db, self._vectors, doc_print)
            return self._align(prepared, doc_print.shapes, found, k)

    def related(self, doc_id: str, *, k: int = 10) -> list[IndexMatch]:
        """Stored documents related to the stored document ``doc_id`` (KeyError if absent)."""
        pos = _store.position(self._db, doc_id)
        self._vectors.catch_up(self._db)
        stored = self._stored_print(pos)
        prepared = self._prepared_doc(pos)
        with small_products():
            found = candidates(self._db, self._vectors, stored, exclude=pos)
            return self._align(prepared, stored.shapes, found, k)

    def _align(
        self,
        query: PreparedDocument,
        query_shapes: np.ndarray | None,
        found: Candidates,
        k: int,
    ) -> list[IndexMatch]:
        """Compare the best ``k`` candidates above the screen threshold with the query, the
        template sentences of both sides blocked; the related ones, strongest first."""
        results = []
        query = _blocked(query, query_shapes, found.templates)
        chosen = [c for c in found.found if c.screen >= SCREEN_THRESHOLD][:k]
        prepared = self._prepared_docs([c.pos for c in chosen])
        for candidate, stored_doc in zip(chosen, prepared, strict=True):
            stored = _blocked(stored_doc, candidate.shapes, found.templates)
            comparison = compare_prepared(stored, query)
            if comparison.relation == "unrelated":
                continue
            results.append(
                IndexMatch(
                    stored.document.id,
                    comparison.relation,
                    comparison.direction,
                    comparison.scores,
                    candidate.routes,
                    candidate.screen,
                    comparison,
                )
            )
        results.sort(key=lambda m: (relation_rank(m.relation), -m.scores.retelling, -m.screen))
        return results

    def get(self, doc_id: str) -> Document:
        """The stored document with this id (KeyError if there is none)."""
        return _store.load_document(self._db, _store.position(self._db, doc_id))[0]

    def documents(self, *, offset: int = 0, limit: int = 100) -> list[DocumentInfo]:
        """A page of the stored documents, newest first."""
        return [info for _, info in _store.infos(self._db, offset=offset, limit=limit)]

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def __contains__(self, doc_id: object) -> bool:
        return isinstance(doc_id, str) and _store.id_exists(self._db, doc_id)

    def compare(self, a_id: str, b_id: str) -> Comparison:
        """Compare two stored documents (KeyError names a missing id)."""
        a_pos = _store.position(self._db, a_id)
        b_pos = _store.position(self._db, b_id)
        a_shapes, b_shapes = self._stored_print(a_pos).shapes, self._stored_print(b_pos).shapes
        shapes = np.concatenate([x for x in (a_shapes, b_shapes) if x is not None] or [[]])
        templates = _store.template_shapes(
            self._db, shapes.tolist(), min_docs=MIN_DOCS, min_variants=MIN_VARIANTS
        )
        a = _blocked(self._prepared_doc(a_pos), a_shapes, templates)
        b = _blocked(self._prepared_doc(b_pos), b_shapes, templates)
        with small_products():
            return compare_prepared(a, b)

    def stories(self) -> list[Story]:
        """Stories from the kept verdicts (``add(link=True)`` or :meth:`link`), largest first."""
        rows = self._db.execute(
            "SELECT a, b, relation, direction, scores FROM verdicts ORDER BY a, b"
        ).fetchall()
        members = sorted({int(r[0]) for r in rows} | {int(r[1]) for r in rows})
        infos = dict(_store.infos(self._db, members))
        ordered = [infos[p] for p in members if p in infos]
        matches = []
        for a, b, relation, direction, scores in rows:
            if a not in infos or b not in infos:
                continue
            value, evidence = json.loads(direction)
            matches.append(
                Match(
                    infos[a].id,
                    infos[b].id,
                    relation,
                    Direction(value, tuple(evidence)),
                    Scores(**json.loads(scores)),
                    (),
                )
            )
        return build_stories(ordered, matches)

    def stats(self) -> IndexStats:
        """Counts and sizes (bytes on disk include the WAL and the ANN file)."""
        documents, text_bytes = self._db.execute(
            "SELECT COUNT(*), COALESCE(SUM(length(CAST(text AS BLOB))), 0) FROM documents"
        ).fetchone()
        verdicts = self._db.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0]
        disk = sum(f.stat().st_size for f in self.path.iterdir() if f.is_file())
        return IndexStats(
            str(self.path),
            _store.SCHEMA_VERSION,
            int(documents),
            int(verdicts),
            len(self._vectors),
            self._vectors.windows(),
            int(disk),
            int(text_bytes),
        )

    # ------------------------------------------------------------------ helpers

    def _prepared_doc(self, pos: int) -> PreparedDocument:
        """A stored document segmented (as stored) and embedded, from a small LRU cache."""
        return self._prepared_docs([pos])[0]

    def _prepared_docs(self, positions: list[int]) -> list[PreparedDocument]:
        """Stored documents segmented and embedded; those not in the LRU cache are embedded in
        one call, so the model's workers share one queue (a sentence's vector does not depend
        on the call: ``retold._embed``)."""
        missing = [p for p in dict.fromkeys(positions) if p not in self._prepared]
        if missing:
            loaded = [_store.load_document(self._db, p) for p in missing]
            vectors = self.embedder.embed([s.text for _, sentences in loaded for s in sentences])
            start = 0
            for pos, (document, sentences) in zip(missing, loaded, strict=True):
                end = start + len(sentences)
                self._prepared[pos] = prepare_embedded(document, sentences, vectors[start:end])
                start = end
        found = []
        for pos in positions:
            self._prepared.move_to_end(pos)
            found.append(self._prepared[pos])
        while len(self._prepared) > PREPARED_CACHE:
            self._prepared.popitem(last=False)
        return found

    def _stored_print(self, pos: int) -> DocumentPrint:
        """A stored document's fingerprints, as a query's (for linking and ``related``)."""
        stored = _store.stored_prints(self._db, [pos])
        if not stored:
            raise KeyError(pos)
        row = self._db.execute("SELECT empty, words FROM prints WHERE pos = ?", (pos,)).fetchone()
        return DocumentPrint(
            signature=stored[0].signature,
            empty=bool(row[0]),
            sampled=stored[0].sampled,
            words=np.frombuffer(row[1], np.uint32),
            vector=stored[0].vector,
            sentences=stored[0].sentence_vectors,
            shapes=stored[0].shapes,
        )


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """``documents`` in lists of ``size`` (the last one shorter)."""
    iterator = iter(documents)
    while batch := list(islice(iterator, size)):
        yield batch


def _blocked(
    prepared: PreparedDocument, shapes: np.ndarray | None, templates: frozenset[int]
) -> PreparedDocument:
    """``prepared`` with its corpus template sentences blocked (see ``_templates``)."""
    if shapes is None or not templates or len(shapes) != len(prepared.sentences):
        return prepared
    return block_sentences(prepared, template_mask(shapes, templates))


class _WriteLock:
    """An exclusive ``flock`` on the index's lock file: one writer at a time, across
    processes; released by the OS if the writer dies."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._file: Any = None

    def __enter__(self) -> None:
        self._file = open(self._path, "a")  # held until __exit__
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    self._file.close()
                    raise IndexLockedError(
                        f"{self._path.parent}: another process has been writing to this index "
                        f"for over {LOCK_TIMEOUT:.0f} s; try again when it has finished"
                    ) from None
                time.sleep(0.05)

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self._file, fcntl.LOCK_UN)
        self._file.close()
