"""``build_stories`` on hand-made matches: grouping, best parents, spanning edges, origins.

No model and no scan: every match is written out with the relation, direction and retelling
score that matter for the rule in ``retold._stories`` (also in ``docs/scan.md``).
"""

from __future__ import annotations

import itertools
import random

import pytest

from retold._stories import build_stories
from retold.model import (
    DERIVED_RELATIONS,
    Direction,
    DirectionValue,
    DocumentInfo,
    Match,
    ProvenanceEdge,
    Relation,
    Scores,
    Story,
)


def info(doc_id: str, date: str | None = None) -> DocumentInfo:
    return DocumentInfo(doc_id, f"Title of {doc_id}", date, None, None, f"{doc_id}.txt", 500)


def match(
    a: str,
    b: str,
    relation: Relation,
    direction: DirectionValue = "unknown",
    retelling: float = 0.9,
) -> Match:
    scores = Scores(0.8, 0.8, 0.5, 0.9, 0.8, 0.7, retelling)
    return Match(a, b, relation, Direction(direction), scores, ("minhash",))


def edge(source: str, target: str, relation: Relation, directed: bool = True) -> ProvenanceEdge:
    return ProvenanceEdge(source, target, relation, directed)


def docs(*ids: str) -> list[DocumentInfo]:
    return [info(i) for i in ids]


def only(stories: list[Story]) -> Story:
    assert len(stories) == 1, stories
    return stories[0]


