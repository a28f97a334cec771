"""The JSON form of a comparison: exact round trip, documented keys, version and key checks."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

import retold
from builders import sentences
from retold import SCHEMA_VERSION, Comparison, SchemaError
from retold.model import Direction, Document, FactChange, Link, Passage, Scores

CompareFiles = Callable[[str, str], Comparison]

TOP_LEVEL_KEYS = {
    "version",
    "relation",
    "derived",
    "direction",
    "reasons",
    "scores",
    "a",
    "b",
    "links",
    "added",
    "dropped",
    "changes",
    "passages",
}
"""Every top-level key in docs/json-schema.md."""

SCORE_KEYS = {
    "coverage_a",
    "coverage_b",
    "lexical",
    "semantic",
    "link_mean",
    "shared_facts",
    "retelling",
}
DOCUMENT_KEYS = {"id", "title", "date", "url", "source", "path", "text", "removed", "sentences"}

REQUIRED_ON_READ = ("relation", "direction", "scores", "a", "b", "links", "added", "dropped")
"""Top-level keys without which ``from_dict`` cannot rebuild a comparison."""


A_TEXTS = (
    "The café on Rue Lumière reopened on Monday.",
    "Owner Zoë Brandt hired 12 staff.",
    '"We missed our regulars," she said.',
)
B_TEXTS = (
    "The café on Rue Lumière reopened on Monday.",
    "Owner Zoë Brandt hired 14 staff.",
    "Parking nearby is limited.",
)


def hand_built() -> Comparison:
    """A small comparison with every field set: non-ASCII text, None fields, all link kinds."""
    a_sents, b_sents = sentences(A_TEXTS), sentences(B_TEXTS)
    return Comparison(
        a=Document(
            id="a-café",
            text=" ".join(A_TEXTS),
            title="Café reopens",
            date="2024-03-04",
            url="https://a.example/cafe",
            source="A Daily",
            removed=("Share this article", "Estimated read time 1 min"),
            path="a.txt",
        ),
        b=Document(id="b", text=" ".join(B_TEXTS)),
        a_sentences=a_sents,
        b_sentences=b_sents,
        relation="near_duplicate",
        direction=Direction("a_to_b", ("dated 2024-03-04 (A) and 2024-03-05 (B)",)),
        scores=Scores(
            coverage_a=2 / 3,
            coverage_b=0.6123456789012345,
            lexical=0.1,
            semantic=0.93,
            link_mean=0.875,
            shared_facts=1.0,
            retelling=0.9999999999999999,
        ),
        links=(Link((0,), (0,), "copied", 1.0), Link((1,), (1,), "edited", 0.75)),
        added=(2,),
        dropped=(2,),
        changes=(
            FactChange("number", "12 staff", "14 staff", 1),
            FactChange("quote", "We missed our regulars", "", 1),
        ),
        passages=(Passage(0, a_sents[1].end, 0, b_sents[1].end, (0, 1)),),
        reasons=("retelling score 1.00 ≥ 0.50",),
    )


def through_json(data: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(data, ensure_ascii=False))


# --------------------------------------------------------------------------------------------
# round trip
# --------------------------------------------------------------------------------------------


def test_round_trip_of_a_hand_built_comparison() -> None:
    original = hand_built()
    rebuilt = Comparison.from_dict(through_json(original.to_dict()))
    assert rebuilt == original
    assert rebuilt.to_dict() == original.to_dict()


@pytest.mark.model
@pytest.mark.parametrize(
    ("a_name", "b_name"),
    [
        ("larkport-wire.txt", "larkport-spun.txt"),
        ("ashcreek-wire.txt", "ashcreek-edited.txt"),
        ("larkport-wire.txt", "larkport-lifted.txt"),
    ],
)
def test_round_trip_of_a_real_comparison(
    compare_files: CompareFiles, a_name: str, b_name: str
) -> None:
    original = compare_files(a_name, b_name)
    assert original.links  # something to round-trip
    rebuilt = Comparison.from_dict(through_json(original.to_dict()))
    assert rebuilt == original


# --------------------------------------------------------------------------------------------
# the documented keys
# --------------------------------------------------------------------------------------------


def test_documented_keys_are_present() -> None:
    data = hand_built().to_dict()
    assert set(data) == TOP_LEVEL_KEYS
    assert data["version"] == SCHEMA_VERSION == "1.0"
    assert set(data["scores"]) == SCORE_KEYS
    assert set(data["a"]) == DOCUMENT_KEYS
    assert set(data["b"]) == DOCUMENT_KEYS
    assert set(data["direction"]) == {"value", "evidence"}
    assert set(data["a"]["sentences"][0]) == {"text", "start", "end"}
    assert set(data["links"][0]) == {"a", "b", "kind", "score"}
    assert set(data["changes"][0]) == {"kind", "a_text", "b_text", "link"}
    assert set(data["passages"][0]) == {"a_start", "a_end", "b_start", "b_end", "links"}
    assert data["derived"] is True


def test_dict_is_plain_json() -> None:
    data = hand_built().to_dict()
    assert through_json(data) == data


@pytest.mark.model
def test_real_comparison_has_documented_keys(compare_files: CompareFiles) -> None:
    data = compare_files("larkport-wire.txt", "larkport-spun.txt").to_dict()
    assert set(data) == TOP_LEVEL_KEYS
    assert data["version"] == "1.0"
    assert data["relation"] == "rewrite"
    assert set(data["scores"]) == SCORE_KEYS
    assert data["b"]["removed"]
    for side in ("a", "b"):
        text = data[side]["text"]
        for s in data[side]["sentences"]:
            assert text[s["start"] : s["end"]] == s["text"]


# --------------------------------------------------------------------------------------------
# refusing what is not a 1.x comparison
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["2.0", "0.9", "", "garbage"])
def test_other_major_version_is_refused(version: str) -> None:
    data = hand_built().to_dict()
    data["version"] = version
    with pytest.raises(SchemaError, match="version"):
        Comparison.from_dict(data)


def test_missing_version_is_refused() -> None:
    data = hand_built().to_dict()
    del data["version"]
    with pytest.raises(SchemaError, match="version"):
        Comparison.from_dict(data)


def test_minor_version_is_read() -> None:
    data = hand_built().to_dict()
    data["version"] = "1.3"
    data["a_field_added_in_1_3"] = {"anything": [1, 2]}
    assert Comparison.from_dict(data) == hand_built()


@pytest.mark.parametrize("key", REQUIRED_ON_READ)
def test_missing_key_is_a_schema_error(key: str) -> None:
    data = hand_built().to_dict()
    del data[key]
    with pytest.raises(SchemaError):
        Comparison.from_dict(data)


@pytest.mark.parametrize(
    ("path", "key"),
    [
        (("scores",), "retelling"),
        (("a",), "text"),
        (("b",), "sentences"),
        (("direction",), "value"),
    ],
)
def test_missing_nested_key_is_a_schema_error(path: tuple[str, ...], key: str) -> None:
    data = copy.deepcopy(hand_built().to_dict())
    target = data
    for part in path:
        target = target[part]
    del target[key]
    with pytest.raises(SchemaError):
        Comparison.from_dict(data)


def test_schema_error_is_a_retold_error() -> None:
    assert issubclass(SchemaError, retold.RetoldError)
