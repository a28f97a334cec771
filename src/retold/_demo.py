"""``retold demo``: compare every pair of the bundled demo corpus and write one HTML report.

Each document is segmented and embedded once; the pairs are then compared with the pure core.
Pairs judged ``unrelated`` are counted but left out of the report to keep it readable.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from retold._compare import PreparedDocument, compare_prepared, prepare
from retold._embed import load_embedder
from retold._html import render_index_page
from retold._load import load_document
from retold.model import Comparison

DEMO_CORPUS = Path(__file__).parent / "demo_corpus"


def demo_documents() -> list[Path]:
    """The demo corpus's article files, in name order."""
    return sorted(DEMO_CORPUS.glob("*.txt"))


def run_demo(out_dir: Path, *, console: Console | None = None) -> tuple[Path, str]:
    """Compare all pairs of the demo corpus; returns the report path and a summary line."""
    console = console or Console(stderr=True)
    paths = demo_documents()
    embedder = load_embedder()
    prepared: list[PreparedDocument] = []
    results: list[Comparison] = []
    pairs = list(combinations(range(len(paths)), 2))
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("embedding documents", total=len(paths))
        for path in paths:
            prepared.append(prepare(load_document(path), embedder))
            progress.advance(task)
        task = progress.add_task("comparing pairs", total=len(pairs))
        for i, j in pairs:
            first, second = _in_date_order(prepared[i], prepared[j])
            results.append(compare_prepared(first, second))
            progress.advance(task)
    counts = Counter(r.relation for r in results)
    shown = [r for r in results if r.relation != "unrelated"]
    out_dir.mkdir(parents=True, exist_ok=True)
    report = out_dir / "report.html"
    subtitle = (
        f"{len(paths)} documents, {len(results)} pairs compared; "
        + ", ".join(f"{n} {relation}" for relation, n in sorted(counts.items()))
        + ". Unrelated pairs are not listed."
    )
    report.write_text(
        render_index_page(
            shown, title="retold demo: every retelling in the demo corpus", subtitle=subtitle
        ),
        encoding="utf-8",
    )
    return report, subtitle


def _in_date_order(
    x: PreparedDocument, y: PreparedDocument
) -> tuple[PreparedDocument, PreparedDocument]:
    """Put the earlier-dated document first, so A reads as the likely source."""
    if x.document.date and y.document.date and y.document.date < x.document.date:
        return y, x
    return x, y
