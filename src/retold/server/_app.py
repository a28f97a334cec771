"""``create_app``: the FastAPI application of ``retold serve`` over one open index.

The app is the JSON API (:mod:`retold.server._api`, documented at ``/docs``) and the web UI
(:mod:`retold.server._ui`) over one :class:`~retold.server._service.IndexService`, wrapped in
the guards of :mod:`retold.server._limits`: the body-size limit always, the Host check when
the caller names the allowed host names, and the write token on add and delete.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from retold import __version__
from retold.index import Index, IndexLockedError
from retold.server._api import api_router
from retold.server._limits import BodyLimitMiddleware, HostCheckMiddleware, write_guard
from retold.server._service import IndexService
from retold.server._ui import ui_router

DEFAULT_MAX_BODY = 2_000_000
"""Largest request body accepted by default, in bytes (a long article is ~50 KB)."""

_DESCRIPTION = """
Find retellings of news articles — copies, spun rewrites, lifted passages, same-story
reports — among the articles stored in a retold index.

* **Add** articles with `POST /api/documents` (a write), **query** with `POST /api/query`.
* Results carry the relation, direction, scores and the full sentence alignment
  (the JSON form of `retold compare --json`).
* Writes (add, delete) need `Authorization: Bearer TOKEN` when the server has a token.
* The web UI is at [/](/).
"""


def create_app(
    index: Index,
    *,
    token: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY,
    require_token_for_writes: bool = False,
    allowed_hosts: Iterable[str] | None = None,
) -> FastAPI:
    """The retold server over ``index`` (which the caller opens and closes).

    Args:
        index: the open index; the app serialises every call to it with one lock.
        token: when set, writes (add, delete) need ``Authorization: Bearer <token>``;
            reads and searches stay open.
        max_body_bytes: larger request bodies get ``413``, declared or streamed.
        require_token_for_writes: fail closed — refuse to build an app without a token
            (``retold serve`` sets it when listening beyond loopback).
        allowed_hosts: when given, requests whose ``Host`` is not one of these names get
            ``400`` (DNS-rebinding protection for a loopback server).

    Raises:
        ValueError: ``require_token_for_writes`` without a token, or ``max_body_bytes < 1``.
    """
    token = token or None
    if require_token_for_writes and token is None:
        raise ValueError("require_token_for_writes is set but no token was given")
    if max_body_bytes < 1:
        raise ValueError("max_body_bytes must be at least 1")
    service = IndexService(index)
    app = FastAPI(
        title="retold",
        version=__version__,
        description=_DESCRIPTION,
        docs_url=None,  # served below from local assets: a CDN is not reachable everywhere
        redoc_url=None,
    )
    _mount_docs(app)
    app.state.service = service
    app.include_router(api_router(service, write_guard(token) if token else None))
    app.include_router(ui_router(service))
    app.add_middleware(BodyLimitMiddleware, max_body_bytes=max_body_bytes)
    app.add_exception_handler(IndexLockedError, _index_busy)
    if allowed_hosts is not None:  # added last, so it runs first: before any body is read
        app.add_middleware(HostCheckMiddleware, allowed=frozenset(allowed_hosts))
    return app


def _mount_docs(app: FastAPI) -> None:
    """``/docs``: Swagger UI from the files the ``fastapi-offline`` package ships, not a CDN, so
    the API documentation works on a machine without internet."""
    import fastapi_offline

    assets = Path(fastapi_offline.__file__).parent / "static"
    app.mount("/_swagger", StaticFiles(directory=assets), name="swagger")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="retold API",
            swagger_js_url="/_swagger/swagger-ui-bundle.js",
            swagger_css_url="/_swagger/swagger-ui.css",
            swagger_favicon_url="/_swagger/favicon.png",
        )


async def _index_busy(request: Request, exc: Exception) -> JSONResponse:
    """``503`` when another process has held the index's write lock for too long."""
    return JSONResponse({"detail": str(exc)}, status_code=503, headers={"Retry-After": "30"})
