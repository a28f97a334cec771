"""The HTML report of a corpus scan: a summary page, one page per story, one page per pair.

:func:`render_scan_report` writes a folder that can be zipped and opened anywhere::

    report.html          summary, stories ranked by size, related pairs
    stories/<n>.html     story n (1-based position in ``ScanResult.stories``): members,
                         the provenance graph as inline SVG, the table of its edges
    pairs/<n>.html       match n (1-based position in ``ScanResult.matches``): the side-by-side
                         view of ``retold compare``, or the verdict and scores alone

All links are relative, and file names are numbers, never document ids. The pages share the
stylesheet, script and Content-Security-Policy of :mod:`retold._html`: nothing is loaded from
anywhere, and every piece of text that comes from a document (ids, titles, urls, sources,
sentences, skip reasons) only reaches the output through :func:`retold._html._e`, in SVG as
much as in HTML. The graph layout is computed here in Python, so the same scan always gives
the same drawing.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from retold._html import (
    SCORE_FIELDS,
    _badge,
    _css_token,
    _e,
    _url_html,
    direction_label,
    format_score,
    plural,
    relation_label,
    render_comparison_section,
)
from retold._html import _page as _html_page
from retold.model import (
    DERIVED_RELATIONS,
    DocumentInfo,
    Match,
    ProvenanceEdge,
    ScanResult,
    Skip,
    Story,
    relation_rank,
)

MAX_STORIES = 500
"""Stories listed on ``report.html`` (every story still gets its page)."""

MAX_PAIRS = 1000
"""Pairs listed on ``report.html`` (every pair still gets its page)."""

MAX_GRAPH_MEMBERS = 50
"""Members drawn in a story's graph (the first ones in the story's order)."""

MAX_TABLE_ROWS = 1000
"""Rows of the other long tables: a story's members and edges, the skipped records."""

_PAGE_NAME = re.compile(r"\d+\.html\Z")
"""The names of the numbered pages this module writes (and may remove when stale)."""

# --------------------------------------------------------------------------- relation styles


@dataclass(frozen=True, slots=True)
class _EdgeStyle:
    """How the graph draws edges of one relation."""

    colour: str
    dash: str
    width: float
    description: str


_EDGE_STYLES: dict[str, _EdgeStyle] = {
    "duplicate": _EdgeStyle("#c92a2a", "", 3.0, "solid, thick"),
    "near_duplicate": _EdgeStyle("#e8590c", "", 2.0, "solid"),
    "rewrite": _EdgeStyle("#9c36b5", "8 4", 2.0, "dashed"),
    "partial_reuse": _EdgeStyle("#e67700", "2 4", 2.0, "dotted"),
    "same_story": _EdgeStyle("#1971c2", "12 4 2 4", 1.5, "dash-dot"),
    "other": _EdgeStyle("#6a737d", "4 4", 1.5, "grey dashes"),
}
"""Colour (the badge colours of ``_html``), dash pattern and width per relation."""

_LEGEND_RELATIONS: tuple[str, ...] = (
    "duplicate",
    "near_duplicate",
    "rewrite",
    "partial_reuse",
    "same_story",
)
"""The relations the legend explains (the ones provenance edges carry)."""

# Graph geometry, in SVG user units (pixels at 100 % zoom).
_NODE_W, _NODE_H = 210, 42
_COL_GAP, _ROW_GAP = 110, 16
_MARGIN = 20
_ARC_ROOM = 80
_LABEL_CHARS, _SUBLABEL_CHARS = 29, 34


def _style_key(relation: str) -> str:
    """The key of a relation in :data:`_EDGE_STYLES` (``other`` for anything unknown)."""
    return _css_token(relation, _LEGEND_RELATIONS, "other")


# --------------------------------------------------------------------------- entry point


def render_scan_report(
    result: ScanResult,
    out_dir: Path,
    *,
    max_stories: int = MAX_STORIES,
    max_pairs: int = MAX_PAIRS,
    max_graph_members: int = MAX_GRAPH_MEMBERS,
    max_table_rows: int = MAX_TABLE_ROWS,
) -> Path:
    """Write the scan report into ``out_dir`` and return the path of ``report.html``.

    Writes ``report.html``, ``stories/<n>.html`` for every story and ``pairs/<n>.html`` for
    every match (numbered by position in ``result``, from 1). ``report.html`` lists the first
    ``max_stories`` stories and the first ``max_pairs`` pairs and says how many more there are;
    story graphs draw the first ``max_graph_members`` members. Numbered pages left in
    ``stories/`` and ``pairs/`` by an earlier, larger report are removed so that no stale page
    survives; nothing else in ``out_dir`` is touched.
    """
    ctx = _Context.build(result)
    out_dir = Path(out_dir)
    stories_dir, pairs_dir = out_dir / "stories", out_dir / "pairs"
    stories_dir.mkdir(parents=True, exist_ok=True)
    pairs_dir.mkdir(parents=True, exist_ok=True)

    written: dict[Path, set[str]] = {stories_dir: set(), pairs_dir: set()}
    for n, story in enumerate(result.stories, 1):
        page = _story_page(ctx, n, story, max_graph_members, max_table_rows)
        _write(stories_dir / f"{n}.html", page, written[stories_dir])
    for n, match in enumerate(result.matches, 1):
        _write(pairs_dir / f"{n}.html", _pair_page(ctx, n, match), written[pairs_dir])
    for folder, names in written.items():
        _remove_stale_pages(folder, names)

    report = out_dir / "report.html"
    report.write_text(_report_page(ctx, max_stories, max_pairs, max_table_rows), "utf-8")
    return report


