"""Request bodies of the JSON API as pydantic models (they also document it at ``/docs``).

Responses are the library's own JSON forms (``Comparison.to_dict``, ``IndexMatch.to_dict``,
``IndexStats.to_dict``), so they stay identical to what ``retold compare --json`` and the
Python API produce; they are described in the endpoint docs rather than re-modelled here.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

MAX_K = 50
"""The most results one query may ask for: each one carries a full alignment."""


class DocumentIn(BaseModel):
    """One article to store. ``text`` is the raw body: page chrome is cut on the server.

    Other fields are ignored, so records of a JSONL corpus can be posted as they are.
    """

    id: str = Field(min_length=1, max_length=1000, description="Unique id of the document.")
    text: str = Field(min_length=1, description="The article text (page chrome is cut).")
    title: str | None = Field(default=None, description="Headline.")
    date: str | None = Field(default=None, description="Publication date (normalised to ISO).")
    url: str | None = Field(default=None, description="Where the article was published.")
    source: str | None = Field(default=None, description="Site or outlet name.")


class AddRequest(BaseModel):
    """Documents to add. Ids already stored are skipped, never overwritten."""

    model_config = ConfigDict(extra="forbid")

    documents: list[DocumentIn] = Field(min_length=1)
    link: bool = Field(
        default=True,
        description="Also compare each new document with related stored ones and keep the "
        "verdicts, which /api/stories and the related lists are built from (slower).",
    )


class QueryRequest(BaseModel):
    """An article to look up: which stored articles does it retell, or retell it?"""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="The article text (page chrome is cut).")
    k: int = Field(default=5, ge=1, le=MAX_K, description="At most this many results.")
    title: str | None = Field(default=None, description="Headline of the query article.")
    date: str | None = None
    url: str | None = None
    source: str | None = None
