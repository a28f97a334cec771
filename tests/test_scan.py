"""``retold.scan`` end to end with the real model, plus its output files and corpus chrome.

The main corpus is the invented fixture articles (two stories, each a wire original, its copy,
light edit, spun rewrite and lifted paragraph, and an independent report; one unrelated
article) copied into a temporary folder with three more unrelated articles. It is scanned once
per module; tests that need another corpus build small ones from ``Document`` values.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest
from rich.console import Console

import retold
from retold._chrome import strip_chrome
from retold._corpus_chrome import MIN_DOCS, ChromeCounter, strip_corpus_chrome
from retold._embed import Embedder
from retold._exceptions import SchemaError
from retold._facts import fact_keys
from retold._scan import scan
from retold._scan_output import read_scan, write_scan
from retold.model import (
    DERIVED_RELATIONS,
    SCAN_SCHEMA_VERSION,
    Document,
    Match,
    ScanResult,
    Skip,
    Story,
)
from retold.sources import iter_documents

FIXTURES = Path(__file__).parent / "fixtures" / "pairs"

STORIES = ("larkport", "ashcreek")
KINDS = ("wire", "copy", "edited", "spun", "lifted", "independent")
EXPECTED_RELATION = {
    "copy": "duplicate",
    "edited": "near_duplicate",
    "spun": "rewrite",
    "lifted": "partial_reuse",
}
ROUTES = {"minhash", "shingles", "words", "vectors", "windows"}

EXTRA = {
    "other-chess": (
        "title: Twelve-year-old wins the Millbrook open chess tournament\n"
        "date: 2024-04-06\n"
        "url: https://millbrookcourier.example/community/chess-open\n\n"
        "Twelve-year-old Nadia Orlov won the Millbrook Open on Sunday, beating forty adult "
        "players over five rounds in the community center gym. She sealed first place with a "
        "quiet rook endgame that lasted almost three hours.\n\n"
        "Orlov learned the game from her grandfather and now trains twice a week at the "
        "public library's chess club. Next month she will play in the state junior "
        "championship in Cedar Falls."
    ),
    "other-trail": (
        "title: Volunteers rebuild washed-out Pine Ridge trail\n"
        "date: 2024-08-03\n"
        "url: https://highlandsnews.example/outdoors/pine-ridge-trail\n\n"
        "More than sixty volunteers spent the weekend rebuilding a section of the Pine Ridge "
        "hiking trail that spring floods had washed away. They hauled gravel in backpacks, set "
        "stone steps on the steepest slope and cut new drainage channels.\n\n"
        "The park service expects the trail to reopen to hikers in early September. Rangers "
        "asked visitors to stay off the loop until the new steps have settled."
    ),
    "other-maps": (
        "title: Retired pilot donates map collection to county archive\n"
        "date: 2024-10-21\n"
        "url: https://valleyrecord.example/culture/map-donation\n\n"
        "A retired airline pilot has given the county archive his collection of more than "
        "nine hundred aviation charts and road maps, some printed before the Second World "
        "War. Archivists plan to scan the oldest sheets over the winter.\n\n"
        "The donor, Walter Brandt, said he began collecting maps as a boy in his father's "
        "gas station. A selection will go on display in the archive reading room next spring."
    ),
}
"""Unrelated articles added to the fixture corpus (invented, like the fixtures)."""


def wire(story: str) -> str:
    return f"{story}-wire"


def version(story: str, kind: str) -> str:
    return f"{story}-{kind}"


def pair(result: ScanResult, x: str, y: str) -> Match | None:
    """The match between documents ``x`` and ``y`` (in either order), if any."""
    found = [m for m in result.matches if {m.a, m.b} == {x, y}]
    assert len(found) <= 1
    return found[0] if found else None


def source_of(m: Match) -> str | None:
    """The id of the document ``m`` says is the source (None when unknown)."""
    return {"a_to_b": m.a, "b_to_a": m.b}.get(m.direction.value)


def story_of(result: ScanResult, doc_id: str) -> Story:
    [story] = [s for s in result.stories if doc_id in s.members]
    return story


def key(result: ScanResult) -> tuple[object, ...]:
    """What must not change between runs: matches (without timings) and stories."""
    matches = tuple((m.a, m.b, m.relation, m.direction, m.scores) for m in result.matches)
    return matches, result.stories


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for path in FIXTURES.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    for name, text in EXTRA.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def documents(corpus: Path) -> list[Document]:
    return list(iter_documents([corpus]))


@pytest.fixture(scope="module")
def result(documents: list[Document], embedder: Embedder) -> ScanResult:
    return scan(documents, embedder=embedder)


@pytest.fixture(scope="module")
def by_batch(documents: list[Document], embedder: Embedder) -> dict[int, ScanResult]:
    return {size: scan(documents, embedder=embedder, batch_size=size) for size in (1, 3)}


# --------------------------------------------------------------------------- the fixture corpus


@pytest.mark.model
def test_corpus_is_read_in_input_order(result: ScanResult, documents: list[Document]) -> None:
    assert [d.id for d in result.documents] == [d.id for d in documents]
    assert len(result.documents) == 16
    assert result.skipped == ()


@pytest.mark.model
@pytest.mark.parametrize("kind", list(EXPECTED_RELATION))
@pytest.mark.parametrize("story", STORIES)
def test_derived_versions_are_found_with_their_relation(
    result: ScanResult, story: str, kind: str
) -> None:
    m = pair(result, wire(story), version(story, kind))
    assert m is not None, f"{story}-{kind} was not matched with its wire"
    assert m.relation == EXPECTED_RELATION[kind]
    assert m.derived
    assert source_of(m) == wire(story), m.direction
    assert m.found_by
    assert set(m.found_by) <= ROUTES


@pytest.mark.model
@pytest.mark.parametrize("kind", list(EXPECTED_RELATION))
@pytest.mark.parametrize("story", STORIES)
def test_scan_agrees_with_compare_on_derived_versions(
    result: ScanResult, embedder: Embedder, story: str, kind: str
) -> None:
    m = pair(result, wire(story), version(story, kind))
    assert m is not None
    assert m.comparison is not None
    assert (m.comparison.a.id, m.comparison.b.id) == (m.a, m.b)
    direct = retold.compare(m.comparison.a, m.comparison.b, embedder=embedder)
    assert m.relation == direct.relation
    assert m.direction == direct.direction
    assert m.comparison.relation == m.relation
    assert m.comparison.scores == m.scores


@pytest.mark.model
def test_scan_verdicts_equal_compare_on_every_pair(result: ScanResult, embedder: Embedder) -> None:
    """The same documents give the same verdict, scores and links in a scan as in compare."""
    differ = []
    for m in result.matches:
        assert m.comparison is not None
        direct = retold.compare(m.comparison.a, m.comparison.b, embedder=embedder)
        fields = ("relation", "direction", "scores", "links")
        for name in fields:
            mine, theirs = getattr(m.comparison, name), getattr(direct, name)
            if mine != theirs:
                differ.append(f"{m.a}/{m.b} {name}: scan {mine}, compare {theirs}")
    assert not differ, differ


@pytest.mark.model
@pytest.mark.parametrize("story", ["larkport", "ashcreek"])
def test_independent_report_is_same_story(result: ScanResult, story: str) -> None:
    m = pair(result, wire(story), version(story, "independent"))
    assert m is not None
    assert m.relation == "same_story"
    assert not m.derived
    assert m.direction.value == "unknown"


@pytest.mark.model
def test_unrelated_articles_are_in_no_match(result: ScanResult) -> None:
    for doc_id in ("unrelated-robotics", *EXTRA):
        assert not [m for m in result.matches if doc_id in (m.a, m.b)], doc_id
        assert not [s for s in result.stories if doc_id in s.members], doc_id


@pytest.mark.model
def test_the_two_stories_come_out_separately(result: ScanResult) -> None:
    assert len(result.stories) == 2
    assert {frozenset(s.members) for s in result.stories} == {
        frozenset(version(story, kind) for kind in KINDS) for story in STORIES
    }
    assert [s.id for s in result.stories] == ["story-00001", "story-00002"]
    for m in result.matches:
        assert m.a.split("-")[0] == m.b.split("-")[0], f"{m.a} and {m.b} cross stories"


@pytest.mark.model
@pytest.mark.parametrize("story", ["larkport", "ashcreek"])
def test_wire_is_the_origin_and_edges_point_away_from_it(
    result: ScanResult, documents: list[Document], story: str
) -> None:
    dates = {d.id: d.date for d in documents}
    members = [version(story, kind) for kind in KINDS]
    # the fixture dates say so: nothing in the story is dated before its wire
    assert all(dates[wire(story)] <= dates[m] for m in members)

    s = story_of(result, wire(story))
    assert s.origin == wire(story)
    assert s.members[0] in (wire(story), version(story, "independent"))
    assert all(e.target != s.origin for e in s.edges)
    parents = {e.target: e.source for e in s.edges if e.directed}
    for kind in EXPECTED_RELATION:
        assert parents[version(story, kind)] == wire(story)
    for e in s.edges:
        if e.directed:
            assert dates[e.source] <= dates[e.target]
            assert e.relation in DERIVED_RELATIONS
    # a spanning tree rooted at the origin
    assert len(s.edges) == len(s.members) - 1
    reached, todo = {s.origin}, [s.origin]
    while todo:
        here = todo.pop()
        for e in s.edges:
            for a, b in ((e.source, e.target), (e.target, e.source)):
                if a == here and b not in reached:
                    reached.add(b)
                    todo.append(b)
    assert reached == set(s.members)


@pytest.mark.model
def test_matches_are_in_input_order(result: ScanResult) -> None:
    position = {d.id: i for i, d in enumerate(result.documents)}
    keys = [(position[m.a], position[m.b]) for m in result.matches]
    assert all(a < b for a, b in keys)
    assert keys == sorted(keys)
    assert all(m.relation != "unrelated" for m in result.matches)


@pytest.mark.model
def test_stats(result: ScanResult) -> None:
    stats = result.stats
    assert stats["documents"] == len(result.documents) == 16
    assert stats["skipped"] == 0
    assert stats["related_pairs"] == len(result.matches)
    assert stats["stories"] == 2
    assert stats["candidates"] >= len(result.matches)
    assert stats["candidates"] < 16 * 15 / 2  # not all pairs
    for route in ROUTES:
        assert f"candidates_{route}" in stats
    relations = {m.relation for m in result.matches}
    for relation in relations:
        assert stats[f"pairs_{relation}"] == sum(m.relation == relation for m in result.matches)
    assert not [k for k in stats if k.startswith("pairs_") and k[6:] not in relations]
    stages = ("read", "fingerprint", "candidates", "screen", "verify", "stories")
    assert all(stats[f"seconds_{stage}"] >= 0 for stage in stages)
    assert stats["seconds_total"] == pytest.approx(
        sum(stats[f"seconds_{stage}"] for stage in stages), abs=0.01
    )
    # the sentence model's share of verify: every document with a pair was embedded, once (its
    # sentences may all be in the embedder's cache from an earlier test, so the time may be 0)
    paired = {d for m in result.matches for d in (m.a, m.b)}
    lengths = {info.id: info.chars for info in result.documents}
    # model seconds are summed over the embedding threads; the comparisons' wait is part of verify
    assert stats["verify_model_seconds"] >= 0
    assert 0 <= stats["verify_model_wait_seconds"] <= stats["seconds_verify"]
    assert len(paired) <= stats["verify_model_documents"] <= stats["documents"]
    assert stats["verify_model_characters"] >= sum(lengths[d] for d in paired)


# --------------------------------------------------------------------------- determinism


@pytest.mark.model
@pytest.mark.parametrize("size", [1, 3])
def test_candidates_do_not_depend_on_batch_size(
    result: ScanResult, by_batch: dict[int, ScanResult], size: int
) -> None:
    other = by_batch[size]
    assert other.documents == result.documents
    candidates = {k: v for k, v in result.stats.items() if k.startswith("candidates")}
    assert candidates == {k: v for k, v in other.stats.items() if k.startswith("candidates")}


@pytest.mark.model
@pytest.mark.parametrize("size", [1, 3])
def test_verdicts_and_stories_do_not_depend_on_batch_size(
    result: ScanResult, by_batch: dict[int, ScanResult], size: int
) -> None:
    assert key(by_batch[size]) == key(result)


class CountingEmbedder:
    """Wraps an embedder and counts its model calls."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.calls = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        return self.inner.embed(texts)


