"""The ``retold serve`` command: open an index and run the server with uvicorn.

Registered on the ``retold`` group by ``cli.py`` (``main.add_command(serve)``). FastAPI,
uvicorn and the index are imported only when the command runs, so ``retold --help`` stays
fast. A server that listens beyond loopback must have a token for writes: without one it
refuses to start (exit 2) rather than expose an open write API to the network.
"""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from retold._cli_common import fail
from retold._exceptions import RetoldError

if TYPE_CHECKING:
    from retold.index import Index

EXIT_USAGE = 2
"""Exit code for a refused configuration (as Click uses for usage errors)."""

DEFAULT_MAX_BODY = 2_000_000
"""Default request-body limit in bytes (the same as ``create_app``'s)."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (``localhost``, 127.0.0.0/8, ``::1``)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def base_url(host: str, port: int) -> str:
    """``http://host:port`` with IPv6 addresses bracketed."""
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}"


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The index folder (created, empty, if it does not exist).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Any address beyond loopback requires --token.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--token",
    envvar="RETOLD_TOKEN",
    show_envvar=True,
    help="Writes (add, delete) then need the header 'Authorization: Bearer TOKEN'. Prefer "
    "the environment variable: a token on the command line shows in the process list.",
)
@click.option(
    "--max-body",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BODY,
    show_default=True,
    metavar="BYTES",
    help="Refuse larger request bodies with 413.",
)
@click.option("--model", help="Sentence model for the alignments (as for compare).")
def serve(
    index_dir: Path,
    host: str,
    port: int,
    token: str | None,
    max_body: int,
    model: str | None,
) -> None:
    """Serve an index: a web UI and a JSON API to find retellings of an article.

    \b
    Web UI    http://HOST:PORT/       paste an article: related stored articles with
                                      their verdicts, side by side; document pages
                                      with everything related; stories; stats
    API docs  http://HOST:PORT/docs   OpenAPI for POST /api/documents (add),
                                      POST /api/query, GET and DELETE
                                      /api/documents/ID, GET /api/compare?a=&b=,
                                      GET /api/stories, GET /api/stats

    Listens on 127.0.0.1 (this machine only) by default. Writes need the token whenever one
    is set; on any other address the token is required, and the server will not start
    without one.

    Example:

        RETOLD_TOKEN=s3cret retold serve --index my-index --port 8000
    """
    token = token or None
    loopback = is_loopback(host)
    if not loopback and token is None:
        click.echo(
            f"Error: --host {host} is not a loopback address, so writes need a token: set "
            "RETOLD_TOKEN=... (or pass --token) and send 'Authorization: Bearer TOKEN' "
            "with writes; or listen on 127.0.0.1",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    from retold.index import Index

    try:
        index = Index(index_dir, create=True, model=model)
    except RetoldError as error:  # IndexFormatError, a model that cannot load
        fail(error)
    try:
        _run(index, host=host, port=port, token=token, max_body=max_body, loopback=loopback)
    finally:
        index.close()


def _run(
    index: Index, *, host: str, port: int, token: str | None, max_body: int, loopback: bool
) -> None:
    """Build the app, say where it is, and serve until interrupted."""
    import uvicorn

    from retold.server._app import create_app
    from retold.server._limits import LOOPBACK_NAMES

    allowed = {*LOOPBACK_NAMES, host.strip("[]").lower()} if loopback else None
    app = create_app(
        index,
        token=token,
        max_body_bytes=max_body,
        require_token_for_writes=not loopback,
        allowed_hosts=allowed,
    )
    url = base_url(host, port)
    writes = "need the token" if token else "open (no token; this machine only)"
    stats = app.state.service.stats()
    click.echo(
        f"retold serve: index {stats.path} ({stats.documents} documents)\n"
        f"  web UI    {url}/\n  API docs  {url}/docs\n  writes    {writes}",
        err=True,
    )
    uvicorn.run(app, host=host.strip("[]"), port=port, log_level="info", ws="none")
