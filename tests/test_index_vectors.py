"""The index's ANN file: nearest stored documents by raw cosine, exact up to a size."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from retold.index import _vectors
from retold.index._vectors import WINDOW_BITS, VectorFile, window_keys

DIM = 32


def _filled(folder: Path, vectors: np.ndarray) -> VectorFile:
    graph = VectorFile(folder, DIM)
    graph._documents.graph.add(np.arange(len(vectors)), vectors)
    return graph


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)


def _crowd_and_outliers(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A tight crowd (the news that fills an archive) and a few far-off documents (literary
    texts), with queries near the far-off ones: where a graph walk can miss its target."""
    rng = np.random.default_rng(seed)
    centre = rng.normal(size=DIM)
    crowd = centre + rng.normal(scale=0.3, size=(3000, DIM))
    outliers = rng.normal(size=(20, DIM))
    queries = outliers + rng.normal(scale=0.05, size=outliers.shape)
    return _unit(np.vstack([crowd, outliers])), _unit(queries)


def _true_nearest(stored: np.ndarray, query: np.ndarray, k: int) -> list[int]:
    return np.argsort(-(stored @ query), kind="stable")[:k].tolist()


def test_a_small_index_finds_the_exact_nearest_documents(tmp_path: Path) -> None:
    stored, queries = _crowd_and_outliers(seed=1)
    graph = _filled(tmp_path, stored)
    for n, query in enumerate(queries):
        keys, cosines = graph.search(query, 5)
        assert keys[0] == 3000 + n  # the outlier the query was made from
        assert set(keys.tolist()) == set(_true_nearest(stored, query, 5))
        expected = np.sort(stored[keys] @ query)[::-1]
        assert np.allclose(np.sort(cosines)[::-1], expected, atol=2e-3)  # f16 storage


def test_a_large_index_walks_the_graph_and_still_finds_neighbours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_vectors, "EXACT_SEARCH_MAX", 0)
    stored, queries = _crowd_and_outliers(seed=2)
    graph = _filled(tmp_path, stored)
    found = [graph.search(query, 5)[0].tolist() for query in queries]
    assert all(len(keys) == 5 and len(set(keys)) == 5 for keys in found)
    own = [keys[0] == 3000 + n for n, keys in enumerate(found)]
    assert np.mean(own) >= 0.9


def test_an_empty_index_or_a_zero_query_finds_nothing(tmp_path: Path) -> None:
    graph = VectorFile(tmp_path, DIM)
    assert graph.search(np.ones(DIM, np.float32), 5)[0].size == 0
    filled = _filled(tmp_path, _unit(np.ones((3, DIM))))
    assert filled.search(np.zeros(DIM, np.float32), 5)[0].size == 0


def test_window_keys_name_the_document_and_the_window() -> None:
    rng = np.random.default_rng(3)
    long_doc = _unit(rng.normal(size=(20, DIM)))  # windows at sentences 0, 4, 8 and 12
    short_doc = _unit(rng.normal(size=(3, DIM)))  # one window
    keys, windows = window_keys(np.array([7, 42]), [long_doc, short_doc])
    assert (keys >> WINDOW_BITS).tolist() == [7, 7, 7, 7, 42]
    assert (keys & ((1 << WINDOW_BITS) - 1)).tolist() == [0, 1, 2, 3, 0]
    assert np.allclose(windows[-1], _unit(short_doc.sum(axis=0)), atol=1e-6)


def test_window_search_returns_documents_and_stored_vectors(tmp_path: Path) -> None:
    rng = np.random.default_rng(4)
    docs = [_unit(rng.normal(size=(n, DIM))) for n in (20, 9, 3)]
    graph = VectorFile(tmp_path, DIM)
    graph.add(np.array([1, 2, 3]), _unit(rng.normal(size=(3, DIM))), docs)
    assert graph.windows() == 4 + 2 + 1
    _, windows = window_keys(np.array([1, 2, 3]), docs)
    positions, stored = graph.search_windows(windows[:1], 10)  # one query window
    assert positions.shape == (1, 7)
    assert positions[0, 0] == 1  # its own window, nearest
    assert np.allclose(stored[0, 0], windows[0], atol=2e-3)  # as stored, f16
    # more neighbours asked than stored windows: the row is cut to what exists
    positions, stored = graph.search_windows(windows, 50)
    assert positions.shape == (7, 7)
    assert stored.shape == (7, 7, DIM)
    assert sorted(set(positions.ravel().tolist())) == [1, 2, 3]
    graph.remove(1)
    assert graph.windows() == 3
    positions, _ = graph.search_windows(windows[:2], 5)
    assert 1 not in positions.tolist()


def test_an_empty_window_graph_finds_nothing(tmp_path: Path) -> None:
    graph = VectorFile(tmp_path, DIM)
    positions, stored = graph.search_windows(_unit(np.ones((2, DIM))), 5)
    assert positions.shape == (2, 0)
    assert stored.shape == (2, 0, DIM)


def test_a_text_with_more_windows_than_a_key_holds_keeps_its_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_vectors, "WINDOW_BITS", 2)  # four windows a document
    rows = _unit(np.random.default_rng(5).normal(size=(40, DIM)))  # nine windows
    keys, windows = window_keys(np.array([3, 4]), [rows, rows[:5]])
    assert keys.tolist() == [12, 13, 14, 15, 16]  # 3 << 2 | 0..3, then 4 << 2 | 0
    assert len(windows) == 5
