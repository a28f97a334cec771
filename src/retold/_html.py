"""Self-contained HTML reports of comparisons, plus the alignment helpers other views share.

The pages embed all CSS and a few lines of JavaScript and load nothing, so a report can be
mailed, archived or opened offline. Everything that comes from an article (sentences, titles,
urls, removed lines, fact texts, reasons, ids) is untrusted: it only ever reaches the output
through :func:`_e` (``html.escape`` with ``quote=True``), never into the script block, and a
strict Content-Security-Policy backs that up should an escaping mistake ever slip through.

:func:`word_diff` and :func:`alignment_rows` live here and are reused by the terminal view,
so both views diff words and order rows the same way.
"""

from __future__ import annotations

import difflib
import html
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from retold.model import RELATION_ORDER, Comparison, Document, FactChange, Link, Sentence
from retold.model import relation_rank as _relation_rank

RELATION_LABELS: dict[str, str] = {
    "duplicate": "Duplicate",
    "near_duplicate": "Near duplicate",
    "rewrite": "Rewrite",
    "partial_reuse": "Partial reuse",
    "same_story": "Same story",
    "unrelated": "Unrelated",
}
"""Human-readable names of the relations."""

DIRECTION_LABELS: dict[str, str] = {
    "a_to_b": "A is the likely source",
    "b_to_a": "B is the likely source",
    "unknown": "Direction unknown",
}
"""Human-readable readings of the direction values."""

ROW_KINDS: tuple[str, ...] = ("copied", "edited", "paraphrased", "added", "dropped", "unaligned")
"""Every kind an alignment row can have; ``unaligned`` marks a sentence in no link and in
neither ``added`` nor ``dropped`` (inconsistent input), shown so that no text goes missing."""

DIFF_KINDS: frozenset[str] = frozenset({"edited", "paraphrased"})
"""Link kinds whose rows get word-level highlighting (copied text has nothing to show)."""

SCORE_FIELDS: tuple[tuple[str, str, bool], ...] = (
    ("coverage_a", "Coverage of A", True),
    ("coverage_b", "Coverage of B", True),
    ("lexical", "Lexical", False),
    ("semantic", "Semantic", False),
    ("link_mean", "Link mean", False),
    ("shared_facts", "Shared facts", True),
    ("retelling", "Retelling", False),
)
"""(attribute of ``Scores``, label, shown as a percentage?) in display order: shares of text
read best as percentages, similarity scores as plain 0.00 numbers."""

_EDGE_PUNCT = re.compile(r"^\W+|\W+$")
"""Punctuation at a word's ends, ignored when comparing so ``Tuesday,`` equals ``Tuesday.``."""

_HTTP_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+\Z", re.IGNORECASE)
"""URLs safe to make clickable: http(s) only, no whitespace or control characters."""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
"""Content-Security-Policy of every page: nothing may be loaded from anywhere."""


# --------------------------------------------------------------------------- shared helpers