@pytest.mark.model
def test_a_document_dropped_from_the_cache_is_not_embedded_again(
    documents: list[Document], embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With room for one prepared document, nearly every pair drops one that later pairs
    need: their vectors and fact keys come back from the scratch store, so the scan makes as
    many model calls (one per document with a pair) and fact searches of whole documents, and
    reaches the same verdicts as with a roomy cache."""
    searched: list[str] = []

    def counting_fact_keys(text: str) -> frozenset[str]:
        searched.append(text)
        return fact_keys(text)

    monkeypatch.setattr("retold._compare.fact_keys", counting_fact_keys)
    roomy = CountingEmbedder(embedder)
    expected = scan(documents, embedder=roomy)
    roomy_searches = len(searched)
    monkeypatch.setattr("retold._scan.MAX_PREPARED", 1)
    tight = CountingEmbedder(embedder)
    assert key(scan(documents, embedder=tight)) == key(expected)
    paired = {d for m in expected.matches for d in (m.a, m.b)}
    assert len(paired) <= roomy.calls <= len(documents)
    assert tight.calls == roomy.calls
    assert len(searched) - roomy_searches == roomy_searches == roomy.calls


class OverlapEmbedder(CountingEmbedder):
    """Counts how many calls run at once (slowed, so overlapping calls would meet)."""

    def __init__(self, inner: Embedder, *, thread_safe: bool) -> None:
        super().__init__(inner)
        self.thread_safe = thread_safe
        self.running = 0
        self.most = 0
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            self.calls += 1
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            time.sleep(0.02)
            return self.inner.embed(texts)
        finally:
            with self._lock:
                self.running -= 1


class SerialEmbedder(OverlapEmbedder):
    """Offers ``embed_serially`` (every run on the calling thread), as ``OnnxEmbedder`` does."""

    def __init__(self, inner: Embedder) -> None:
        super().__init__(inner, thread_safe=True)
        self.serial = 0

    def embed_serially(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            self.serial += 1
        return self.embed(texts)


@pytest.mark.model
def test_embedding_runs_ahead_without_changing_verdicts(
    documents: list[Document], result: ScanResult, embedder: Embedder
) -> None:
    """Verify embeds upcoming documents on background threads: two at once only for an
    embedder that says it is thread-safe, one at a time otherwise, and the verdicts are those
    of the shared scan either way."""
    safe = OverlapEmbedder(embedder, thread_safe=True)
    assert key(scan(documents, embedder=safe)) == key(result)
    assert safe.most == 2
    unsafe = OverlapEmbedder(embedder, thread_safe=False)
    assert key(scan(documents, embedder=unsafe)) == key(result)
    assert unsafe.most == 1
    assert unsafe.calls == safe.calls
    # the verify threads are the parallelism: each runs its document's sentences itself
    serial = SerialEmbedder(embedder)
    assert key(scan(documents, embedder=serial)) == key(result)
    assert serial.serial == serial.calls == safe.calls


@pytest.mark.model
def test_the_same_input_twice_gives_identical_files(
    result: ScanResult, documents: list[Document], embedder: Embedder, tmp_path: Path
) -> None:
    again = scan(iter(documents), embedder=embedder)
    assert key(again) == key(result)
    write_scan(result, tmp_path / "first")
    write_scan(again, tmp_path / "second")
    for name in ("documents.jsonl", "matches.jsonl", "stories.jsonl"):
        first = (tmp_path / "first" / name).read_bytes()
        assert first, name
        assert first == (tmp_path / "second" / name).read_bytes(), name


# --------------------------------------------------------------------------- small corpora


@pytest.fixture(scope="module")
def wire_text() -> str:
    return retold.load_document(FIXTURES / "larkport-wire.txt").text


@pytest.fixture(scope="module")
def robotics_text() -> str:
    return retold.load_document(FIXTURES / "unrelated-robotics.txt").text


@pytest.mark.model
def test_provenance_direction_follows_dates_not_input_order(
    wire_text: str, embedder: Embedder
) -> None:
    documents = [
        Document("third", wire_text, date="2024-05-17"),
        Document("second", wire_text, date="2024-05-16"),
        Document("first", wire_text, date="2024-05-15"),
    ]
    result = scan(documents, embedder=embedder)
    assert len(result.matches) == 3
    dates = {d.id: d.date for d in documents}
    for m in result.matches:
        assert m.relation == "duplicate"
        source = source_of(m)
        target = m.b if source == m.a else m.a
        assert source is not None
        assert dates[source] < dates[target], m
        assert any(dates[source] in line for line in m.direction.evidence)
    [story] = result.stories
    assert story.members == ("first", "second", "third")
    assert story.origin == "first"
    assert story.edges == (
        retold.ProvenanceEdge("first", "second", "duplicate", True),
        retold.ProvenanceEdge("first", "third", "duplicate", True),
    )


@pytest.mark.model
def test_duplicate_ids_are_skipped_and_the_first_is_kept(
    wire_text: str, robotics_text: str, embedder: Embedder
) -> None:
    earlier = Skip("feed.jsonl:3", "not JSON")
    documents = [
        Document("x", wire_text, path="one.txt"),
        Document("x", robotics_text, path="two.txt"),
        Document("y", wire_text, path="three.txt"),
        Document("x", robotics_text),
    ]
    result = scan(documents, embedder=embedder, skipped=[earlier])
    assert [d.id for d in result.documents] == ["x", "y"]
    assert result.documents[0].path == "one.txt"
    assert result.documents[0].chars == len(wire_text)
    assert result.skipped == (
        earlier,
        Skip("two.txt", "duplicate id 'x' (first seen at one.txt)"),
        Skip("x", "duplicate id 'x' (first seen at one.txt)"),
    )
    assert result.stats["skipped"] == 3
    assert result.stats["documents"] == 2
    # the kept "x" is the wire text, so it duplicates "y"
    [m] = result.matches
    assert (m.a, m.b, m.relation) == ("x", "y", "duplicate")


@pytest.mark.model
def test_reader_skips_made_while_scanning_are_reported(
    tmp_path: Path, wire_text: str, embedder: Embedder
) -> None:
    """The reader's ``on_skip`` list fills as the scan reads; the result must still hold it."""
    corpus = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "one", "text": wire_text}),
        "{not json",
        json.dumps({"id": "two", "text": wire_text}),
        json.dumps({"id": "one", "text": "A later record reusing the first id."}),
    ]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    skips: list[Skip] = []
    documents = iter_documents([corpus], on_skip=skips.append)
    result = scan(documents, embedder=embedder, skipped=skips)
    assert [s.location for s in result.skipped] == [f"{corpus}:2", f"{corpus}:4"]
    assert result.stats["skipped"] == 2
    assert [d.id for d in result.documents] == ["one", "two"]


