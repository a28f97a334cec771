"""The packaged sentence embedder: one text per run, so a sentence's vector is its own."""

from __future__ import annotations

import numpy as np
import pytest

from retold import _embed
from retold._embed import _VOCAB, MAX_TOKENS, OnnxEmbedder, build_int8_model

SENTENCES = [
    "The council voted on Tuesday to close the Canal Street bridge for repairs.",
    "Repairs will take eleven weeks.",
    "Drivers are asked to use the Mill Road crossing, which adds about ten minutes to the trip "
    "between the harbour district and the station, according to the city's transport office.",
    "Shops near the bridge said they feared losing customers.",
    "The vote was 7 to 2.",
]


def _fresh(monkeypatch: pytest.MonkeyPatch, threads: int = 2) -> OnnxEmbedder:
    """A new embedder (empty cache) running ``threads`` texts at a time."""
    monkeypatch.setenv("RETOLD_THREADS", str(threads))
    return OnnxEmbedder(build_int8_model(), _VOCAB, name="test")


@pytest.fixture(scope="module")
def embedder() -> OnnxEmbedder:
    return OnnxEmbedder(build_int8_model(), _VOCAB, name="test")


def test_vectors_follow_the_input_order_and_are_unit_length(embedder: OnnxEmbedder) -> None:
    texts = [*SENTENCES, SENTENCES[1]]
    vectors = embedder.embed(texts)
    assert vectors.shape == (len(texts), 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(vectors[1], vectors[-1])
    # each row is its own sentence: nearest to itself among the others
    similarity = vectors[: len(SENTENCES)] @ vectors[: len(SENTENCES)].T
    assert list(similarity.argmax(axis=1)) == list(range(len(SENTENCES)))


def test_a_sentence_gets_the_same_vector_whatever_is_embedded_with_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    together = _fresh(monkeypatch).embed(SENTENCES)
    alone = _fresh(monkeypatch)
    for k, sentence in enumerate(SENTENCES):
        assert np.array_equal(alone.embed([sentence])[0], together[k])
    serial = _fresh(monkeypatch, threads=1).embed(list(reversed(SENTENCES)))
    assert np.array_equal(serial[::-1], together)
    # scan's verify threads run each document's sentences on their own thread
    assert np.array_equal(_fresh(monkeypatch).embed_serially(SENTENCES), together)


def test_the_cache_keeps_the_most_recent_sentences_and_changes_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_embed, "CACHE_SENTENCES", 2)
    embedder = _fresh(monkeypatch)
    first = embedder.embed(SENTENCES)
    assert list(embedder._cache) == SENTENCES[-2:]
    assert np.array_equal(embedder.embed(SENTENCES), first)
    assert len(embedder._cache) == 2
    embedder.clear_cache()
    assert not embedder._cache
    assert np.array_equal(embedder.embed(SENTENCES), first)


def test_a_gigantic_sentence_is_cut_at_the_model_limit(embedder: OnnxEmbedder) -> None:
    giant = " ".join(["budget"] * (MAX_TOKENS * 4))
    start = " ".join(["budget"] * (MAX_TOKENS - 2))
    vectors = embedder.embed([giant, start])
    assert np.allclose(vectors[0], vectors[1], atol=1e-6)


def test_no_texts_give_an_empty_array(embedder: OnnxEmbedder) -> None:
    assert embedder.embed([]).shape == (0, 384)
