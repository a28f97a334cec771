"""The edge around :func:`retold._scan.scan` for the command line and the demo: read files,
scan, write the tables and the HTML report, print a terminal summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from retold._embed import load_embedder
from retold._html import plural
from retold._scan import scan
from retold._scan_html import render_scan_report
from retold._scan_output import OutputFormat, write_scan
from retold.model import DERIVED_RELATIONS, RELATION_ORDER, ScanResult, Skip
from retold.sources import Columns, iter_documents


def run_scan(
    paths: Sequence[str | Path],
    out_dir: Path,
    *,
    columns: Columns | None = None,
    strict: bool = False,
    encoding: str | None = None,
    output_format: OutputFormat = "jsonl",
    model: str | None = None,
    console: Console | None = None,
    progress: bool = True,
) -> tuple[ScanResult, Path]:
    """Scan ``paths`` into ``out_dir`` (tables, ``summary.json``, ``report.html``).

    Returns the result and the report's path. Reader problems are skips (or, with
    ``strict``, an :class:`~retold.InputError`); the model is loaded before reading starts so
    a broken model fails fast.
    """
    console = console or Console(stderr=True)
    embedder = load_embedder(model)
    skips: list[Skip] = []
    documents = iter_documents(
        paths, columns=columns or Columns(), strict=strict, on_skip=skips.append, encoding=encoding
    )
    result = scan(documents, embedder=embedder, skipped=skips, progress=progress, console=console)
    write_scan(result, out_dir, output_format=output_format)
    report = render_scan_report(result, out_dir)
    return result, report


def print_summary(result: ScanResult, report: Path, console: Console) -> None:
    """The end-of-scan summary: counts, pairs by relation, the largest stories, timings."""
    stats = result.stats
    relations = Counter(m.relation for m in result.matches)
    derived = sum(n for rel, n in relations.items() if rel in DERIVED_RELATIONS)
    console.print(
        f"[bold]{len(result.documents):,}[/] documents, {len(result.skipped):,} skipped, "
        f"{int(stats.get('candidates', 0)):,} candidate pairs verified in "
        f"{stats.get('seconds_total', 0.0):.1f} s"
    )
    console.print(
        f"{len(result.matches):,} related pairs ({derived:,} derived): "
        + (", ".join(f"{relations[r]:,} {r}" for r in RELATION_ORDER if relations[r]) or "none")
    )
    formulaic = int(stats.get("formulaic_pairs", 0))
    if formulaic:
        console.print(
            f"{formulaic:,} pairs not reported: the wording they share is formulaic in this "
            "corpus (a form filled in with other names and figures)"
        )
    console.print(plural(len(result.stories), "story", "stories"))
    if result.stories:
        titles = {d.id: d.title or d.id for d in result.documents}
        table = Table(title="Largest stories", show_lines=False)
        table.add_column("size", justify="right")
        table.add_column("origin")
        table.add_column("title")
        for story in result.stories[:10]:
            table.add_row(str(len(story.members)), story.origin, titles[story.origin])
        console.print(table)
    if result.skipped:
        console.print(f"[yellow]{plural(len(result.skipped), 'record')} skipped[/]; first ones:")
        for skip in result.skipped[:5]:
            console.print(f"  {skip}", markup=False, highlight=False)
    timings = ", ".join(
        f"{k.removeprefix('seconds_')} {v:.1f} s"
        for k, v in stats.items()
        if k.startswith("seconds_") and k != "seconds_total"
    )
    console.print(f"time: {timings}")
    console.print(f"Report: {report.resolve()}")
