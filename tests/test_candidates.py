"""The scan's candidate routes without the model: MinHash/LSH, rare anchors, nearest vectors.

Every input is made by hand (or from a seeded word generator) so the right answer is known:
which pairs must be proposed, which must not, and how close a MinHash estimate must be.
"""

from __future__ import annotations

import numpy as np
import pytest

from retold import _minhash, _neighbours
from retold._anchors import rare_word_features, sampled_shingles, shared_rare, top_partners
from retold._minhash import (
    NUM_PERM,
    jaccard_estimate,
    lsh_pairs,
    shingle_hashes,
    signature,
    unique_pairs,
    word_hashes,
)
from retold._neighbours import centred, nearest_pairs, nearest_window_pairs, window_vectors


def words(seed: int, n: int) -> list[str]:
    """``n`` made-up words (distinct enough that 5-grams almost never repeat)."""
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    return ["".join(rng.choice(letters, size=rng.integers(4, 9))) for _ in range(n)]


def text(tokens: list[str]) -> str:
    return " ".join(tokens)


def true_jaccard(a: str, b: str) -> float:
    sa, sb = set(shingle_hashes(a).tolist()), set(shingle_hashes(b).tolist())
    return len(sa & sb) / len(sa | sb)


def pairs_of(array: np.ndarray) -> list[tuple[int, int]]:
    return [(int(i), int(j)) for i, j in array.tolist()]


# --------------------------------------------------------------------------- shingles, MinHash


def test_word_hashes_ignore_case_and_punctuation() -> None:
    assert np.array_equal(
        word_hashes("The Harbor, re-opened!"), word_hashes("the harbor re opened")
    )
    assert word_hashes("").size == 0


def test_shingles_are_sorted_distinct_and_stable() -> None:
    body = text(words(1, 60))
    shingles = shingle_hashes(body)
    assert shingles.dtype == np.uint32
    assert shingles.size == 56  # 60 words, 5-grams, no repeats
    assert np.array_equal(shingles, np.unique(shingles))
    assert np.array_equal(shingles, shingle_hashes(body.upper()))


def test_short_and_empty_texts() -> None:
    assert shingle_hashes("two words").size == 1
    assert np.array_equal(shingle_hashes("two words"), shingle_hashes("Two, words."))
    assert shingle_hashes("  ...  ").size == 0
    empty = signature(shingle_hashes(""))
    assert empty.shape == (NUM_PERM,)
    assert (empty == np.iinfo(np.uint32).max).all()


def test_identical_texts_have_identical_signatures() -> None:
    body = text(words(2, 200))
    a = signature(shingle_hashes(body))
    b = signature(shingle_hashes(" ".join(body.split())))
    assert a.dtype == np.uint32
    assert a.shape == (NUM_PERM,)
    assert np.array_equal(a, b)
    assert jaccard_estimate(a, b) == 1.0
    other = signature(shingle_hashes(text(words(3, 200))))
    assert jaccard_estimate(a, other) < 0.05


@pytest.mark.parametrize("shared", [60, 150, 250])
def test_jaccard_estimate_is_close_to_the_true_jaccard(shared: int) -> None:
    common = words(10, shared)
    a = text(common + words(11, 300 - shared))
    b = text(words(12, 300 - shared) + common)
    truth = true_jaccard(a, b)
    assert 0.05 < truth < 0.95  # the construction really gives a partial overlap
    estimate = jaccard_estimate(signature(shingle_hashes(a)), signature(shingle_hashes(b)))
    assert estimate == pytest.approx(truth, abs=0.1)


def test_signature_of_a_long_text_uses_every_chunk() -> None:
    """Texts longer than one hashing chunk: a change at the very end still moves the minima."""
    body = words(20, 20_000)
    a = signature(shingle_hashes(text(body)))
    b = signature(shingle_hashes(text(body[:-3000] + words(21, 3000))))
    assert not np.array_equal(a, b)
    assert jaccard_estimate(a, b) == pytest.approx(0.85, abs=0.1)


# --------------------------------------------------------------------------- LSH


