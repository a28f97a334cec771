"""Tests of the scan report: files and links, the story graph, order, caps and escaping.

The scan result is built by hand from real comparisons of the invented fixture articles (no
scan code is involved), plus documents and pairs made up to test what comparisons cannot
reach: a hostile document, a pair without an alignment, a story too big to draw whole.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from retold._scan_html import render_scan_report
from retold.model import (
    Comparison,
    Direction,
    Document,
    DocumentInfo,
    Match,
    ProvenanceEdge,
    Relation,
    ScanResult,
    Scores,
    Skip,
    Story,
)

CompareFiles = Callable[[str, str], Comparison]

HOSTILE_ID = '"><img src=x onerror=alert(1)>'
HOSTILE_TITLE = '<script>alert("x")</script>'
HOSTILE_SOURCE = "<b onmouseover=alert(2)>Wire</b>"
HOSTILE_URL = "javascript:alert(1)"
HOSTILE_SKIP = Skip('feed.jsonl:"><img src=x onerror=alert(3)>', "<script>alert(4)</script>")

VOID = {"meta", "col", "br", "hr", "img", "input", "link", "wbr"}


# --------------------------------------------------------------------------- HTML tree


@dataclasses.dataclass
class Element:
    """A parsed element: tag, attributes, and its text and child elements in document order."""

    tag: str
    attrs: dict[str, str | None]
    content: list[str | Element] = dataclasses.field(default_factory=list)

    @property
    def children(self) -> list[Element]:
        return [item for item in self.content if isinstance(item, Element)]

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.iter()

    def find_all(self, tag: str, cls: str | None = None) -> list[Element]:
        return [
            el
            for el in self.iter()
            if el.tag == tag and (cls is None or cls in (el.attrs.get("class") or "").split())
        ]

    def text(self) -> str:
        """The text below, as a browser shows it (tags dropped)."""
        return "".join(item if isinstance(item, str) else item.text() for item in self.content)

    def all_text(self) -> str:
        """The text below with a space at each tag, so neighbouring cells do not merge."""
        parts = [item if isinstance(item, str) else item.all_text() for item in self.content]
        return " ".join(parts)


class TreeBuilder(HTMLParser):
    """Builds an :class:`Element` tree, failing on any unclosed or mis-nested element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.stack[-1].content.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].content.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if len(self.stack) == 1 or self.stack[-1].tag != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1].tag}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].content.append(data)


def parse(page: str) -> Element:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.errors == []
    assert [el.tag for el in builder.stack] == ["#root"]
    return builder.root


def read(path: Path) -> tuple[str, Element]:
    page = path.read_text(encoding="utf-8")
    return page, parse(page)


def pages(out: Path) -> list[Path]:
    return [out / "report.html", *sorted((out / "stories").iterdir()), *(out / "pairs").iterdir()]


# --------------------------------------------------------------------------- building scans


def info(doc: Document) -> DocumentInfo:
    return DocumentInfo(doc.id, doc.title, doc.date, doc.url, doc.source, doc.path, len(doc.text))


def match_of(c: Comparison, found_by: tuple[str, ...] = ("minhash",)) -> Match:
    return Match(c.a.id, c.b.id, c.relation, c.direction, c.scores, found_by, c)


def edge_of(match: Match) -> ProvenanceEdge:
    """The edge a scan would draw for a match: from the likely source when known."""
    directed = match.derived and match.direction.value != "unknown"
    if match.direction.value == "b_to_a":
        return ProvenanceEdge(match.b, match.a, match.relation, directed)
    return ProvenanceEdge(match.a, match.b, match.relation, directed)


def scores(retelling: float) -> Scores:
    return Scores(0.6, 0.7, 0.5, 0.8, 0.75, 0.5, retelling)


HOSTILE_DOC = DocumentInfo(
    HOSTILE_ID, HOSTILE_TITLE, "2024-05-16", HOSTILE_URL, HOSTILE_SOURCE, HOSTILE_ID, 900
)