@pytest.mark.model
def test_empty_input(embedder: Embedder) -> None:
    result = scan(iter(()), embedder=embedder)
    assert (result.documents, result.matches, result.stories, result.skipped) == ((), (), (), ())
    assert result.stats["documents"] == 0
    assert result.stats["candidates"] == 0
    assert result.stats["stories"] == 0


@pytest.mark.model
def test_a_single_document_has_no_pairs(wire_text: str, embedder: Embedder) -> None:
    result = scan([Document("only", wire_text)], embedder=embedder)
    assert [d.id for d in result.documents] == ["only"]
    assert result.matches == ()
    assert result.stories == ()
    assert result.stats["candidates"] == 0


@pytest.mark.model
def test_documents_are_read_once_from_a_generator(wire_text: str, embedder: Embedder) -> None:
    reads = []

    def stream() -> Iterator[Document]:
        for i in range(3):
            reads.append(i)
            yield Document(f"copy-{i}", wire_text)

    shown = io.StringIO()
    console = Console(file=shown, width=120, force_terminal=False)
    result = scan(stream(), embedder=embedder, progress=True, console=console)
    assert reads == [0, 1, 2]
    assert "verifying candidate pairs" in shown.getvalue()
    # once read, the stream's length is known: the reading bar ends complete, not pulsing
    assert re.search(r"reading documents\s+━+\s+3/3\b", shown.getvalue())
    assert len(result.matches) == 3
    assert {m.relation for m in result.matches} == {"duplicate"}
    [story] = result.stories
    assert story.members == ("copy-0", "copy-1", "copy-2")


