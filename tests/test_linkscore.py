"""The pair model's lexical features on sentences small enough to count by hand."""

from __future__ import annotations

import numpy as np
import pytest

from retold._linkscore import (
    MATRIX_FEATURES,
    PAIR_FEATURES,
    pair_feature_rows,
    pair_features,
    pair_probability,
)


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


def test_clipped_overlap_counts_a_word_repeated_on_both_sides_as_often_as_the_rarer_side() -> None:
    # A = the x3, cat (4); B = the x2, dog (3): "the" is shared twice, nothing else
    features = _features("The the cat the.", "The the dog.")
    assert features["p1_max"] == pytest.approx(2 / 3)
    assert features["p1_min"] == pytest.approx(2 / 4)
    # bigrams: A = the the, the cat, cat the (3); B = the the, the dog (2): one shared
    assert features["p2_max"] == pytest.approx(1 / 2)
    assert features["p2_min"] == pytest.approx(1 / 3)


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


_SENTENCES = (
    "The central bank raised its key interest rate by half a point on Tuesday.",
    "On Tuesday the central bank lifted its main rate by 0.5 percentage points.",
    "Rates rose 2% in May, the bank said.",
    "The bank said rates climbed in May.",
    "Firefighters battled the blaze at the harbor warehouse for six hours.",
    "The warehouse fire at the harbour took firefighters six hours to put out.",
    "Shares of Acme Corp fell 3 percent after the company cut its forecast.",
    "It was not the first time the council had rejected the plan.",
    "The council approved the plan.",
    "Yes.",
    "the the the the cat cat sat",
)


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_the_ceiling_probability_is_never_below_the_exact_one(
    sign: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The alignment skips the exact pair model for proposals whose ceiling is below the link
    # threshold; a ceiling under the exact probability would silently drop real links. Checked
    # with the fitted weights and with every weight's sign flipped (other corners, order 0).
    from retold import _calibration as cal

    monkeypatch.setattr(cal, "PAIR_WEIGHTS", tuple(sign * w for w in cal.PAIR_WEIGHTS))
    texts = list(_SENTENCES)
    pairs = [(i, j) for i in range(len(texts)) for j in range(len(texts))]
    rng = np.random.default_rng(0)
    matrix = rng.uniform(0, 1, (len(texts), len(texts), len(MATRIX_FEATURES))).astype(np.float32)
    exact = pair_probability(pair_feature_rows(texts, texts, pairs, matrix))
    single = pair_probability(
        np.stack([pair_features(texts[i], texts[j], matrix[i, j]) for i, j in pairs])
    )
    assert (exact == single).all()
    ceiling = pair_probability(pair_feature_rows(texts, texts, pairs, matrix, ceiling=True))
    assert (ceiling >= exact - 1e-6).all()
    assert (ceiling > exact + 1e-3).any()  # it is a bound, not the same computation


def test_the_ceiling_keeps_the_cheap_features_exact() -> None:
    a, b = _SENTENCES[2], _SENTENCES[3]
    row = np.zeros(len(MATRIX_FEATURES), np.float32)
    exact = dict(zip(PAIR_FEATURES, pair_features(a, b, row).tolist(), strict=True))
    ceiling_row = pair_feature_rows([a], [b], [(0, 0)], row.reshape(1, 1, -1), ceiling=True)[0]
    ceiling = dict(zip(PAIR_FEATURES, ceiling_row.tolist(), strict=True))
    dear = {"word_order_ratio", *(f"p{n}_{side}" for n in (2, 3, 4) for side in ("max", "min"))}
    assert {k: v for k, v in exact.items() if k not in dear} == {
        k: v for k, v in ceiling.items() if k not in dear
    }
    assert ceiling["word_order_ratio"] >= exact["word_order_ratio"]
