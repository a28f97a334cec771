"""The static (model2vec-style) MiniLM table: build, cache, determinism and what it embeds.

Everything runs the real int8 MiniLM: the table is distilled once per module into a temporary
``$RETOLD_CACHE`` (the int8 ONNX file is linked in from the real cache, so only the static table
is built), and once more to check that two builds are byte-identical.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from tokenizers.implementations import BertWordPieceTokenizer

from retold._embed import _VOCAB, build_int8_model
from retold._exceptions import ModelError
from retold._static import (
    PCA_DIMS,
    StaticEmbedder,
    _wordpiece,
    _zipf_weights,
    build_static_model,
    load_static_embedder,
)

pytestmark = pytest.mark.model

FIXTURES = Path(__file__).parent / "fixtures" / "pairs"

# (original, paraphrase, unrelated): invented news sentences.
TRIPLES = [
    (
        "Flooding forced the evacuation of 300 homes along the river on Tuesday night.",
        "Hundreds of residents near the river fled their houses as floodwaters rose late Tuesday.",
        "The central bank left interest rates unchanged, citing steady inflation.",
    ),
    (
        "The city council voted 7-2 to approve funding for a new public library.",
        "Councillors backed money for a new library by seven votes to two.",
        "A striker scored twice in the second half to win the cup final.",
    ),
    (
        "Shares in the carmaker fell 12 percent after it cut its annual sales forecast.",
        "The car company's stock dropped 12% once it lowered its yearly sales outlook.",
        "Firefighters rescued a family of four from a burning apartment overnight.",
    ),
    (
        "Health officials confirmed two new cases of measles at a primary school.",
        "Two more children at an elementary school have measles, the health department said.",
        "The museum unveiled a restored medieval tapestry to the public on Sunday.",
    ),
]


@pytest.fixture(scope="session")
def int8_model() -> Path:
    """The real int8 MiniLM file in the user's cache (built there once if missing)."""
    return build_int8_model()


@pytest.fixture(scope="module")
def static_cache(tmp_path_factory: pytest.TempPathFactory, int8_model: Path) -> Iterator[Path]:
    """A fresh cache directory holding only the int8 model; the table is built by the tests."""
    cache = tmp_path_factory.mktemp("retold-cache")
    (cache / int8_model.name).symlink_to(int8_model)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RETOLD_CACHE", str(cache))
        yield cache


@pytest.fixture(scope="module")
def table(static_cache: Path) -> Path:
    """The static table, distilled into ``static_cache`` (about 10-25 s on two cores)."""
    return build_static_model()


@pytest.fixture(scope="module")
def static(table: Path) -> StaticEmbedder:
    """An embedder over the module's table."""
    return StaticEmbedder(table)


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b)


def test_build_caches_under_a_digest_name_and_reuses_the_file(
    table: Path, static_cache: Path
) -> None:
    assert table.parent == static_cache
    assert re.fullmatch(r"static-minilm-[0-9a-f]{12}\.npz", table.name)
    stamp = table.stat().st_mtime_ns
    assert build_static_model() == table
    assert table.stat().st_mtime_ns == stamp
    # The atomic write leaves nothing behind but the model files.
    assert sorted(p.name for p in static_cache.iterdir()) == sorted(
        [table.name, build_int8_model().name]
    )