# --------------------------------------------------------------------------- corpus chrome

NAV = "Home News Sports Weather Opinion"
SITE = "Harbor Times Community Desk"
SUBSCRIBE = "Subscribe to our newsletter for daily updates"
CHROME = (NAV, SITE, SUBSCRIBE)

PIER = (
    "The Portvale harbor commission voted on Monday to rebuild the old fishing pier at the end "
    "of Dock Street. The pier has been closed since a storm cracked its pilings two winters "
    "ago.",
    "Crews will begin driving new pilings in March.",
    "Commission chair Dana Whitlock said the new pier will be wider and will have railings, "
    "benches and lights. The work is expected to cost $2.4 million and to take about a year.",
)
"""A three-paragraph article; the middle paragraph is one short sentence."""


def page(paragraphs: tuple[str, ...]) -> str:
    """An article with the site's navigation, desk line and newsletter plug inside the body,
    where a single page's own chrome rules keep the first two."""
    first, *rest = paragraphs
    return "\n\n".join([first, NAV, *rest[:1], SITE, SUBSCRIBE, *rest[1:]])


@pytest.fixture(scope="module")
def chrome_corpus(robotics_text: str) -> list[Document]:
    """Seven Harbor Times pages (three copies of one article, four unrelated ones), all with
    the site's chrome lines, and one copy of the article from another site."""
    bodies = [robotics_text] + [text.split("\n\n", 1)[1] for text in EXTRA.values()]
    unrelated = [
        Document(f"harbor-other-{i}", page(tuple(body.split("\n\n"))), source="Harbor Times")
        for i, body in enumerate(bodies)
    ]
    copies = [
        Document(f"harbor-pier-{i}", page(PIER), date=f"2024-03-0{i}", source="Harbor Times")
        for i in (1, 2, 3)
    ]
    elsewhere = Document("other-pier", page(PIER), date="2024-03-05", source="Other Paper")
    return [copies[0], *unrelated[:2], copies[1], *unrelated[2:], copies[2], elsewhere]