def _write(path: Path, page: str, names: set[str]) -> None:
    """Write one page and remember its name."""
    path.write_text(page, encoding="utf-8")
    names.add(path.name)


def _remove_stale_pages(folder: Path, keep: set[str]) -> None:
    """Remove numbered pages of an earlier report that this one did not write."""
    for path in folder.iterdir():
        if path.is_file() and _PAGE_NAME.match(path.name) and path.name not in keep:
            path.unlink()


# --------------------------------------------------------------------------- lookups


@dataclass(frozen=True, slots=True)
class _Context:
    """The scan result plus the lookups every page needs."""

    result: ScanResult
    docs: Mapping[str, DocumentInfo]
    pair_of: Mapping[frozenset[str], int]
    stories_of: Mapping[str, tuple[int, ...]]
    outside: Mapping[int, tuple[int, ...]]
    """Story number → 1-based numbers of the matches joining a member to a non-member."""

    @classmethod
    def build(cls, result: ScanResult) -> _Context:
        docs: dict[str, DocumentInfo] = {}
        for doc in result.documents:
            docs.setdefault(doc.id, doc)
        pair_of: dict[frozenset[str], int] = {}
        for n, match in enumerate(result.matches, 1):
            pair_of.setdefault(frozenset((match.a, match.b)), n)
        stories_of: dict[str, list[int]] = {}
        members: list[set[str]] = []
        for n, story in enumerate(result.stories, 1):
            members.append(set(story.members))
            for member in dict.fromkeys(story.members):
                stories_of.setdefault(member, []).append(n)
        outside: dict[int, list[int]] = {}
        for k, match in enumerate(result.matches, 1):
            in_a, in_b = stories_of.get(match.a, []), stories_of.get(match.b, [])
            for n in dict.fromkeys(in_a + in_b):
                if not {match.a, match.b} <= members[n - 1]:
                    outside.setdefault(n, []).append(k)
        return cls(
            result,
            docs,
            pair_of,
            {key: tuple(value) for key, value in stories_of.items()},
            {key: tuple(value) for key, value in outside.items()},
        )

    def pair_number(self, a: str, b: str) -> int | None:
        """The 1-based number of the match between ``a`` and ``b`` (either order), if any."""
        return self.pair_of.get(frozenset((a, b)))

    def match_stories(self, match: Match) -> tuple[int, ...]:
        """The stories holding both documents of a match, else those holding either."""
        of_a = self.stories_of.get(match.a, ())
        of_b = self.stories_of.get(match.b, ())
        both = tuple(n for n in of_a if n in of_b)
        return both or tuple(dict.fromkeys(of_a + of_b))


# --------------------------------------------------------------------------- shared parts


def _page(title: str, body: str) -> str:
    """A complete page with ``_html``'s head, stylesheet, CSP and script plus the scan's CSS."""
    return _html_page(title, body, extra_style=_SCAN_STYLE)


def _clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis (cut before escaping)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _doc_name(ctx: _Context, doc_id: str) -> str:
    """A document's id and, when known, its title, escaped."""
    info = ctx.docs.get(doc_id)
    title = f' <span class="doc-title">{_e(info.title)}</span>' if info and info.title else ""
    return f'<span class="doc-id">{_e(doc_id)}</span>{title}'


def _short_name(ctx: _Context, doc_id: str) -> str:
    """A document's title (or id when it has none) as plain, unescaped text."""
    info = ctx.docs.get(doc_id)
    return (info.title if info and info.title else None) or doc_id


def _nav(*parts: tuple[str, str | None]) -> str:
    """A breadcrumb line of ``(label, href)``; labels are plain text, hrefs are ours."""
    items = [
        f'<a href="{_e(href)}">{_e(label)}</a>' if href else f"<span>{_e(label)}</span>"
        for label, href in parts
    ]
    return f'<nav class="crumbs">{" › ".join(items)}</nav>'


def _relation_counts(relations: Iterable[str]) -> list[tuple[str, int]]:
    """Counts per relation, strongest reuse first, unknown relations last by name."""
    counts = Counter(relations)
    return sorted(
        counts.items(),
        key=lambda item: (relation_rank(item[0]), item[0]),
    )