@pytest.fixture(scope="module")
def scan(compare_files: CompareFiles) -> ScanResult:
    """Two stories from real comparisons; the larkport one also holds the hostile document.

    Matches: 1-3 larkport wire vs copy/spun/independent, 4 ashcreek wire vs edited (all with
    their comparison), 5 larkport wire vs the hostile document (no comparison).
    """
    comparisons = [
        compare_files("larkport-wire.txt", "larkport-copy.txt"),
        compare_files("larkport-wire.txt", "larkport-spun.txt"),
        compare_files("larkport-wire.txt", "larkport-independent.txt"),
        compare_files("ashcreek-wire.txt", "ashcreek-edited.txt"),
    ]
    documents: dict[str, DocumentInfo] = {}
    for c in comparisons:
        documents.setdefault(c.a.id, info(c.a))
        documents.setdefault(c.b.id, info(c.b))
    documents[HOSTILE_ID] = HOSTILE_DOC
    matches = [match_of(c) for c in comparisons]
    matches.append(
        Match(
            "larkport-wire",
            HOSTILE_ID,
            "partial_reuse",
            Direction("a_to_b", (f"{HOSTILE_TITLE} is later",)),
            scores(0.4321),
            ("anchors",),
            None,
        )
    )
    larkport = ("larkport-wire", HOSTILE_ID, "larkport-copy", "larkport-spun")
    stories = (
        Story(
            f"story:{HOSTILE_ID}",
            (*larkport, "larkport-independent"),
            "larkport-wire",
            tuple(edge_of(m) for k, m in enumerate(matches) if k != 3),
        ),
        Story(
            "ashcreek",
            ("ashcreek-wire", "ashcreek-edited"),
            "ashcreek-wire",
            (edge_of(matches[3]),),
        ),
    )
    return ScanResult(
        documents=tuple(documents.values()),
        matches=tuple(matches),
        stories=stories,
        skipped=(Skip("feed.jsonl:17", "no text in record"), HOSTILE_SKIP),
        stats={
            "documents": len(documents),
            "skipped": 2,
            "candidates": 9,
            "seconds_read": 0.5,
            "seconds_compare": 3.25,
            "rewrite": 1,
        },
    )