@pytest.fixture(scope="module")
def chrome_result(chrome_corpus: list[Document], embedder: Embedder) -> ScanResult:
    return scan(chrome_corpus, embedder=embedder)


def test_chrome_lines_survive_single_page_cleaning() -> None:
    """The premise of the corpus tests: one page alone does not show NAV and SITE as chrome."""
    kept, removed = strip_chrome(page(PIER))
    assert NAV in kept
    assert SITE in kept
    assert removed == (SUBSCRIBE,)


@pytest.mark.model
def test_corpus_chrome_is_removed_and_reported(
    chrome_result: ScanResult, chrome_corpus: list[Document]
) -> None:
    copies = {"harbor-pier-1", "harbor-pier-2", "harbor-pier-3"}
    within = [m for m in chrome_result.matches if {m.a, m.b} <= copies]
    assert len(within) == 3
    for m in within:
        assert m.relation == "duplicate"
        assert m.comparison is not None
        for doc in (m.comparison.a, m.comparison.b):
            assert doc.removed == CHROME
            for line in CHROME:
                assert line not in doc.text
            # the copies share every sentence, the one-line paragraph too: none is chrome
            assert doc.text == "\n\n".join(PIER)
    chars = {d.id: d.chars for d in chrome_result.documents}
    assert chars["harbor-pier-1"] == len("\n\n".join(PIER))
    assert chars["harbor-other-0"] < len(chrome_corpus[1].text)


