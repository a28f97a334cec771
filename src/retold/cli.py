"""The ``retold`` command line: thin Click commands over the library.

Library errors become ``Error: …`` on stderr with exit code 1 (bad input) or 2 (usage, as Click
does); nothing here holds logic the Python API lacks.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console

from retold._cli_common import EXIT_INPUT, EXIT_MODEL, ReadOptions, reader_options
from retold._cli_common import fail as _fail
from retold._cli_index import index_group
from retold._exceptions import RetoldError
from retold.server._command import serve


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="retold")
def main() -> None:
    """retold: find every retelling of a news story.

    Scan a corpus for copies, spun rewrites, lifted passages and same-story reports, grouped
    into stories with the likely original (scan); compare two articles sentence by sentence to
    see how one retells the other and which facts changed (compare); keep an index of your
    archive and ask which stored articles a new text retells (index), over HTTP and in a web
    UI too (serve).
    """


@main.command()
@click.argument("a", type=click.Path(path_type=Path))
@click.argument("b", type=click.Path(path_type=Path))
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object (docs/json-schema.md)."
)
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a self-contained side-by-side HTML report to this file.",
)
@click.option("--encoding", help="Read both files with this codec (e.g. latin-1) instead of UTF-8.")
@click.option(
    "--model",
    help="Embedding model: an .onnx file or folder, or a sentence-transformers folder/hub name "
    "(needs retold[torch]). Default: the packaged MiniLM int8.",
)
@click.option("--max-rows", type=int, default=None, help="Cut the terminal alignment table.")
def compare(
    a: Path,
    b: Path,
    as_json: bool,
    html_path: Path | None,
    encoding: str | None,
    model: str | None,
    max_rows: int | None,
) -> None:
    """Align article B with article A and say how one retells the other.

    A and B are .txt (leading "title:", "date:", "url:" lines are metadata), .html or .json
    files, or any file `retold scan` reads (JSONL, CSV with an id/title/date/text header, WARC,
    RSS/Atom) that holds exactly one document. The verdict is one of duplicate, near_duplicate,
    rewrite, partial_reuse, same_story, unrelated, with the scores and evidence it rests on.

    Example:

        retold compare wire.txt spun.txt --html report.html
    """
    from retold._compare import compare as run_compare
    from retold._load import load_document

    try:
        doc_a = load_document(a, encoding=encoding)
        doc_b = load_document(b, encoding=encoding)
        result = run_compare(doc_a, doc_b, model=model)
    except RetoldError as error:
        _fail(error)
        return
    if html_path is not None:
        from retold._html import render_comparison_page

        try:
            html_path.write_text(render_comparison_page(result), encoding="utf-8")
        except OSError as error:
            click.echo(
                f"Error: cannot write the HTML report {html_path}: {error.strerror}", err=True
            )
            sys.exit(EXIT_INPUT)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    from retold._terminal import render_comparison

    console = Console()
    render_comparison(result, console, max_rows=max_rows)
    if html_path is not None:
        console.print(f"HTML report written to {html_path}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for matches, stories, documents, summary.json and report.html.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["jsonl", "parquet", "csv"]),
    default="jsonl",
    show_default=True,
    help="Format of the documents/matches/stories tables (csv: scores and direction in "
    "columns of their own, the alignment as JSON text).",
)
@reader_options
@click.option("--model", help="Sentence model for verifying candidates (as for compare).")
@click.option("--quiet", is_flag=True, help="No progress bars.")
def scan(
    paths: tuple[Path, ...],
    out_dir: Path,
    output_format: str,
    reading: ReadOptions,
    model: str | None,
    quiet: bool,
) -> None:
    """Find every retelling in a corpus, group stories and trace who came first.

    PATHS are files or folders: .txt/.html/.json files, JSONL and CSV (one record per line or
    row; map fields with --text-field etc.), WARC files (HTML responses) and RSS/Atom feeds.
    Bad records are skipped with their file and line (--strict makes them fatal).

    Candidate pairs come from MinHash buckets, shared rare words and 5-grams, and nearest
    document vectors — never all pairs; a cheap screen drops those compare would call
    unrelated, and each remaining pair is verified with the compare core. The output folder
    gets matches, stories and documents tables, summary.json and report.html
    (stories → provenance graph → side-by-side pair views).

    From 2,000 documents to verify, the sentence model runs in two worker processes beside
    the comparisons (RETOLD_EMBED_PROCESSES sets how many; 0 keeps it in this process). The
    results are the same either way.

    Example:

        retold scan crawl.warc.gz feeds/ --out scan-out
    """
    from retold._scan_run import print_summary, run_scan

    console = Console(stderr=True)
    try:
        result, report = run_scan(
            list(paths),
            out_dir,
            columns=reading.columns,
            strict=reading.strict,
            encoding=reading.encoding,
            output_format=output_format,  # type: ignore[arg-type]
            model=model,
            console=console,
            progress=not quiet,
        )
    except RetoldError as error:
        _fail(error)
        return
    print_summary(result, report, Console())


@main.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("retold-demo"),
    show_default=True,
    help="Folder for the report.",
)
def demo(out_dir: Path) -> None:
    """Scan the bundled demo corpus and write the scan's tables and HTML report.

    The corpus (retold/demo_corpus; its answer key is retold/demo_corpus.md) holds wire
    stories, copies, light edits, spun rewrites wrapped in page chrome, lifted paragraphs,
    independent reports of the same events and unrelated stories. This is `retold scan` on
    its articles.

    Example:

        retold demo --out retold-demo
    """
    from retold._demo import run_demo
    from retold._scan_run import print_summary

    try:
        result, report = run_demo(out_dir, console=Console(stderr=True))
    except RetoldError as error:
        _fail(error)
        return
    print_summary(result, report, Console())


main.add_command(index_group)
main.add_command(serve)

__all__ = ["EXIT_INPUT", "EXIT_MODEL", "main"]
