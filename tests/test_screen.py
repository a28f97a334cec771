"""The scan's screen: cheap pair features, and the calibrated gate in front of the compare core.

Features are checked on hand-made fingerprints with known answers; the calibrated gate is
checked on the invented article fixtures through the real static model: a copy, a spun
rewrite and a lifted passage of the wire must pass it, an unrelated article must not.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from retold._anchors import sampled_shingles
from retold._load import load_document
from retold._minhash import shingle_hashes, signature
from retold._neighbours import centred
from retold._screen import (
    SCREEN_FEATURES,
    ScreenPrint,
    passes_screen,
    screen_features,
    screen_probability,
    screen_rows,
)
from retold._segment import split_sentences
from retold._static import load_static_embedder


def unit(rows: list[list[float]]) -> np.ndarray:
    m = np.array(rows, np.float32)
    return (m / np.linalg.norm(m, axis=1, keepdims=True)).astype(np.float16)


def hand_print(sentences: np.ndarray, sampled: list[int], sig: int) -> ScreenPrint:
    vector = np.ones(3, np.float32) / np.sqrt(3)
    return ScreenPrint(
        sentences, np.array(sampled, np.uint32), np.full(128, sig, np.uint32), vector
    )


def feature(row: np.ndarray, name: str) -> float:
    return float(row[SCREEN_FEATURES.index(name)])


def test_features_read_the_shorter_side_and_count_close_matches() -> None:
    a = hand_print(unit([[1, 0, 0], [0, 1, 0]]), [4, 8, 12, 16], 1)
    b = hand_print(unit([[1, 0, 0], [0, 0, 1], [0, 1, 0.2]]), [8, 16, 20], 1)
    row = screen_features(a, b)
    assert row.shape == (len(SCREEN_FEATURES),)
    assert feature(row, "cover_80") == pytest.approx(1.0)  # both of A's sentences match
    assert feature(row, "cover_90") == pytest.approx(1.0)
    assert feature(row, "matches_85") == pytest.approx(np.log1p(2))
    assert feature(row, "containment") == pytest.approx(2 / 3)  # {8, 16} of the smaller set
    assert feature(row, "shared_shingles") == pytest.approx(np.log1p(2))
    assert feature(row, "jaccard") == pytest.approx(1.0)
    assert feature(row, "short_sentences") == pytest.approx(np.log1p(2))
    assert np.array_equal(row, screen_features(b, a))  # symmetric


def test_features_of_texts_with_nothing_in_common() -> None:
    a = hand_print(unit([[1, 0, 0]]), [4], 1)
    b = hand_print(unit([[0, 1, 0]]), [8], 2)
    row = screen_features(a, b)
    assert feature(row, "cover_80") == 0.0
    assert feature(row, "containment") == 0.0
    assert feature(row, "jaccard") == 0.0


def test_a_document_without_sentences_does_not_break_the_features() -> None:
    empty = hand_print(np.zeros((0, 3), np.float16), [], 3)
    row = screen_features(empty, hand_print(unit([[1, 0, 0]]), [4], 1))
    assert np.all(np.isfinite(row))
    assert feature(row, "cover_80") == 0.0


def random_print(rng: np.random.Generator, sentences: int) -> ScreenPrint:
    rows = rng.normal(size=(sentences, 8)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    vector = rng.normal(size=8).astype(np.float32)
    return ScreenPrint(
        rows.astype(np.float16),
        np.unique(rng.integers(0, 40, size=rng.integers(0, 12))).astype(np.uint32),
        rng.integers(0, 3, size=128).astype(np.uint32),
        vector / np.linalg.norm(vector),
    )


def test_one_document_against_many_gives_the_pairwise_rows() -> None:
    """Screening a document's candidates together (one product for all their sentences)
    gives each pair's own features, whichever side is shorter, with empty documents among
    them; only float rounding of the products may differ."""
    rng = np.random.default_rng(7)
    one = random_print(rng, 4)
    others = [random_print(rng, n) for n in (1, 4, 9, 0, 3, 12)]
    rows = screen_rows(one, others)
    assert rows.shape == (len(others), len(SCREEN_FEATURES))
    for k, other in enumerate(others):
        np.testing.assert_allclose(rows[k], screen_features(one, other), atol=1e-6)
    # the pair-by-pair path, written out: the shorter side's best matches
    for k, other in enumerate(others[:3]):
        short, longer = (one, other) if len(one.sentences) <= len(other.sentences) else (other, one)
        best = (short.sentences.astype(np.float32) @ longer.sentences.astype(np.float32).T).max(1)
        assert rows[k, SCREEN_FEATURES.index("cover_80")] == pytest.approx(np.mean(best >= 0.8))
        top3 = np.sort(best)[-3:].mean()
        assert rows[k, SCREEN_FEATURES.index("top3")] == pytest.approx(top3, abs=1e-6)
    assert screen_rows(one, []).shape == (0, len(SCREEN_FEATURES))
    empty = ScreenPrint(np.zeros((0, 8), np.float16), one.sampled, one.signature, one.vector)
    assert np.all(np.isfinite(screen_rows(empty, others)))


def test_probability_is_a_probability_for_every_row() -> None:
    rows = np.random.default_rng(0).random((20, len(SCREEN_FEATURES)))
    p = screen_probability(rows)
    assert p.shape == (20,)
    assert np.all((p >= 0) & (p <= 1))
    assert passes_screen(rows).dtype == bool


@pytest.fixture(scope="module")
def fixture_prints(fixtures: Path) -> dict[str, ScreenPrint]:
    static = load_static_embedder()
    names = [
        "larkport-wire",
        "larkport-copy",
        "larkport-spun",
        "larkport-lifted",
        "ashcreek-wire",
        "unrelated-robotics",
    ]
    docs = [load_document(fixtures / f"{name}.txt") for name in names]
    vectors = centred(static.embed_documents([d.text for d in docs]))
    prints = {}
    for name, doc, vector in zip(names, docs, vectors, strict=True):
        shingles = shingle_hashes(doc.text)
        sentences = static.embed([s.text for s in split_sentences(doc.text)])
        prints[name] = ScreenPrint(
            sentences.astype(np.float16), sampled_shingles(shingles), signature(shingles), vector
        )
    return prints


@pytest.mark.parametrize("derived", ["larkport-copy", "larkport-spun", "larkport-lifted"])
def test_derived_versions_pass_the_screen(
    fixture_prints: dict[str, ScreenPrint], derived: str
) -> None:
    row = screen_features(fixture_prints["larkport-wire"], fixture_prints[derived])
    assert passes_screen(row)[0], screen_probability(row)


def test_an_unrelated_article_is_screened_out(fixture_prints: dict[str, ScreenPrint]) -> None:
    row = screen_features(fixture_prints["larkport-wire"], fixture_prints["unrelated-robotics"])
    copy = screen_features(fixture_prints["larkport-wire"], fixture_prints["larkport-copy"])
    assert screen_probability(row)[0] < screen_probability(copy)[0]
    assert not passes_screen(row)[0], screen_probability(row)