@pytest.mark.model
def test_corpus_chrome_is_counted_per_source(chrome_result: ScanResult) -> None:
    """The one page from another site keeps the lines: they are not chrome of *its* source."""
    found = [m for m in chrome_result.matches if "other-pier" in (m.a, m.b)]
    assert found
    for m in found:
        assert m.comparison is not None
        other = m.comparison.a if m.a == "other-pier" else m.comparison.b
        assert other.removed == ()
        assert NAV in other.text
        assert SITE in other.text


@pytest.mark.model
def test_corpus_chrome_in_the_output_files(chrome_result: ScanResult, tmp_path: Path) -> None:
    write_scan(chrome_result, tmp_path)
    records = {
        r["id"]: r for r in map(json.loads, (tmp_path / "documents.jsonl").read_text().splitlines())
    }
    assert records["harbor-pier-2"]["removed"] == list(CHROME)
    assert NAV not in records["harbor-pier-2"]["text"]
    # documents in no match carry no text
    assert records["harbor-other-0"]["text"] is None
    assert records["harbor-other-0"]["removed"] is None
    back = read_scan(tmp_path)
    assert back == chrome_result


def test_chrome_counter_needs_enough_documents_of_one_source() -> None:
    counter = ChromeCounter()
    sentence = "Crews will begin driving new pilings in March."
    for i in range(MIN_DOCS):
        counter.add(Document(f"a{i}", f"Body {i} of the story.\n\n{NAV}\n\n{sentence}", source="A"))
    for i in range(MIN_DOCS - 1):
        counter.add(Document(f"b{i}", f"Body {i} of another.\n\n{SITE}", source="B"))
    counter.add(Document("c0", f"Unsourced body.\n\n{SITE}"))
    chrome = counter.chrome()
    assert chrome == {"A": frozenset({"home news sports weather opinion"})}


