"""``retold scan`` and ``retold demo`` on the command line: files written, the printed summary,
skips, strict mode, field mapping, output formats and clean failures.

Corpora are written into temporary folders from the invented fixture articles; every run goes
through Click's test runner with the real model (loaded once per process).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from builders import assert_clean_failure
from retold._load import load_document
from retold._scan_output import read_scan
from retold.cli import main
from retold.model import DERIVED_RELATIONS

FIXTURES = Path(__file__).parent / "fixtures" / "pairs"

TABLES = ("documents", "matches", "stories")

DEMO_STORIES = (
    "bridge-closure",
    "harbor-fire",
    "plant-closure",
    "transit-strike",
    "water-advisory",
    "security-breach",
)


def run(*args: str | Path) -> Result:
    """Invoke ``retold`` with a wide terminal, so long paths in the summary are not wrapped."""
    return CliRunner().invoke(main, [str(arg) for arg in args], env={"COLUMNS": "400"})


def record(name: str, **rename: str) -> dict[str, str | None]:
    """A fixture article as a JSON lines record (``rename`` maps a field to another key)."""
    doc = load_document(FIXTURES / f"{name}.txt")
    fields = {"id": name, "title": doc.title, "date": doc.date, "text": doc.text}
    return {rename.get(k, k): v for k, v in fields.items()}


def write_jsonl(path: Path, *lines: dict[str, str | None] | str) -> Path:
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines),
        encoding="utf-8",
    )
    return path


def summary_of(out: Path) -> dict[str, object]:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def table(out: Path, name: str) -> list[dict[str, object]]:
    lines = (out / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


# --------------------------------------------------------------------------- help and usage


def test_scan_help() -> None:
    result = run("scan", "--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    for option in ("--out", "--format", "--strict", "--text-field", "--quiet", "--model"):
        assert option in result.output


def test_main_help_lists_scan() -> None:
    assert "scan" in run("--help").output


def test_scan_needs_an_output_folder(tmp_path: Path) -> None:
    result = run("scan", tmp_path)
    assert result.exit_code == 2
    assert "--out" in result.output


def test_scan_needs_a_path(tmp_path: Path) -> None:
    result = run("scan", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "PATHS" in result.output


def test_scan_refuses_an_unknown_format(tmp_path: Path) -> None:
    result = run("scan", tmp_path, "--out", tmp_path / "out", "--format", "xlsx")
    assert result.exit_code == 2
    assert "'xlsx' is not one of 'jsonl', 'parquet', 'csv'" in result.output


# --------------------------------------------------------------------------- a folder corpus


@pytest.fixture(scope="module")
def folder_scan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    corpus = tmp_path_factory.mktemp("corpus")
    for name in ("larkport-wire", "larkport-copy", "larkport-spun", "unrelated-robotics"):
        text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("scan") / "out"
    return run("scan", corpus, "--out", out, "--quiet"), out


@pytest.mark.model
def test_scan_writes_every_file(folder_scan: tuple[Result, Path]) -> None:
    result, out = folder_scan
    assert result.exit_code == 0, result.output
    for name in TABLES:
        assert (out / f"{name}.jsonl").is_file()
        assert not (out / f"{name}.parquet").exists()
    assert (out / "summary.json").is_file()
    report = out / "report.html"
    assert report.is_file()
    assert report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (out / "stories" / "1.html").is_file()
    assert (out / "pairs" / "1.html").is_file()


@pytest.mark.model
def test_scan_finds_the_pairs(folder_scan: tuple[Result, Path]) -> None:
    _, out = folder_scan
    pairs = {(m["a"], m["b"]): m["relation"] for m in table(out, "matches")}
    assert pairs == {
        ("larkport-copy", "larkport-spun"): "rewrite",
        ("larkport-copy", "larkport-wire"): "duplicate",
        ("larkport-spun", "larkport-wire"): "rewrite",
    }
    [story] = table(out, "stories")
    assert story["origin"] == "larkport-wire"
    assert [d["id"] for d in table(out, "documents")] == [
        "larkport-copy",
        "larkport-spun",
        "larkport-wire",
        "unrelated-robotics",
    ]


@pytest.mark.model
def test_scan_prints_a_summary_with_counts(folder_scan: tuple[Result, Path]) -> None:
    result, out = folder_scan
    stats = summary_of(out)["stats"]
    assert isinstance(stats, dict)
    text = result.stdout
    assert "4 documents, 0 skipped" in text
    assert f"{stats['candidates']} candidate pairs verified" in text
    assert "3 related pairs (3 derived): 1 duplicate, 2 rewrite" in text
    assert "1 story" in text
    assert "larkport-wire" in text  # the largest stories, by origin
    assert "records skipped" not in text
    assert re.search(r"time: read [\d.]+ s, fingerprint [\d.]+ s", text)
    assert f"Report: {(out / 'report.html').resolve()}" in text
    assert result.stderr == ""  # --quiet: no progress bars


@pytest.mark.model
def test_scan_of_several_paths_in_order(tmp_path: Path) -> None:
    a = write_jsonl(tmp_path / "a.jsonl", record("ashcreek-wire"))
    b = tmp_path / "b.txt"
    b.write_text((FIXTURES / "ashcreek-copy.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("scan", b, a, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.output
    assert [d["id"] for d in table(tmp_path / "out", "documents")] == ["b", "ashcreek-wire"]
    [match] = table(tmp_path / "out", "matches")
    assert (match["a"], match["b"], match["relation"]) == ("b", "ashcreek-wire", "duplicate")
    assert match["direction"]["value"] == "b_to_a"


# --------------------------------------------------------------------------- skips and strict


@pytest.fixture
def bad_jsonl(tmp_path: Path) -> Path:
    return write_jsonl(
        tmp_path / "corpus.jsonl",
        record("ashcreek-wire"),
        '{"id": "broken", "text": "no closing brace"',
        record("ashcreek-edited"),
    )


@pytest.mark.model
def test_a_malformed_line_is_skipped_and_reported(bad_jsonl: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("scan", bad_jsonl, "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    assert "2 documents, 1 skipped" in result.stdout
    assert "1 record skipped" in result.stdout
    assert f"{bad_jsonl}:2: " in result.stdout
    skipped = summary_of(out)["skipped"]
    assert isinstance(skipped, list)
    assert [s["location"] for s in skipped] == [f"{bad_jsonl}:2"]
    assert summary_of(out)["stats"]["skipped"] == 1  # type: ignore[index]
    [match] = table(out, "matches")
    assert match["relation"] == "near_duplicate"


@pytest.mark.model
def test_strict_stops_at_the_bad_line(bad_jsonl: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    message = assert_clean_failure(run("scan", bad_jsonl, "--out", out, "--quiet", "--strict"))
    assert message.startswith(f"Error: {bad_jsonl}:2: ")
    assert not (out / "summary.json").exists()


def test_a_missing_path_fails_cleanly(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere-to-be-found"
    message = assert_clean_failure(run("scan", missing, "--out", tmp_path / "out"))
    assert f"{missing}: no such file or folder" in message
    assert "accepted:" in message
    assert not (tmp_path / "out").exists()


def test_an_unsupported_file_fails_cleanly(tmp_path: Path) -> None:
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    message = assert_clean_failure(run("scan", picture, "--out", tmp_path / "out"))
    assert "photo.png" in message
    assert "unsupported file type" in message


def test_an_unknown_encoding_fails_cleanly(tmp_path: Path) -> None:
    message = assert_clean_failure(
        run("scan", tmp_path, "--out", tmp_path / "out", "--encoding", "no-such-codec")
    )
    assert "no-such-codec" in message


# --------------------------------------------------------------------------- formats and fields


def scan_lifted_pair(tmp_path: Path, output_format: str) -> Path:
    """Scan a wire and a page lifting a paragraph of it into tables of ``output_format``."""
    corpus = write_jsonl(
        tmp_path / "corpus.jsonl", record("larkport-wire"), record("larkport-lifted")
    )
    out = tmp_path / "out"
    result = run("scan", corpus, "--out", out, "--format", output_format, "--quiet")
    assert result.exit_code == 0, result.output
    assert summary_of(out)["format"] == output_format
    return out


LIFTED = ("larkport-wire", "larkport-lifted", "partial_reuse")


@pytest.mark.model
@pytest.mark.parametrize("output_format", ["parquet", "csv"])
def test_other_table_formats_read_back(tmp_path: Path, output_format: str) -> None:
    out = scan_lifted_pair(tmp_path, output_format)
    for name in TABLES:
        assert (out / f"{name}.{output_format}").is_file()
        assert not (out / f"{name}.jsonl").exists()
    assert (out / "report.html").is_file()
    [match] = read_scan(out).matches
    assert (match.a, match.b, match.relation) == LIFTED
    assert match.comparison is not None
    assert match.comparison.passages


@pytest.mark.model
def test_csv_matches_open_as_a_sheet(tmp_path: Path) -> None:
    out = scan_lifted_pair(tmp_path, "csv")
    with (out / "matches.csv").open(encoding="utf-8", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert (row["a"], row["b"], row["relation"]) == LIFTED
    assert 0.0 < float(row["scores.retelling"]) <= 1.0


@pytest.mark.model
def test_field_mapping(tmp_path: Path) -> None:
    renamed = {"text": "body", "id": "uid", "date": "published"}
    corpus = write_jsonl(
        tmp_path / "corpus.jsonl",
        record("ashcreek-spun", **renamed),
        record("ashcreek-wire", **renamed),
    )
    out = tmp_path / "out"
    result = run(
        "scan",
        corpus,
        "--out",
        out,
        "--quiet",
        "--text-field",
        "body",
        "--id-field",
        "uid",
        "--date-field",
        "published",
    )
    assert result.exit_code == 0, result.output
    assert "2 documents, 0 skipped" in result.stdout
    documents = table(out, "documents")
    assert [(d["id"], d["date"]) for d in documents] == [
        ("ashcreek-spun", "2024-09-12"),
        ("ashcreek-wire", "2024-09-10"),
    ]
    [match] = table(out, "matches")
    assert match["relation"] == "rewrite"
    assert match["relation"] in DERIVED_RELATIONS
    assert match["direction"]["value"] == "b_to_a"  # the wire, dated first, is the source


@pytest.mark.model
def test_without_the_mapping_every_record_is_skipped(tmp_path: Path) -> None:
    corpus = write_jsonl(
        tmp_path / "corpus.jsonl",
        record("ashcreek-spun", text="body"),
        record("ashcreek-wire", text="body"),
    )
    out = tmp_path / "out"
    result = run("scan", corpus, "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    assert "0 documents, 2 skipped" in result.stdout
    assert 'record has no "text" field' in result.stdout
    assert table(out, "matches") == []
    assert table(out, "stories") == []


# --------------------------------------------------------------------------- demo


@pytest.mark.model
def test_demo(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = run("demo", "--out", out)
    assert result.exit_code == 0, result.output
    assert "33 documents, 0 skipped" in result.stdout
    report = out / "report.html"
    assert report.is_file()
    page = report.read_text(encoding="utf-8")
    named = [story for story in DEMO_STORIES if f"{story}-" in page]
    assert len(named) >= 5, named
    stories = table(out, "stories")
    assert len(stories) >= 5
    for n in range(1, len(stories) + 1):
        assert (out / "stories" / f"{n}.html").is_file()
    # every story holds the articles of one demo story only
    for story in stories:
        members = story["members"]
        assert isinstance(members, list)
        assert len({m.rsplit("-", 1)[0] for m in members}) == 1, members
