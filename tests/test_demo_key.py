"""The demo scan against the demo corpus's answer key (``src/retold/demo_corpus.md``).

The key is written for readers; these tests read its file table and its listed fact changes,
so a key and a scan that drift apart fail here: every retelling found with its relation and
its source, every unrelated article in no pair, one story per wire story with the wire as
origin, and every changed number or date the key lists reported on its pair.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from rich.console import Console

import retold
from retold._demo import DEMO_CORPUS, DEMO_KEY, run_demo
from retold._embed import Embedder
from retold.model import Match, ScanResult
from retold.sources import iter_documents

RELATION_OF_KIND = {
    "copy": "duplicate",
    "edited": "near_duplicate",
    "spun": "rewrite",
    "lifted": "partial_reuse",
    "independent": "same_story",
}
"""The key's "Kind" column → the relation the scan must report between the file and its wire."""

_FILE_ROW = re.compile(r"^\| (?P<name>[\w-]+)\.txt \| (?P<story>[^|]+) \| (?P<kind>\w+) \|", re.M)
_SECTION = re.compile(r"^(?:\*\*|### )(?P<name>[\w-]+)\.txt", re.M)
_FACT_CHANGE = re.compile(
    r"\((?:\*\*)?(?P<kind>number|date)(?:\*\*)?\):(?:\*\*)? (?:S\d+ )?"
    r'"(?P<wire>[^"]+)" → "(?P<derived>[^"]+)"'
)


@dataclass(frozen=True)
class Article:
    """One row of the key's file table."""

    name: str
    story: str
    kind: str

    @property
    def wire(self) -> str:
        return f"{self.story}-wire"


def key_articles() -> list[Article]:
    text = DEMO_KEY.read_text(encoding="utf-8")
    return [
        Article(m["name"], m["name"].rsplit("-", 1)[0], m["kind"]) for m in _FILE_ROW.finditer(text)
    ]


def key_fact_changes() -> list[tuple[str, str, str, str]]:
    """``(file, kind, wire wording, derived wording)`` for every number or date change listed."""
    text = DEMO_KEY.read_text(encoding="utf-8")
    sections = list(_SECTION.finditer(text))
    found = []
    for k, section in enumerate(sections):
        end = sections[k + 1].start() if k + 1 < len(sections) else len(text)
        for change in _FACT_CHANGE.finditer(text, section.end(), end):
            found.append((section["name"], change["kind"], change["wire"], change["derived"]))
    return found


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> ScanResult:
    out = tmp_path_factory.mktemp("demo")
    result, _ = run_demo(out, console=Console(stderr=True, quiet=True))
    return result


def pair(result: ScanResult, a: str, b: str) -> Match:
    found = [m for m in result.matches if {m.a, m.b} == {a, b}]
    assert len(found) == 1, f"{a} / {b}: {len(found)} matches"
    return found[0]


def test_the_key_lists_every_article_and_the_folder_holds_nothing_else() -> None:
    articles = key_articles()
    assert len(articles) == 33
    assert sorted(p.name for p in DEMO_CORPUS.iterdir()) == sorted(
        f"{a.name}.txt" for a in articles
    )
    assert {a.kind for a in articles} == {*RELATION_OF_KIND, "original", "unrelated"}
    assert len(key_fact_changes()) == 12


@pytest.mark.model
def test_every_retelling_in_the_key_is_found_with_its_relation_and_source(
    demo: ScanResult,
) -> None:
    for article in key_articles():
        if article.kind not in RELATION_OF_KIND:
            continue
        match = pair(demo, article.wire, article.name)
        assert match.relation == RELATION_OF_KIND[article.kind], article
        if match.derived:
            source = match.a if match.direction.value == "a_to_b" else match.b
            assert match.direction.value != "unknown", article
            assert source == article.wire, article


@pytest.mark.model
def test_unrelated_articles_are_in_no_pair(demo: ScanResult) -> None:
    unrelated = {a.name for a in key_articles() if a.kind == "unrelated"}
    assert len(unrelated) == 8
    assert [m for m in demo.matches if {m.a, m.b} & unrelated] == []


@pytest.mark.model
def test_each_wire_story_is_one_story_with_the_wire_as_origin(demo: ScanResult) -> None:
    expected = {}
    for article in key_articles():
        if article.kind != "unrelated":
            expected.setdefault(article.wire, set()).add(article.name)
    assert len(expected) == 6
    assert {s.origin: set(s.members) for s in demo.stories} == expected


@pytest.mark.model
def test_every_number_and_date_change_in_the_key_is_reported(demo: ScanResult) -> None:
    for name, kind, wire_words, derived_words in key_fact_changes():
        comparison = pair(demo, f"{name.rsplit('-', 1)[0]}-wire", name).comparison
        assert comparison is not None
        wire_is_a = comparison.a.id.endswith("-wire")
        reported = [
            (c.a_text, c.b_text) if wire_is_a else (c.b_text, c.a_text)
            for c in comparison.changes
            if c.kind == kind
        ]
        assert any(w and d and w in wire_words and d in derived_words for w, d in reported), (
            f"{name}: {wire_words!r} → {derived_words!r} not among {reported}"
        )


@pytest.mark.model
def test_scanning_the_corpus_folder_reads_the_articles_only(
    demo: ScanResult, embedder: Embedder
) -> None:
    result = retold.scan(iter_documents([DEMO_CORPUS]), embedder=embedder)
    assert sorted(d.id for d in result.documents) == sorted(d.id for d in demo.documents)
    assert {(m.a, m.b, m.relation) for m in result.matches} == {
        (m.a, m.b, m.relation) for m in demo.matches
    }
