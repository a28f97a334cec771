"""``retold demo``: scan the bundled demo corpus and write the report.

The corpus (``retold/demo_corpus``) holds wire stories, copies, light edits, spun rewrites
wrapped in page chrome, lifted paragraphs, independent reports of the same events and
unrelated stories — every relation retold knows. Its answer key is ``retold/demo_corpus.md``,
beside the folder rather than in it, so that ``retold scan`` on the folder reads articles only.
The demo runs the same scan a user runs on their own files, over the corpus's ``.txt`` files.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from retold._scan_run import run_scan
from retold.model import ScanResult

DEMO_CORPUS = Path(__file__).parent / "demo_corpus"
DEMO_KEY = Path(__file__).parent / "demo_corpus.md"


def demo_documents() -> list[Path]:
    """The demo corpus's article files, in name order."""
    return sorted(DEMO_CORPUS.glob("*.txt"))


def run_demo(out_dir: Path, *, console: Console | None = None) -> tuple[ScanResult, Path]:
    """Scan the demo corpus into ``out_dir``; returns the result and the report's path."""
    return run_scan(demo_documents(), out_dir, console=console or Console(stderr=True))
