"""``retold.scan``: every retelling in a corpus, grouped into stories, without comparing all pairs.

Stages (each timed in ``ScanResult.stats`` as ``seconds_<stage>``):

1. **read** — stream the documents into a temporary SQLite store, counting candidate chrome
   lines per source; duplicate ids are skipped (the first one is kept).
2. **fingerprint** — strip corpus-level chrome, then per document: word-5-gram MinHash
   signature, a 1-in-4 sample of its shingles, its rare-word set, and static-model document
   and sentence vectors (fast, topical; never used to judge); over the corpus, template
   sentences and the document count of every word 3-gram.
3. **candidates** — the union of four routes, never all pairs: LSH buckets (copies,
   near-duplicates), shared rare shingles (a lifted passage inside a long page), shared rare
   words (spun rewrites keep names and figures), and nearest document vectors (rewrites and
   same-story reports).
4. **screen** — a logistic model of the compare core's verdict on cheap pair features
   (``_screen.py``) drops the candidates compare would almost surely call unrelated.
5. **verify** — every remaining pair goes through compare's core (MiniLM sentence vectors,
   alignment, verdict); unrelated pairs are dropped, and so are derived verdicts whose shared
   wording is formulaic in this corpus (``_formulaic``: forms filled in with other names).
6. **stories** — related pairs grouped into stories with an origin and provenance edges.

Deterministic: documents keep their input positions, every route sorts its output, and no
stage depends on batch boundaries.
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field

import numpy as np
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text
from scipy import sparse
from scipy.sparse import csgraph

from retold._anchors import shared_rare, top_partners
from retold._compare import (
    PreparedDocument,
    block_sentences,
    compare_prepared,
    prepare_embedded,
)
from retold._corpus_chrome import ChromeCounter, strip_corpus_chrome
from retold._embed import Embedder, load_embedder
from retold._embed_workers import start_workers
from retold._formulaic import PhraseCounter, PhraseFrequencies, phrase_hashes, shared_wording
from retold._minhash import lsh_pairs, unique_pairs
from retold._neighbours import centred, nearest_pairs, nearest_window_pairs
from retold._prints import fingerprint_texts
from retold._scratch import ScratchStore
from retold._screen import SCREEN_FEATURES, ScreenPrint, passes_screen, screen_rows
from retold._segment import split_sentences
from retold._static import StaticEmbedder, load_static_embedder
from retold._stories import build_stories
from retold._templates import TemplateCounter, template_mask
from retold._threads import small_products
from retold.model import (
    DERIVED_RELATIONS,
    Document,
    DocumentInfo,
    Match,
    ScanResult,
    Sentence,
    Skip,
    Story,
)

VECTOR_NEIGHBOURS = 4
"""Nearest documents proposed per document by the vector route."""

VECTOR_MIN_COSINE = 0.6
"""Cosine of *centred* static document vectors a neighbour needs to become a candidate.
Whole-article static vectors share a strong common direction (random news pairs average
≈0.66); after subtracting the corpus mean, random pairs average ≈0 (99th percentile ≈0.46)."""

WINDOW_SENTENCES = 8
"""Sentences in a window of the window route (windows overlap by half)."""

WINDOW_NEIGHBOURS = 2
"""Nearest windows of other documents proposed per window."""

WINDOW_MIN_COSINE = 0.6
"""Cosine of centred static window vectors a neighbour needs (as ``VECTOR_MIN_COSINE``).

The window route finds a passage reworded inside a long page, whose document vector is about
everything else on the page. On the scan benchmark's haystack (28.7k documents, 90.6k
windows), the other routes did not propose 147 of the 2,551 report-half labelled pairs; windows
of 8 sentences with 2 neighbours each proposed 45 of them (27 of pan13's 58 `translation`, 15 of
its 41 `random`), for 17,827 pairs the other routes had not proposed (14% more); 9,184 once
pairs of two texts of 16 sentences or fewer were left to the document vectors (see
:func:`retold._neighbours.nearest_window_pairs`), with the same 45. In a first estimate on a
sample of documents, 4 neighbours found 50 for twice the pairs, and windows of 12 sentences 38
for more pairs than 8 with 2 neighbours."""

RARE_SHINGLE_MAX_DF = 8
RARE_SHINGLE_MIN_SHARED = 1
"""A pair sharing one sampled 5-gram (1 in 4 of all) that at most 8 documents have."""

RARE_WORD_MAX_DF = 50
RARE_WORD_MIN_SHARED = 4
RARE_WORD_PARTNERS = 4
"""A pair sharing four content words that at most 50 documents use, kept when it is among the
four best such partners of either document.

