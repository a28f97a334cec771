"""Shared fixtures: the invented article pairs and one real embedder for the whole session.

The pairs in ``tests/fixtures/pairs`` are invented news text: for each story (``larkport``, a
warehouse fire; ``ashcreek``, a bridge repair vote) a wire original and its derived versions
(``copy``, ``edited``, ``spun``, ``lifted``) plus an independent report of the same event
(``independent``); ``unrelated-robotics.txt`` shares nothing with either story.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import pytest

import retold
from retold._embed import Embedder
from retold.model import Comparison

FIXTURES = Path(__file__).parent / "fixtures" / "pairs"

CompareFiles = Callable[[str, str], Comparison]


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The real packaged model (MiniLM int8), loaded once for every model test."""
    return retold.load_embedder()


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """The folder of invented article pairs."""
    return FIXTURES


@pytest.fixture(scope="session")
def compare_files(embedder: Embedder, fixtures: Path) -> CompareFiles:
    """``compare_files("x.txt", "y.txt")``: compare two fixture files with the shared model.

    Results are cached per pair (a :class:`Comparison` is immutable), so tests that look at
    different parts of one comparison pay for it once.
    """

    @functools.cache
    def run(a_name: str, b_name: str) -> Comparison:
        return retold.compare(fixtures / a_name, fixtures / b_name, embedder=embedder)

    return run
