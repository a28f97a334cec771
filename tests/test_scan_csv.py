"""The CSV form of scan tables (``retold._scan_csv``): flat columns a spreadsheet can sort on,
formula-looking article text made inert yet given back exactly, whole texts in one cell, and
bad cells named by file, line and column."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from retold._exceptions import SchemaError
from retold._scan_csv import read_rows, write_rows
from retold._scan_output import read_scan, write_scan
from retold.model import DocumentInfo, ScanResult

HOSTILE_TITLES = (
    '=HYPERLINK("http://evil.example","click")',
    "+1 555 0100",
    "-- breaking --",
    "@SUM(A1:A9)",
    "'quoted already",
    "\tindented",
    "Plain title",
)


def _info(number: int, title: str | None) -> DocumentInfo:
    return DocumentInfo(
        f"doc-{number}", title, "2024-03-01", None, "wire", f"in.jsonl:{number}", 42
    )


def test_formula_looking_text_is_inert_in_the_file_and_exact_when_read_back(
    tmp_path: Path,
) -> None:
    result = ScanResult(tuple(_info(n, t) for n, t in enumerate(HOSTILE_TITLES)), (), (), ())
    write_scan(result, tmp_path, output_format="csv")
    with (tmp_path / "documents.csv").open(encoding="utf-8", newline="") as handle:
        cells = [row["title"] for row in csv.DictReader(handle)]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t")) for cell in cells)
    assert cells[-1] == "Plain title"
    assert read_scan(tmp_path) == result


def test_scores_and_direction_get_columns_of_their_own(tmp_path: Path) -> None:
    row = {
        "version": "1.0",
        "a": "x",
        "b": "y",
        "relation": "rewrite",
        "derived": True,
        "direction": {"value": "a_to_b", "evidence": ["a is dated 2024-03-01, b 2024-03-02"]},
        "scores": {"coverage_a": 0.8, "retelling": 0.95},
        "found_by": ["words", "vectors"],
        "alignment": {"links": [{"a": [0], "b": [0], "kind": "paraphrased", "score": 0.81}]},
    }
    path = write_rows(tmp_path / "matches.csv", [row])
    with path.open(encoding="utf-8", newline="") as handle:
        [flat] = list(csv.DictReader(handle))
    assert flat["scores.retelling"] == "0.95"
    assert flat["direction.value"] == "a_to_b"
    assert flat["derived"] == "true"
    assert list(read_rows(path)) == [row]


def test_a_document_text_longer_than_the_csv_modules_field_limit_round_trips(
    tmp_path: Path,
) -> None:
    text = "The council met again on Tuesday, and the vote was close. " * 5_000
    # the module's limit as a fresh process has it (the corpus CSV reader raises it for good)
    before = csv.field_size_limit(131_072)
    try:
        assert len(text) > csv.field_size_limit()
        row = {"version": "1.0", "id": "long", "chars": len(text), "text": text, "removed": []}
        path = write_rows(tmp_path / "documents.csv", [row])
        assert list(read_rows(path)) == [row]
        assert csv.field_size_limit() == 131_072  # the reader leaves the module's limit as it was
    finally:
        csv.field_size_limit(before)


def test_a_bad_cell_is_named_by_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "matches.csv"
    path.write_text("version,a,b,scores.retelling\n1.0,x,y,0.9\n1.0,x,z,high\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"matches\.csv:3: column 'scores\.retelling'"):
        list(read_rows(path))


def test_a_row_longer_than_the_header_is_named_not_misread(tmp_path: Path) -> None:
    path = tmp_path / "stories.csv"
    path.write_text("version,id\n1.0,story-1,stray\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"stories\.csv:2: the row has 1 cell more than"):
        list(read_rows(path))