def assert_spanning_tree(story: Story) -> None:
    """Edges connect every member, without a cycle: members - 1 edges, all reachable."""
    assert len(story.edges) == len(story.members) - 1
    neighbours: dict[str, set[str]] = {m: set() for m in story.members}
    for e in story.edges:
        neighbours[e.source].add(e.target)
        neighbours[e.target].add(e.source)
    seen, todo = {story.origin}, [story.origin]
    while todo:
        for nxt in neighbours[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    assert seen == set(story.members)


# --------------------------------------------------------------------------- components


def test_no_matches_no_stories() -> None:
    assert build_stories(docs("a", "b"), []) == []
    assert build_stories([], []) == []


def test_unrelated_matches_make_no_story() -> None:
    assert build_stories(docs("a", "b"), [match("a", "b", "unrelated")]) == []


def test_connected_documents_form_one_story_each() -> None:
    documents = docs("a", "b", "c", "d", "e", "f")
    matches = [
        match("a", "b", "duplicate", "a_to_b"),
        match("d", "e", "same_story"),
        match("b", "c", "rewrite", "a_to_b"),
    ]
    stories = build_stories(documents, matches)
    assert [s.members for s in stories] == [("a", "b", "c"), ("d", "e")]
    assert [s.id for s in stories] == ["story-00001", "story-00002"]
    for story in stories:
        assert_spanning_tree(story)
    assert all("f" not in s.members for s in stories)


def test_stories_are_largest_first_then_by_first_member() -> None:
    documents = docs("a", "b", "c", "d", "e", "f", "g")
    matches = [
        match("e", "f", "duplicate", "a_to_b"),
        match("a", "g", "same_story"),
        match("b", "c", "duplicate", "a_to_b"),
        match("c", "d", "duplicate", "a_to_b"),
    ]
    stories = build_stories(documents, matches)
    assert [s.members for s in stories] == [("b", "c", "d"), ("a", "g"), ("e", "f")]
    assert [s.id for s in stories] == ["story-00001", "story-00002", "story-00003"]


def test_members_ordered_by_date_then_input_position_undated_last() -> None:
    documents = [
        info("undated"),
        info("feb", "2024-02-01"),
        info("jan-late-in-input", "2024-01-01"),
        info("jan-later-still", "2024-01-01"),
        info("undated-2"),
    ]
    matches = [
        match("undated", "feb", "rewrite"),
        match("feb", "jan-late-in-input", "rewrite"),
        match("jan-later-still", "undated-2", "rewrite"),
        match("undated", "jan-later-still", "rewrite"),
    ]
    story = only(build_stories(documents, matches))
    assert story.members == (
        "jan-late-in-input",
        "jan-later-still",
        "feb",
        "undated",
        "undated-2",
    )


def clique(ids: str, relation: Relation = "same_story", retelling: float = 0.6) -> list[Match]:
    """Every pair of the one-letter-or-more ids (space-separated) related."""
    names = ids.split()
    return [
        match(a, b, relation, retelling=retelling)
        for i, a in enumerate(names)
        for b in names[i + 1 :]
    ]


def test_a_chain_of_same_story_reports_is_not_one_story() -> None:
    # each report relates only to the next: on a real archive such chains (a year of items
    # on the dollar, each like a few others) made one story of thousands of documents
    names = ["a", "b", "c", "d", "e", "f"]
    matches = [match(x, y, "same_story") for x, y in itertools.pairwise(names)]
    stories = build_stories(docs(*names), matches)
    assert [s.members for s in stories] == [("a", "b"), ("c", "d"), ("e", "f")]
    for story in stories:
        assert_spanning_tree(story)


def test_a_digest_quoting_two_stories_joins_one_and_merges_neither() -> None:
    documents = docs("x1", "x2", "x3", "y1", "y2", "y3", "digest")
    matches = [
        *clique("x1 x2 x3"),
        *clique("y1 y2 y3"),
        # the digest's lifted paragraph scores higher than the reports' links: it must not
        # pull x1 out of its story either
        match("x1", "digest", "partial_reuse", "a_to_b", retelling=0.95),
        match("y1", "digest", "partial_reuse", "a_to_b", retelling=0.7),
    ]
    stories = build_stories(documents, matches)
    assert [s.members for s in stories] == [("x1", "x2", "x3", "digest"), ("y1", "y2", "y3")]
    assert edge("x1", "digest", "partial_reuse") in stories[0].edges
    assert all("digest" not in (e.source, e.target) for e in stories[1].edges)
    for story in stories:
        assert_spanning_tree(story)


def test_a_report_related_to_one_member_still_has_a_story() -> None:
    documents = docs("x1", "x2", "x3", "late")
    matches = [*clique("x1 x2 x3"), match("x3", "late", "same_story")]
    story = only(build_stories(documents, matches))
    assert story.members == ("x1", "x2", "x3", "late")
    assert_spanning_tree(story)


def test_copies_and_rewrites_always_share_a_story() -> None:
    # a chain of retellings of one text is one story however long, and a report related
    # to one copy is related to the text they all carry
    names = [f"v{i}" for i in range(8)]
    retellings: list[Relation] = ["duplicate", "near_duplicate", "rewrite"]
    matches = [
        match(x, y, retellings[i % 3], "a_to_b")
        for i, (x, y) in enumerate(itertools.pairwise(names))
    ]
    matches.append(match("v7", "report", "same_story"))
    story = only(build_stories(docs(*names, "report"), matches))
    assert set(story.members) == {*names, "report"}
    assert story.origin == "v0"
    assert_spanning_tree(story)


def test_two_stories_related_by_one_pair_stay_apart() -> None:
    documents = docs("x1", "x2", "x3", "y1", "y2", "y3")
    matches = [*clique("x1 x2 x3"), *clique("y1 y2 y3"), match("x3", "y1", "same_story")]
    stories = build_stories(documents, matches)
    assert [s.members for s in stories] == [("x1", "x2", "x3"), ("y1", "y2", "y3")]


def test_groups_join_when_most_of_their_pairs_are_related() -> None:
    # two halves of one event's coverage, each a clique, with 5 of the 9 pairs across related
    documents = docs("x1", "x2", "x3", "y1", "y2", "y3")
    across = [("x1", "y1"), ("x1", "y2"), ("x2", "y2"), ("x2", "y3"), ("x3", "y3")]
    matches = [
        *clique("x1 x2 x3", retelling=0.9),
        *clique("y1 y2 y3", retelling=0.9),
        *(match(a, b, "same_story", retelling=0.5) for a, b in across),
    ]
    story = only(build_stories(documents, matches))
    assert set(story.members) == {"x1", "x2", "x3", "y1", "y2", "y3"}
    assert_spanning_tree(story)


# --------------------------------------------------------------------------- directed edges


def test_directed_edges_follow_the_match_direction() -> None:
    documents = docs("copy", "wire", "spun")
    matches = [
        match("copy", "wire", "duplicate", "b_to_a", 1.0),
        match("wire", "spun", "rewrite", "a_to_b", 0.8),
    ]
    story = only(build_stories(documents, matches))
    assert set(story.edges) == {
        edge("wire", "copy", "duplicate"),
        edge("wire", "spun", "rewrite"),
    }
    assert story.origin == "wire"


def test_each_document_keeps_its_best_parent() -> None:
    """Two sources for one target: the higher retelling score is the parent, the other pair
    only joins the story (undirected, turned to run away from the origin ``strong``)."""
    documents = docs("weak", "strong", "target")
    matches = [
        match("weak", "target", "partial_reuse", "a_to_b", 0.6),
        match("strong", "target", "rewrite", "a_to_b", 0.9),
    ]
    story = only(build_stories(documents, matches))
    assert story.edges == (
        edge("strong", "target", "rewrite"),
        edge("target", "weak", "partial_reuse", directed=False),
    )
    assert [e.target for e in story.edges if e.directed] == ["target"]


def test_best_parent_tie_goes_to_the_earliest_source() -> None:
    documents = [
        info("later", "2024-03-02"),
        info("earlier", "2024-03-01"),
        info("t", "2024-03-05"),
    ]
    matches = [
        match("later", "t", "duplicate", "a_to_b", 1.0),
        match("earlier", "t", "duplicate", "a_to_b", 1.0),
        match("later", "earlier", "duplicate", "b_to_a", 1.0),
    ]
    story = only(build_stories(documents, matches))
    assert story.members == ("earlier", "later", "t")
    assert story.edges == (
        edge("earlier", "later", "duplicate"),
        edge("earlier", "t", "duplicate"),
    )
    assert story.origin == "earlier"


def test_a_cycle_of_directions_still_gives_a_tree() -> None:
    documents = docs("a", "b", "c")
    matches = [
        match("a", "b", "rewrite", "a_to_b"),
        match("b", "c", "rewrite", "a_to_b"),
        match("a", "c", "rewrite", "b_to_a"),
    ]
    story = only(build_stories(documents, matches))
    assert_spanning_tree(story)
    # parents are kept in member order (a's parent c first); b → c would close the cycle
    assert story.edges == (edge("c", "a", "rewrite"), edge("a", "b", "rewrite"))
    assert story.origin == "c"


# --------------------------------------------------------------------------- undirected edges


def test_undirected_edges_span_without_cycles() -> None:
    documents = docs("a", "b", "c", "d")
    matches = [
        match("a", "b", "same_story", retelling=0.5),
        match("b", "c", "same_story", retelling=0.4),
        match("a", "c", "same_story", retelling=0.3),
        match("c", "d", "same_story", retelling=0.2),
    ]
    story = only(build_stories(documents, matches))
    assert story.edges == (
        edge("a", "b", "same_story", directed=False),
        edge("b", "c", "same_story", directed=False),
        edge("c", "d", "same_story", directed=False),
    )
    assert_spanning_tree(story)


def test_derived_links_of_unknown_direction_come_before_same_story() -> None:
    documents = docs("a", "b", "c")
    matches = [
        match("a", "b", "same_story", retelling=0.99),
        match("b", "c", "near_duplicate", retelling=0.5),
        match("a", "c", "near_duplicate", retelling=0.6),
    ]
    story = only(build_stories(documents, matches))
    assert story.edges == (
        edge("a", "c", "near_duplicate", directed=False),
        edge("c", "b", "near_duplicate", directed=False),  # away from the origin a
    )


def test_undirected_edges_run_from_the_earlier_member() -> None:
    documents = [info("late", "2024-05-03"), info("early", "2024-05-01")]
    story = only(build_stories(documents, [match("late", "early", "same_story")]))
    assert story.edges == (edge("early", "late", "same_story", directed=False),)


def test_directed_edges_are_kept_before_undirected_ones() -> None:
    """A same_story link that would close a cycle with kept derivations is left out."""
    documents = docs("wire", "copy", "report")
    matches = [
        match("wire", "copy", "duplicate", "a_to_b", 1.0),
        match("wire", "report", "same_story", retelling=0.99),
        match("copy", "report", "same_story", retelling=0.98),
    ]
    story = only(build_stories(documents, matches))
    assert story.edges == (
        edge("wire", "copy", "duplicate"),
        edge("wire", "report", "same_story", directed=False),
    )


# --------------------------------------------------------------------------- origin


def test_an_independent_same_story_report_is_never_the_origin() -> None:
    documents = [
        info("independent", "2024-05-14"),
        info("wire", "2024-05-15"),
        info("copy", "2024-05-16"),
        info("spun", "2024-05-17"),
    ]
    matches = [
        match("independent", "wire", "same_story", retelling=0.99),
        match("independent", "copy", "same_story", retelling=0.99),
        match("wire", "copy", "duplicate", "a_to_b", 1.0),
        match("wire", "spun", "rewrite", "a_to_b", 0.9),
    ]
    story = only(build_stories(documents, matches))
    assert story.members[0] == "independent"  # first by date …
    assert story.origin == "wire"  # … but nothing derives from it


def test_origin_is_the_root_most_members_derive_from() -> None:
    documents = docs("small-root", "big-root", "x", "y", "z", "w")
    matches = [
        match("small-root", "x", "rewrite", "a_to_b"),
        match("big-root", "y", "duplicate", "a_to_b"),
        match("big-root", "z", "duplicate", "a_to_b"),
        match("z", "w", "rewrite", "a_to_b"),
        match("x", "y", "same_story"),
    ]
    story = only(build_stories(documents, matches))
    assert story.origin == "big-root"


def test_origin_follows_undirected_derived_links_both_ways() -> None:
    """A root joined to a derivation tree by a derived link of unknown direction reaches it."""
    documents = [info("twin", "2024-01-01"), info("wire", "2024-01-01"), info("copy", "2024-01-02")]
    matches = [
        match("twin", "wire", "duplicate", retelling=1.0),
        match("wire", "copy", "duplicate", "a_to_b", 1.0),
    ]
    story = only(build_stories(documents, matches))
    # twin and wire reach every member; the tie goes to the first in member order
    assert story.origin == "twin"
    assert edge("twin", "wire", "duplicate", directed=False) in story.edges


def test_without_any_direction_the_first_member_is_the_origin() -> None:
    documents = [info("b", "2024-02-02"), info("a", "2024-02-01")]
    story = only(build_stories(documents, [match("b", "a", "same_story")]))
    assert story.origin == "a"


def test_no_directed_edge_points_into_the_origin() -> None:
    documents = docs("a", "b", "c", "d")
    matches = [
        match("a", "b", "rewrite", "b_to_a"),
        match("b", "c", "rewrite", "a_to_b"),
        match("c", "d", "partial_reuse", "a_to_b"),
    ]
    story = only(build_stories(documents, matches))
    assert story.origin == "b"
    assert all(e.target != story.origin for e in story.edges if e.directed)


# --------------------------------------------------------------------------- determinism


def test_result_does_not_depend_on_match_order() -> None:
    documents = [info(f"d{i}", f"2024-01-{1 + i % 5:02d}") for i in range(12)]
    relations: list[Relation] = ["duplicate", "rewrite", "same_story", "partial_reuse"]
    rng = random.Random(5)
    matches = []
    for i in range(12):
        for j in range(i + 1, 12):
            if rng.random() < 0.3:
                relation = rng.choice(relations)
                direction: DirectionValue = (
                    rng.choice(["a_to_b", "b_to_a", "unknown"])
                    if relation in DERIVED_RELATIONS
                    else "unknown"
                )
                matches.append(match(f"d{i}", f"d{j}", relation, direction, round(rng.random(), 1)))
    expected = build_stories(documents, matches)
    assert expected
    for seed in range(5):
        shuffled = list(matches)
        random.Random(seed).shuffle(shuffled)
        assert build_stories(documents, shuffled) == expected
    for story in expected:
        assert_spanning_tree(story)
        assert all(e.target != story.origin for e in story.edges if e.directed)


@pytest.mark.parametrize("count", [1, 9, 10, 12])
def test_story_ids_are_numbered_in_story_order(count: int) -> None:
    documents = docs(*(f"d{i}" for i in range(2 * count)))
    matches = [match(f"d{2 * i}", f"d{2 * i + 1}", "duplicate", "a_to_b") for i in range(count)]
    stories = build_stories(documents, matches)
    assert [s.id for s in stories] == [f"story-{n:05d}" for n in range(1, count + 1)]
    assert [s.members[0] for s in stories] == [f"d{2 * i}" for i in range(count)]