def test_table_holds_every_ordinary_token_as_float16(table: Path, int8_model: Path) -> None:
    vocab = _VOCAB.read_text(encoding="utf-8").splitlines()
    with np.load(table, allow_pickle=False) as data:
        tokens = data["tokens"].tolist()
        vectors = data["vectors"]
        source = str(data["source"])
    dropped = set(vocab) - set(tokens)
    assert {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "[unused0]", "[unused993]"} <= dropped
    assert all(
        t in {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"} or "unused" in t for t in dropped
    )
    assert len(tokens) == 29523
    assert vectors.dtype == np.float16
    assert vectors.shape == (len(tokens), PCA_DIMS)
    assert np.isfinite(vectors).all()
    assert source == hashlib.sha256(int8_model.read_bytes()).hexdigest()


def test_two_builds_are_byte_identical(table: Path, tmp_path: Path) -> None:
    again = build_static_model(tmp_path / "again.npz")
    assert again.read_bytes() == table.read_bytes()


def test_load_static_embedder_is_one_instance_per_process(table: Path) -> None:
    results: list[StaticEmbedder] = []

    def load() -> None:
        results.append(load_static_embedder())

    threads = [threading.Thread(target=load) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    assert all(r is results[0] for r in results)
    assert load_static_embedder() is results[0]
    assert results[0].name == "static-minilm"


def test_rows_are_unit_length_float32(static: StaticEmbedder) -> None:
    texts = [t for triple in TRIPLES for t in triple]
    vectors = static.embed(texts)
    assert vectors.dtype == np.float32
    assert vectors.shape == (len(texts), static.dim)
    assert static.dim == PCA_DIMS
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_text_without_tokens_gives_a_zero_row(static: StaticEmbedder) -> None:
    vectors = static.embed(["", "   \n\t", "A quiet day in the newsroom."])
    np.testing.assert_array_equal(vectors[:2], 0.0)
    assert np.linalg.norm(vectors[2]) == pytest.approx(1.0, abs=1e-5)
    assert static.embed([]).shape == (0, static.dim)


def test_batching_does_not_change_a_text_vector(static: StaticEmbedder) -> None:
    texts = [t for triple in TRIPLES for t in triple]
    together = static.embed(texts)
    alone = np.vstack([static.embed([t]) for t in texts])
    np.testing.assert_allclose(together, alone, atol=1e-6)


@pytest.mark.parametrize(("original", "paraphrase", "unrelated"), TRIPLES)
def test_a_paraphrase_is_closer_than_an_unrelated_sentence(
    static: StaticEmbedder, original: str, paraphrase: str, unrelated: str
) -> None:
    a, p, u = static.embed([original, paraphrase, unrelated])
    assert _cosine(a, p) > _cosine(a, u) + 0.2


@pytest.mark.parametrize("story", ["larkport", "ashcreek"])
@pytest.mark.parametrize("version", ["edited", "spun", "independent"])
def test_versions_of_a_story_are_closer_than_other_stories(
    static: StaticEmbedder, story: str, version: str
) -> None:
    other = "ashcreek" if story == "larkport" else "larkport"
    names = [f"{story}-wire", f"{story}-{version}", f"{other}-wire", "unrelated-robotics"]
    texts = [(FIXTURES / f"{name}.txt").read_text(encoding="utf-8") for name in names]
    wire, same, different, unrelated = static.embed_documents(texts)
    assert _cosine(wire, same) > max(_cosine(wire, different), _cosine(wire, unrelated))


def test_an_invented_story_rewritten_stays_closer_than_another_story(
    static: StaticEmbedder,
) -> None:
    original = (
        "A landslide blocked the only road into the mountain village of Vell on Friday, "
        "leaving about 400 residents cut off. Regional officials said heavy rain had loosened "
        "the slope above the road overnight. Engineers expect to clear one lane by Monday. "
        "Helicopters delivered food and medicine to the village school, which is being used "
        "as a shelter. No one was hurt, the mayor said, but two cars were buried."
    )
    rewrite = (
        "Some 400 people in Vell have been isolated since Friday, when a landslide buried the "
        "single access road to the mountain village. Overnight downpours destabilised the "
        "hillside, according to regional authorities. Crews hope to reopen a lane by Monday, "
        "while helicopters fly in supplies to the school now serving as a shelter. The mayor "
        "reported no injuries, though two vehicles were trapped under the debris."
    )
    other = (
        "A regional airline will add three daily flights between the capital and the coast "
        "from next month, its chief executive announced on Friday. The company expects "
        "passenger numbers to rise by a fifth this year after buying four new aircraft. "
        "Tickets go on sale on Monday, with introductory fares for students and pensioners."
    )
    a, b, c = static.embed_documents([original, rewrite, other])
    assert _cosine(a, b) > _cosine(a, c) + 0.2


def test_whole_documents_are_embedded_without_truncation(static: StaticEmbedder) -> None:
    body = " ".join(["The committee met again to discuss the annual budget."] * 120)
    assert len(_wordpiece().encode(body).ids) > 1000
    endings = [
        " Then a volcano erupted, covering the harbour town in ash and lava." * 8,
        " Then the football team won the league title after a penalty shootout." * 8,
    ]
    first, second = static.embed_documents([body + end for end in endings])
    assert _cosine(first, second) < 0.999  # a cut-off text would give identical vectors (1.0)


def test_tokenizer_matches_the_minilm_tokenizer() -> None:
    texts = [
        "Café owners in São Paulo protested on Monday — prices rose 12.5%!",
        "北京 reported 3,400 cases; the WHO's envoy (Dr. Ng) said: “stay calm”.",
        "Supercalifragilisticexpialidocious antidisestablishmentarianism\x00ok",
    ]
    reference = BertWordPieceTokenizer(str(_VOCAB), lowercase=True)
    expected = [e.ids for e in reference.encode_batch(texts, add_special_tokens=False)]
    assert [e.ids for e in _wordpiece().encode_batch(texts, add_special_tokens=False)] == expected


def test_zipf_weights_rise_with_rank_and_stay_below_one() -> None:
    weights = _zipf_weights(29523)
    assert np.all(np.diff(weights) > 0)
    assert 0 < weights[0] < 0.01
    assert 0.9 < weights[-1] < 1


def test_a_broken_table_file_is_a_model_error(tmp_path: Path) -> None:
    broken = tmp_path / "static-minilm-broken.npz"
    broken.write_bytes(b"not a zip file")
    with pytest.raises(ModelError, match="delete it to rebuild"):
        StaticEmbedder(broken)