def signatures(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    shingles = [shingle_hashes(t) for t in texts]
    return np.stack([signature(s) for s in shingles]), np.array([s.size == 0 for s in shingles])


def test_lsh_finds_a_near_duplicate_and_not_an_unrelated_text() -> None:
    base = words(30, 300)
    near = list(base)
    near[100] = "changed"
    near[200] = "altered"
    texts = [text(words(31, 300)), text(base), text(words(32, 300)), text(near)]
    sigs, empty = signatures(texts)
    assert pairs_of(lsh_pairs(sigs, empty)) == [(1, 3)]


def test_lsh_pairs_every_copy_of_a_small_group() -> None:
    base = text(words(33, 200))
    texts = [base, text(words(34, 200)), base, base]
    sigs, empty = signatures(texts)
    assert pairs_of(lsh_pairs(sigs, empty)) == [(0, 2), (0, 3), (2, 3)]


def test_an_oversized_bucket_becomes_a_star() -> None:
    copies = _minhash.MAX_BUCKET + 6
    base = text(words(35, 100))
    texts = [text(words(36, 100)), *([base] * copies)]
    sigs, empty = signatures(texts)
    found = pairs_of(lsh_pairs(sigs, empty))
    # a star around the bucket's first member, not the ~2,000 pairs of all against all
    assert found == [(1, j) for j in range(2, copies + 1)]


def test_a_bucket_at_the_limit_is_paired_in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_minhash, "MAX_BUCKET", 4)
    base = text(words(37, 100))
    sigs, empty = signatures([base] * 4)
    assert len(lsh_pairs(sigs, empty)) == 6
    sigs, empty = signatures([base] * 5)
    assert pairs_of(lsh_pairs(sigs, empty)) == [(0, 1), (0, 2), (0, 3), (0, 4)]


def test_empty_documents_are_never_paired() -> None:
    body = text(words(38, 100))
    sigs, empty = signatures(["", "...", body, "", body])
    assert empty.tolist() == [True, True, False, True, False]
    assert pairs_of(lsh_pairs(sigs, empty)) == [(2, 4)]
    # the flag is what keeps them apart: their all-ones signatures are equal
    assert (0, 1) in pairs_of(lsh_pairs(sigs))


def test_lsh_with_fewer_than_two_documents() -> None:
    sigs, empty = signatures([text(words(39, 50))])
    assert lsh_pairs(sigs, empty).shape == (0, 2)
    assert lsh_pairs(np.zeros((0, NUM_PERM), np.uint32)).shape == (0, 2)


def test_unique_pairs_orients_sorts_and_drops_repeats() -> None:
    parts = [np.array([[3, 1], [0, 2]]), np.zeros((0, 2), np.int64), np.array([[1, 3], [2, 2]])]
    result = unique_pairs(parts)
    assert result.dtype == np.int64
    assert pairs_of(result) == [(0, 2), (1, 3)]
    assert unique_pairs([]).shape == (0, 2)


# --------------------------------------------------------------------------- rare anchors


def features(*sets: set[int]) -> list[np.ndarray]:
    return [np.array(sorted(s), np.uint32) for s in sets]


FEATURES = features({1, 2, 3, 4}, {1, 2, 3, 9}, {1, 5}, {5, 6}, set())
"""df: 1 → 3 documents, 2, 3, 5 → 2 documents, 4, 6, 9 → 1 document."""


def test_shared_rare_counts_features_within_the_df_limits() -> None:
    pairs, counts = shared_rare(FEATURES, max_df=2, min_shared=2)
    assert pairs_of(pairs) == [(0, 1)]
    assert counts.tolist() == [2]  # 2 and 3; feature 1 is in three documents

    pairs, counts = shared_rare(FEATURES, max_df=2, min_shared=1)
    assert pairs_of(pairs) == [(0, 1), (2, 3)]
    assert counts.tolist() == [2, 1]

    pairs, counts = shared_rare(FEATURES, max_df=3, min_shared=1)
    assert pairs_of(pairs) == [(0, 1), (0, 2), (1, 2), (2, 3)]
    assert counts.tolist() == [3, 1, 1, 1]


def test_shared_rare_with_nothing_to_share() -> None:
    for given in ([], features({1}), features(set(), set()), features({1, 2}, {3, 4})):
        pairs, counts = shared_rare(given, max_df=5, min_shared=1)
        assert pairs.shape == (0, 2)
        assert counts.size == 0


def test_rare_word_features_keep_content_words_only() -> None:
    got = rare_word_features("The Okafor said the FIRE, the fire and Okafor's 85 engines")
    same = rare_word_features("engines okafor fire said")
    assert np.array_equal(np.sort(got), np.sort(same))
    assert rare_word_features("a an the of to in on at").size == 0


def test_sampled_shingles_are_a_value_sample_shared_by_copies() -> None:
    body = text(words(40, 400))
    shingles = shingle_hashes(body)
    sample = sampled_shingles(shingles)
    assert 0 < sample.size < shingles.size
    assert (sample % 4 == 0).all()
    assert set(sample.tolist()) <= set(shingles.tolist())
    # a page that lifts a passage keeps the sampled shingles of that passage
    page = text(words(41, 200)) + " " + body + " " + text(words(42, 200))
    assert set(sample.tolist()) <= set(sampled_shingles(shingle_hashes(page)).tolist())


def test_top_partners_keeps_each_documents_best() -> None:
    pairs = np.array([[0, 1], [0, 2], [1, 2], [2, 3]])
    scores = np.array([5.0, 3.0, 4.0, 1.0])
    # best of 0: 1; of 1: 0; of 2: 1; of 3: 2 — the pair (0, 2) is nobody's best
    assert top_partners(pairs, scores, 1).tolist() == [True, False, True, True]
    assert top_partners(pairs, scores, 2).all()