These route settings were chosen by comparing a few settings' candidate recall against
candidate count on the scan benchmark's haystack (bench/scan.py: 28.7k real articles with the
pan13-dev and webis-cpc11 reuse pairs hidden in them); docs/scan.md gives the figures."""

MAX_PREPARED = 512
"""Most documents the verify stage holds segmented and embedded at once."""

EMBED_AHEAD = 32
"""Documents the verify stage embeds ahead of the pair it compares (on the 6,000-document
sample below: 176 s with 32, 185 s with 8)."""

EMBED_THREADS = 2
"""Background threads that embed them, each one document at a time. On 2 cores, the verify
stage of a 6,000-document sample of the benchmark haystack (18k screened pairs) took 228 s
with two, 242 s with one, and 256 s embedding each document when its first pair came up
(8 documents ahead, before the compare core got cheaper)."""

EMBED_PROCESSES_FROM = 2_000
"""Documents to embed from which verify runs the model in worker processes
(``retold._embed_workers``; ``EMBED_THREADS`` of them, or ``$RETOLD_EMBED_PROCESSES``, 0 for
none) rather than on threads of its own process; below it, starting them (about half a
second each) costs more than they save. Measured on the benchmark haystack: see
``docs/history.md``."""

BATCH = 256
"""Documents per fingerprinting batch (no effect on results: the static model is a table)."""


@dataclass
class _Prints:
    """Fingerprints of every document, by input position."""

    signatures: list[np.ndarray] = field(default_factory=list)
    empty: list[bool] = field(default_factory=list)
    sampled: list[np.ndarray] = field(default_factory=list)
    words: list[np.ndarray] = field(default_factory=list)
    vectors: list[np.ndarray] = field(default_factory=list)
    sentences: list[np.ndarray] = field(default_factory=list)
    blocked: dict[int, np.ndarray] = field(default_factory=dict)
    """Template-sentence masks of the documents that have any (see ``_templates``)."""
    templates: int = 0
    """How many sentence shapes the corpus showed to be templates."""
    phrases: PhraseFrequencies | None = None
    """Document counts of the corpus's word 3-grams (``_formulaic``)."""


def scan(
    documents: Iterable[Document],
    *,
    embedder: Embedder | None = None,
    static: StaticEmbedder | None = None,
    skipped: Sequence[Skip] = (),
    progress: bool = False,
    console: Console | None = None,
    batch_size: int = BATCH,
) -> ScanResult:
    """Find every related pair in ``documents``, group stories, trace provenance.

    ``documents`` is any iterable of :class:`Document` (for files, feed it
    :func:`retold.sources.iter_documents`); it is read once, in order. ``skipped`` holds the
    reader's skips so the result reports them. ``embedder`` is the sentence model used to
    verify candidates (default: the packaged MiniLM), ``static`` the fast document model used
    to find them. ``progress`` draws a progress bar per stage on ``console`` (stderr).
    """
    return scan_with_candidates(
        documents,
        embedder=embedder,
        static=static,
        skipped=skipped,
        progress=progress,
        console=console,
        batch_size=batch_size,
    )[0]


