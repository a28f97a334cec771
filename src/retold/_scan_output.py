"""A scan's files: ``documents``, ``matches`` and ``stories`` as JSONL, Parquet or CSV, plus
``summary.json``; and :func:`read_scan`, which rebuilds the :class:`ScanResult` from them.

The record schemas are in ``docs/scan.md``; every record carries ``version``
(:data:`SCAN_SCHEMA_VERSION`). A match stores its alignment with sentence offsets into the
cleaned texts in ``documents``, so the full side-by-side comparison can be rebuilt without the
original input.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from retold._exceptions import SchemaError
from retold._scan_csv import read_rows, write_rows
from retold._serialize import (
    alignment_to_dict,
    comparison_from_parts,
    document_from_dict,
    scores_to_dict,
)
from retold.model import (
    SCAN_SCHEMA_VERSION,
    Direction,
    Document,
    DocumentInfo,
    Match,
    ProvenanceEdge,
    ScanResult,
    Scores,
    Sentence,
    Skip,
    Story,
)

OutputFormat = Literal["jsonl", "parquet", "csv"]
TABLES = ("documents", "matches", "stories")


def document_to_dict(info: DocumentInfo, document: Document | None) -> dict[str, Any]:
    """One ``documents`` record: metadata, and for documents in a match the cleaned text and
    the chrome lines removed (``null`` for the others, which no alignment points into)."""
    return {
        "version": SCAN_SCHEMA_VERSION,
        "id": info.id,
        "title": info.title,
        "date": info.date,
        "url": info.url,
        "source": info.source,
        "path": info.path,
        "chars": info.chars,
        "text": None if document is None else document.text,
        "removed": None if document is None else list(document.removed),
    }


def match_to_dict(match: Match) -> dict[str, Any]:
    """One ``matches`` record: the pair, its verdict and scores, and the alignment."""
    record: dict[str, Any] = {
        "version": SCAN_SCHEMA_VERSION,
        "a": match.a,
        "b": match.b,
        "relation": match.relation,
        "derived": match.derived,
        "direction": {"value": match.direction.value, "evidence": list(match.direction.evidence)},
        "scores": scores_to_dict(match.scores),
        "found_by": list(match.found_by),
        "alignment": None,
    }
    c = match.comparison
    if c is not None:
        record["alignment"] = {
            "a_sentences": [[s.start, s.end] for s in c.a_sentences],
            "b_sentences": [[s.start, s.end] for s in c.b_sentences],
            "reasons": list(c.reasons),
            **alignment_to_dict(c),
        }
    return record


def story_to_dict(story: Story) -> dict[str, Any]:
    """One ``stories`` record: members in order, the origin and the provenance edges."""
    return {
        "version": SCAN_SCHEMA_VERSION,
        "id": story.id,
        "size": len(story.members),
        "origin": story.origin,
        "members": list(story.members),
        "edges": [
            {"source": e.source, "target": e.target, "relation": e.relation, "directed": e.directed}
            for e in story.edges
        ],
    }


def write_scan(
    result: ScanResult, out_dir: Path, *, output_format: OutputFormat = "jsonl"
) -> list[Path]:
    """Write the scan's tables and ``summary.json`` into ``out_dir``; return the files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    texts = _matched_documents(result.matches)
    tables = {
        "documents": (document_to_dict(d, texts.get(d.id)) for d in result.documents),
        "matches": (match_to_dict(m) for m in result.matches),
        "stories": (story_to_dict(s) for s in result.stories),
    }
    written = [_write_table(out_dir, name, rows, output_format) for name, rows in tables.items()]
    summary = out_dir / "summary.json"
    summary.write_text(
        json.dumps(
            {
                "version": SCAN_SCHEMA_VERSION,
                "format": output_format,
                "stats": result.stats,
                "skipped": [{"location": s.location, "reason": s.reason} for s in result.skipped],
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    return [*written, summary]


def _matched_documents(matches: Iterable[Match]) -> dict[str, Document]:
    found: dict[str, Document] = {}
    for m in matches:
        if m.comparison is not None:
            found.setdefault(m.a, m.comparison.a)
            found.setdefault(m.b, m.comparison.b)
    return found


def _write_table(
    out_dir: Path, name: str, rows: Iterator[dict[str, Any]], output_format: OutputFormat
) -> Path:
    if output_format == "jsonl":
        path = out_dir / f"{name}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        return path
    if output_format == "csv":
        return write_rows(out_dir / f"{name}.csv", rows)
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = out_dir / f"{name}.parquet"
    flat = [_flatten(row) for row in rows]
    table = pa.Table.from_pylist(flat) if flat else pa.table({"version": pa.array([], pa.string())})
    pq.write_table(table, path)
    return path


_NESTED = ("direction", "scores", "alignment", "edges")


def _flatten(row: dict[str, Any]) -> dict[str, Any]:
    """Parquet form: nested objects as JSON strings, so every row has the same columns."""
    return {k: json.dumps(v) if k in _NESTED else v for k, v in row.items()}


def _unflatten(row: dict[str, Any]) -> dict[str, Any]:
    return {k: json.loads(v) if k in _NESTED and isinstance(v, str) else v for k, v in row.items()}


def read_scan(out_dir: Path) -> ScanResult:
    """Rebuild a :class:`ScanResult` (with full comparisons) from a scan's output folder.

    Raises:
        SchemaError: the folder is not a scan's output, or was written by an incompatible
            version of retold.
    """
    summary_path = out_dir / "summary.json"
    if not summary_path.is_file():
        raise SchemaError(f"{out_dir} holds no summary.json: not a retold scan output folder")
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    _check_version(summary, summary_path)
    output_format = summary.get("format", "jsonl")
    try:
        rows = list(_read_table(out_dir, "documents", output_format))
        infos = tuple(_read_info(d) for d in rows)
        documents = {d["id"]: document_from_dict(d) for d in rows if d.get("text") is not None}
        matches = tuple(
            _read_match(m, documents) for m in _read_table(out_dir, "matches", output_format)
        )
        stories = tuple(_read_story(s) for s in _read_table(out_dir, "stories", output_format))
    except (KeyError, TypeError) as exc:
        raise SchemaError(f"{out_dir}: malformed scan record: {exc}") from exc
    skipped = tuple(Skip(s["location"], s["reason"]) for s in summary.get("skipped", ()))
    return ScanResult(infos, matches, stories, skipped, dict(summary.get("stats", {})))


def _read_table(out_dir: Path, name: str, output_format: str) -> Iterator[dict[str, Any]]:
    if output_format == "parquet":
        import pyarrow.parquet as pq

        for row in pq.read_table(out_dir / f"{name}.parquet").to_pylist():
            yield _checked(_unflatten(row), out_dir / f"{name}.parquet")
        return
    if output_format == "csv":
        for row in read_rows(out_dir / f"{name}.csv"):
            yield _checked(row, out_dir / f"{name}.csv")
        return
    path = out_dir / f"{name}.jsonl"
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise SchemaError(f"{path}:{number}: not JSON ({exc.msg})") from exc
                yield _checked(record, path)


def _checked(record: dict[str, Any], path: Path) -> dict[str, Any]:
    _check_version(record, path)
    return record


def _check_version(record: dict[str, Any], path: Path) -> None:
    version = str(record.get("version", ""))
    if version.split(".")[0] != SCAN_SCHEMA_VERSION.split(".")[0]:
        raise SchemaError(
            f"{path}: scan schema version {version or 'missing'} is not supported "
            f"(this retold reads {SCAN_SCHEMA_VERSION})"
        )


def _read_info(data: dict[str, Any]) -> DocumentInfo:
    return DocumentInfo(
        data["id"],
        data.get("title"),
        data.get("date"),
        data.get("url"),
        data.get("source"),
        data.get("path"),
        int(data["chars"]),
    )


def _sentences(document: Document, spans: list[list[int]]) -> tuple[Sentence, ...]:
    return tuple(Sentence(document.text[s:e], s, e) for s, e in spans)


def _read_match(data: dict[str, Any], documents: dict[str, Document]) -> Match:
    alignment = data.get("alignment")
    comparison = None
    if alignment is not None:
        a, b = documents[data["a"]], documents[data["b"]]
        comparison = comparison_from_parts(
            a,
            _sentences(a, alignment["a_sentences"]),
            b,
            _sentences(b, alignment["b_sentences"]),
            {**alignment, **data},
        )
    return Match(
        data["a"],
        data["b"],
        data["relation"],
        Direction(data["direction"]["value"], tuple(data["direction"]["evidence"])),
        Scores(**data["scores"]),
        tuple(data["found_by"]),
        comparison,
    )


def _read_story(data: dict[str, Any]) -> Story:
    return Story(
        data["id"],
        tuple(data["members"]),
        data["origin"],
        tuple(
            ProvenanceEdge(e["source"], e["target"], e["relation"], e["directed"])
            for e in data["edges"]
        ),
    )
