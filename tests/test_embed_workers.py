"""Verify's sentence model in worker processes (``retold._embed_workers``): the same vectors
as in this process, a failed worker replaced by this process with one warning, workers
stopped on close, and a scan that uses them reaching the same verdicts."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from retold._embed import Embedder
from retold._embed_workers import WorkerEmbedder, start_workers
from retold._scan import scan
from retold.model import Document, ScanResult
from retold.sources import iter_documents

FIXTURES = Path(__file__).parent / "fixtures" / "pairs"


TEXTS = [
    "PORTVALE, Ore. — A three-alarm fire destroyed a cold-storage warehouse late Monday.",
    "Fire Chief Dana Okafor said 42 firefighters responded.",
    "« Nous reconstruirons », a déclaré le maire — 東京 café naïve.",
    "PORTVALE, Ore. — A three-alarm fire destroyed a cold-storage warehouse late Monday.",
    "",
    "word " * 400,
]


def processes(pool: WorkerEmbedder) -> list:
    return [w._process for w in pool._workers if w._process is not None]


@pytest.mark.model
def test_workers_give_the_vectors_of_this_process(embedder: Embedder) -> None:
    with start_workers(embedder, 2) as pool:
        assert pool is not None
        vectors = pool.embed(TEXTS)
        assert vectors.dtype == np.float32
        assert np.array_equal(vectors, embedder.embed(TEXTS))
        assert pool.embed([]).shape == (0, 384)
        # two threads at once, each on its own worker
        results: dict[int, np.ndarray] = {}

        def run(k: int) -> None:
            results[k] = pool.embed(TEXTS[k::2])

        threads = [threading.Thread(target=run, args=(k,)) for k in (0, 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for k in (0, 1):
            assert np.array_equal(results[k], embedder.embed(TEXTS[k::2]))
        assert pool.served == 4


@pytest.mark.model
def test_close_stops_every_worker(embedder: Embedder) -> None:
    pool = start_workers(embedder, 2)
    assert pool is not None
    pool.embed(TEXTS[:1])
    running = processes(pool)
    assert len(running) == 2
    pool.close()
    assert all(p.poll() is not None for p in running)
    assert pool.peak_mb > 50  # a loaded model, read from /proc before the worker stopped
    pool.close()  # a second close is harmless


@pytest.mark.model
def test_a_dead_worker_is_replaced_by_this_process_with_one_warning(
    embedder: Embedder, caplog: pytest.LogCaptureFixture
) -> None:
    with start_workers(embedder, 1) as pool:
        assert pool is not None
        pool.embed(TEXTS[:1])
        processes(pool)[0].kill()
        processes(pool)[0].wait()
        with caplog.at_level(logging.WARNING, logger="retold.embed"):
            first = pool.embed(TEXTS)
            second = pool.embed(TEXTS[:2])
        assert np.array_equal(first, embedder.embed(TEXTS))
        assert np.array_equal(second, embedder.embed(TEXTS[:2]))
        warnings = [r for r in caplog.records if r.name == "retold.embed"]
        assert len(warnings) == 1
        assert "embedding in this process instead" in warnings[0].getMessage()
        assert pool.served == 1


@pytest.mark.model
def test_a_worker_that_cannot_load_the_model_says_why(
    embedder: Embedder, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    spec = {"model": str(tmp_path / "missing.onnx"), "tokenizer": "nope.txt", "name": "x"}
    with WorkerEmbedder(spec, embedder, 1) as pool, caplog.at_level(logging.WARNING):
        assert np.array_equal(pool.embed(TEXTS[:2]), embedder.embed(TEXTS[:2]))
    assert "cannot load the model" in caplog.text
    assert pool.served == 0


class PlainEmbedder:
    """A caller's own embedder: no recipe a worker process could rebuild it from."""

    name = "plain"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return np.ones((len(texts), 384), np.float32) / np.sqrt(384)


def test_only_a_model_with_a_recipe_moves_to_workers(embedder: Embedder) -> None:
    assert start_workers(PlainEmbedder(), 2) is None
    assert start_workers(embedder, 0) is None


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return list(iter_documents([FIXTURES]))


def key(result: ScanResult) -> tuple[object, ...]:
    return tuple((m.a, m.b, m.relation, m.direction, m.scores) for m in result.matches), (
        result.stories
    )


@pytest.mark.model
def test_a_scan_with_worker_processes_reaches_the_same_verdicts(
    documents: list[Document], embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_threads = scan(documents, embedder=embedder)
    started: list[tuple[WorkerEmbedder, list]] = []

    def recording(inner: Embedder, count: int) -> WorkerEmbedder | None:
        pool = start_workers(inner, count)
        if pool is not None:
            started.append((pool, processes(pool)))
        return pool

    monkeypatch.setattr("retold._scan.EMBED_PROCESSES_FROM", 0)
    monkeypatch.setattr("retold._scan.start_workers", recording)
    monkeypatch.setenv("RETOLD_EMBED_PROCESSES", "2")
    on_workers = scan(documents, embedder=embedder)
    assert key(on_workers) == key(on_threads)
    assert (
        on_threads.stats["verify_model_processes"],
        on_workers.stats["verify_model_processes"],
    ) == (0, 2)
    assert on_threads.stats["verify_model_worker_peak_mb"] == 0
    assert on_workers.stats["verify_model_worker_peak_mb"] > 50
    ((pool, workers),) = started
    assert pool.served == on_threads.stats["verify_model_documents"] > 0
    assert len(workers) == 2
    assert all(p.poll() is not None for p in workers)  # stopped when verify ended
    # RETOLD_EMBED_PROCESSES=0 keeps the model on threads
    monkeypatch.setenv("RETOLD_EMBED_PROCESSES", "0")
    assert key(scan(documents, embedder=embedder)) == key(on_threads)
    assert len(started) == 1