def word_diff(a: str, b: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Split ``a`` and ``b`` into words and flag the words that differ between them.

    Returns ``(a_tokens, b_tokens)``, each a list of ``(word, changed)`` in text order:
    ``changed`` is True for words of ``a`` that ``b`` removed and for words ``b`` inserted.
    Words are compared lowercased and without surrounding punctuation (via
    ``difflib.SequenceMatcher``), so case and trailing commas do not count as edits.
    """
    a_words, b_words = a.split(), b.split()
    matcher = difflib.SequenceMatcher(
        None, [_word_key(w) for w in a_words], [_word_key(w) for w in b_words], autojunk=False
    )
    a_changed, b_changed = [True] * len(a_words), [True] * len(b_words)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            a_changed[block.a + k] = False
            b_changed[block.b + k] = False
    return list(zip(a_words, a_changed, strict=True)), list(zip(b_words, b_changed, strict=True))


def _word_key(word: str) -> str:
    """The form a word is compared in: lowercased, punctuation trimmed (kept if nothing else)."""
    lowered = word.lower()
    return _EDGE_PUNCT.sub("", lowered) or lowered


@dataclass(frozen=True, slots=True)
class AlignmentRow:
    """One row of the side-by-side view: A sentences next to the B sentences made from them.

    ``kind`` is one of :data:`ROW_KINDS`; ``a``/``b`` are sentence indices (either may be empty
    for added or dropped sentences); ``score`` and ``link`` (index into ``Comparison.links``)
    are set only for rows that show a link.
    """

    kind: str
    a: tuple[int, ...]
    b: tuple[int, ...]
    score: float | None = None
    link: int | None = None


def alignment_rows(c: Comparison) -> list[AlignmentRow]:
    """The rows of the side-by-side view, in B's order (B is the derived text).

    Link rows sit at their first B sentence, added B sentences at their own place; dropped A
    sentences then go right after the row holding the nearest preceding A sentence, so each
    appears where it sat in A.
    """
    rows = _b_side_rows(c)
    dropped = set(c.dropped)
    for i in _a_only_indices(c):
        kind = "dropped" if i in dropped else "unaligned"
        rows.insert(_insert_position(rows, i), AlignmentRow(kind, (i,), ()))
    return rows


def _b_side_rows(c: Comparison) -> list[AlignmentRow]:
    """Link rows and B-only rows, ordered by their first B sentence."""
    entries: list[tuple[float, int, int, AlignmentRow]] = []
    for n, link in enumerate(c.links):
        position = min(link.b) if link.b else math.inf
        entries.append((position, 0, n, _link_row(link, n)))
    covered = {i for link in c.links for i in link.b}
    added = set(c.added)
    for i in range(len(c.b_sentences)):
        if i not in covered:
            kind = "added" if i in added else "unaligned"
            entries.append((i, 1, i, AlignmentRow(kind, (), (i,))))
    entries.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in entries]


def _link_row(link: Link, n: int) -> AlignmentRow:
    """The row showing link number ``n``."""
    return AlignmentRow(link.kind, tuple(sorted(link.a)), tuple(sorted(link.b)), link.score, n)


def _a_only_indices(c: Comparison) -> list[int]:
    """A sentences that no link uses, in A's order (the dropped ones and any strays)."""
    linked = {i for link in c.links for i in link.a}
    return [i for i in range(len(c.a_sentences)) if i not in linked]


def _insert_position(rows: list[AlignmentRow], a_index: int) -> int:
    """Where an A-only row goes: just after the row with the nearest preceding A sentence."""
    best_row, best_a = -1, -1
    for position, row in enumerate(rows):
        for j in row.a:
            if best_a <= j < a_index:
                best_row, best_a = position, j
    return best_row + 1


def sentence_text(sentences: Sequence[Sentence], indices: Iterable[int]) -> str:
    """The text of the given sentences joined by spaces (out-of-range indices are skipped)."""
    return " ".join(sentences[i].text for i in indices if 0 <= i < len(sentences))


def index_label(side: str, indices: Sequence[int]) -> str:
    """A 1-based label for sentence indices, e.g. ``A3`` or ``B2-B4``, for readers."""
    if not indices:
        return ""
    first, last = min(indices) + 1, max(indices) + 1
    if first == last:
        return f"{side}{first}"
    if len(indices) == last - first + 1:
        return f"{side}{first}-{side}{last}"
    return ", ".join(f"{side}{i + 1}" for i in indices)


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 line`` / ``3 lines`` / ``1,250 lines``: counts read naturally in reports and
    terminal summaries (``many``: the plural when it is not ``noun`` + s, as "stories")."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {many or noun + 's'}"


def format_score(value: float, as_percent: bool) -> str:
    """A score as ``73%`` or ``0.73``."""
    return f"{value:.0%}" if as_percent else f"{value:.2f}"


def relation_label(relation: str) -> str:
    """The human-readable name of a relation (the raw value if it is unknown)."""
    return RELATION_LABELS.get(relation, relation)


def direction_label(value: str) -> str:
    """The human-readable reading of a direction value (the raw value if it is unknown)."""
    return DIRECTION_LABELS.get(value, value)


def changes_by_link(c: Comparison) -> dict[int, list[FactChange]]:
    """The fact changes grouped by the link they belong to."""
    grouped: dict[int, list[FactChange]] = {}
    for change in c.changes:
        grouped.setdefault(change.link, []).append(change)
    return grouped


def changes_in_row_order(
    c: Comparison, rows: Sequence[AlignmentRow]
) -> list[tuple[int | None, FactChange]]:
    """Each fact change with the 1-based number of the row showing its link, in row order.

    The number is None for a change whose link has no row (malformed input); those go last.
    """
    numbers = {row.link: n for n, row in enumerate(rows, 1) if row.link is not None}
    pairs = [(numbers.get(change.link), change) for change in c.changes]
    return sorted(pairs, key=lambda pair: len(rows) + 1 if pair[0] is None else pair[0])


# --------------------------------------------------------------------------- HTML primitives


def _e(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute; None becomes empty."""
    return "" if value is None else html.escape(str(value), quote=True)


def _css_token(value: str, allowed: Iterable[str], fallback: str) -> str:
    """``value`` if it is a known token, else ``fallback``: class names never carry input."""
    return value if value in allowed else fallback


def _badge(relation: str) -> str:
    """The coloured badge of a relation."""
    cls = _css_token(relation, RELATION_ORDER, "other")
    return (
        f'<span class="badge rel-{cls}" title="{_e(relation)}">{_e(relation_label(relation))}'
        "</span>"
    )


def _kind_tag(kind: str) -> str:
    """The coloured label of a row kind."""
    cls = _css_token(kind, ROW_KINDS, "unaligned")
    return f'<span class="kind k-{cls}">{_e(kind)}</span>'


def _list(items: Sequence[str], css: str) -> str:
    """An escaped ``<ul>`` of strings, or nothing when there are none."""
    if not items:
        return ""
    lis = "".join(f"<li>{_e(item)}</li>" for item in items)
    return f'<ul class="{css}">{lis}</ul>'


def _url_html(url: str) -> str:
    """A url as text, made a link only when it is a plain http(s) url."""
    if _HTTP_URL.match(url):
        return f'<a href="{_e(url)}" rel="noopener noreferrer nofollow">{_e(url)}</a>'
    return f'<span class="url">{_e(url)}</span>'


def _doc_name(doc: Document) -> str:
    """A document's id and, when it has one, its title, escaped."""
    title = f' <span class="doc-title">{_e(doc.title)}</span>' if doc.title else ""
    return f'<span class="doc-id">{_e(doc.id)}</span>{title}'


# --------------------------------------------------------------------------- section parts


def _verdict_html(c: Comparison) -> str:
    """The verdict block: relation badge, direction with evidence, reasons."""
    direction = c.direction
    evidence = _list(direction.evidence, "evidence")
    reasons = _list(c.reasons, "reasons")
    reasons_html = f"<h4>Reasons</h4>{reasons}" if reasons else ""
    return (
        '<div class="verdict">'
        f'<p class="verdict-line">{_badge(c.relation)} '
        f'<span class="direction">{_e(direction_label(direction.value))}</span></p>'
        f"{evidence}{reasons_html}</div>"
    )


def _scores_html(c: Comparison) -> str:
    """The scores as a one-row table."""
    heads = "".join(f"<th>{_e(label)}</th>" for _, label, _ in SCORE_FIELDS)
    cells = "".join(
        f"<td>{format_score(getattr(c.scores, name), pct)}</td>" for name, _, pct in SCORE_FIELDS
    )
    return (
        '<table class="scores"><thead><tr>'
        f"{heads}</tr></thead><tbody><tr>{cells}</tr></tbody></table>"
    )


def _stats_html(c: Comparison) -> str:
    """One line of counts so readers see the size of each part at a glance."""
    parts = (
        f"A: {plural(len(c.a_sentences), 'sentence')}",
        f"B: {plural(len(c.b_sentences), 'sentence')}",
        plural(len(c.links), "link"),
        f"{len(c.added)} added",
        f"{len(c.dropped)} dropped",
        plural(len(c.changes), "fact change"),
    )
    return f'<p class="stats">{" · ".join(parts)}</p>'


def _document_html(side: str, doc: Document) -> str:
    """One document's metadata and its removed page chrome."""
    rows = [("Id", _e(doc.id))]
    for label, value in (("Title", doc.title), ("Date", doc.date), ("Source", doc.source)):
        if value:
            rows.append((label, _e(value)))
    if doc.url:
        rows.append(("URL", _url_html(doc.url)))
    dl = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return (
        f'<div class="doc doc-{side.lower()}"><h4>Document {side}</h4><dl>{dl}</dl>'
        f"{_chrome_html(doc.removed)}</div>"
    )


def _chrome_html(removed: Sequence[str]) -> str:
    """The removed chrome lines in a collapsed block (or a note that there were none)."""
    if not removed:
        return '<p class="muted">No page chrome removed.</p>'
    lines = "".join(f"<li>{_e(line)}</li>" for line in removed)
    return (
        f'<details class="chrome"><summary>Page chrome removed ({plural(len(removed), "line")})'
        "</summary>"
        f"<ol>{lines}</ol></details>"
    )


def _legend_html() -> str:
    """The colour key of the alignment table."""
    return '<p class="legend">' + " ".join(_kind_tag(k) for k in ROW_KINDS[:5]) + "</p>"


def _text_html(text: str) -> str:
    """Plain escaped sentence text."""
    return f'<span class="text">{_e(text)}</span>'


def _diff_html(tokens: Sequence[tuple[str, bool]], tag: str) -> str:
    """Words with each run of changed words wrapped in ``<tag>`` (``del`` or ``ins``)."""
    parts: list[str] = []
    run: list[str] = []
    for word, changed in tokens:
        if changed:
            run.append(word)
            continue
        if run:
            parts.append(f"<{tag}>{_e(' '.join(run))}</{tag}>")
            run = []
        parts.append(_e(word))
    if run:
        parts.append(f"<{tag}>{_e(' '.join(run))}</{tag}>")
    return f'<span class="text">{" ".join(parts)}</span>'


def _cell_html(side: str, indices: Sequence[int], body: str) -> str:
    """One sentence cell: its 1-based index label, then the (already escaped) body."""
    return f'<td class="side"><span class="idx">{_e(index_label(side, indices))}</span> {body}</td>'


def _empty_cell_html(mark: str) -> str:
    """The empty side of an added or dropped row, marked with the row kind."""
    return f'<td class="side empty"><span class="gap">{_e(mark)}</span></td>'


def _row_cells(c: Comparison, row: AlignmentRow) -> tuple[str, str]:
    """The A and B cells of a row, word-diffed when the link is edited or paraphrased."""
    a_text = sentence_text(c.a_sentences, row.a)
    b_text = sentence_text(c.b_sentences, row.b)
    if row.kind in DIFF_KINDS and row.a and row.b:
        a_tokens, b_tokens = word_diff(a_text, b_text)
        a_body, b_body = _diff_html(a_tokens, "del"), _diff_html(b_tokens, "ins")
    else:
        a_body, b_body = _text_html(a_text), _text_html(b_text)
    a_cell = _cell_html("A", row.a, a_body) if row.a else _empty_cell_html(row.kind)
    b_cell = _cell_html("B", row.b, b_body) if row.b else _empty_cell_html(row.kind)
    return a_cell, b_cell


def _row_html(c: Comparison, row: AlignmentRow, number: int, anchor: str) -> str:
    """One ``<tr>`` of the alignment table."""
    a_cell, b_cell = _row_cells(c, row)
    cls = _css_token(row.kind, ROW_KINDS, "unaligned")
    score = f'<span class="score">{row.score:.2f}</span>' if row.score is not None else ""
    return (
        f'<tr class="row r-{cls}" id="{_e(anchor)}-r{number}"><td class="num">{number}</td>'
        f'{a_cell}<td class="kindcell">{_kind_tag(row.kind)}{score}</td>{b_cell}</tr>'
    )


def _fact_line(change: FactChange) -> str:
    """One fact change as ``kind: A wording → B wording``."""
    a_text = _e(change.a_text) if change.a_text else '<span class="muted">(none)</span>'
    b_text = _e(change.b_text) if change.b_text else '<span class="muted">(none)</span>'
    return (
        f'<li><span class="fact-kind">{_e(change.kind)}</span> '
        f'<span class="fa">{a_text}</span> → <span class="fb">{b_text}</span></li>'
    )


def _facts_row_html(changes: Sequence[FactChange]) -> str:
    """The row listing a link's fact changes right under the link's row."""
    items = "".join(_fact_line(change) for change in changes)
    return (
        '<tr class="facts"><td class="num"></td>'
        f'<td colspan="3"><ul class="fact-list">{items}</ul></td></tr>'
    )


def _alignment_html(c: Comparison, rows: Sequence[AlignmentRow], anchor: str) -> str:
    """The side-by-side table: A on the left, B on the right, in B's order."""
    grouped = changes_by_link(c)
    body: list[str] = []
    for number, row in enumerate(rows, 1):
        body.append(_row_html(c, row, number, anchor))
        if row.link is not None and row.link in grouped:
            body.append(_facts_row_html(grouped[row.link]))
    if not body:
        body.append('<tr><td colspan="4" class="muted">No sentences.</td></tr>')
    return (
        '<table class="align"><colgroup><col class="c-num"><col class="c-side">'
        '<col class="c-kind"><col class="c-side"></colgroup>'
        "<thead><tr><th>#</th><th>A (source side)</th><th>Kind</th><th>B (in B's order)</th>"
        f"</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _changes_table_html(c: Comparison, rows: Sequence[AlignmentRow], anchor: str) -> str:
    """The "Facts that changed" summary table, each change linking to its row."""
    if not c.changes:
        return '<p class="muted">No fact changes found.</p>'
    body = []
    for number, change in changes_in_row_order(c, rows):
        where = f'<a href="#{_e(anchor)}-r{number}">row {number}</a>' if number else ""
        body.append(
            f'<tr><td>{_e(change.kind)}</td><td class="fa">{_e(change.a_text)}</td>'
            f'<td class="fb">{_e(change.b_text)}</td><td>{where}</td></tr>'
        )
    return (
        '<table class="changes"><thead><tr><th>Kind</th><th>A\'s wording</th>'
        f"<th>B's wording</th><th>Where</th></tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


# --------------------------------------------------------------------------- public renderers


def render_comparison_section(c: Comparison, *, anchor: str) -> str:
    """One comparison's full report as an HTML fragment with ``id=anchor``.

    A fragment rather than a page so that a multi-pair report can hold many comparisons;
    it relies on the stylesheet and script of :func:`render_comparison_page` or
    :func:`render_index_page`.
    """
    rows = alignment_rows(c)
    return (
        f'<section class="comparison" id="{_e(anchor)}">'
        f'<h2>{_doc_name(c.a)} <span class="arrow">→</span> {_doc_name(c.b)}</h2>'
        f"{_verdict_html(c)}{_scores_html(c)}{_stats_html(c)}"
        f'<div class="docs">{_document_html("A", c.a)}{_document_html("B", c.b)}</div>'
        f"<h3>Side by side</h3>{_legend_html()}{_alignment_html(c, rows, anchor)}"
        f"<h3>Facts that changed</h3>{_changes_table_html(c, rows, anchor)}"
        "</section>"
    )


def render_comparison_page(c: Comparison, *, title: str | None = None) -> str:
    """A complete, self-contained HTML5 page reporting one comparison."""
    page_title = title or f"retold: {c.a.title or c.a.id} vs {c.b.title or c.b.id}"
    body = f"<h1>{_e(page_title)}</h1>{render_comparison_section(c, anchor='cmp')}"
    return _page(page_title, body)


def render_index_page(comparisons: Sequence[Comparison], *, title: str, subtitle: str = "") -> str:
    """One self-contained page for many pairs: a summary table, then each pair's section.

    Pairs are grouped by relation (strongest reuse first) and sorted by retelling score within
    a group; anchors are ``pair-N`` with N the pair's 1-based position in ``comparisons``, so
    links stay stable whatever the sort. Sections start collapsed except the first, keeping a
    page of dozens of pairs light to scroll.
    """
    ordered = _index_order(comparisons)
    sub = f'<p class="subtitle">{_e(subtitle)}</p>' if subtitle else ""
    sections = "".join(
        _index_section(comparisons[n], f"pair-{n + 1}", first=(k == 0))
        for k, n in enumerate(ordered)
    )
    body = (
        f"<h1>{_e(title)}</h1>{sub}{_index_summary(comparisons, ordered)}"
        f'<div class="sections">{sections}</div>'
    )
    return _page(title, body)


# --------------------------------------------------------------------------- index parts


def _index_order(comparisons: Sequence[Comparison]) -> list[int]:
    """Positions of the comparisons grouped by relation, highest retelling first in a group."""
    return sorted(
        range(len(comparisons)),
        key=lambda n: (
            _relation_rank(comparisons[n].relation),
            -comparisons[n].scores.retelling,
            n,
        ),
    )


def _index_summary(comparisons: Sequence[Comparison], ordered: Sequence[int]) -> str:
    """The summary table: one row per pair under a heading row per relation."""
    if not ordered:
        return '<p class="muted">No comparisons.</p>'
    body: list[str] = []
    current: str | None = None
    for n in ordered:
        c = comparisons[n]
        if c.relation != current:
            current = c.relation
            count = sum(1 for m in ordered if comparisons[m].relation == current)
            body.append(
                f'<tr class="group"><th colspan="5">{_badge(current)} '
                f'<span class="muted">{plural(count, "pair")}</span></th></tr>'
            )
        body.append(_index_row(c, f"pair-{n + 1}"))
    return (
        '<table class="index"><thead><tr><th>Pair</th><th>Relation</th><th>Direction</th>'
        f"<th>Coverage A / B</th><th>Retelling</th></tr></thead><tbody>{''.join(body)}"
        "</tbody></table>"
    )


def _index_row(c: Comparison, anchor: str) -> str:
    """One summary row linking to the pair's section."""
    scores = c.scores
    coverage = f"{format_score(scores.coverage_a, True)} / {format_score(scores.coverage_b, True)}"
    return (
        f'<tr><td><a href="#{_e(anchor)}">{_doc_name(c.a)} → {_doc_name(c.b)}</a></td>'
        f"<td>{_badge(c.relation)}</td><td>{_e(direction_label(c.direction.value))}</td>"
        f'<td class="numcell">{coverage}</td>'
        f'<td class="numcell">{format_score(c.scores.retelling, False)}</td></tr>'
    )


def _index_section(c: Comparison, anchor: str, *, first: bool) -> str:
    """A pair's section inside a ``<details>`` (open only for the first one)."""
    opened = " open" if first else ""
    return (
        f'<details class="pair"{opened}><summary>{_badge(c.relation)} {_doc_name(c.a)} → '
        f'{_doc_name(c.b)} <span class="muted">retelling '
        f"{format_score(c.scores.retelling, False)}</span></summary>"
        f"{render_comparison_section(c, anchor=anchor)}</details>"
    )


# --------------------------------------------------------------------------- page shell


def _page(title: str, body: str, *, extra_style: str = "") -> str:
    """Wrap an (already escaped) body into a complete page; ``title`` is escaped here.

    ``extra_style`` is appended to the stylesheet (trusted CSS only: never article text).
    """
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_STYLE}{extra_style}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )


_STYLE = """
:root { --copied: #dfe7f0; --edited: #fff3bf; --paraphrased: #d3f9d8; --added: #d0ebff;
  --dropped: #ffe3e3; --ink: #1f2328; --muted: #6a737d; --line: #d0d7de; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.45;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1300px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.5rem; margin: .5rem 0; } h2 { font-size: 1.2rem; margin: 1rem 0 .5rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; } h4 { margin: .6rem 0 .3rem; font-size: .95rem; }
.muted, .subtitle, .stats { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .4rem 0; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; vertical-align: top;
  text-align: left; }
thead th { background: #f6f8fa; }
.scores td, .numcell { font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: .1rem .55rem; border-radius: 1rem; font-weight: 600;
  font-size: .85rem; color: #fff; background: #6a737d; }
.rel-duplicate { background: #c92a2a; } .rel-near_duplicate { background: #e8590c; }
.rel-rewrite { background: #9c36b5; } .rel-partial_reuse { background: #e67700; }
.rel-same_story { background: #1971c2; } .rel-unrelated { background: #2b8a3e; }
.verdict-line { font-size: 1.05rem; margin: .3rem 0; } .direction { font-weight: 600; }
.evidence, .reasons { margin: .2rem 0 .4rem; padding-left: 1.3rem; }
.docs { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.doc { border: 1px solid var(--line); border-radius: 6px; padding: .4rem .8rem; }
.doc dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: 0; }
.doc dt { color: var(--muted); } .doc dd { margin: 0; overflow-wrap: anywhere; }
.url { font-family: ui-monospace, monospace; font-size: .85rem; }
.chrome ol { font-size: .85rem; color: var(--muted); margin: .3rem 0; }
.doc-id { font-family: ui-monospace, monospace; } .doc-title { font-weight: normal; }
.kind { display: inline-block; padding: 0 .4rem; border-radius: 4px; font-size: .8rem;
  border: 1px solid var(--line); }
.k-copied { background: var(--copied); } .k-edited { background: var(--edited); }
.k-paraphrased { background: var(--paraphrased); } .k-added { background: var(--added); }
.k-dropped { background: var(--dropped); text-decoration: line-through; }
.k-unaligned { background: #f1f3f5; font-style: italic; }
.legend .kind { margin-right: .3rem; }
.align { table-layout: fixed; } .c-num { width: 3rem; } .c-kind { width: 7.5rem; }
.align td.side { overflow-wrap: anywhere; }
tr.r-copied td.side:not(.empty) { background: var(--copied); }
tr.r-edited td.side:not(.empty) { background: var(--edited); }
tr.r-paraphrased td.side:not(.empty) { background: var(--paraphrased); }
tr.r-added td.side:not(.empty) { background: var(--added); }
tr.r-dropped td.side:not(.empty) { background: var(--dropped); }
tr.r-dropped td.side .text { text-decoration: line-through; text-decoration-color: #c92a2a; }
td.empty { background: repeating-linear-gradient(45deg, #fafbfc, #fafbfc 6px, #f1f3f5 6px,
  #f1f3f5 12px); }
.gap { color: var(--muted); font-style: italic; font-size: .85rem; }
.idx { color: var(--muted); font-size: .75rem; font-family: ui-monospace, monospace; }
.num { color: var(--muted); text-align: right; font-size: .85rem; }
.kindcell .score { display: block; color: var(--muted); font-size: .8rem;
  font-variant-numeric: tabular-nums; }
del { background: #ffc9c9; text-decoration: line-through; }
ins { background: #8ce99a; text-decoration: none; font-weight: 600; }
tr.facts td { border-top: none; background: #fffdf5; font-size: .88rem; }
.fact-list { margin: 0; padding-left: 1.2rem; }
.fact-kind { font-variant: small-caps; color: var(--muted); margin-right: .3rem; }
.fa { color: #c92a2a; } .fb { color: #2b8a3e; }
tr.row { cursor: pointer; }
tr.row:hover td, tr.row.sel td { outline: 2px solid #4dabf7; outline-offset: -2px; }
tr.row:target td { outline: 2px solid #fab005; outline-offset: -2px; }
.index tr.group th { background: #f6f8fa; }
details.pair { border: 1px solid var(--line); border-radius: 6px; margin: .8rem 0;
  padding: .3rem .8rem; }
details.pair > summary { cursor: pointer; padding: .3rem 0; font-weight: 600; }
section.comparison { margin-bottom: 1.5rem; }
@media (max-width: 800px) { .docs { grid-template-columns: 1fr; } }
@media print {
  body { font-size: 10pt; } main { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tr.row:hover td, tr.row.sel td { outline: none; }
  tr, .doc { break-inside: avoid; } a { color: inherit; text-decoration: none; }
  details.pair { border: none; padding: 0; }
}
"""
"""The page stylesheet (static: no input ever goes into it)."""

_SCRIPT = """
(function () {
  function openTarget() {
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    var el = id && document.getElementById(id);
    for (var d = el && el.closest('details'); d; d = d.parentElement.closest('details')) {
      d.open = true;
    }
    if (el) { el.scrollIntoView(); }
  }
  window.addEventListener('hashchange', openTarget);
  if (location.hash) { openTarget(); }
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  });
  document.addEventListener('click', function (ev) {
    var row = ev.target.closest && ev.target.closest('tr.row');
    if (!row || ev.target.closest('a')) { return; }
    var on = !row.classList.contains('sel');
    document.querySelectorAll('tr.row.sel').forEach(function (r) { r.classList.remove('sel'); });
    if (on) { row.classList.add('sel'); }
  });
})();
"""
"""The page script: open the details holding a linked target, open everything for printing,
and toggle a highlight on a clicked alignment row (static: no input ever goes into it)."""