def test_chrome_counter_pools_documents_without_a_source() -> None:
    counter = ChromeCounter()
    for i in range(MIN_DOCS):
        counter.add(Document(f"n{i}", f"Body number {i} of this one.\n\n{SITE}"))
    assert counter.chrome() == {"": frozenset({"harbor times community desk"})}


def test_strip_corpus_chrome_leaves_other_documents_alone() -> None:
    chrome = {"A": frozenset({"home news sports weather opinion"})}
    plain = Document("p", "A story with no chrome at all in it.", source="A")
    assert strip_corpus_chrome(plain, chrome) is plain
    elsewhere = Document("e", f"A story.\n\n{NAV}", source="B")
    assert strip_corpus_chrome(elsewhere, chrome) is elsewhere
    only_chrome = Document("o", NAV, source="A")
    assert strip_corpus_chrome(only_chrome, chrome) == only_chrome  # never emptied
    cleaned = strip_corpus_chrome(
        Document("c", f"First line of the story here.\n\n{NAV}", source="A", removed=("x",)),
        chrome,
    )
    assert cleaned.text == "First line of the story here."
    assert cleaned.removed == ("x", NAV)


# --------------------------------------------------------------------------- output files


@pytest.mark.model
@pytest.mark.parametrize("output_format", ["jsonl", "parquet", "csv"])
def test_output_round_trip(result: ScanResult, tmp_path: Path, output_format: str) -> None:
    with_skips = dataclasses.replace(result, skipped=(Skip("feed.jsonl:7", "not JSON"),))
    written = write_scan(with_skips, tmp_path, output_format=output_format)  # type: ignore[arg-type]
    suffix = f".{output_format}"
    assert sorted(p.name for p in written) == sorted(
        [f"documents{suffix}", f"matches{suffix}", f"stories{suffix}", "summary.json"]
    )
    back = read_scan(tmp_path)
    assert back == with_skips
    for old, new in zip(with_skips.matches, back.matches, strict=True):
        assert old.comparison is not None
        assert new.comparison is not None
        assert new.comparison.a_sentences == old.comparison.a_sentences
        assert new.comparison.b_sentences == old.comparison.b_sentences
        assert new.comparison.links == old.comparison.links
        for s in new.comparison.b_sentences:
            assert new.comparison.b.text[s.start : s.end] == s.text


