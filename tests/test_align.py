"""``mirrored`` (an alignment seen from the other side), passages and the pair model
set-aside of ``score_pairs`` (pure, no model)."""

from __future__ import annotations

import numpy as np
import pytest

from retold import _calibration as cal
from retold._align import (
    AlignmentResult,
    _pair_model,
    _passages,
    mirrored,
    score_pairs,
)
from retold._exact import reported_passages
from retold.model import Link, Passage, Sentence


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


def _sentences(texts: list[str]) -> list[Sentence]:
    sentences, start = [], 0
    for text in texts:
        sentences.append(Sentence(text=text, start=start, end=start + len(text)))
        start += len(text) + 1
    return sentences


def test_proposals_left_out_are_below_the_threshold_and_computed_when_asked() -> None:
    # score_pairs computes the exact pair model only for proposals whose ceiling could reach
    # the link threshold; relaxed seeding asks for others. What it is given then must be what
    # scoring every proposal at once gives.
    a = _sentences(
        [
            "The central bank raised its key rate by half a point on Tuesday.",
            "Firefighters battled the blaze at the harbor warehouse for six hours.",
            "Shares of Acme Corp fell 3 percent after it cut its forecast.",
            "The council approved the plan after a long debate.",
        ]
    )
    b = _sentences(
        [
            "On Tuesday the central bank lifted its main rate by half a point.",
            "Tickets for the concert went on sale this morning.",
            "The council approved the plan after a long debate.",
            "A new bakery opened on Main Street with a queue around the block.",
            "Rain is expected across the region over the weekend.",
        ]
    )
    rng = np.random.default_rng(1)
    a_vecs = rng.normal(size=(len(a), 8)).astype(np.float32)
    b_vecs = rng.normal(size=(len(b), 8)).astype(np.float32)
    a_vecs /= np.linalg.norm(a_vecs, axis=1, keepdims=True)
    b_vecs /= np.linalg.norm(b_vecs, axis=1, keepdims=True)
    scored = score_pairs(a, b, a_vecs, b_vecs)
    left_out = [pair for pair in scored.order if pair not in scored.decided]
    assert left_out, "the fixture must have proposals to leave out"
    assert scored.order[0] == (3, 2)  # the copied sentence took the shortcut, and comes first
    assert scored.decided[(3, 2)] == 1.0
    every = _pair_model(scored.order[1:], scored.a_texts, scored.b_texts, scored.features)
    assert all(every[pair] < cal.LINK_THRESHOLD for pair in left_out)
    assert scored.probabilities(scored.order[1:]) == [every[p] for p in scored.order[1:]]
    assert set(scored.decided) == set(scored.order)


def test_a_heading_is_never_proposed_unless_copied() -> None:
    # Short sentences (headings, fragments) are masked out of linking. Their zeroed rows and
    # columns have no best partner: the arg-max of zeros is sentence 0, and two pages opening
    # with headings on one topic had their headings proposed, and linked, that way.
    a = _sentences(
        ["Diagnosing mesothelioma", "Doctors take a biopsy of the lining of the lung to be sure."]
    )
    b = _sentences(
        ["What is Mesothelioma?", "It is a cancer of the thin lining that covers the organs."]
    )
    vectors = np.eye(2, dtype=np.float32)  # the headings as close as can be: cosine 1
    scored = score_pairs(a, b, vectors, vectors)
    assert all(0 not in (i, j) for i, j in scored.order)
    copied = _sentences(["What is Mesothelioma?", a[1].text])
    assert (0, 0) in score_pairs(copied, b, vectors, vectors).order


def test_runs_with_the_mass_of_a_passage_are_passages_and_weak_runs_are_not() -> None:
    a = _sentences([f"a{i}" for i in range(30)])
    b = _sentences([f"b{j}" for j in range(30)])
    strong_run = [Link(a=(i,), b=(i + 1,), kind="edited", score=0.6) for i in (2, 3)]
    lone = Link(a=(25,), b=(28,), kind="paraphrased", score=0.7)
    passages, weak = _passages([*strong_run, lone], a, b)
    assert passages == (
        Passage(
            a_start=a[2].start, a_end=a[3].end, b_start=b[3].start, b_end=b[4].end, links=(0, 1)
        ),
    )
    assert weak is None  # a real passage exists: nothing falls back


def test_a_derived_pair_without_a_passage_reports_its_heaviest_run() -> None:
    a = _sentences([f"a{i}" for i in range(30)])
    b = _sentences([f"b{j}" for j in range(30)])
    links = [
        Link(a=(1,), b=(2,), kind="paraphrased", score=0.3),
        Link(a=(20,), b=(25,), kind="paraphrased", score=0.9),  # one lifted, reworded sentence
        Link(a=(9,), b=(12,), kind="paraphrased", score=0.4),
    ]
    passages, weak = _passages(links, a, b)
    expected = Passage(a[20].start, a[20].end, b[25].start, b[25].end, links=(1,))
    assert passages == ()
    assert weak == expected
    matrix = np.zeros((30, 30), np.float32)
    alignment = AlignmentResult(tuple(links), (), (), passages, matrix, matrix, matrix, weak)
    a_text, b_text = " ".join(s.text for s in a), " ".join(s.text for s in b)
    assert reported_passages(alignment, True, a, b, a_text, b_text) == (expected,)
    assert reported_passages(alignment, False, a, b, a_text, b_text) == ()
    # Seen from the other side, the fallback is the same span with the sides swapped.
    flipped = mirrored(alignment).weak_passage
    assert flipped is not None
    assert (flipped.a_start, flipped.a_end, flipped.b_start, flipped.b_end) == (
        b[25].start,
        b[25].end,
        a[20].start,
        a[20].end,
    )
    assert [mirrored(alignment).links[k] for k in flipped.links] == [
        Link(a=(25,), b=(20,), kind="paraphrased", score=0.9)
    ]


def test_overlap_counts_are_the_same_from_the_dense_and_the_sparse_product(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Small sentence lists multiply dense, long pages sparse; the counts must not depend on it.
    from retold import _lexical

    a = [
        "The central bank raised its key rate by half a point on Tuesday.",
        "Rates rose 2% in May, the bank said.",
        "Firefighters battled the blaze at the harbor warehouse.",
    ]
    b = [
        "On Tuesday the central bank lifted its main rate.",
        "The bank said rates climbed in May.",
        "Nothing in common here at all.",
        "",
    ]
    dense = _lexical.overlap_matrices(a, b)
    monkeypatch.setattr(_lexical, "DENSE_CELLS", 0)
    sparse = _lexical.overlap_matrices(a, b)
    for name in ("terms", "jaccard", "bigrams", "length_ratio"):
        assert np.array_equal(getattr(dense, name), getattr(sparse, name)), name
    assert dense.terms[1, 1] > 0.5
    assert dense.terms[2, 2] == 0.0
