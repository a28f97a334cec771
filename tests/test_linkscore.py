"""The sentence-link pair model on hand-written sentences (no embedding model needed).

The cosine is held fixed within each comparison, so a score moves only with the lexical and
fact signals of ``pair_features``: these tests pin what those signals must do, not the fitted
weights.
"""

from __future__ import annotations

import numpy as np
import pytest

from retold._lexical import overlap_matrices, words
from retold._linkscore import (
    PAIR_FEATURES,
    _edit_distance,
    _profile,
    matrix_features,
    pair_features,
    pair_probability,
)

SOURCE = "The company said profits rose 12 percent to 4.5 billion dollars in the third quarter."
RETOLD = "Profits rose 12 percent to 4.5 billion dollars in the third quarter, the company said."


def _features(a: str, b: str, cosine: float = 0.85) -> np.ndarray:
    row = matrix_features(np.array([[cosine]]), overlap_matrices([a], [b]))[0, 0]
    return pair_features(a, b, row)


def _score(a: str, b: str, cosine: float = 0.85) -> float:
    return float(pair_probability(_features(a, b, cosine))[0])


def _feature(a: str, b: str, name: str) -> float:
    return float(_features(a, b)[PAIR_FEATURES.index(name)])


def _levenshtein(x: list[str], y: list[str]) -> int:
    """Textbook dynamic-programming edit distance, the reference for the bit-parallel one."""
    previous = list(range(len(y) + 1))
    for i, token in enumerate(x, 1):
        current = [i]
        for j, other in enumerate(y, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (token != other))
            )
        previous = current
    return previous[-1]


def test_pair_features_has_one_value_per_named_column() -> None:
    assert _features(SOURCE, RETOLD).shape == (len(PAIR_FEATURES),)


def test_a_number_disagreement_lowers_the_link_score() -> None:
    changed = RETOLD.replace("12 percent", "15 percent").replace("4.5 billion", "3.2 billion")
    assert _score(SOURCE, changed) < _score(SOURCE, RETOLD)


def test_a_negation_on_one_side_lowers_the_link_score() -> None:
    a = "The minister will sign the trade agreement with Canada next week."
    negated = "The minister will not sign the trade agreement with Canada next week."
    reworded = "Next week the minister will sign the trade agreement with Canada."
    assert _score(a, negated) < _score(a, reworded)
    assert _feature(a, negated, "negation_count_gap") > _feature(a, reworded, "negation_count_gap")


def test_an_added_clause_lowers_the_link_score() -> None:
    longer = RETOLD.rstrip(".") + ", while its chief executive resigned after a fraud inquiry."
    assert _score(SOURCE, longer) < _score(SOURCE, RETOLD)


def test_a_different_name_lowers_the_link_score() -> None:
    a = "Police in Leeds arrested Michael Carter on Tuesday after the robbery."
    same = "Michael Carter was arrested by police in Leeds on Tuesday after the robbery."
    other = "Michael Carter was arrested by police in Bristol on Tuesday after the robbery."
    assert _score(a, other) < _score(a, same)


def test_content_bigrams_ignore_changed_function_words() -> None:
    a = "The rise in the price of oil worried traders on Monday."
    b = "A rise in price of oil worried the traders on Monday."
    assert _feature(a, b, "content_bigrams_min") == pytest.approx(1.0)
    reordered = "Traders on Monday worried about oil and the price rise."
    assert _feature(a, reordered, "content_bigrams_min") < 0.5


def test_content_skip_bigrams_tolerate_an_inserted_word() -> None:
    a = "Officials closed the old bridge on Friday."
    b = "Officials quietly closed the old bridge on Friday."
    assert _feature(a, b, "content_skips_min") > _feature(a, b, "content_bigrams_min")


def test_word_edit_distance_counts_word_edits_over_the_longer_sentence() -> None:
    a = "the council approved the new budget on monday"
    b = "the council rejected the new budget on monday"
    assert _feature(a, b, "word_edit_distance") == pytest.approx(1 / len(words(a)))
    assert _feature(a, a, "word_edit_distance") == 0.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (SOURCE, RETOLD),
        ("a b c d e", "e d c b a"),
        ("the the the cat", "the cat the the the"),
        ("", "two words"),
        ("two words", ""),
        ("", ""),
        (" ".join(f"w{k}" for k in range(90)), " ".join(f"w{k}" for k in range(5, 100, 2))),
    ],
)
def test_bit_parallel_edit_distance_matches_the_textbook_one(a: str, b: str) -> None:
    expected = _levenshtein(words(a), words(b))
    assert _edit_distance(_profile(a), _profile(b)) == expected
    assert _edit_distance(_profile(b), _profile(a)) == expected