@pytest.mark.model
@pytest.mark.parametrize("output_format", ["jsonl", "parquet", "csv"])
def test_empty_result_round_trip(embedder: Embedder, tmp_path: Path, output_format: str) -> None:
    empty = scan([], embedder=embedder)
    write_scan(empty, tmp_path, output_format=output_format)  # type: ignore[arg-type]
    assert read_scan(tmp_path) == empty


def test_records_carry_the_schema_version(tmp_path: Path) -> None:
    write_scan(ScanResult((), (), (), ()), tmp_path)
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["version"] == SCAN_SCHEMA_VERSION
    assert summary["format"] == "jsonl"


@pytest.mark.model
def test_records_in_the_files(result: ScanResult, tmp_path: Path) -> None:
    write_scan(result, tmp_path)
    lines = {
        name: [json.loads(line) for line in (tmp_path / f"{name}.jsonl").read_text().splitlines()]
        for name in ("documents", "matches", "stories")
    }
    assert len(lines["documents"]) == 16
    assert len(lines["matches"]) == len(result.matches)
    assert [s["id"] for s in lines["stories"]] == [s.id for s in result.stories]
    for records in lines.values():
        assert {r["version"] for r in records} == {SCAN_SCHEMA_VERSION}
    story = lines["stories"][0]
    assert story["size"] == len(story["members"])
    match = lines["matches"][0]
    assert match["derived"] == (match["relation"] in DERIVED_RELATIONS)
    assert set(match["alignment"]) >= {"a_sentences", "b_sentences", "links", "reasons"}


def test_unknown_schema_version_is_refused(tmp_path: Path) -> None:
    write_scan(ScanResult((), (), (), ()), tmp_path)
    summary = tmp_path / "summary.json"
    data = json.loads(summary.read_text())
    data["version"] = "9.0"
    summary.write_text(json.dumps(data))
    with pytest.raises(SchemaError, match=r"version 9\.0 is not supported"):
        read_scan(tmp_path)


def test_a_record_of_an_unknown_version_is_refused(tmp_path: Path) -> None:
    write_scan(ScanResult((), (), (), ()), tmp_path)
    record = {"version": "2.0", "id": "s", "size": 1, "origin": "a", "members": ["a"], "edges": []}
    (tmp_path / "stories.jsonl").write_text(json.dumps(record) + "\n")
    with pytest.raises(SchemaError, match=r"stories\.jsonl: scan schema version 2\.0"):
        read_scan(tmp_path)


def test_a_folder_without_summary_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match=r"no summary\.json: not a retold scan output folder"):
        read_scan(tmp_path)


def test_a_broken_line_is_refused_with_its_location(tmp_path: Path) -> None:
    write_scan(ScanResult((), (), (), ()), tmp_path)
    (tmp_path / "matches.jsonl").write_text('{"version": "1.0"\n')
    with pytest.raises(SchemaError, match=r"matches\.jsonl:1: not JSON"):
        read_scan(tmp_path)


def test_a_record_missing_a_field_is_a_schema_error(tmp_path: Path) -> None:
    write_scan(ScanResult((), (), (), ()), tmp_path)
    (tmp_path / "stories.jsonl").write_text('{"version": "1.0", "id": "s"}\n')
    with pytest.raises(SchemaError, match="malformed scan record"):
        read_scan(tmp_path)
