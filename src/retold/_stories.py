"""Stories and provenance: group related pairs into stories and say who derived from whom.

Pure and deterministic: the input is the scan's document order and its matches, the output
depends on nothing else (not on batch sizes, worker counts or dict ordering).

The rule (also in ``docs/scan.md``):

* A story is a group of documents under related matches (derived relations and
  ``same_story``), grouped so that every member is related to most of its story, not merely
  reachable through a chain. Connected groups do not work on a real corpus: on the 28,660
  documents of the scan benchmark one connected group held 10,363 of them (a year of Reuters
  items on the dollar, trade and interest rates, each related to a few others).
* Copies, near-copies and rewrites of one text (``duplicate``, ``near_duplicate``,
  ``rewrite``) are always in one story: their connected groups are the units, *copy groups*.
* Copy groups then join by average linkage over the match graph: of the pairs of groups in
  which more than :data:`LINK_SHARE` of the copy-group pairs across them are related, the one
  with the highest mean shared-neighbour similarity over those pairs (then the highest mean
  retelling score; an unrelated pair counts 0) joins first, until no two groups qualify
  (:class:`_Linkage`). So a chain of same-story reports, or a digest that lifts a paragraph
  from each of three stories, no longer makes one story of them.
* A copy group left alone joins the group it is related to most (most related pairs, then
  highest mean score, then earliest), so every document with a related match has a story; it
  does not merge that group with any other.
* Matches whose documents end in different stories stay in the matches table (the report
  lists them on both stories' pages); they are not provenance edges.
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

import heapq
from collections.abc import Sequence

from retold.model import DERIVED_RELATIONS, DocumentInfo, Match, ProvenanceEdge, Story

LINK_SHARE = 0.5
"""Two groups of a story join only when more than this share of the pairs of copy groups
across them are related. At 0.5 a document related to one member of a two-member story
cannot pull a third story in. On the scan benchmark's haystack the largest story went from
10,363 documents to 143 (PAN pages rewritten from one another), and a story's Reuters members
now share a topic label in 88% of pairs instead of 13% (``bench/scan.py``, "Stories"; a
share of 0.34 gave much the same)."""

WHOLE_RETELLINGS = frozenset({"duplicate", "near_duplicate", "rewrite"})
"""Relations that retell a whole text: their documents always share a story."""


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
    group_of = _story_groups(
        len(documents),
        [(position[m.a], position[m.b], m.relation, m.scores.retelling) for m in related],
    )
    members: dict[int, list[int]] = {}
    for i in range(len(documents)):
        if i in group_of:
            members.setdefault(group_of[i], []).append(i)
    by_group: dict[int, list[Match]] = {group: [] for group in members}
    for m in related:
        group = group_of[position[m.a]]
        if group == group_of[position[m.b]]:
            by_group[group].append(m)
    stories = [
        _story(documents, sorted(idx, key=lambda i: _order_key(documents[i], i)), by_group[group])
        for group, idx in members.items()
    ]
    stories.sort(key=lambda s: (-len(s.members), position[s.members[0]]))
    return [Story(f"story-{n:05d}", s.members, s.origin, s.edges) for n, s in enumerate(stories, 1)]


def _story_groups(n: int, links: Sequence[tuple[int, int, str, float]]) -> dict[int, int]:
    """The story group of every document with a related link (see the module's rule).

    ``links`` are ``(position, position, relation, retelling)``; the result maps a document's
    position to a key shared by its group. Depends only on the set of links, not their order.
    """
    copies = _UnionFind(n)
    for a, b, relation, _ in links:
        if relation in WHOLE_RETELLINGS:
            copies.union(a, b)
    score: dict[tuple[int, int], float] = {}
    for a, b, _, retelling in links:
        ca, cb = copies.find(a), copies.find(b)
        if ca != cb:
            key = (min(ca, cb), max(ca, cb))
            score[key] = max(score.get(key, 0.0), retelling)
    units = sorted({copies.find(i) for a, b, _, _ in links for i in (a, b)})
    group = _Linkage(units, score).run()
    return {i: group[copies.find(i)] for i in range(n) if copies.find(i) in group}


class _Linkage:
    """Average linkage of copy groups ("units") over their related pairs.

    Between two groups the cross links are ``[count, shared, score]``: how many unit pairs
    across them are related, and the sums of those pairs' shared-neighbour similarity and
    retelling score. The two groups with the highest mean shared-neighbour similarity per
    unit pair (then mean score, then earliest roots) join first, and only while ``count`` is
    more than :data:`LINK_SHARE` of the unit pairs. Shared neighbours decide the order because
    they say which links sit inside a dense group: of a story's three reports and a digest
    that quotes one of them, the reports share neighbours and join, the digest does not.
    """

    def __init__(self, units: list[int], score: dict[tuple[int, int], float]) -> None:
        neighbours: dict[int, set[int]] = {u: {u} for u in units}
        for a, b in score:
            neighbours[a].add(b)
            neighbours[b].add(a)
        self.size = dict.fromkeys(units, 1)
        self.version = dict.fromkeys(units, 0)
        self.root = {u: u for u in units}
        self.cross: dict[int, dict[int, list[float]]] = {u: {} for u in units}
        for (a, b), value in score.items():
            both, either = neighbours[a] & neighbours[b], neighbours[a] | neighbours[b]
            self.cross[a][b] = [1, len(both) / len(either), value]
            self.cross[b][a] = self.cross[a][b]
        self.heap: list[tuple[float, float, int, int, int, int]] = []

    def run(self) -> dict[int, int]:
        """Join until no two groups qualify, attach the strays; each unit's group root."""
        for unit, other in sorted((u, v) for u in self.cross for v in self.cross[u] if u < v):
            self._offer(unit, other)
        while self.heap:
            _, _, a, b, version_a, version_b = heapq.heappop(self.heap)
            if self.root[a] != a or self.root[b] != b:
                continue
            if (self.version[a], self.version[b]) == (version_a, version_b):
                self._merge(a, b)
                for other in sorted(self.cross[a]):
                    self._offer(a, other)
        self._attach_strays()
        return {u: self._group_of(u) for u in self.root}

    def _offer(self, a: int, b: int) -> None:
        count, shared, score = self.cross[a][b]
        pairs = self.size[a] * self.size[b]
        if count > LINK_SHARE * pairs:
            lo, hi = min(a, b), max(a, b)
            entry = (-shared / pairs, -score / pairs, lo, hi, self.version[lo], self.version[hi])
            heapq.heappush(self.heap, entry)

    def _merge(self, keep: int, gone: int) -> None:
        self.root[gone] = keep
        self.size[keep] += self.size.pop(gone)
        self.version[keep] += 1
        del self.version[gone], self.cross[keep][gone]
        for other, links in self.cross.pop(gone).items():
            if other == keep:
                continue
            del self.cross[other][gone]
            kept = self.cross[keep].get(other)
            if kept is None:
                self.cross[keep][other] = self.cross[other][keep] = list(links)
            else:
                for k, value in enumerate(links):
                    kept[k] += value

    def _attach_strays(self) -> None:
        """A unit no group took joins the group it is most related to (most related pairs,
        then mean score, then earliest), without merging that group with any other. Its
        neighbours are all groups of two or more: two related units always join."""
        strays = [u for u in self.root if self.root[u] == u and self.size[u] == 1]
        for stray in strays:
            if not self.cross[stray]:
                continue
            best = min(
                self.cross[stray],
                key=lambda g: (
                    -self.cross[stray][g][0],
                    -self.cross[stray][g][2] / self.size[g],
                    g,
                ),
            )
            self.root[stray] = best
            self.size[best] += 1

    def _group_of(self, unit: int) -> int:
        while self.root[unit] != unit:
            unit = self.root[unit]
        return unit


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
