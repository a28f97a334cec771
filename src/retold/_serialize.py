"""The JSON form of a :class:`~retold.model.Comparison` (schema in ``docs/json-schema.md``).

Plain dicts and lists only, stable key order, a ``version`` field; :func:`comparison_from_dict`
reverses :func:`comparison_to_dict` exactly, and refuses a result of another major version.
"""

from __future__ import annotations

from typing import Any

from retold._exceptions import SchemaError
from retold.model import (
    SCHEMA_VERSION,
    Comparison,
    Direction,
    Document,
    FactChange,
    Link,
    Passage,
    Scores,
    Sentence,
)


def _document(doc: Document, sentences: tuple[Sentence, ...]) -> dict[str, Any]:
    return {
        "id": doc.id,
        "title": doc.title,
        "date": doc.date,
        "url": doc.url,
        "source": doc.source,
        "path": doc.path,
        "text": doc.text,
        "removed": list(doc.removed),
        "sentences": [{"text": s.text, "start": s.start, "end": s.end} for s in sentences],
    }


def scores_to_dict(scores: Scores) -> dict[str, float]:
    """The ``scores`` object of the JSON forms."""
    return {name: getattr(scores, name) for name in Scores.__slots__}


def alignment_to_dict(c: Comparison) -> dict[str, Any]:
    """The alignment part of a comparison: links, added, dropped, changes, passages."""
    return {
        "links": [
            {"a": list(k.a), "b": list(k.b), "kind": k.kind, "score": k.score} for k in c.links
        ],
        "added": list(c.added),
        "dropped": list(c.dropped),
        "changes": [
            {"kind": f.kind, "a_text": f.a_text, "b_text": f.b_text, "link": f.link}
            for f in c.changes
        ],
        "passages": [
            {
                "a_start": p.a_start,
                "a_end": p.a_end,
                "b_start": p.b_start,
                "b_end": p.b_end,
                "links": list(p.links),
            }
            for p in c.passages
        ],
    }


def comparison_to_dict(c: Comparison) -> dict[str, Any]:
    """The documented JSON object for one comparison."""
    return {
        "version": SCHEMA_VERSION,
        "relation": c.relation,
        "derived": c.derived,
        "direction": {"value": c.direction.value, "evidence": list(c.direction.evidence)},
        "reasons": list(c.reasons),
        "scores": scores_to_dict(c.scores),
        "a": _document(c.a, c.a_sentences),
        "b": _document(c.b, c.b_sentences),
        **alignment_to_dict(c),
    }


def document_from_dict(data: dict[str, Any]) -> Document:
    """A :class:`Document` from the ``a``/``b`` object of a comparison or a scan record."""
    return Document(
        id=data["id"],
        text=data["text"],
        title=data.get("title"),
        date=data.get("date"),
        url=data.get("url"),
        source=data.get("source"),
        removed=tuple(data.get("removed") or ()),
        path=data.get("path"),
    )


def _read_document(data: dict[str, Any]) -> tuple[Document, tuple[Sentence, ...]]:
    doc = document_from_dict(data)
    sentences = tuple(Sentence(s["text"], s["start"], s["end"]) for s in data["sentences"])
    return doc, sentences


def comparison_from_dict(data: dict[str, Any]) -> Comparison:
    """Rebuild a :class:`Comparison` from its JSON form.

    Raises:
        SchemaError: not a retold comparison, or of an incompatible major version.
    """
    version = str(data.get("version", ""))
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise SchemaError(
            f"comparison schema version {version or 'missing'!s} is not supported "
            f"(this retold reads {SCHEMA_VERSION})"
        )
    try:
        a, a_sents = _read_document(data["a"])
        b, b_sents = _read_document(data["b"])
        return comparison_from_parts(
            a,
            a_sents,
            b,
            b_sents,
            data,
        )
    except (KeyError, TypeError) as exc:
        raise SchemaError(f"not a retold comparison: missing or malformed {exc}") from exc


def comparison_from_parts(
    a: Document,
    a_sentences: tuple[Sentence, ...],
    b: Document,
    b_sentences: tuple[Sentence, ...],
    data: dict[str, Any],
) -> Comparison:
    """A comparison from its two documents and the verdict/alignment fields of ``data``.

    Raises ``KeyError``/``TypeError`` on malformed data (callers turn them into SchemaError).
    """
    return Comparison(
        a=a,
        b=b,
        a_sentences=a_sentences,
        b_sentences=b_sentences,
        relation=data["relation"],
        direction=Direction(data["direction"]["value"], tuple(data["direction"]["evidence"])),
        scores=Scores(**data["scores"]),
        links=tuple(
            Link(tuple(k["a"]), tuple(k["b"]), k["kind"], k["score"]) for k in data["links"]
        ),
        added=tuple(data["added"]),
        dropped=tuple(data["dropped"]),
        changes=tuple(
            FactChange(f["kind"], f["a_text"], f["b_text"], f["link"]) for f in data["changes"]
        ),
        passages=tuple(
            Passage(p["a_start"], p["a_end"], p["b_start"], p["b_end"], tuple(p["links"]))
            for p in data.get("passages", ())
        ),
        reasons=tuple(data.get("reasons", ())),
    )
