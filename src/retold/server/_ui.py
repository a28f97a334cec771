"""The web UI's routes: search form and results, documents, pairs, stories, stats.

Server-rendered pages (:mod:`retold.server._pages`), no JavaScript framework and nothing
loaded from elsewhere. Every page is sent with a Content-Security-Policy header that allows
only the one static script of :mod:`retold._html` (by its hash) on top of the policy the page
itself carries, so even an escaping mistake could not run injected script. The UI only reads:
searching stores nothing, so it needs no token.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse

from retold._exceptions import InputError
from retold._html import _SCRIPT
from retold.server import _pages
from retold.server._schemas import MAX_K
from retold.server._service import IndexService, document_from_paste

PAGE_SIZE = 50
"""Documents per page of ``/documents``."""

STORIES_PER_PAGE = 25
"""Stories per page of ``/stories`` (each page looks up its members' titles)."""

_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode()

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; "
    f"script-src 'sha256-{_SCRIPT_HASH}'; img-src data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
"""The pages' Content-Security-Policy header: no inline script but the known one, no loads."""

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def page(html: str, status_code: int = 200) -> HTMLResponse:
    """An HTML response with the security headers."""
    return HTMLResponse(html, status_code=status_code, headers=SECURITY_HEADERS)


def _form_int(value: str, default: int, low: int, high: int) -> int:
    """A number from a form field, clamped to ``[low, high]``; ``default`` if it is not one."""
    try:
        number = int(value)
    except ValueError:
        number = default
    return min(max(number, low), high)


def ui_router(service: IndexService) -> APIRouter:
    """The HTML routes over ``service`` (left out of the OpenAPI schema)."""
    router = APIRouter(include_in_schema=False)

    def stored_count() -> int:
        return int(service.stats().documents)

    @router.get("/")
    def home() -> HTMLResponse:
        return page(_pages.search_page(stored_count()))

    @router.get("/search")
    def search_again() -> RedirectResponse:
        return RedirectResponse("/", status_code=303)

    @router.post("/search")
    async def search(request: Request) -> HTMLResponse:
        # The form is parsed here (urlencoded) rather than with FastAPI's Form, which would
        # need python-multipart; the body-size middleware has already bounded it.
        raw = (await request.body()).decode("utf-8", errors="replace")
        form = parse_qs(raw, keep_blank_values=True)
        text = form.get("text", [""])[0]
        k = _form_int(form.get("k", [""])[0], 5, 1, MAX_K)

        async def refuse(message: str) -> HTMLResponse:
            stored = await run_in_threadpool(stored_count)
            return page(_pages.search_page(stored, text=text, k=k, error=message), 422)

        if not text.strip():
            return await refuse("Paste an article's text into the box first.")
        try:
            document = document_from_paste(text)
        except InputError as problem:
            return await refuse(f"Nothing to compare: {problem.reason}.")
        matches = await run_in_threadpool(service.query, document, k=k)
        return page(_pages.results_page(text, k, matches))

    @router.get("/documents")
    def documents(offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
        infos = service.documents(offset=offset, limit=PAGE_SIZE)
        return page(
            _pages.documents_page(infos, offset=offset, limit=PAGE_SIZE, total=stored_count())
        )

    @router.get("/documents/{doc_id:path}")
    def document(doc_id: str) -> HTMLResponse:
        try:
            stored = service.get(doc_id)
            related = service.related(doc_id)
        except KeyError:
            return _missing(doc_id)
        return page(_pages.document_page(stored, related))

    @router.get("/pair")
    def pair(a: str = "", b: str = "") -> HTMLResponse:
        if not a or not b:
            message = "Give two stored document ids: /pair?a=ID&b=ID."
            return page(_pages.message_page("Which pair?", message), 400)
        try:
            comparison = service.compare(a, b)
        except KeyError:
            return _missing(a, b)
        return page(_pages.pair_page(comparison))

    @router.get("/stories")
    def stories(offset: Annotated[int, Query(ge=0)] = 0) -> HTMLResponse:
        every = service.stories()
        shown = every[offset : offset + STORIES_PER_PAGE]
        titles = {member: _title(service, member) for story in shown for member in story.members}
        html = _pages.stories_page(
            shown, titles, offset=offset, limit=STORIES_PER_PAGE, total=len(every)
        )
        return page(html)

    @router.get("/stats")
    def stats() -> HTMLResponse:
        return page(_pages.stats_page(service.stats().to_dict()))

    return router


def _title(service: IndexService, doc_id: str) -> str | None:
    """A stored document's title, or None (also when it is gone)."""
    try:
        return service.get(doc_id).title
    except KeyError:
        return None


def _missing(*ids: str) -> HTMLResponse:
    """The 404 page for ids the index does not hold."""
    names = " or ".join(repr(doc_id) for doc_id in ids)
    message = f"There is no stored document with id {names}."
    return page(_pages.message_page("Not found", message), 404)