def scan_with_candidates(
    documents: Iterable[Document],
    *,
    embedder: Embedder | None = None,
    static: StaticEmbedder | None = None,
    skipped: Sequence[Skip] = (),
    progress: bool = False,
    console: Console | None = None,
    batch_size: int = BATCH,
) -> tuple[ScanResult, list[tuple[str, str, tuple[str, ...], bool]]]:
    """:func:`scan`, plus every proposed candidate pair as ``(a id, b id, routes, screened)``
    (``screened``: it passed the screen and was verified) — for measuring the candidate
    stage's recall on its own (it bounds everything after it)."""
    timer = _Timer()
    bars = _progress(progress, console)
    with ScratchStore() as store, bars as bar:
        duplicates: list[Skip] = []
        infos, chrome = _read(documents, store, duplicates, bar, timer)
        # read ``skipped`` only now: a reader's on_skip list fills while ``documents`` is read
        skips = [*skipped, *duplicates]
        prints = _fingerprint(
            store, infos, chrome, static or load_static_embedder(), bar, batch_size, timer
        )
        candidates = _candidates(prints, timer)
        blocked, templates, phrases = prints.blocked, prints.templates, prints.phrases
        del prints
        encoder = embedder or load_embedder()
        matches, formulaic = _verify(
            candidates, store, infos, encoder, blocked, phrases, bar, timer
        )
    with timer.stage("stories"):
        stories = build_stories(infos, matches)
    stats = _stats(infos, skips, candidates, matches, stories, timer)
    stats["template_shapes"] = templates
    stats["template_sentences"] = int(sum(mask.sum() for mask in blocked.values()))
    stats["formulaic_pairs"] = formulaic
    result = ScanResult(tuple(infos), tuple(matches), tuple(stories), tuple(skips), stats)
    pairs = [
        (infos[i].id, infos[j].id, routes, ok)
        for (i, j), routes, ok in zip(
            candidates.proposed.tolist(), candidates.routes, candidates.passed.tolist(), strict=True
        )
    ]
    return result, pairs


# --------------------------------------------------------------------------- stages


def _read(
    documents: Iterable[Document],
    store: ScratchStore,
    skips: list[Skip],
    bar: Progress | None,
    timer: _Timer,
) -> tuple[list[DocumentInfo], dict[str, frozenset[str]]]:
    infos: list[DocumentInfo] = []
    seen: dict[str, str] = {}
    counter = ChromeCounter()
    with timer.stage("read"):
        task = bar.add_task("reading documents", total=None) if bar else None
        for document in documents:
            where = document.path or document.id
            if document.id in seen:
                skips.append(
                    Skip(where, f"duplicate id {document.id!r} (first seen at {seen[document.id]})")
                )
                continue
            seen[document.id] = where
            store.put(len(infos), document)
            infos.append(_info(document))
            counter.add(document)
            if bar and task is not None:
                bar.advance(task)
        if bar and task is not None:  # the count is known now: the bar completes, its clock stops
            bar.update(task, total=len(infos))
    return infos, counter.chrome()


def _fingerprint(
    store: ScratchStore,
    infos: list[DocumentInfo],
    chrome: dict[str, frozenset[str]],
    static: StaticEmbedder,
    bar: Progress | None,
    batch_size: int,
    timer: _Timer,
) -> _Prints:
    """Fingerprint every stored document; a document that loses corpus chrome is stored again
    and its entry in ``infos`` updated (its length changed). Corpus template sentences are
    found last: their static vectors are zeroed (the screen must not count them) and their
    masks kept for verify."""
    prints = _Prints()
    counter = TemplateCounter()
    phrases = PhraseCounter()
    shapes: list[np.ndarray] = []
    count = len(infos)
    with timer.stage("fingerprint"):
        task = bar.add_task("fingerprinting", total=count) if bar else None
        for start in range(0, count, batch_size):
            batch = []
            for position in range(start, min(count, start + batch_size)):
                document = store.get(position)
                cleaned = strip_corpus_chrome(document, chrome)
                if cleaned is not document:
                    store.put(position, cleaned)
                    infos[position] = _info(cleaned)
                batch.append(cleaned.text)
            for doc in fingerprint_texts(
                batch, static, sentences=True, templates=True, phrases=True
            ):
                prints.signatures.append(doc.signature)
                prints.empty.append(doc.empty)
                prints.sampled.append(doc.sampled)
                prints.words.append(doc.words)
                prints.vectors.append(doc.vector)
                prints.sentences.append(doc.sentences)
                counter.add(doc.shapes, doc.wordings)
                phrases.add(doc.phrases)
                shapes.append(doc.shapes)
            if bar and task is not None:
                bar.advance(task, len(batch))
        templates = counter.templates()
        prints.templates = len(templates)
        prints.phrases = phrases.frequencies()
        for position, doc_shapes in enumerate(shapes):
            mask = template_mask(doc_shapes, templates)
            if mask.any():
                prints.blocked[position] = mask
                prints.sentences[position] = prints.sentences[position].copy()
                prints.sentences[position][mask] = 0
    return prints


