"""The packaged sentence embedder: batching by token budget, and what callers rely on."""

from __future__ import annotations

import numpy as np
import pytest

from retold._embed import _VOCAB, MAX_TOKENS, OnnxEmbedder, build_int8_model

SENTENCES = [
    "The council voted on Tuesday to close the Canal Street bridge for repairs.",
    "Repairs will take eleven weeks.",
    "Drivers are asked to use the Mill Road crossing, which adds about ten minutes to the trip "
    "between the harbour district and the station, according to the city's transport office.",
    "Shops near the bridge said they feared losing customers.",
    "The vote was 7 to 2.",
]


@pytest.fixture(scope="module")
def small_batches() -> OnnxEmbedder:
    """The packaged model with a tiny budget, so a handful of sentences spans many batches."""
    return OnnxEmbedder(build_int8_model(), _VOCAB, name="test", batch_size=3, token_budget=40)


def test_batches_hold_every_text_once_longest_first(small_batches: OnnxEmbedder) -> None:
    lengths = [12, 30, 5, 30, 8, 50, 3]
    batches = small_batches._batches(lengths)
    flat = [i for batch in batches for i in batch]
    assert sorted(flat) == list(range(len(lengths)))
    assert [lengths[i] for i in flat] == sorted(lengths, reverse=True)
    for batch in batches:
        padded = len(batch) * max(lengths[i] for i in batch)
        assert len(batch) <= 3
        assert len(batch) == 1 or padded <= 40


def test_a_text_longer_than_the_budget_runs_alone(small_batches: OnnxEmbedder) -> None:
    assert small_batches._batches([100, 10, 10]) == [[0], [1, 2]]


def test_vectors_follow_the_input_order_and_are_unit_length(
    small_batches: OnnxEmbedder,
) -> None:
    texts = [*SENTENCES, SENTENCES[1]]
    vectors = small_batches.embed(texts)
    assert vectors.shape == (len(texts), 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(vectors[1], vectors[-1])
    # each row is its own sentence: nearest to itself among the others
    similarity = vectors[: len(SENTENCES)] @ vectors[: len(SENTENCES)].T
    assert list(similarity.argmax(axis=1)) == list(range(len(SENTENCES)))


def test_one_call_gives_the_same_vectors_every_time(small_batches: OnnxEmbedder) -> None:
    assert np.array_equal(small_batches.embed(SENTENCES), small_batches.embed(SENTENCES))


def test_the_budget_changes_vectors_only_at_quantisation_noise(
    small_batches: OnnxEmbedder,
) -> None:
    one_batch = OnnxEmbedder(build_int8_model(), _VOCAB, name="test", token_budget=10_000)
    cosine = (small_batches.embed(SENTENCES) * one_batch.embed(SENTENCES)).sum(axis=1)
    assert cosine.min() > 0.95


def test_a_gigantic_sentence_is_cut_at_the_model_limit(small_batches: OnnxEmbedder) -> None:
    giant = " ".join(["budget"] * (MAX_TOKENS * 4))
    start = " ".join(["budget"] * (MAX_TOKENS - 2))
    vectors = small_batches.embed([giant, start])
    assert np.allclose(vectors[0], vectors[1], atol=1e-6)


def test_no_texts_give_an_empty_array(small_batches: OnnxEmbedder) -> None:
    assert small_batches.embed([]).shape == (0, 384)
