"""``retold index …``: build, query and maintain an on-disk index from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from retold._cli_common import EXIT_INPUT, ReadOptions, fail, reader_options
from retold._exceptions import InputError, RetoldError
from retold._html import plural
from retold.model import Document, Skip

if TYPE_CHECKING:
    from retold.index import Index

INDEX_OPTION = click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The index folder.",
)


def _open(index_dir: Path, *, create: bool = False, model: str | None = None) -> Index:
    from retold.index import Index

    return Index(index_dir, create=create, model=model)


@click.group("index")
def index_group() -> None:
    """A persistent index of your articles: add them once, then ask which stored articles a new
    text retells (or which retell it), with the evidence.

    The index is a folder (SQLite + an ANN file) on this machine; no server needed. Adding is
    fast (fingerprints only); queries align the best candidates with the compare core.

    Example:

        retold index add archive/ feeds.jsonl --index my-index
        retold index query new-article.txt --index my-index
    """


@index_group.command("add")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@INDEX_OPTION
@click.option(
    "--link",
    is_flag=True,
    help="Also compare each new document with the stored ones it resembles and keep the "
    "verdicts (they make the stories the server lists). Slower: a model call per document.",
)
@reader_options
@click.option("--model", help="Sentence model for --link (as for compare).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def add(
    paths: tuple[Path, ...],
    index_dir: Path,
    link: bool,
    reading: ReadOptions,
    model: str | None,
    quiet: bool,
) -> None:
    """Add the documents in PATHS to the index (created if missing).

    PATHS are read as by `retold scan` (folders, .txt/.html/.json, JSONL, CSV, WARC, RSS/Atom).
    A document whose id is already stored is skipped, never overwritten (remove it first).
    Each batch is committed on its own: an interrupted add keeps every finished batch.
    """
    from retold._scan import RateColumn
    from retold.sources import iter_documents

    skips: list[Skip] = []
    console = Console(stderr=True)
    try:
        index = _open(index_dir, create=True, model=model)
    except RetoldError as error:
        fail(error)
        return
    with index:
        documents = iter_documents(
            list(paths),
            columns=reading.columns,
            strict=reading.strict,
            on_skip=skips.append,
            encoding=reading.encoding,
        )
        progress = Progress(
            TextColumn("adding documents"),
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=quiet,
        )
        try:
            with progress:
                task = progress.add_task("add", total=None)
                report = index.add(
                    documents,
                    link=link,
                    progress=lambda n: progress.update(task, completed=n),
                )
                # the count is known now: the bar completes instead of pulsing on
                progress.update(task, total=progress.tasks[task].completed)
        except RetoldError as error:
            fail(error)
            return
        total = len(index)
    skipped = [*skips, *report.skipped]
    added = plural(len(report.added), "document")
    click.echo(f"{added} added, {len(skipped):,} skipped; {total:,} in {index_dir}")
    for skip in skipped[:10]:
        click.echo(f"  skipped {skip}", err=True)
    if len(skipped) > 10:
        click.echo(f"  … and {len(skipped) - 10:,} more", err=True)


@index_group.command("query")
@click.argument("source", type=click.Path(path_type=Path, allow_dash=True))
@INDEX_OPTION
@click.option(
    "-k",
    "k",
    type=click.IntRange(1, 100),
    default=5,
    show_default=True,
    help="How many of the best candidates to align.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (docs/index.md).")
@click.option("--encoding", help="Codec of SOURCE instead of UTF-8.")
@click.option("--model", help="Sentence model for alignment (as for compare).")
def query(
    source: Path, index_dir: Path, k: int, as_json: bool, encoding: str | None, model: str | None
) -> None:
    """Find the stored articles that SOURCE retells, or that retell it.

    SOURCE is a .txt/.html/.json file, or - to read the article text from standard input.
    Results come best first, each with its relation, direction, scores and alignment.
    """
    try:
        document = _read_query(source, encoding)
        with _open(index_dir, model=model) as index:
            results = index.query(document, k=k)
    except RetoldError as error:
        fail(error)
        return
    if as_json:
        from retold.index import INDEX_SCHEMA

        payload = {
            "version": INDEX_SCHEMA,
            "query": {"id": document.id, "title": document.title},
            "results": [m.to_dict() for m in results],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    console = Console()
    if not results:
        console.print("No stored article is related to this text.")
        return
    table = Table(title=f"Stored articles related to {document.title or document.id}")
    table.add_column("#", justify="right")
    table.add_column("relation", no_wrap=True)
    table.add_column("stored article", ratio=1)
    table.add_column("retelling", justify="right")
    table.add_column("direction")
    for n, m in enumerate(results, 1):
        direction = {
            "a_to_b": "the query derives from it",
            "b_to_a": "it derives from the query",
        }.get(m.direction.value, "unknown")
        article = Text(m.id, style="bold")
        if m.comparison.a.title:
            article.append(f"\n{m.comparison.a.title}", style="dim")
        table.add_row(str(n), m.relation, article, f"{m.scores.retelling:.2f}", direction)
    console.print(table)
    from retold._terminal import render_comparison

    console.print(f"\nBest match, side by side (A = stored {results[0].id}, B = the query):")
    render_comparison(results[0].comparison, console, max_rows=30)


def _read_query(source: Path, encoding: str | None) -> Document:
    from retold._load import document_from_string, load_document

    if str(source) == "-":
        raw = sys.stdin.buffer.read()
        try:
            text = raw.decode(encoding or "utf-8")
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(
                "<stdin>", f"cannot decode the input ({exc})", hint="pass --encoding"
            ) from exc
        return document_from_string(text, doc_id="query")
    return load_document(source, encoding=encoding)


@index_group.command("stats")
@INDEX_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def stats(index_dir: Path, as_json: bool) -> None:
    """Documents, verdicts and size on disk of the index."""
    try:
        with _open(index_dir) as index:
            figures = index.stats()
    except RetoldError as error:
        fail(error)
        return
    if as_json:
        click.echo(json.dumps(figures.to_dict(), indent=2))
        return
    click.echo(
        f"{figures.path}: {figures.documents:,} documents, {figures.verdicts:,} verdicts, "
        f"{figures.vectors:,} document vectors, {figures.windows:,} window vectors; "
        f"{figures.bytes_on_disk / 1e6:.1f} MB on disk "
        f"({figures.bytes_per_document / 1e3:.1f} KB per document besides its text); "
        f"schema version {figures.schema_version}"
    )


@index_group.command("remove")
@click.argument("ids", nargs=-1, required=True)
@INDEX_OPTION
def remove(ids: tuple[str, ...], index_dir: Path) -> None:
    """Remove the documents with these IDS (and their verdicts) from the index."""
    missing = []
    try:
        with _open(index_dir) as index:
            for doc_id in ids:
                if not index.remove(doc_id):
                    missing.append(doc_id)
    except RetoldError as error:
        fail(error)
        return
    click.echo(f"{len(ids) - len(missing):,} removed")
    if missing:
        click.echo(f"Error: not in the index: {', '.join(missing)}", err=True)
        sys.exit(EXIT_INPUT)


@index_group.command("link")
@INDEX_OPTION
@click.option("--model", help="Sentence model (as for compare).")
def link(index_dir: Path, model: str | None) -> None:
    """Compare every document added without --link with the stored ones it resembles, and
    keep the verdicts (the stories the server lists come from them)."""
    try:
        with _open(index_dir, model=model) as index:
            done = index.link()
    except RetoldError as error:
        fail(error)
        return
    click.echo(f"{done:,} documents linked")