def _badges_with_counts(relations: Iterable[str]) -> str:
    """Relation badges each followed by its count."""
    counts = _relation_counts(relations)
    if not counts:
        return '<span class="muted">none</span>'
    return " ".join(
        f'<span class="relcount">{_badge(rel)} <span class="count">{count}</span></span>'
        for rel, count in counts
    )


def _more_note(shown: int, total: int, what: str, extra: str = "") -> str:
    """``Showing the first 500 of 812 stories; 312 more …`` or nothing when all are shown."""
    if total <= shown:
        return ""
    return (
        f'<p class="note">Showing the first {shown} of {total} {what}; '
        f"{total - shown} more not listed here.{extra}</p>"
    )


def _number(value: float) -> str:
    """A count without a spurious ``.0``."""
    return str(int(value)) if float(value).is_integer() else f"{value:.3g}"


def _pair_link(n: int | None, prefix: str) -> str:
    """A link to pair page ``n`` (relative to the linking page), or a dash."""
    if n is None:
        return '<span class="muted">—</span>'
    return f'<a href="{prefix}pairs/{n}.html">pair {n}</a>'


def _story_links(numbers: Sequence[int], prefix: str) -> str:
    """Links to story pages, or a dash."""
    if not numbers:
        return '<span class="muted">—</span>'
    return ", ".join(f'<a href="{prefix}stories/{n}.html">story {n}</a>' for n in numbers)


# --------------------------------------------------------------------------- report.html


_TIMING = re.compile(
    r"(?:^(?:seconds|secs|time)_(?P<a>.+)$)|(?:^(?P<b>.+)_(?:seconds|secs|s|time)$)"
)
"""Stats keys holding seconds per stage: ``seconds_<stage>``, ``<stage>_seconds`` or
``<stage>_s`` (also ``time_``/``_time``/``secs``); the stage name is the rest of the key."""

_SUMMARY_KEYS = frozenset({"documents", "skipped", "candidates"})
"""Stats keys the summary shows in its own rows."""


def _report_page(ctx: _Context, max_stories: int, max_pairs: int, max_rows: int) -> str:
    result = ctx.result
    body = (
        "<h1>retold scan report</h1>"
        f"{_summary_html(ctx, max_rows)}"
        f'<h2 id="stories">Stories ({len(result.stories)})</h2>'
        f"{_stories_table(ctx, max_stories)}"
        f'<h2 id="pairs">Related pairs ({len(result.matches)})</h2>'
        f"{_pairs_table(ctx, max_pairs)}"
    )
    return _page("retold scan report", body)


def _summary_html(ctx: _Context, max_rows: int) -> str:
    result = ctx.result
    stats = result.stats
    candidates = stats.get("candidates")
    derived = sum(1 for m in result.matches if m.relation in DERIVED_RELATIONS)
    rows = [
        ("Documents", str(len(result.documents))),
        ("Skipped records", str(len(result.skipped))),
        ("Candidate pairs", _number(candidates) if candidates is not None else "—"),
        (
            "Related pairs",
            f"{len(result.matches)} ({derived} derived) "
            f"{_badges_with_counts(m.relation for m in result.matches)}",
        ),
        ("Stories", f'{len(result.stories)} <a href="#stories">(list)</a>'),
    ]
    dl = "".join(f"<dt>{_e(label)}</dt><dd>{value}</dd>" for label, value in rows)
    return (
        f'<section class="summary"><h2>Summary</h2><dl class="summary-list">{dl}</dl>'
        f"{_skips_html(result.skipped, max_rows)}{_timings_html(stats)}"
        f"{_other_stats_html(stats)}</section>"
    )


def _skips_html(skipped: Sequence[Skip], max_rows: int) -> str:
    """The skipped records in a collapsed block."""
    if not skipped:
        return '<p class="muted">No records were skipped.</p>'
    shown = skipped[:max_rows]
    rows = "".join(
        f'<tr><td class="loc">{_e(skip.location)}</td><td>{_e(skip.reason)}</td></tr>'
        for skip in shown
    )
    return (
        f'<details class="skips"><summary>{plural(len(skipped), "skipped record")}</summary>'
        '<table class="skips"><thead><tr><th>Location</th><th>Reason</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        f"{_more_note(len(shown), len(skipped), 'skipped records')}</details>"
    )