@pytest.fixture(scope="module")
def out(scan: ScanResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scan-report")
    report = render_scan_report(scan, folder)
    assert report == folder / "report.html"
    return folder


def chain_scan(size: int) -> ScanResult:
    """One story of ``size`` made-up documents, each rewritten from the one before."""
    docs = tuple(
        DocumentInfo(
            f"doc-{k:02d}", f"Title {k}", f"2024-01-{k % 28 + 1:02d}", None, "S", None, 100
        )
        for k in range(size)
    )
    matches = tuple(
        Match(docs[k].id, docs[k + 1].id, "rewrite", Direction("a_to_b"), scores(0.5), ("minhash",))
        for k in range(size - 1)
    )
    story = Story("chain", tuple(d.id for d in docs), docs[0].id, tuple(map(edge_of, matches)))
    return ScanResult(docs, matches, (story,), (), {})


# --------------------------------------------------------------------------- files & links


@pytest.mark.model
def test_writes_report_story_and_pair_pages_with_numeric_names(scan: ScanResult, out: Path) -> None:
    assert (out / "report.html").is_file()
    stories = sorted(p.name for p in (out / "stories").iterdir())
    pairs = sorted(p.name for p in (out / "pairs").iterdir())
    assert stories == [f"{n}.html" for n in range(1, len(scan.stories) + 1)]
    assert pairs == sorted(f"{n}.html" for n in range(1, len(scan.matches) + 1))


@pytest.mark.model
def test_every_page_is_well_formed_and_self_contained(out: Path) -> None:
    for path in pages(out):
        page, tree = read(path)
        assert page.startswith("<!DOCTYPE html>"), path
        csp = [
            m
            for m in tree.find_all("meta")
            if m.attrs.get("http-equiv") == "Content-Security-Policy"
        ]
        assert len(csp) == 1, path
        assert "default-src 'none'" in (csp[0].attrs["content"] or "")
        scripts = tree.find_all("script")
        assert len(scripts) == 1, path
        assert "src" not in scripts[0].attrs
        assert tree.find_all("link") == []
        assert tree.find_all("img") == []


@pytest.mark.model
def test_links_resolve_and_every_page_is_reachable_from_the_report(out: Path) -> None:
    start = (out / "report.html").resolve()
    reached, queue = {start}, [start]
    while queue:
        path = queue.pop()
        _, tree = read(path)
        ids = {el.attrs.get("id") for el in tree.iter()}
        for a in tree.find_all("a"):
            href = a.attrs.get("href") or ""
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                continue
            assert parts.scheme == "", href
            if not parts.path:
                assert parts.fragment in ids, href
                continue
            target = (path.parent / parts.path).resolve()
            assert target.is_file(), f"{path.name}: {href}"
            assert target.is_relative_to(out.resolve())
            if parts.fragment:
                assert parts.fragment in {el.attrs.get("id") for el in read(target)[1].iter()}
            if target not in reached:
                reached.add(target)
                queue.append(target)
    assert reached == {p.resolve() for p in pages(out)}


@pytest.mark.model
def test_pair_pages_link_back_to_report_and_story(out: Path) -> None:
    for n, story in ((1, 1), (4, 2), (5, 1)):
        _, tree = read(out / "pairs" / f"{n}.html")
        hrefs = {a.attrs.get("href") for a in tree.find_all("a")}
        assert "../report.html" in hrefs
        assert f"../stories/{story}.html" in hrefs


# --------------------------------------------------------------------------- story pages


def node_id(node: Element) -> str:
    """The document id a graph node's tooltip names."""
    tooltip = node.find_all("title")[0].text()
    return tooltip.split("\nid: ", 1)[1].split("\n", 1)[0]


@pytest.mark.model
def test_story_graph_draws_one_line_per_edge_linked_to_its_pair(
    scan: ScanResult, out: Path
) -> None:
    story = scan.stories[0]
    _, tree = read(out / "stories" / "1.html")
    (svg,) = tree.find_all("svg", "provenance")
    paths = svg.find_all("path", "edge")
    assert len(paths) == len(story.edges) == 4
    pair_of = {frozenset((m.a, m.b)): n for n, m in enumerate(scan.matches, 1)}
    links = [a for a in svg.find_all("a") if a.find_all("path", "edge")]
    assert len(links) == len(story.edges)
    for k, (edge, link) in enumerate(zip(story.edges, links, strict=True), 1):
        (path,) = link.find_all("path", "edge")
        assert path.attrs["data-edge"] == str(k)
        assert (
            link.attrs["href"] == f"../pairs/{pair_of[frozenset((edge.source, edge.target))]}.html"
        )
        assert ("marker-end" in path.attrs) == edge.directed
        style = edge.relation if edge.relation != "unrelated" else "other"
        assert f"rel-{style}" in (path.attrs["class"] or "")
    assert any(not edge.directed for edge in story.edges)  # the same-story edge is a plain line
    assert any(edge.directed for edge in story.edges)


@pytest.mark.model
def test_story_graph_marks_the_origin_and_draws_every_member(scan: ScanResult, out: Path) -> None:
    story = scan.stories[0]
    _, tree = read(out / "stories" / "1.html")
    (svg,) = tree.find_all("svg", "provenance")
    nodes = svg.find_all("g", "node")
    assert len(nodes) == len(story.members)
    (origin,) = svg.find_all("g", "origin")
    assert "id: larkport-wire" in origin.find_all("title")[0].text()
    assert "★" in origin.all_text()
    # the origin sits in the leftmost column, the documents derived from it to its right
    x = {node_id(g): float(g.find_all("rect")[0].attrs["x"] or 0) for g in nodes}
    assert x["larkport-wire"] < min(v for k, v in x.items() if k != "larkport-wire")
    rows = tree.find_all("tr", "origin-row")
    assert len(rows) == 1
    assert "larkport-wire" in rows[0].all_text()
    assert "origin" in rows[0].all_text()


@pytest.mark.model
def test_story_page_lists_members_and_edges(scan: ScanResult, out: Path) -> None:
    story = scan.stories[0]
    _, tree = read(out / "stories" / "1.html")
    (members,) = tree.find_all("table", "members")
    member_rows = members.find_all("tbody")[0].find_all("tr")
    assert [row.attrs["id"] for row in member_rows] == [f"m-{k}" for k in range(1, 6)]
    for member, row in zip(story.members, member_rows, strict=True):
        assert member in row.all_text()
    (edges,) = tree.find_all("table", "edges")
    assert len(edges.find_all("tbody")[0].find_all("tr")) == len(story.edges)
    hrefs = [a.attrs["href"] for a in tree.find_all("a")]
    assert "https://wire.example/news/larkport-warehouse-fire" in hrefs


def test_story_page_lists_pairs_that_leave_the_story(tmp_path: Path) -> None:
    # x-1/x-2 and y-1/y-2 are two stories; x-2 also lifted a paragraph from y-1 (pair 3), and
    # y-2 relates to a document in no story at all (pair 4)
    docs = tuple(
        DocumentInfo(name, f"Title {name}", "2024-01-02", None, "S", None, 100)
        for name in ("x-1", "x-2", "y-1", "y-2", "loose")
    )

    def related(a: str, b: str, relation: Relation, retelling: float) -> Match:
        return Match(a, b, relation, Direction("a_to_b"), scores(retelling), ("minhash",))

    matches = (
        related("x-1", "x-2", "rewrite", 0.9),
        related("y-1", "y-2", "duplicate", 0.95),
        related("y-1", "x-2", "partial_reuse", 0.6),
        related("y-2", "loose", "same_story", 0.3),
    )
    stories = (
        Story("x", ("x-1", "x-2"), "x-1", (edge_of(matches[0]),)),
        Story("y", ("y-1", "y-2"), "y-1", (edge_of(matches[1]),)),
        Story("z", ("x-1", "x-2"), "x-1", (edge_of(matches[0]),)),
    )
    render_scan_report(ScanResult(docs, matches, stories, (), {}), tmp_path)

    def outside_rows(n: int) -> list[tuple[str, list[str]]]:
        _, tree = read(tmp_path / "stories" / f"{n}.html")
        tables = tree.find_all("table", "outside")
        if not tables:
            return []
        return [
            (row.all_text(), [a.attrs["href"] or "" for a in row.find_all("a")])
            for row in tables[0].find_all("tbody")[0].find_all("tr")
        ]

    ((x_text, x_links),) = outside_rows(1)
    assert "x-2" in x_text
    assert "y-1" in x_text
    assert "Partial reuse" in x_text
    assert x_links == ["../pairs/3.html", "../stories/2.html"]
    y_rows = outside_rows(2)
    assert [links for _, links in y_rows] == [
        ["../pairs/3.html", "../stories/1.html", "../stories/3.html"],
        ["../pairs/4.html"],
    ]
    assert "loose" in y_rows[1][0]
    # a pair inside the story is never listed as leaving it
    assert all("../pairs/1.html" not in links for _, links in outside_rows(3))


def test_story_page_says_when_no_pair_leaves_the_story(scan: ScanResult, out: Path) -> None:
    _page, tree = read(out / "stories" / "2.html")
    assert not tree.find_all("table", "outside")
    assert "every related pair of a member is inside this story" in tree.all_text()


def test_big_story_draws_the_first_members_and_says_so(tmp_path: Path) -> None:
    render_scan_report(chain_scan(60), tmp_path)
    page, tree = read(tmp_path / "stories" / "1.html")
    (svg,) = tree.find_all("svg", "provenance")
    nodes = svg.find_all("g", "node")
    assert len(nodes) == 50
    assert len(svg.find_all("path", "edge")) == 49
    assert "first 50 of 60 members" in " ".join(tree.all_text().split())
    assert "10 edges not drawn" in page
    # a chain steps one column to the right per generation
    xs = [float(g.find_all("rect")[0].attrs["x"] or 0) for g in nodes]
    assert xs == sorted(set(xs))
    assert len(tree.find_all("table", "edges")[0].find_all("tbody")[0].find_all("tr")) == 59


def test_graph_cap_is_configurable(tmp_path: Path) -> None:
    render_scan_report(chain_scan(8), tmp_path, max_graph_members=3)
    _, tree = read(tmp_path / "stories" / "1.html")
    assert len(tree.find_all("g", "node")) == 3
    assert len(tree.find_all("path", "edge")) == 2


# --------------------------------------------------------------------------- report.html


def story_rows(tree: Element) -> list[Element]:
    (table,) = tree.find_all("table", "stories")
    return table.find_all("tbody")[0].find_all("tr")


@pytest.mark.model
def test_stories_are_listed_in_the_given_order(scan: ScanResult, tmp_path: Path) -> None:
    for stories in (scan.stories, scan.stories[::-1]):
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        render_scan_report(dataclasses.replace(scan, stories=stories), folder)
        _, tree = read(folder / "report.html")
        rows = story_rows(tree)
        assert len(rows) == len(stories)
        for n, (story, row) in enumerate(zip(stories, rows, strict=True), 1):
            assert story.origin in row.all_text()
            assert str(len(story.members)) in row.all_text()
            assert f"stories/{n}.html" in [a.attrs["href"] for a in row.find_all("a")]
            assert (
                story.origin
                in read(folder / "stories" / f"{n}.html")[1].find_all("h1")[0].all_text()
            )


@pytest.mark.model
def test_story_rows_show_origin_and_relation_counts(scan: ScanResult, out: Path) -> None:
    _, tree = read(out / "report.html")
    row = story_rows(tree)[0]
    text = " ".join(row.all_text().split())
    assert "Fire destroys riverside warehouse in Larkport" in text
    assert "2024-05-15" in text
    relations = [e.relation for e in scan.stories[0].edges]
    badges = row.find_all("span", "badge")
    assert {b.attrs["title"] for b in badges} == set(relations)
    counts = [int(span.text()) for span in row.find_all("span", "count")]
    assert sorted(counts) == sorted(relations.count(r) for r in set(relations))


def pair_links(tree: Element) -> list[str]:
    (table,) = tree.find_all("table", "pairs")
    return [
        row.find_all("a")[0].attrs["href"] or ""
        for row in table.find_all("tbody")[0].find_all("tr")
    ]


def test_pairs_list_derived_first_then_by_retelling_score(tmp_path: Path) -> None:
    base = chain_scan(6)
    relations = ("same_story", "rewrite", "same_story", "partial_reuse", "duplicate")
    retelling = (0.99, 0.30, 0.50, 0.80, 0.30)
    matches = tuple(
        dataclasses.replace(m, relation=r, scores=scores(s))
        for m, r, s in zip(base.matches, relations, retelling, strict=True)
    )
    render_scan_report(dataclasses.replace(base, matches=matches), tmp_path)
    _, tree = read(tmp_path / "report.html")
    assert pair_links(tree) == [f"pairs/{n}.html" for n in (4, 2, 5, 1, 3)]


@pytest.mark.model
def test_summary_shows_counts_skips_and_timings(scan: ScanResult, out: Path) -> None:
    _, tree = read(out / "report.html")
    (summary,) = tree.find_all("section", "summary")
    text = " ".join(summary.all_text().split())
    assert f"Documents {len(scan.documents)}" in text
    assert "Skipped records 2" in text
    assert "Candidate pairs 9" in text
    assert "Stories 2" in text
    assert f"Related pairs {len(scan.matches)}" in text
    (timings,) = summary.find_all("table", "timings")
    assert " ".join(timings.all_text().split()).endswith("read 0.50 s compare 3.25 s")
    (details,) = summary.find_all("details", "skips")
    locations = [
        row.find_all("td")[0].text() for row in details.find_all("tbody")[0].find_all("tr")
    ]
    assert locations == ["feed.jsonl:17", HOSTILE_SKIP.location]
    assert HOSTILE_SKIP.reason in details.all_text()


@pytest.mark.model
def test_report_caps_lists_but_writes_every_page(scan: ScanResult, tmp_path: Path) -> None:
    render_scan_report(scan, tmp_path, max_stories=1, max_pairs=2)
    _, tree = read(tmp_path / "report.html")
    assert len(story_rows(tree)) == 1
    assert len(pair_links(tree)) == 2
    text = " ".join(tree.all_text().split())
    assert "Showing the first 1 of 2 stories; 1 more not listed here." in text
    assert "Showing the first 2 of 5 pairs; 3 more not listed here." in text
    assert (tmp_path / "stories" / "2.html").is_file()
    assert (tmp_path / "pairs" / "5.html").is_file()


def test_stale_numbered_pages_are_removed_and_other_files_kept(tmp_path: Path) -> None:
    render_scan_report(chain_scan(6), tmp_path)
    (tmp_path / "pairs" / "notes.txt").write_text("keep me")
    render_scan_report(chain_scan(3), tmp_path)
    assert sorted(p.name for p in (tmp_path / "pairs").iterdir()) == [
        "1.html",
        "2.html",
        "notes.txt",
    ]


def test_rendering_is_deterministic(tmp_path: Path) -> None:
    scan = chain_scan(12)
    render_scan_report(scan, tmp_path / "one")
    render_scan_report(scan, tmp_path / "two")
    for path in pages(tmp_path / "one"):
        twin = tmp_path / "two" / path.relative_to(tmp_path / "one")
        assert path.read_bytes() == twin.read_bytes()


def test_empty_scan(tmp_path: Path) -> None:
    render_scan_report(ScanResult((), (), (), ()), tmp_path)
    _, tree = read(tmp_path / "report.html")
    text = tree.all_text()
    assert "No stories." in text
    assert "No related pairs." in text
    assert "No records were skipped." in text


# --------------------------------------------------------------------------- pair pages


@pytest.mark.model
def test_pair_page_with_comparison_shows_the_side_by_side_view(scan: ScanResult, out: Path) -> None:
    _, tree = read(out / "pairs" / "2.html")
    text = " ".join(tree.all_text().split())
    assert "Side by side" in text
    comparison = scan.matches[1].comparison
    assert comparison is not None
    assert comparison.b_sentences[0].text in text
    assert tree.find_all("table", "align")
    assert "Found by: minhash" in text


@pytest.mark.model
def test_pair_page_without_comparison_shows_verdict_and_scores(out: Path) -> None:
    _, tree = read(out / "pairs" / "5.html")
    text = " ".join(tree.all_text().split())
    assert "Side by side" not in text
    assert tree.find_all("table", "align") == []
    assert [b.attrs["title"] for b in tree.find_all("span", "badge")] == ["partial_reuse"]
    assert "A is the likely source" in text
    assert "0.43" in text
    assert "70%" in text  # coverage of B
    assert f"{HOSTILE_TITLE} is later" in text
    assert "Found by: anchors" in text


# --------------------------------------------------------------------------- escaping


def assert_inert(page: str, tree: Element) -> None:
    """Only our script, no images, no event handlers, no links but our own and http(s)."""
    assert "<img" not in page
    assert "<script>alert" not in page
    assert "<b onmouseover" not in page
    assert tree.find_all("img") == []
    assert tree.find_all("b") == []
    assert len(tree.find_all("script")) == 1
    for el in tree.iter():
        assert not any(name.startswith("on") for name in el.attrs), el
    for a in tree.find_all("a"):
        href = a.attrs.get("href") or ""
        assert re.fullmatch(r"(\.\./)?(report|stories/\d+|pairs/\d+)\.html|#[\w-]+", href) or (
            href.startswith(("http://", "https://"))
        ), href
    assert "javascript:" not in " ".join(str(v) for el in tree.iter() for v in el.attrs.values())


@pytest.mark.model
def test_hostile_document_is_inert_on_every_page(out: Path) -> None:
    for path in pages(out):
        assert_inert(*read(path))


@pytest.mark.model
def test_hostile_text_survives_as_text(out: Path) -> None:
    page, tree = read(out / "stories" / "1.html")
    (svg,) = tree.find_all("svg", "provenance")
    hostile_nodes = [g for g in svg.find_all("g", "node") if f"id: {HOSTILE_ID}" in g.text()]
    assert len(hostile_nodes) == 1
    assert HOSTILE_TITLE[:20] in hostile_nodes[0].find_all("text")[0].text()
    assert any(HOSTILE_ID in t.text() for t in svg.find_all("title"))
    text = tree.all_text()
    for value in (HOSTILE_ID, HOSTILE_TITLE, HOSTILE_SOURCE, HOSTILE_URL, f"story:{HOSTILE_ID}"):
        assert value in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert 'href="javascript' not in page
    _, report_tree = read(out / "report.html")
    assert HOSTILE_SKIP.location in report_tree.all_text()
    assert HOSTILE_ID in report_tree.all_text()


def test_hostile_ids_never_reach_file_names(tmp_path: Path) -> None:
    doc = dataclasses.replace(HOSTILE_DOC, id="../../escape")
    other = DocumentInfo("plain", "Plain", None, None, None, None, 10)
    match = Match("plain", doc.id, "rewrite", Direction("b_to_a"), scores(0.9), ("minhash",))
    story = Story("../../escape", (doc.id, "plain"), doc.id, (edge_of(match),))
    render_scan_report(ScanResult((doc, other), (match,), (story,), ()), tmp_path / "out")
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    assert written == [
        "out",
        "out/pairs",
        "out/pairs/1.html",
        "out/report.html",
        "out/stories",
        "out/stories/1.html",
    ]
    page, tree = read(tmp_path / "out" / "stories" / "1.html")
    assert_inert(page, tree)
    (origin,) = tree.find_all("g", "origin")
    assert "id: ../../escape" in origin.text()
    (path,) = tree.find_all("path", "edge")
    assert "marker-end" in path.attrs  # b_to_a: drawn from the source, "../../escape"
