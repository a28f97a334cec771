"""The pair model's lexical features on sentences small enough to count by hand."""

from __future__ import annotations

import numpy as np
import pytest

from retold._linkscore import MATRIX_FEATURES, PAIR_FEATURES, pair_features


def _features(a: str, b: str) -> dict[str, float]:
    row = pair_features(a, b, np.zeros(len(MATRIX_FEATURES), np.float32))
    return dict(zip(PAIR_FEATURES, row.tolist(), strict=True))


def test_ngram_precision_clips_repeated_words_in_both_directions() -> None:
    # unigrams: A = the x3, cat, sat (5); B = the, cat, sat, down (4); shared, clipped: 3
    # bigrams: A = the the x2, the cat, cat sat (4); B = the cat, cat sat, sat down (3); shared 2
    features = _features("The the the cat sat.", "The cat sat down.")
    assert features["p1_max"] == pytest.approx(3 / 4)
    assert features["p1_min"] == pytest.approx(3 / 5)
    assert features["p2_max"] == pytest.approx(2 / 3)
    assert features["p2_min"] == pytest.approx(2 / 4)
    assert features["p4_max"] == 0.0


def test_features_are_symmetric_where_they_should_be() -> None:
    a, b = "Rates rose 2% in May, the bank said.", "The bank said rates climbed in May."
    forward, backward = _features(a, b), _features(b, a)
    for name in ("p1_max", "p1_min", "p3_max", "char4_jaccard", "unmatched_max", "length_gap"):
        assert forward[name] == pytest.approx(backward[name])
    assert forward["numbers_differ"] == 1.0  # "2" is only in A


def test_a_sentence_shorter_than_the_ngram_has_zero_precision_not_an_error() -> None:
    features = _features("Yes.", "Yes.")
    assert features["p1_max"] == 1.0
    assert features["p2_max"] == features["p2_min"] == 0.0
