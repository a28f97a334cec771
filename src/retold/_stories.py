"""Stories and provenance: group related pairs into stories and say who derived from whom.

Pure and deterministic: the input is the scan's document order and its matches, the output
depends on nothing else (not on batch sizes, worker counts or dict ordering).

The rule (also in ``docs/scan.md``):

* A story is a connected group of documents under related matches — derived relations and
  ``same_story``.
* Members are ordered by date (undated last), then input position.
* Provenance edges: every derived match whose direction is known gives a candidate edge
  source → target. Each document keeps only its best incoming edge (highest retelling score,
  then earliest source), so the derivation graph is a forest: one parent per copy.
* Derived matches of unknown direction, then ``same_story`` matches, are added as undirected
  edges where they connect parts not yet connected (a spanning forest over the rest), so every
  member is reachable from the origin but the drawing stays readable.
* The origin is the member no kept directed edge points into from which most members derive
  (``same_story`` links aside), then the first in member order. Undirected edges are then
  turned to run away from the origin.
"""

from __future__ import annotations

from collections.abc import Sequence

from retold.model import DERIVED_RELATIONS, DocumentInfo, Match, ProvenanceEdge, Story


class _UnionFind:
    """Disjoint sets over 0..n-1 with path halving; the root is the smallest member."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        lo, hi = min(ra, rb), max(ra, rb)
        self.parent[hi] = lo
        return True


def build_stories(documents: Sequence[DocumentInfo], matches: Sequence[Match]) -> list[Story]:
    """Stories from the related matches, largest first (then by first member's position)."""
    position = {doc.id: i for i, doc in enumerate(documents)}
    related = [m for m in matches if m.relation in DERIVED_RELATIONS or m.relation == "same_story"]
    groups = _UnionFind(len(documents))
    for m in related:
        groups.union(position[m.a], position[m.b])
    members: dict[int, list[int]] = {groups.find(position[m.a]): [] for m in related}
    for i in range(len(documents)):
        root = groups.find(i)
        if root in members:
            members[root].append(i)
    by_root: dict[int, list[Match]] = {root: [] for root in members}
    for m in related:
        by_root[groups.find(position[m.a])].append(m)
    stories = [
        _story(documents, sorted(idx, key=lambda i: _order_key(documents[i], i)), by_root[root])
        for root, idx in members.items()
    ]
    stories.sort(key=lambda s: (-len(s.members), position[s.members[0]]))
    return [Story(f"story-{n:05d}", s.members, s.origin, s.edges) for n, s in enumerate(stories, 1)]


def _order_key(doc: DocumentInfo, position: int) -> tuple[int, str, int]:
    return (0, doc.date, position) if doc.date else (1, "", position)


def _story(
    documents: Sequence[DocumentInfo],
    member_positions: list[int],
    matches: list[Match],
) -> Story:
    order = {documents[i].id: rank for rank, i in enumerate(member_positions)}
    best_parent: dict[str, Match] = {}
    for m in matches:
        if m.relation not in DERIVED_RELATIONS or m.direction.value == "unknown":
            continue
        source, target = (m.a, m.b) if m.direction.value == "a_to_b" else (m.b, m.a)
        current = best_parent.get(target)
        if current is None or _better(m, source, current, target, order):
            best_parent[target] = m
    edges: list[ProvenanceEdge] = []
    connected = _UnionFind(len(member_positions))
    for target in sorted(best_parent, key=order.__getitem__):
        m = best_parent[target]
        source = m.a if m.b == target else m.b
        if connected.union(order[source], order[target]):
            edges.append(ProvenanceEdge(source, target, m.relation, True))
    parents = {id(m) for m in best_parent.values()}
    undirected = sorted(
        (m for m in matches if id(m) not in parents),
        key=lambda m: (
            m.relation == "same_story",
            -m.scores.retelling,
            min(order[m.a], order[m.b]),
            max(order[m.a], order[m.b]),
        ),
    )
    for m in undirected:
        first, second = sorted((m.a, m.b), key=order.__getitem__)
        if connected.union(order[first], order[second]):
            edges.append(ProvenanceEdge(first, second, m.relation, False))
    members = tuple(documents[i].id for i in member_positions)
    origin = _origin(members, edges)
    return Story("", members, origin, tuple(_away_from(origin, edges)))


def _away_from(origin: str, edges: list[ProvenanceEdge]) -> list[ProvenanceEdge]:
    """Undirected edges turned to run away from the origin (the edges form a tree), so a
    drawing reads outward from the first version; directed edges keep their evidence."""
    neighbours: dict[str, list[str]] = {}
    for e in edges:
        neighbours.setdefault(e.source, []).append(e.target)
        neighbours.setdefault(e.target, []).append(e.source)
    depth = {origin: 0}
    queue = [origin]
    for node in queue:
        for nxt in neighbours.get(node, ()):
            if nxt not in depth:
                depth[nxt] = depth[node] + 1
                queue.append(nxt)
    turned = []
    for e in edges:
        if not e.directed and depth.get(e.target, 0) < depth.get(e.source, 0):
            e = ProvenanceEdge(e.target, e.source, e.relation, False)
        turned.append(e)
    return turned


def _origin(members: tuple[str, ...], edges: list[ProvenanceEdge]) -> str:
    """The root (no directed edge into it) from which most members derive; then member order.

    Reach follows directed edges forwards and derived edges of unknown direction both ways;
    ``same_story`` edges do not count, so an independent report is never made the origin of
    the copies it happens to predate.
    """
    forward: dict[str, set[str]] = {m: set() for m in members}
    for e in edges:
        if e.relation == "same_story":
            continue
        forward[e.source].add(e.target)
        if not e.directed:
            forward[e.target].add(e.source)
    targets = {e.target for e in edges if e.directed}
    roots = [m for m in members if m not in targets] or list(members)
    return max(roots, key=lambda r: (len(_reach(r, forward)), -members.index(r)))


def _reach(start: str, forward: dict[str, set[str]]) -> set[str]:
    seen = {start}
    todo = [start]
    while todo:
        for nxt in forward[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _better(
    candidate: Match, source: str, current: Match, target: str, order: dict[str, int]
) -> bool:
    """Whether ``candidate`` (from ``source``) beats ``current`` as ``target``'s parent."""
    current_source = current.a if current.b == target else current.b
    if candidate.scores.retelling != current.scores.retelling:
        return candidate.scores.retelling > current.scores.retelling
    return order[source] < order[current_source]