@dataclass(frozen=True)
class _Candidates:
    """Every pair the routes proposed, the routes that proposed each, and the screen's say."""

    proposed: np.ndarray
    routes: list[tuple[str, ...]]
    passed: np.ndarray
    """Boolean mask over ``proposed``: the pairs that go on to verify."""
    by_route: dict[str, int]

    @property
    def pairs(self) -> np.ndarray:
        """The pairs that passed the screen."""
        return self.proposed[self.passed]


def _candidates(prints: _Prints, timer: _Timer) -> _Candidates:
    if len(prints.signatures) < 2:
        return _Candidates(np.zeros((0, 2), np.int64), [], np.zeros(0, bool), {})
    with timer.stage("candidates"):
        vectors = centred(np.stack(prints.vectors))
        routes = propose(prints, vectors)
        proposed = unique_pairs(list(routes.values()))
    with timer.stage("screen"), small_products():
        passed = passes_screen(screen_matrix(prints, vectors, proposed))
        found: dict[tuple[int, int], list[str]] = {}
        for name, route_pairs in routes.items():
            for i, j in route_pairs.tolist():
                found.setdefault((i, j), []).append(name)
        labels = [tuple(found[(i, j)]) for i, j in proposed.tolist()]
        by_route = {name: len(p) for name, p in routes.items()}
        return _Candidates(proposed, labels, passed, by_route)


def propose(prints: _Prints, vectors: np.ndarray) -> dict[str, np.ndarray]:
    """Each candidate route's pairs (sorted ``i < j`` arrays); ``vectors`` are centred."""
    return {
        "minhash": lsh_pairs(np.stack(prints.signatures), np.array(prints.empty)),
        "shingles": shared_rare(
            prints.sampled, max_df=RARE_SHINGLE_MAX_DF, min_shared=RARE_SHINGLE_MIN_SHARED
        )[0],
        "words": _rare_word_pairs(prints.words),
        "vectors": nearest_pairs(vectors, k=VECTOR_NEIGHBOURS, min_cosine=VECTOR_MIN_COSINE)[0],
        "windows": nearest_window_pairs(
            prints.sentences,
            window=WINDOW_SENTENCES,
            k=WINDOW_NEIGHBOURS,
            min_cosine=WINDOW_MIN_COSINE,
        ),
    }


