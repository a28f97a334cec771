"""The index's ANN file: nearest stored documents by raw cosine, exact up to a size."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from retold.index import _vectors
from retold.index._vectors import VectorFile

DIM = 32


def _filled(folder: Path, vectors: np.ndarray) -> VectorFile:
    graph = VectorFile(folder, DIM)
    graph._graph.add(np.arange(len(vectors)), vectors)
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
