"""What the command-line modules share: exit codes, error exit, and the corpus reading options
of ``scan`` and ``index add``."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

import click

from retold._exceptions import ModelError, RetoldError
from retold.sources import Columns

EXIT_INPUT = 1
"""Exit code for unreadable input (missing, empty, binary or undecodable file)."""

EXIT_MODEL = 3
"""Exit code when the embedding model cannot be loaded."""


def fail(error: RetoldError) -> NoReturn:
    """Print ``Error: …`` on stderr and exit with the code for the error's kind."""
    click.echo(f"Error: {error}", err=True)
    sys.exit(EXIT_MODEL if isinstance(error, ModelError) else EXIT_INPUT)


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read the input files: column mapping, strictness and codec."""

    columns: Columns
    strict: bool
    encoding: str | None


_OPTIONS = (
    click.option(
        "--strict", is_flag=True, help="Stop at the first bad record instead of skipping it."
    ),
    click.option("--encoding", help="Codec for text, HTML, JSON and CSV files instead of UTF-8."),
    click.option("--id-field", default="id", show_default=True, help="JSONL/CSV field for the id."),
    click.option("--text-field", default="text", show_default=True, help="... for the text."),
    click.option("--title-field", default="title", show_default=True, help="... for the title."),
    click.option("--date-field", default="date", show_default=True, help="... for the date."),
    click.option("--url-field", default="url", show_default=True, help="... for the URL."),
    click.option("--source-field", default="source", show_default=True, help="... for the site."),
)


def reader_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the reading options to a command; it receives them as one ``reading`` argument."""

    @functools.wraps(command)
    def wrapper(
        *args: Any,
        strict: bool,
        encoding: str | None,
        id_field: str,
        text_field: str,
        title_field: str,
        date_field: str,
        url_field: str,
        source_field: str,
        **kwargs: Any,
    ) -> Any:
        columns = Columns(id_field, text_field, title_field, date_field, url_field, source_field)
        return command(*args, reading=ReadOptions(columns, strict, encoding), **kwargs)

    for option in reversed(_OPTIONS):
        wrapper = option(wrapper)
    return wrapper
