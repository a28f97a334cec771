"""The JSON API under ``/api``: add, query, read, delete, compare, stories and stats.

Endpoints are plain ``def`` functions, so FastAPI runs them in its thread pool and a slow
query never blocks the event loop; :class:`IndexService` serialises their index calls.
Unknown ids answer ``404`` with a JSON ``detail``; writes (add, delete) depend on the write
guard of :mod:`retold.server._limits`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query

from retold._exceptions import InputError
from retold._scan_output import story_to_dict
from retold.model import Document
from retold.server._schemas import AddRequest, QueryRequest
from retold.server._service import QUERY_ID, DocumentInput, IndexService, document_from_input

MAX_LIST = 1000
"""The most documents one listing page returns."""


def document_to_dict(document: Document) -> dict[str, Any]:
    """The JSON form of a stored document: metadata, cleaned text and removed chrome lines."""
    return {
        "id": document.id,
        "title": document.title,
        "date": document.date,
        "url": document.url,
        "source": document.source,
        "text": document.text,
        "removed": list(document.removed),
    }


def not_found(*ids: str) -> HTTPException:
    """The 404 for ids the index does not hold."""
    names = " or ".join(repr(doc_id) for doc_id in ids)
    return HTTPException(status_code=404, detail=f"no stored document with id {names}")


def api_router(service: IndexService, guard: Callable[..., None] | None) -> APIRouter:
    """The ``/api`` routes over ``service``; ``guard``, when given, is the dependency every
    write (add, delete) must pass — the token check."""
    router = APIRouter(prefix="/api", tags=["api"])
    writes = [Depends(guard)] if guard is not None else []

    @router.post("/documents", dependencies=writes, summary="Add documents (write)")
    def add_documents(request: AddRequest) -> dict[str, Any]:
        """Clean and store documents; ids already stored are skipped, never overwritten.

        Answers ``{"added": [ids], "skipped": [{"location", "reason"}]}``. With ``link``
        (the default) each new document is also compared with related stored ones, which
        fills the stories and related lists.
        """
        items = [DocumentInput(**item.model_dump()) for item in request.documents]
        report = service.add(items, link=request.link)
        return {
            "added": list(report.added),
            "skipped": [{"location": s.location, "reason": s.reason} for s in report.skipped],
        }

    @router.get("/documents", summary="List stored documents, newest first")
    def list_documents(
        offset: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_LIST)] = 100,
    ) -> dict[str, Any]:
        """A page of stored documents' metadata (``chars`` is the cleaned text's length)."""
        infos = service.documents(offset=offset, limit=limit)
        return {
            "offset": offset,
            "limit": limit,
            "documents": [dataclasses.asdict(info) for info in infos],
        }

    @router.get("/documents/{doc_id:path}", summary="Get a stored document")
    def get_document(doc_id: str) -> dict[str, Any]:
        """The stored document: metadata, cleaned ``text`` and the ``removed`` chrome lines."""
        try:
            return document_to_dict(service.get(doc_id))
        except KeyError:
            raise not_found(doc_id) from None

    @router.delete("/documents/{doc_id:path}", dependencies=writes, summary="Delete (write)")
    def delete_document(doc_id: str) -> dict[str, Any]:
        """Remove a stored document; ``404`` if there is none."""
        if not service.remove(doc_id):
            raise not_found(doc_id)
        return {"removed": doc_id}

    @router.get("/related/{doc_id:path}", summary="Stored documents related to a stored one")
    def related(doc_id: str) -> dict[str, Any]:
        """Documents this one retells or that retell it, best first, each with its alignment
        (``comparison.a`` is the related document, ``comparison.b`` this one)."""
        try:
            return {"results": [match.to_dict() for match in service.related(doc_id)]}
        except KeyError:
            raise not_found(doc_id) from None

    @router.post("/query", summary="Find stored articles related to a text")
    def query(request: QueryRequest) -> dict[str, Any]:
        """Up to ``k`` related stored articles, best first; only related ones are returned.

        Each result has the stored ``id``, ``relation``, ``direction``, ``scores``,
        ``found_by``, the cheap ``screen`` score and the full ``comparison`` (``a`` is the
        stored article, ``b`` the query).
        """
        item = DocumentInput(
            QUERY_ID, request.text, request.title, request.date, request.url, request.source
        )
        try:
            document = document_from_input(item, origin="text")
        except InputError as error:
            raise HTTPException(status_code=422, detail=str(error)) from None
        return {"results": [match.to_dict() for match in service.query(document, k=request.k)]}

    @router.get("/compare", summary="Compare two stored documents")
    def compare(
        a: Annotated[str, Query(min_length=1, description="Id of document A.")],
        b: Annotated[str, Query(min_length=1, description="Id of document B.")],
    ) -> dict[str, Any]:
        """The full comparison of B with A, as ``retold compare --json`` prints it."""
        try:
            return service.compare(a, b).to_dict()
        except KeyError:
            raise not_found(a, b) from None

    @router.get("/stories", summary="Stories from the stored verdicts")
    def stories() -> dict[str, Any]:
        """Groups of related documents with the likely origin and provenance edges, in the
        record form of a scan's ``stories.jsonl``."""
        return {"stories": [story_to_dict(story) for story in service.stories()]}

    @router.get("/stats", summary="Index statistics")
    def stats() -> dict[str, Any]:
        """Document and verdict counts, bytes on disk, schema version and path."""
        return service.stats().to_dict()

    return router