def test_top_partners_breaks_ties_by_partner_position() -> None:
    pairs = np.array([[0, 1], [0, 2], [1, 2]])
    scores = np.array([2.0, 2.0, 3.0])
    keep = top_partners(pairs, scores, 1)
    assert keep.tolist() == [True, False, True]
    # the same pairs in another order keep the same pairs
    order = np.array([2, 0, 1])
    assert top_partners(pairs[order], scores[order], 1).tolist() == keep[order].tolist()


def test_top_partners_of_nothing() -> None:
    assert top_partners(np.zeros((0, 2), np.int64), np.zeros(0), 3).size == 0


# --------------------------------------------------------------------------- nearest vectors


def unit(rows: list[list[float]]) -> np.ndarray:
    array = np.array(rows, np.float32)
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    return np.divide(array, norms, out=np.zeros_like(array), where=norms > 0)


HAND_MADE = unit(
    [
        [1.0, 0.0, 0.0],
        [0.0, 1.0, 0.0],
        [0.99, 0.14, 0.0],  # next to 0
        [0.0, 0.0, 0.0],  # no vector: never paired
        [0.0, 0.0, 1.0],  # alone
        [0.0, 0.98, 0.2],  # next to 1
    ]
)


def test_nearest_pairs_exact() -> None:
    pairs, sims = nearest_pairs(HAND_MADE, k=1, min_cosine=0.5)
    assert pairs_of(pairs) == [(0, 2), (1, 5)]
    assert sims.tolist() == pytest.approx(
        [float(HAND_MADE[0] @ HAND_MADE[2]), float(HAND_MADE[1] @ HAND_MADE[5])], abs=1e-6
    )
    assert nearest_pairs(HAND_MADE, k=1, min_cosine=0.999)[0].shape == (0, 2)


def test_nearest_pairs_k_limits_neighbours_per_document() -> None:
    # 0's nearest are 1 then 2; 3 is far from everything
    vectors = unit([[1.0, 0.0], [0.95, 0.31], [0.8, 0.6], [-1.0, 0.0]])
    assert pairs_of(nearest_pairs(vectors, k=1, min_cosine=0.0)[0]) == [(0, 1), (1, 2)]
    assert pairs_of(nearest_pairs(vectors, k=2, min_cosine=0.0)[0]) == [(0, 1), (0, 2), (1, 2)]


def test_nearest_pairs_of_fewer_than_two() -> None:
    pairs, sims = nearest_pairs(HAND_MADE[:1], k=3, min_cosine=0.0)
    assert pairs.shape == (0, 2)
    assert sims.size == 0


