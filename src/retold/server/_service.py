"""The one door to the index: every call serialised by a lock, and input turned into documents.

:class:`retold.index.Index` is not thread-safe, and FastAPI runs sync endpoints in a thread
pool, so every endpoint goes through :class:`IndexService`, which holds one
:class:`threading.Lock` around each index call. Text from clients becomes a
:class:`~retold.model.Document` here, through the same loaders as files and JSON records
(page chrome cut, dates normalised) — and never through a code path that could read a string
as a file path on the server.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from retold._exceptions import InputError
from retold._load import document_from_string, parse_record
from retold.index import AddReport, Index, IndexMatch, IndexStats
from retold.model import Comparison, Document, DocumentInfo, Skip, Story

QUERY_ID = "(query)"
"""The id the pasted or posted query text gets in comparisons (it is never stored)."""


@dataclass(frozen=True, slots=True)
class DocumentInput:
    """One document as a client sends it: an id, the raw text and optional metadata."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None


def document_from_input(item: DocumentInput, *, origin: str) -> Document:
    """A cleaned document from client input (raises :class:`InputError` when nothing is left).

    Goes through :func:`retold._load.parse_record`, as a JSONL record would: chrome lines are
    cut into ``removed`` and the date is normalised.
    """
    record = {
        "id": item.id,
        "text": item.text,
        "title": item.title,
        "date": item.date,
        "url": item.url,
        "source": item.source,
    }
    return parse_record(record, doc_id_default=item.id, origin=origin)


def document_from_paste(text: str) -> Document:
    """A cleaned document from text pasted into the web form.

    Read as a ``.txt`` file would be: leading ``title:``/``date:``/``url:`` lines become
    metadata, and page chrome is cut; the id is always :data:`QUERY_ID`. Raises
    :class:`InputError` when no text is left.
    """
    document = document_from_string(text, doc_id=QUERY_ID)
    return dataclasses.replace(document, id=QUERY_ID)  # an ``id:`` line must not pose as stored


class IndexService:
    """The index behind a lock: one index call at a time, whichever thread asks."""

    def __init__(self, index: Index) -> None:
        self._index = index
        self._lock = threading.Lock()

    def add(self, items: Sequence[DocumentInput], *, link: bool) -> AddReport:
        """Clean and store documents; unreadable ones are skipped with their position.

        The index itself skips ids it already holds; both kinds of skip are reported.
        """
        documents: list[Document] = []
        skipped: list[Skip] = []
        for n, item in enumerate(items):
            origin = f"documents[{n}] (id {item.id!r})"
            try:
                documents.append(document_from_input(item, origin=origin))
            except InputError as error:
                skipped.append(Skip(origin, error.reason))
        if not documents:
            return AddReport(added=(), skipped=tuple(skipped))
        with self._lock:
            report = self._index.add(documents, link=link)
        return AddReport(added=report.added, skipped=(*skipped, *report.skipped))

    def query(self, document: Document, *, k: int) -> list[IndexMatch]:
        """Stored documents related to ``document``, best first."""
        with self._lock:
            return self._index.query(document, k=k)

    def get(self, doc_id: str) -> Document:
        """A stored document (``KeyError`` if absent)."""
        with self._lock:
            return self._index.get(doc_id)

    def remove(self, doc_id: str) -> bool:
        """Delete a stored document; False when there was none."""
        with self._lock:
            return self._index.remove(doc_id)

    def documents(self, *, offset: int, limit: int) -> list[DocumentInfo]:
        """A page of the stored documents, newest first."""
        with self._lock:
            return self._index.documents(offset=offset, limit=limit)

    def compare(self, a_id: str, b_id: str) -> Comparison:
        """The side-by-side comparison of two stored documents (``KeyError`` if absent)."""
        with self._lock:
            return self._index.compare(a_id, b_id)

    def related(self, doc_id: str) -> list[IndexMatch]:
        """Stored documents related to a stored one, best first (``KeyError`` if absent)."""
        with self._lock:
            return self._index.related(doc_id)

    def stories(self) -> list[Story]:
        """The stories the stored verdicts form."""
        with self._lock:
            return self._index.stories()

    def stats(self) -> IndexStats:
        """Counts and sizes of the index."""
        with self._lock:
            return self._index.stats()
