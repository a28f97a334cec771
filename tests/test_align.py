"""``mirrored``: an alignment seen from the other side (pure, no model)."""

from __future__ import annotations

import numpy as np

from retold._align import AlignmentResult, mirrored
from retold.model import Link, Passage


def _alignment() -> AlignmentResult:
    """A (5 sentences) and B (3): B0 merges A2+A3, B2 is A0; B1, A1 and A4 stand alone."""
    links = (
        Link(a=(2, 3), b=(0,), kind="paraphrased", score=0.9),
        Link(a=(0,), b=(2,), kind="copied", score=1.0),
    )
    passages = (Passage(a_start=40, a_end=90, b_start=0, b_end=30, links=(0,)),)
    matrix = np.arange(15, dtype=np.float32).reshape(5, 3)
    return AlignmentResult(links, (1,), (1, 4), passages, matrix, matrix + 1, matrix + 2)


def test_mirrored_swaps_the_sides_and_renumbers_links_in_the_new_b_order() -> None:
    flipped = mirrored(_alignment())
    # New B is old A: A0's link comes first now, the merge second (a split from this side).
    assert flipped.links == (
        Link(a=(2,), b=(0,), kind="copied", score=1.0),
        Link(a=(0,), b=(2, 3), kind="paraphrased", score=0.9),
    )
    assert flipped.passages == (Passage(a_start=0, a_end=30, b_start=40, b_end=90, links=(1,)),)
    assert (flipped.added, flipped.dropped) == ((1, 4), (1,))
    assert flipped.matrix.shape == (3, 5)
    assert flipped.matrix[2, 0] == _alignment().matrix[0, 2]
    assert flipped.cosine[1, 4] == _alignment().cosine[4, 1]


def test_mirroring_twice_gives_the_alignment_back() -> None:
    original = _alignment()
    twice = mirrored(mirrored(original))
    assert twice.links == original.links
    assert twice.passages == original.passages
    assert (twice.added, twice.dropped) == (original.added, original.dropped)
    assert np.array_equal(twice.jaccard, original.jaccard)