def clusters(n_pairs: int, dims: int, seed: int) -> np.ndarray:
    """``n_pairs`` pairs of near-identical random directions, pair members side by side."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(n_pairs, dims))
    noise = rng.normal(scale=0.03, size=(2 * n_pairs, dims))
    return unit((np.repeat(centres, 2, axis=0) + noise).tolist())


def test_approximate_search_finds_the_obvious_neighbours(monkeypatch: pytest.MonkeyPatch) -> None:
    vectors = clusters(30, 48, seed=7)
    expected = [(2 * i, 2 * i + 1) for i in range(30)]
    exact, exact_sims = nearest_pairs(vectors, k=1, min_cosine=0.9)
    assert pairs_of(exact) == expected

    monkeypatch.setattr(_neighbours, "EXACT_LIMIT", 0)
    approximate, approximate_sims = nearest_pairs(vectors, k=1, min_cosine=0.9)
    assert pairs_of(approximate) == expected
    assert approximate_sims == pytest.approx(exact_sims, abs=0.02)
    # the graph is built single-threaded: the same input gives the same pairs
    again, _ = nearest_pairs(vectors, k=1, min_cosine=0.9)
    assert np.array_equal(again, approximate)


def test_approximate_search_never_pairs_a_document_with_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_neighbours, "EXACT_LIMIT", 0)
    vectors = clusters(5, 16, seed=8)
    pairs, _ = nearest_pairs(vectors, k=3, min_cosine=-1.0)
    assert pairs.size
    assert (pairs[:, 0] < pairs[:, 1]).all()


# --------------------------------------------------------------------------- sentence windows


def test_window_vectors_cover_each_document_in_half_overlapping_windows() -> None:
    rng = np.random.default_rng(3)
    long_doc = rng.normal(size=(20, 6)).astype(np.float32)
    short_doc = rng.normal(size=(3, 6)).astype(np.float32)
    empty = np.zeros((0, 6), np.float32)
    owners, windows = window_vectors([long_doc, empty, short_doc], 8)
    # 20 sentences: windows start at 0, 4, 8, 12 (the last ends at the last sentence);
    # the empty document has none; 3 sentences are one window
    assert owners.tolist() == [0, 0, 0, 0, 2]
    expected = [long_doc[s : s + 8].sum(0) for s in (0, 4, 8, 12)] + [short_doc.sum(0)]
    for row, total in zip(windows, expected, strict=True):
        assert row == pytest.approx(total / np.linalg.norm(total), abs=1e-5)


def test_window_vectors_end_on_the_last_sentence_and_skip_blank_windows() -> None:
    rows = np.ones((10, 4), np.float32)
    owners, windows = window_vectors([rows, np.zeros((5, 4), np.float32)], 8)
    # 10 sentences: windows at 0 and 2 (not 0 and 4, which would run past the end);
    # a document whose sentences are all blanked templates gives no window
    assert owners.tolist() == [0, 0]
    assert np.linalg.norm(windows, axis=1) == pytest.approx([1.0, 1.0])
    owners, windows = window_vectors([], 8)
    assert owners.size == 0
    assert windows.shape[0] == 0


def page_with_a_passage(seed: int) -> list[np.ndarray]:
    """Document 0: a 40-sentence page whose sentences 16-23 retell document 1 (8 sentences);
    documents 2-11: short texts on other subjects."""
    rng = np.random.default_rng(seed)
    source = rng.normal(size=(8, 32))
    page = rng.normal(size=(40, 32))
    page[16:24] = source + rng.normal(scale=0.4, size=source.shape)
    others = [rng.normal(size=(6, 32)) for _ in range(10)]
    return [d.astype(np.float32) for d in (page, source, *others)]


def test_a_passage_inside_a_long_page_is_found_by_its_window_not_by_the_whole_page() -> None:
    docs = page_with_a_passage(11)
    whole = centred(np.stack([d.sum(0) / np.linalg.norm(d.sum(0)) for d in docs]))
    assert (0, 1) not in pairs_of(nearest_pairs(whole, k=2, min_cosine=0.6)[0])
    pairs = nearest_window_pairs(docs, window=8, k=2, min_cosine=0.6)
    assert (0, 1) in pairs_of(pairs)
    assert (pairs[:, 0] < pairs[:, 1]).all()
    # a page's own windows are its nearest, yet never make a pair
    assert not (pairs[:, 0] == pairs[:, 1]).any()


def test_window_pairs_are_the_same_from_the_approximate_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    docs = page_with_a_passage(12)
    assert (0, 1) in pairs_of(nearest_window_pairs(docs, window=8, k=2, min_cosine=0.6))
    monkeypatch.setattr(_neighbours, "EXACT_LIMIT", 0)
    approximate = nearest_window_pairs(docs, window=8, k=2, min_cosine=0.6)
    assert (0, 1) in pairs_of(approximate)
    assert np.array_equal(approximate, nearest_window_pairs(docs, window=8, k=2, min_cosine=0.6))


def test_two_short_texts_are_left_to_the_document_vectors() -> None:
    docs = page_with_a_passage(13)
    # two more texts of 16 sentences (two windows each), each the other's near copy
    rng = np.random.default_rng(14)
    base = rng.normal(size=(16, 32)).astype(np.float32)
    docs += [base, base + rng.normal(scale=0.05, size=base.shape).astype(np.float32)]
    short_pair = (len(docs) - 2, len(docs) - 1)
    pairs = pairs_of(nearest_window_pairs(docs, window=8, k=2, min_cosine=0.6))
    assert (0, 1) in pairs
    assert short_pair not in pairs
    whole = centred(np.stack([d.sum(0) / np.linalg.norm(d.sum(0)) for d in docs]))
    assert short_pair in pairs_of(nearest_pairs(whole, k=2, min_cosine=0.6)[0])


def test_window_pairs_of_too_little() -> None:
    assert nearest_window_pairs([], window=8, k=2, min_cosine=0.0).shape == (0, 2)
    one = [np.ones((3, 4), np.float32)]
    assert nearest_window_pairs(one, window=8, k=2, min_cosine=0.0).shape == (0, 2)


# --------------------------------------------------------------------------- centring


def test_centred_vectors_are_unit_and_zero_rows_stay_zero() -> None:
    vectors = np.array([[1.0, 0.5], [0.0, 0.0], [0.5, 1.0]], np.float32)
    out = centred(vectors)
    norms = np.linalg.norm(out, axis=1)
    assert norms.tolist() == pytest.approx([1.0, 0.0, 1.0], abs=1e-6)
    # the mean leaves out the zero row; without the shared direction the two rows are opposite
    assert float(out[0] @ out[2]) == pytest.approx(-1.0, abs=1e-5)
    assert centred(np.zeros((0, 4), np.float32)).shape == (0, 4)