def _timings_html(stats: Mapping[str, float]) -> str:
    """The seconds per stage, in the order the scan recorded them."""
    rows = []
    for key, value in stats.items():
        found = _TIMING.match(key)
        if found:
            stage = (found.group("a") or found.group("b") or key).replace("_", " ")
            rows.append(f'<tr><td>{_e(stage)}</td><td class="numcell">{value:.2f} s</td></tr>')
    if not rows:
        return ""
    return (
        '<h3>Time per stage</h3><table class="timings"><thead><tr><th>Stage</th>'
        f"<th>Time</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _other_stats_html(stats: Mapping[str, float]) -> str:
    """Every other number the scan recorded, collapsed."""
    rows = [
        f'<tr><td>{_e(key)}</td><td class="numcell">{_e(_number(value))}</td></tr>'
        for key, value in stats.items()
        if key not in _SUMMARY_KEYS and not _TIMING.match(key)
    ]
    if not rows:
        return ""
    return (
        '<details class="other-stats"><summary>Other counts</summary><table><tbody>'
        f"{''.join(rows)}</tbody></table></details>"
    )


def _stories_table(ctx: _Context, max_stories: int) -> str:
    stories = ctx.result.stories
    if not stories:
        return '<p class="muted">No stories.</p>'
    rows = []
    for n, story in enumerate(stories[:max_stories], 1):
        info = ctx.docs.get(story.origin)
        date = info.date if info else None
        source = info.source if info else None
        rows.append(
            f'<tr><td class="numcell">{n}</td><td class="numcell">{len(story.members)}</td>'
            f"<td>{_doc_name(ctx, story.origin)}</td><td>{_e(date)}</td><td>{_e(source)}</td>"
            f"<td>{_badges_with_counts(edge.relation for edge in story.edges)}</td>"
            f'<td><a href="stories/{n}.html">story {n}</a></td></tr>'
        )
    note = _more_note(
        min(max_stories, len(stories)),
        len(stories),
        "stories",
        f" Every story has its page: stories/1.html to stories/{len(stories)}.html, "
        "numbered in this order.",
    )
    return (
        '<table class="stories"><thead><tr><th>#</th><th>Size</th><th>Origin</th>'
        "<th>Date</th><th>Source</th><th>Relations inside</th><th>Page</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{note}"
    )


def _pair_order(matches: Sequence[Match]) -> list[int]:
    """0-based positions of the matches: derived first, then by retelling score, highest first."""
    return sorted(
        range(len(matches)),
        key=lambda k: (not matches[k].derived, -matches[k].scores.retelling, k),
    )


def _pairs_table(ctx: _Context, max_pairs: int) -> str:
    matches = ctx.result.matches
    if not matches:
        return '<p class="muted">No related pairs.</p>'
    rows = []
    for k in _pair_order(matches)[:max_pairs]:
        match, n = matches[k], k + 1
        scores = match.scores
        coverage = (
            f"{format_score(scores.coverage_a, True)} / {format_score(scores.coverage_b, True)}"
        )
        rows.append(
            f"<tr><td>{_pair_link(n, '')}</td><td>{_doc_name(ctx, match.a)}</td>"
            f"<td>{_doc_name(ctx, match.b)}</td><td>{_badge(match.relation)}</td>"
            f"<td>{_e(direction_label(match.direction.value))}</td>"
            f'<td class="numcell">{coverage}</td>'
            f'<td class="numcell">{format_score(scores.retelling, False)}</td>'
            f"<td>{_e(', '.join(match.found_by))}</td>"
            f"<td>{_story_links(ctx.match_stories(match), '')}</td></tr>"
        )
    note = _more_note(
        min(max_pairs, len(matches)),
        len(matches),
        "pairs",
        " Every pair has its page under pairs/, and each story page links to its pairs.",
    )
    return (
        '<table class="pairs"><thead><tr><th>Page</th><th>A</th><th>B</th><th>Relation</th>'
        "<th>Direction</th><th>Coverage A / B</th><th>Retelling</th><th>Found by</th>"
        f"<th>Story</th></tr></thead><tbody>{''.join(rows)}</tbody></table>{note}"
    )


# --------------------------------------------------------------------------- story pages


def _story_page(ctx: _Context, n: int, story: Story, max_graph: int, max_rows: int) -> str:
    title = f"Story {n}: {_short_name(ctx, story.origin)}"
    body = (
        f"{_nav(('Scan report', '../report.html'), (f'Story {n}', None))}"
        f"<h1>Story {n}: {_doc_name(ctx, story.origin)}</h1>"
        f'<p class="stats">{plural(len(story.members), "member")} · '
        f"{plural(len(story.edges), 'edge')} · story id "
        f'<span class="doc-id">{_e(story.id)}</span></p>'
        f"<p>{_badges_with_counts(edge.relation for edge in story.edges)}</p>"
        f"<h2>Provenance graph</h2>{_graph_html(ctx, story, max_graph)}"
        f'<h2 id="edges">Edges</h2>{_edges_table(ctx, story, max_rows)}'
        f'<h2 id="members">Members</h2>{_members_table(ctx, story, max_rows)}'
        f'<h2 id="outside">Related outside this story</h2>'
        f"{_outside_table(ctx, n, story, max_rows)}"
    )
    return _page(title, body)


def _members_table(ctx: _Context, story: Story, max_rows: int) -> str:
    rows = []
    for k, member in enumerate(story.members[:max_rows], 1):
        info = ctx.docs.get(member)
        origin = member == story.origin
        mark = '<span class="origin-tag">origin</span>' if origin else ""
        url = _url_html(info.url) if info and info.url else ""
        cells = (
            (_e(info.title), _e(info.date), _e(info.source), url, _e(info.chars))
            if info
            else ('<span class="muted">(not among the scanned documents)</span>', "", "", "", "")
        )
        title, date, source, url_cell, chars = cells
        cls = ' class="origin-row"' if origin else ""
        rows.append(
            f'<tr id="m-{k}"{cls}><td class="numcell">{k}</td><td>{mark}</td><td>{title}</td>'
            f'<td class="doc-id">{_e(member)}</td><td>{date}</td><td>{source}</td>'
            f'<td class="urlcell">{url_cell}</td><td class="numcell">{chars}</td></tr>'
        )
    return (
        '<table class="members"><thead><tr><th>#</th><th></th><th>Title</th><th>Id</th>'
        "<th>Date</th><th>Source</th><th>URL</th><th>Characters</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"{_more_note(min(max_rows, len(story.members)), len(story.members), 'members')}"
    )


def _outside_table(ctx: _Context, n: int, story: Story, max_rows: int) -> str:
    """Matches from a member to a document of another story (or of none): kept out of the
    story because that document relates to too few of its members (``docs/scan.md``)."""
    numbers = ctx.outside.get(n, ())
    if not numbers:
        return '<p class="muted">None: every related pair of a member is inside this story.</p>'
    matches = ctx.result.matches
    order = sorted(numbers, key=lambda k: (-matches[k - 1].scores.retelling, k))
    members = set(story.members)
    rows = []
    for k in order[:max_rows]:
        match = matches[k - 1]
        member, other = (match.a, match.b) if match.a in members else (match.b, match.a)
        elsewhere = [m for m in ctx.stories_of.get(other, ()) if m != n]
        rows.append(
            f"<tr><td>{_doc_name(ctx, member)}</td><td>{_doc_name(ctx, other)}</td>"
            f"<td>{_badge(match.relation)}</td>"
            f'<td class="numcell">{format_score(match.scores.retelling, False)}</td>'
            f"<td>{_pair_link(k, '../')}</td><td>{_story_links(elsewhere, '../')}</td></tr>"
        )
    return (
        "<p>These pairs join a member to a document that relates to too few of this story's "
        "members to belong to it.</p>"
        '<table class="outside"><thead><tr><th>Member</th><th>Related document</th>'
        "<th>Relation</th><th>Retelling</th><th>Pair</th><th>Its story</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"{_more_note(min(max_rows, len(order)), len(order), 'pairs')}"
    )


def _edge_direction(edge: ProvenanceEdge) -> str:
    if edge.directed:
        return "directed: target derives from source"
    return "undirected: direction unknown"


def _edges_table(ctx: _Context, story: Story, max_rows: int) -> str:
    if not story.edges:
        return '<p class="muted">No edges.</p>'
    rows = []
    matches = ctx.result.matches
    for k, edge in enumerate(story.edges[:max_rows], 1):
        pair = ctx.pair_number(edge.source, edge.target)
        score = format_score(matches[pair - 1].scores.retelling, False) if pair else ""
        arrow = "→" if edge.directed else "—"
        rows.append(
            f'<tr id="e-{k}"><td class="numcell">{k}</td><td>{_doc_name(ctx, edge.source)}</td>'
            f'<td class="arrowcell">{arrow}</td><td>{_doc_name(ctx, edge.target)}</td>'
            f"<td>{_badge(edge.relation)}</td><td>{_e(_edge_direction(edge))}</td>"
            f'<td class="numcell">{score}</td><td>{_pair_link(pair, "../")}</td></tr>'
        )
    return (
        '<table class="edges"><thead><tr><th>#</th><th>Source</th><th></th><th>Target</th>'
        "<th>Relation</th><th>Direction</th><th>Retelling</th><th>Pair</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"{_more_note(min(max_rows, len(story.edges)), len(story.edges), 'edges')}"
    )


# --------------------------------------------------------------------------- the graph


@dataclass(frozen=True, slots=True)
class _Node:
    """A drawn member: its 1-based number in the story, and its box's top-left corner."""

    number: int
    doc_id: str
    x: float
    y: float

    @property
    def mid_y(self) -> float:
        return self.y + _NODE_H / 2


def _layout(story: Story, drawn: Sequence[str]) -> tuple[dict[str, _Node], float, float]:
    """Place the drawn members: column = hops from the origin, row = order in the story.

    Hops count edges either way (the graph is read as undirected for placement), visiting
    neighbours in member order, so the layout depends only on the story. Members not
    connected to the origin among the drawn ones go to one last column. Returns the nodes by
    id and the drawing's width and height.
    """
    index = {member: k for k, member in enumerate(drawn)}
    neighbours: dict[str, set[str]] = {member: set() for member in drawn}
    for edge in story.edges:
        if edge.source in index and edge.target in index and edge.source != edge.target:
            neighbours[edge.source].add(edge.target)
            neighbours[edge.target].add(edge.source)
    root = story.origin if story.origin in index else (drawn[0] if drawn else None)
    depth: dict[str, int] = {}
    if root is not None:
        depth[root] = 0
        queue = deque([root])
        while queue:
            current = queue.popleft()
            for other in sorted(neighbours[current], key=index.__getitem__):
                if other not in depth:
                    depth[other] = depth[current] + 1
                    queue.append(other)
    last = max(depth.values(), default=-1) + 1
    columns: dict[int, list[str]] = {}
    for member in drawn:
        columns.setdefault(depth.get(member, last), []).append(member)
    nodes: dict[str, _Node] = {}
    for col, members in columns.items():
        for row, member in enumerate(members):
            nodes[member] = _Node(
                index[member] + 1,
                member,
                _MARGIN + col * (_NODE_W + _COL_GAP),
                _MARGIN + row * (_NODE_H + _ROW_GAP),
            )
    n_cols = max(columns, default=0) + 1
    n_rows = max((len(members) for members in columns.values()), default=1)
    width = 2 * _MARGIN + n_cols * _NODE_W + (n_cols - 1) * _COL_GAP + _ARC_ROOM
    height = 2 * _MARGIN + n_rows * _NODE_H + (n_rows - 1) * _ROW_GAP
    return nodes, width, height


def _edge_path(source: _Node, target: _Node) -> str:
    """The SVG path from ``source``'s box to ``target``'s, ending on the target's border.

    Boxes in different columns are joined by an S-curve between their facing sides; boxes
    in the same column by an arc bulging to the right, so it passes beside the boxes
    between them rather than through them.
    """
    if source.x == target.x:
        x = source.x + _NODE_W
        bulge = min(24 + 0.5 * abs(target.y - source.y), _COL_GAP * 0.7)
        return (
            f"M{x:.0f},{source.mid_y:.0f} C{x + bulge:.0f},{source.mid_y:.0f} "
            f"{x + bulge:.0f},{target.mid_y:.0f} {x:.0f},{target.mid_y:.0f}"
        )
    if source.x < target.x:
        x1, x2 = source.x + _NODE_W, target.x
    else:
        x1, x2 = source.x, target.x + _NODE_W
    mid = (x1 + x2) / 2
    return (
        f"M{x1:.0f},{source.mid_y:.0f} C{mid:.0f},{source.mid_y:.0f} "
        f"{mid:.0f},{target.mid_y:.0f} {x2:.0f},{target.mid_y:.0f}"
    )


def _markers_svg() -> str:
    """One arrowhead marker per edge style (ids are fixed tokens, never input)."""
    parts = [
        f'<marker id="arrow-{key}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" '
        f'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{style.colour}"></path></marker>'
        for key, style in _EDGE_STYLES.items()
    ]
    return f"<defs>{''.join(parts)}</defs>"


def _stroke_attrs(key: str) -> str:
    """The presentation attributes of an edge line of style ``key``."""
    style = _EDGE_STYLES[key]
    dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
    return f'stroke="{style.colour}" stroke-width="{style.width}"{dash} fill="none"'


def _edge_svg(ctx: _Context, k: int, edge: ProvenanceEdge, source: _Node, target: _Node) -> str:
    """One edge: its line (arrowhead only when directed), linked to its pair page."""
    key = _style_key(edge.relation)
    path = _edge_path(source, target)
    marker = f' marker-end="url(#arrow-{key})"' if edge.directed else ""
    sign = "→" if edge.directed else "—"
    tip = (
        f"{relation_label(edge.relation)}: {_short_name(ctx, edge.source)} {sign} "
        f"{_short_name(ctx, edge.target)}" + ("" if edge.directed else " (direction unknown)")
    )
    line = (
        f'<path class="edge rel-{key}" data-edge="{k}" d="{path}" {_stroke_attrs(key)}'
        f"{marker}></path>"
    )
    hit = f'<path class="hit" d="{path}" stroke="transparent" stroke-width="10" fill="none"></path>'
    inner = f"<title>{_e(tip)}</title>{hit}{line}"
    pair = ctx.pair_number(edge.source, edge.target)
    if pair is None:
        return f'<g class="edge-group">{inner}</g>'
    return f'<a class="edge-link" href="../pairs/{pair}.html">{inner}</a>'


def _node_svg(ctx: _Context, node: _Node, origin: bool) -> str:
    """One member's box with its title (or id) and date/source, linked to its table row."""
    info = ctx.docs.get(node.doc_id)
    name = _short_name(ctx, node.doc_id)
    label = _clip(("★ " if origin else "") + name, _LABEL_CHARS)
    details = " · ".join(v for v in (info.date, info.source) if v) if info else ""
    sub = _clip(details or node.doc_id, _SUBLABEL_CHARS)
    tip_parts = [f"#{node.number}", f"id: {node.doc_id}"]
    if info:
        tip_parts += [
            f"{k}: {v}"
            for k, v in (
                ("title", info.title),
                ("date", info.date),
                ("source", info.source),
                ("url", info.url),
            )
            if v
        ]
    if origin:
        tip_parts.insert(0, "ORIGIN")
    cls = "node origin" if origin else "node"
    fill, stroke, width = ("#fff3bf", "#e67700", 3) if origin else ("#f8f9fa", "#868e96", 1)
    x, y = node.x, node.y
    return (
        f'<a href="#m-{node.number}"><g class="{cls}" data-member="{node.number}">'
        f"<title>{_e(chr(10).join(tip_parts))}</title>"
        f'<rect x="{x:.0f}" y="{y:.0f}" width="{_NODE_W}" height="{_NODE_H}" rx="6" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"></rect>'
        f'<text x="{x + 8:.0f}" y="{y + 17:.0f}" class="label">{_e(label)}</text>'
        f'<text x="{x + 8:.0f}" y="{y + 33:.0f}" class="sub">{_e(sub)}</text></g></a>'
    )


def _graph_html(ctx: _Context, story: Story, max_graph: int) -> str:
    """The provenance graph as inline SVG, its legend, and notes on what was left out."""
    drawn = list(dict.fromkeys(story.members))[: max(max_graph, 0)]
    if not drawn:
        return '<p class="muted">No members to draw.</p>'
    nodes, width, height = _layout(story, drawn)
    edges, left_out = [], 0
    for k, edge in enumerate(story.edges, 1):
        source, target = nodes.get(edge.source), nodes.get(edge.target)
        if source is None or target is None or source is target:
            left_out += 1
            continue
        edges.append(_edge_svg(ctx, k, edge, source, target))
    node_parts = [_node_svg(ctx, node, node.doc_id == story.origin) for node in nodes.values()]
    svg = (
        f'<svg class="provenance" xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        'role="group" aria-label="Provenance graph">'
        f'{_markers_svg()}<g class="edges">{"".join(edges)}</g>'
        f'<g class="nodes">{"".join(node_parts)}</g></svg>'
    )
    notes = []
    members = len(dict.fromkeys(story.members))
    if members > len(drawn):
        notes.append(
            f"The graph draws the first {len(drawn)} of {members} members (in the story's "
            "order: by date, undated last); every member and edge is in the tables below."
        )
    if left_out:
        notes.append(
            f"{plural(left_out, 'edge')} not drawn (an end is not drawn); see the edge table."
        )
    if story.origin not in nodes:
        notes.append("The origin is not among the drawn members.")
    note_html = "".join(f'<p class="note">{_e(note)}</p>' for note in notes)
    return (
        f'<p class="muted">Columns: steps from the origin (★, leftmost); rows: story order. '
        f"Click an edge for its pair, a box for its member.</p>"
        f'<div class="graph">{svg}</div>{_legend_svg()}{note_html}'
    )


def _legend_svg() -> str:
    """The key to edge colours and line styles, arrows and the origin box."""
    items = []
    for key in _LEGEND_RELATIONS:
        style = _EDGE_STYLES[key]
        items.append(
            f'<li><svg width="54" height="14" viewBox="0 0 54 14" aria-hidden="true">'
            f'<path d="M2,7 L50,7" {_stroke_attrs(key)} marker-end="url(#arrow-{key})"></path>'
            f'</svg> {_badge(key)} <span class="muted">{_e(style.description)}</span></li>'
        )
    plain = _stroke_attrs("same_story")
    items.append(
        '<li><svg width="54" height="14" viewBox="0 0 54 14" aria-hidden="true">'
        f'<path d="M2,7 L50,7" {plain}></path></svg> no arrowhead: direction unknown '
        "(or same event, not derived)</li>"
    )
    items.append(
        '<li><svg width="54" height="18" viewBox="0 0 54 18" aria-hidden="true">'
        '<rect x="2" y="2" width="48" height="14" rx="4" fill="#fff3bf" stroke="#e67700" '
        'stroke-width="3"></rect></svg> ★ origin of the story</li>'
    )
    return (
        '<div class="legend-box"><strong>Legend</strong> '
        '<span class="muted">arrows run from source to the document derived from it</span>'
        f'<ul class="legend-list">{"".join(items)}</ul></div>'
    )


# --------------------------------------------------------------------------- pair pages


def _pair_page(ctx: _Context, n: int, match: Match) -> str:
    stories = ctx.match_stories(match)
    crumbs: list[tuple[str, str | None]] = [("Scan report", "../report.html")]
    crumbs += [(f"Story {s}", f"../stories/{s}.html") for s in stories]
    crumbs.append((f"Pair {n}", None))
    title = f"Pair {n}: {_short_name(ctx, match.a)} vs {_short_name(ctx, match.b)}"
    found = _e(", ".join(match.found_by)) or '<span class="muted">—</span>'
    header = (
        f"{_nav(*crumbs)}<h1>Pair {n}: {_doc_name(ctx, match.a)} "
        f'<span class="arrow">↔</span> {_doc_name(ctx, match.b)}</h1>'
        f'<p class="stats">Found by: {found} · '
        f"{'Story' if len(stories) == 1 else 'Stories'}: {_story_links(stories, '../')}</p>"
    )
    if match.comparison is not None:
        detail = render_comparison_section(match.comparison, anchor="cmp")
    else:
        detail = _verdict_only_html(ctx, match)
    return _page(title, header + detail)


def _verdict_only_html(ctx: _Context, match: Match) -> str:
    """Verdict, direction, scores and document metadata of a match without its alignment."""
    evidence = "".join(f"<li>{_e(item)}</li>" for item in match.direction.evidence)
    evidence_html = f'<ul class="evidence">{evidence}</ul>' if evidence else ""
    heads = "".join(f"<th>{_e(label)}</th>" for _, label, _ in SCORE_FIELDS)
    cells = "".join(
        f"<td>{format_score(getattr(match.scores, name), pct)}</td>"
        for name, _, pct in SCORE_FIELDS
    )
    return (
        '<section class="comparison verdict-only"><div class="verdict">'
        f'<p class="verdict-line">{_badge(match.relation)} '
        f'<span class="direction">{_e(direction_label(match.direction.value))}</span></p>'
        f"{evidence_html}</div>"
        f'<table class="scores"><thead><tr>{heads}</tr></thead><tbody><tr>{cells}</tr>'
        "</tbody></table>"
        '<p class="muted">The scan kept no alignment for this pair; run '
        "<code>retold compare</code> on the two documents for the side-by-side view.</p>"
        f'<div class="docs">{_doc_info_html(ctx, "A", match.a)}'
        f"{_doc_info_html(ctx, 'B', match.b)}</div></section>"
    )


def _doc_info_html(ctx: _Context, side: str, doc_id: str) -> str:
    """One document's metadata as a definition list."""
    info = ctx.docs.get(doc_id)
    rows = [("Id", _e(doc_id))]
    if info:
        for label, value in (
            ("Title", info.title),
            ("Date", info.date),
            ("Source", info.source),
            ("Path", info.path),
        ):
            if value:
                rows.append((label, _e(value)))
        if info.url:
            rows.append(("URL", _url_html(info.url)))
        rows.append(("Characters", _e(info.chars)))
    dl = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return f'<div class="doc doc-{side.lower()}"><h4>Document {side}</h4><dl>{dl}</dl></div>'


# --------------------------------------------------------------------------- stylesheet


_SCAN_STYLE = """
.crumbs { font-size: .9rem; color: var(--muted); margin: .3rem 0 .2rem; }
.summary-list { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
.summary-list dt { color: var(--muted); } .summary-list dd { margin: 0; }
.relcount { white-space: nowrap; margin-right: .3rem; } .count { font-weight: 600; }
.note { background: #fff9db; border-left: 3px solid #fab005; padding: .3rem .6rem; }
.skips td.loc, .urlcell { font-family: ui-monospace, monospace; font-size: .85rem;
  overflow-wrap: anywhere; }
.timings, .other-stats table { width: auto; }
.graph { overflow: auto; border: 1px solid var(--line); border-radius: 6px; background: #fff;
  max-height: 80vh; }
svg.provenance text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  fill: var(--ink); }
svg.provenance text.sub { font-size: 10.5px; fill: var(--muted); }
svg.provenance text.label { font-weight: 600; }
svg.provenance a.edge-link:hover path.edge { stroke-width: 4; }
svg.provenance a:hover rect { stroke: #4dabf7; }
.legend-box { margin: .5rem 0; font-size: .9rem; }
.legend-list { list-style: none; padding: 0; margin: .3rem 0; display: flex; flex-wrap: wrap;
  gap: .3rem 1.2rem; }
.legend-list svg { vertical-align: middle; }
.origin-tag { display: inline-block; padding: 0 .4rem; border-radius: 4px; font-size: .8rem;
  background: #fff3bf; border: 1px solid #e67700; }
tr.origin-row td { background: #fffbea; }
tr:target td { outline: 2px solid #fab005; outline-offset: -2px; }
.arrowcell { text-align: center; }
"""
"""Extra rules of the scan pages (static: no input ever goes into it)."""