def screen_matrix(prints: _Prints, vectors: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """The screen's features for every pair, one row each (``len(SCREEN_FEATURES)`` columns).

    Pairs with the same first document are screened together (:func:`screen_rows`: one
    product for all of their sentences); on the benchmark haystack the screen stage took
    20.6 s against 28.3 s one pair at a time, with the same decisions.
    """
    rows = np.zeros((len(pairs), len(SCREEN_FEATURES)))
    if len(pairs) == 0:
        return rows

    def screen(i: int) -> ScreenPrint:
        return ScreenPrint(prints.sentences[i], prints.sampled[i], prints.signatures[i], vectors[i])

    order = np.argsort(pairs[:, 0], kind="stable")
    firsts, starts = np.unique(pairs[order, 0], return_index=True)
    bounds = [*starts.tolist(), len(pairs)]
    for g, i in enumerate(firsts.tolist()):
        group = order[bounds[g] : bounds[g + 1]]
        rows[group] = screen_rows(screen(i), [screen(j) for j in pairs[group, 1].tolist()])
    return rows


def _rare_word_pairs(words: list[np.ndarray]) -> np.ndarray:
    pairs, counts = shared_rare(words, max_df=RARE_WORD_MAX_DF, min_shared=RARE_WORD_MIN_SHARED)
    return pairs[top_partners(pairs, counts.astype(np.float64), RARE_WORD_PARTNERS)]


def _verify(
    candidates: _Candidates,
    store: ScratchStore,
    infos: list[DocumentInfo],
    embedder: Embedder,
    blocked: dict[int, np.ndarray],
    phrases: PhraseFrequencies | None,
    bar: Progress | None,
    timer: _Timer,
) -> tuple[list[Match], int]:
    """Compare every screened pair; keep the related ones, sorted by position.

    A derived verdict whose shared wording is formulaic in this corpus (``_formulaic``: a
    wire form filled in with another company's name and figures) is not kept. Returns the
    matches and how many pairs that rule dropped.
    """
    found: list[tuple[int, int, Match]] = []
    formulaic = 0
    passed = np.flatnonzero(candidates.passed)
    order = passed[_local_order(candidates.proposed[passed])]
    pairs = candidates.proposed[order].tolist()
    routes = [candidates.routes[k] for k in order.tolist()]
    with timer.stage("verify"), small_products():
        task = bar.add_task("verifying candidate pairs", total=len(pairs)) if bar else None
        with _PreparedCache(store, embedder, pairs, blocked, timer.model) as cache:
            for k, (i, j) in enumerate(pairs):
                a, b = cache.get(i, k), cache.get(j, k)
                comparison = compare_prepared(a, b)
                keep = comparison.relation != "unrelated"
                if keep and comparison.relation in DERIVED_RELATIONS and phrases is not None:
                    wording = shared_wording(
                        phrase_hashes(a.document.text), phrase_hashes(b.document.text), phrases
                    )
                    keep = not wording.formulaic
                    formulaic += wording.formulaic
                if keep:
                    match = Match(
                        infos[i].id,
                        infos[j].id,
                        comparison.relation,
                        comparison.direction,
                        comparison.scores,
                        routes[k],
                        comparison,
                    )
                    found.append((i, j, match))
                cache.release(k, i, j)
                if bar and task is not None:
                    bar.advance(task)
    return [match for _, _, match in sorted(found, key=lambda f: (f[0], f[1]))], formulaic


def _local_order(pairs: np.ndarray) -> np.ndarray:
    """An order of ``pairs`` that keeps each document's pairs close together.

    Documents are numbered by reverse Cuthill-McKee over the candidate graph (a breadth-first
    order that gives neighbours close numbers and each connected group a run of its own), and
    pairs are sorted by their lower, then higher number. A document then meets its pairs
    within a short stretch, so the verify stage's bounded cache drops few documents that are
    needed again: on the benchmark haystack's 126k screened pairs, 80k preparations against
    108k when pairs were sorted by group, then by input position.
    """
    if len(pairs) == 0:
        return np.zeros(0, np.int64)
    n = int(pairs.max()) + 1
    graph = sparse.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    graph = graph.tocsr()
    rank = np.empty(n, np.int64)
    rank[csgraph.reverse_cuthill_mckee(graph + graph.T, symmetric_mode=True)] = np.arange(n)
    low = np.minimum(rank[pairs[:, 0]], rank[pairs[:, 1]])
    high = np.maximum(rank[pairs[:, 0]], rank[pairs[:, 1]])
    return np.lexsort((high, low))


class _PreparedCache:
    """Documents segmented and embedded at their first pair, freed after their last.

    One model call per document, as compare makes: the int8 model quantises each call's
    activations with one scale, so sharing a call across documents would make a sentence's
    vector — and so a verdict — depend on its neighbours in the batch. A document's corpus
    template sentences are blocked as it is prepared. At most ``MAX_PREPARED`` documents are
    held, so memory stays bounded even when one group of connected documents is large; beyond
    that the least recently used one is dropped, and if a later pair needs it its vectors are
    parked in the scratch store first, with its fact keys (finding the names of a long page is
    most of preparing it again). So each document is embedded once: on the benchmark
    haystack's 126k screened pairs, re-embedding dropped documents had cost 5.6 times the
    embedding of each one once (206M characters against 36.6M).

    Embedding runs ahead of the comparisons: the next ``EMBED_AHEAD`` documents the pairs will
    need for the first time are embedded on ``EMBED_THREADS`` background threads (one unless
    the embedder's ``thread_safe`` says it may be called from several) while the caller
    compares. The model's runs release the interpreter lock, so they use the core the
    comparison (mostly Python, one core) leaves idle. A vector depends only on its sentence's
    text, so results are the same as embedding on demand. Use as a context manager (the
    threads are stopped on exit).
    """

    def __init__(
        self,
        store: ScratchStore,
        embedder: Embedder,
        pairs: list[list[int]],
        blocked: dict[int, np.ndarray],
        model: dict[str, float],
    ) -> None:
        self._store = store
        self._embedder = embedder
        self._blocked = blocked
        self._model = model
        self._ready: OrderedDict[int, PreparedDocument] = OrderedDict()
        self._parked: set[int] = set()
        self._last: dict[int, int] = {}
        for k, (i, j) in enumerate(pairs):
            self._last[i] = k
            self._last[j] = k
        # positions in the order ``get`` first asks for them (dict keys keep insertion order)
        self._first_needs = list(dict.fromkeys(p for pair in pairs for p in pair))
        self._submitted = 0
        self._pending: dict[int, tuple[Document, tuple[Sentence, ...], Future[np.ndarray]]] = {}
        # an embedder that does not say it may be called from two threads at once gets one
        threads = EMBED_THREADS if getattr(embedder, "thread_safe", False) else 1
        self._processes = (
            start_workers(embedder, _embed_processes())
            if len(self._first_needs) >= EMBED_PROCESSES_FROM
            else None
        )
        if self._processes is not None:  # one thread to feed each worker
            embedder, threads = self._processes, self._processes.count
            model["processes"] = self._processes.count
        self._worker = ThreadPoolExecutor(threads, thread_name_prefix="retold-verify-embed")
        # each thread runs its document's sentences itself where the embedder allows it
        self._embed_texts = getattr(embedder, "embed_serially", embedder.embed)
        self._figures = threading.Lock()

    def __enter__(self) -> _PreparedCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self._worker.shutdown(wait=True, cancel_futures=True)
        if self._processes is not None:
            self._processes.close()
            self._model["worker_peak_mb"] = round(self._processes.peak_mb, 1)

    def get(self, position: int, k: int) -> PreparedDocument:
        """The prepared document at ``position``, for pair number ``k``."""
        if position in self._ready:
            self._ready.move_to_end(position)
            return self._ready[position]
        self._submit_ahead()
        facts: frozenset[str] | None = None
        if position in self._pending:
            document, sentences, future = self._pending.pop(position)
            start = time.perf_counter()
            vectors = future.result()
            self._model["wait_seconds"] += time.perf_counter() - start
            self._submit_ahead()
        else:  # asked for again after it was dropped: its vectors and facts were parked
            document = self._store.get(position)
            sentences = tuple(split_sentences(document.text))
            parked = self._store.parked(position)
            if parked is None:  # never parked (not reached in the pairs' order): embed now
                vectors = self._embed(document, sentences)
            else:
                vectors, facts = parked
        prepared = prepare_embedded(document, sentences, vectors, facts)
        if position in self._blocked:
            prepared = block_sentences(prepared, self._blocked[position])
        self._ready[position] = prepared
        if len(self._ready) > MAX_PREPARED:
            dropped, held = self._ready.popitem(last=False)
            if self._last[dropped] > k and dropped not in self._parked:
                self._store.park(dropped, held.vectors, held.facts)
                self._parked.add(dropped)
        return prepared

    def release(self, k: int, *positions: int) -> None:
        for position in positions:
            if self._last[position] == k:
                self._ready.pop(position, None)

    def _submit_ahead(self) -> None:
        """Hand the background threads documents until ``EMBED_AHEAD`` are pending (documents
        are read and segmented here: the scratch store belongs to this thread)."""
        while len(self._pending) < EMBED_AHEAD and self._submitted < len(self._first_needs):
            position = self._first_needs[self._submitted]
            self._submitted += 1
            document = self._store.get(position)
            sentences = tuple(split_sentences(document.text))
            future = self._worker.submit(self._embed, document, sentences)
            self._pending[position] = (document, sentences, future)

    def _embed(self, document: Document, sentences: tuple[Sentence, ...]) -> np.ndarray:
        """Embed one document's sentences, counting the model's figures (under a lock: two
        threads add to them)."""
        start = time.perf_counter()
        vectors = self._embed_texts([s.text for s in sentences])
        spent = time.perf_counter() - start
        with self._figures:
            self._model["seconds"] += spent
            self._model["documents"] += 1
            self._model["characters"] += len(document.text)
        return vectors


# --------------------------------------------------------------------------- helpers


def _embed_processes() -> int:
    """Worker processes for verify's model: ``$RETOLD_EMBED_PROCESSES`` if set to a whole
    number (0: none), else ``EMBED_THREADS``."""
    value = os.environ.get("RETOLD_EMBED_PROCESSES", "").strip()
    return int(value) if value.isdigit() else EMBED_THREADS


def _info(document: Document) -> DocumentInfo:
    return DocumentInfo(
        document.id,
        document.title,
        document.date,
        document.url,
        document.source,
        document.path,
        len(document.text),
    )


def _stats(
    infos: list[DocumentInfo],
    skips: list[Skip],
    candidates: _Candidates,
    matches: list[Match],
    stories: list[Story],
    timer: _Timer,
) -> dict[str, float]:
    stats: dict[str, float] = {
        "documents": len(infos),
        "skipped": len(skips),
        "candidates_proposed": len(candidates.proposed),
        "candidates": int(candidates.passed.sum()),
        **{f"candidates_{name}": n for name, n in candidates.by_route.items()},
        "related_pairs": len(matches),
        **{f"pairs_{rel}": n for rel, n in sorted(Counter(m.relation for m in matches).items())},
        "stories": len(stories),
    }
    stats.update({f"seconds_{name}": round(s, 3) for name, s in timer.seconds.items()})
    stats["seconds_total"] = round(sum(timer.seconds.values()), 3)
    stats.update({f"verify_model_{name}": round(v, 3) for name, v in timer.model.items()})
    return stats


class _Timer:
    """Wall seconds per named stage, and the verify stage's model figures (``model``:
    ``seconds`` inside the sentence model, summed over the threads that embed, so they can
    exceed the stage's wall time; ``wait_seconds``, how long the comparisons waited for it;
    the ``documents`` and ``characters`` it embedded; the worker ``processes`` it ran in, 0
    when it ran on threads of this process, and their largest peak memory ``worker_peak_mb``;
    reported as ``verify_model_*`` stats)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.model: dict[str, float] = {
            "seconds": 0.0,
            "wait_seconds": 0.0,
            "documents": 0,
            "characters": 0,
            "processes": 0,
            "worker_peak_mb": 0.0,
        }

    def stage(self, name: str) -> _Stage:
        return _Stage(self, name)


class _Stage:
    def __init__(self, timer: _Timer, name: str) -> None:
        self._timer, self._name = timer, name

    def __enter__(self) -> None:
        self._start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        spent = time.perf_counter() - self._start
        self._timer.seconds[self._name] = self._timer.seconds.get(self._name, 0.0) + spent


def _progress(enabled: bool, console: Console | None) -> AbstractContextManager[Progress | None]:
    if not enabled:
        return nullcontext(None)
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        console=console or Console(stderr=True),
    )


class RateColumn(ProgressColumn):
    """Items per second of a task (blank until there is a rate)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:,.0f}/s", style="progress.data.speed")
