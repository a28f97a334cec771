"""A rich terminal view of one comparison: verdict, scores, side-by-side sentences, facts.

Article text is untrusted and may contain rich markup such as ``[bold]`` or ``[/]``; it is
only ever wrapped in :class:`rich.text.Text` (never parsed as markup), so it prints literally.
Row order and word diffs come from :mod:`retold._html`, so the terminal and HTML views agree.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from retold._html import (
    DIFF_KINDS,
    SCORE_FIELDS,
    AlignmentRow,
    alignment_rows,
    changes_in_row_order,
    direction_label,
    format_score,
    index_label,
    plural,
    relation_label,
    sentence_text,
    word_diff,
)
from retold.model import Comparison, Document

RELATION_STYLES: dict[str, str] = {
    "duplicate": "bold red",
    "near_duplicate": "bold dark_orange",
    "rewrite": "bold magenta",
    "partial_reuse": "bold yellow",
    "same_story": "bold blue",
    "unrelated": "bold green",
}
"""Colour of each relation in the verdict panel."""

KIND_STYLES: dict[str, str] = {
    "copied": "dim",
    "edited": "yellow",
    "paraphrased": "green",
    "added": "cyan",
    "dropped": "red",
    "unaligned": "italic",
}
"""Colour of each alignment row kind."""

CHANGED_WORD_STYLE = "bold yellow underline"
"""How words that differ inside an edited or paraphrased link are highlighted."""


def render_comparison(
    c: Comparison,
    console: Console,
    *,
    width_hint: int | None = None,
    max_rows: int | None = None,
) -> None:
    """Print a readable report of ``c`` to ``console``.

    ``width_hint`` caps the width of panels and tables (default: the console's width);
    ``max_rows`` shows only that many alignment rows and says how many were left out.
    """
    width = min(width_hint, console.width) if width_hint else None
    rows = alignment_rows(c)
    shown = rows if max_rows is None else rows[: max(max_rows, 0)]
    console.print(_verdict_panel(c, width))
    console.print(_scores_table(c, width or console.width))
    console.print(_alignment_table(c, shown, width))
    if len(shown) < len(rows):
        more = len(rows) - len(shown)
        console.print(Text(f"… {more} more rows (use --json or --html for all)", style="dim"))
    console.print(_facts_renderable(c, rows, width))
    console.print(_chrome_summary(c))


# --------------------------------------------------------------------------- verdict & scores


def _verdict_panel(c: Comparison, width: int | None) -> Panel:
    """The verdict: relation, documents, direction with its evidence, reasons."""
    lines = Text()
    lines.append(relation_label(c.relation), style=RELATION_STYLES.get(c.relation, "bold"))
    lines.append(f"  ({c.relation})\n", style="dim")
    lines.append_text(_doc_line("A", c.a))
    lines.append_text(_doc_line("B", c.b))
    lines.append("Direction: ", style="bold")
    lines.append(direction_label(c.direction.value) + "\n")
    lines.append_text(_bullets(c.direction.evidence, "dim"))
    if c.reasons:
        lines.append("Reasons:\n", style="bold")
        lines.append_text(_bullets(c.reasons, ""))
    lines.rstrip()
    return Panel(lines, title="Verdict", title_align="left", width=width, box=box.ROUNDED)


def _doc_line(side: str, doc: Document) -> Text:
    """``A: id — title`` as plain text."""
    line = Text()
    line.append(f"{side}: ", style="bold")
    line.append(doc.id)
    if doc.title:
        line.append(" — ")
        line.append(doc.title, style="italic")
    line.append("\n")
    return line


def _bullets(items: Sequence[str], style: str) -> Text:
    """A bulleted list of plain-text lines."""
    out = Text()
    for item in items:
        out.append("  • ")
        out.append(item + "\n", style=style)
    return out


def _scores_table(c: Comparison, width: int) -> Table:
    """The scores as one row under their names, or as name/value rows when space is short."""
    values = [format_score(getattr(c.scores, name), pct) for name, _, pct in SCORE_FIELDS]
    labels = [label for _, label, _ in SCORE_FIELDS]
    if width >= _wide_scores_width(labels):
        table = Table(title="Scores", title_justify="left", box=box.SIMPLE_HEAD)
        for label in labels:
            table.add_column(label, justify="right")
        table.add_row(*values)
        return table
    table = Table(title="Scores", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("score")
    table.add_column("value", justify="right")
    for label, value in zip(labels, values, strict=True):
        table.add_row(label, value)
    return table


def _wide_scores_width(labels: Sequence[str]) -> int:
    """Width the one-row scores table needs: each label plus padding and a separator."""
    return sum(len(label) + 3 for label in labels) + 1


# --------------------------------------------------------------------------- alignment


def _alignment_table(c: Comparison, rows: Sequence[AlignmentRow], width: int | None) -> Table:
    """The side-by-side table: A sentences, kind, B sentences, score, in B's order."""
    table = Table(
        title="Side by side (B's order)",
        title_justify="left",
        width=width,
        expand=True,
        box=box.SIMPLE_HEAD,
        show_lines=True,
    )
    table.add_column("#", justify="right", no_wrap=True, style="dim")
    table.add_column("A sentence(s)", ratio=1, overflow="fold")
    table.add_column("kind", no_wrap=True)
    table.add_column("B sentence(s)", ratio=1, overflow="fold")
    table.add_column("score", justify="right", no_wrap=True)
    for number, row in enumerate(rows, 1):
        a_cell, b_cell = _row_cells(c, row)
        score = f"{row.score:.2f}" if row.score is not None else ""
        kind = Text(row.kind, style=KIND_STYLES.get(row.kind, ""))
        table.add_row(str(number), a_cell, kind, b_cell, score)
    return table


def _row_cells(c: Comparison, row: AlignmentRow) -> tuple[Text, Text]:
    """The A and B cells of a row; edited and paraphrased links get changed words marked."""
    a_text = sentence_text(c.a_sentences, row.a)
    b_text = sentence_text(c.b_sentences, row.b)
    style = KIND_STYLES.get(row.kind, "")
    if row.kind in DIFF_KINDS and row.a and row.b:
        a_tokens, b_tokens = word_diff(a_text, b_text)
        a_body, b_body = _diff_text(a_tokens, style), _diff_text(b_tokens, style)
    else:
        a_body, b_body = Text(a_text, style=style), Text(b_text, style=style)
    return _cell("A", row.a, a_body), _cell("B", row.b, b_body)


def _cell(side: str, indices: Sequence[int], body: Text) -> Text:
    """A sentence cell: dim 1-based index label, then the text (a dim dash when empty)."""
    if not indices:
        return Text("—", style="dim")
    cell = Text()
    cell.append(index_label(side, indices) + " ", style="dim")
    cell.append_text(body)
    return cell


def _diff_text(tokens: Sequence[tuple[str, bool]], style: str) -> Text:
    """Words joined by spaces in the row's style, the changed ones highlighted."""
    out = Text(style=style)
    for k, (word, changed) in enumerate(tokens):
        if k:
            out.append(" ")
        out.append(word, style=CHANGED_WORD_STYLE if changed else "")
    return out


# --------------------------------------------------------------------------- facts & chrome


def _facts_renderable(
    c: Comparison, rows: Sequence[AlignmentRow], width: int | None
) -> RenderableType:
    """The "Facts that changed" table, or a note that there are none."""
    if not c.changes:
        return Text("Facts that changed: none found.", style="dim")
    table = Table(
        title="Facts that changed", title_justify="left", width=width, box=box.SIMPLE_HEAD
    )
    table.add_column("row", justify="right", style="dim", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("A's wording", style="red", overflow="fold")
    table.add_column("B's wording", style="green", overflow="fold")
    for number, change in changes_in_row_order(c, rows):
        table.add_row(
            str(number) if number else "",
            Text(change.kind),
            Text(change.a_text or "(none)"),
            Text(change.b_text or "(none)"),
        )
    return table


def _chrome_summary(c: Comparison) -> Text:
    """How many page-chrome lines were removed from each document."""
    out = Text()
    out.append("Page chrome removed: ", style="bold")
    counts = f"A {plural(len(c.a.removed), 'line')}, B {plural(len(c.b.removed), 'line')}"
    out.append(counts, style="dim")
    return out
