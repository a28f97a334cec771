"""``retold index add|query|stats|remove|link`` on the command line.

Real index folders under tmp, built from the invented fixture articles (see conftest.py); the
model is the real packaged one.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from builders import assert_clean_failure
from retold.cli import main
from retold.index import INDEX_SCHEMA
from retold.model import DERIVED_RELATIONS

FIXTURES = Path(__file__).parent / "fixtures" / "pairs"

STORED = ("larkport-wire", "ashcreek-wire", "unrelated-robotics", "larkport-independent")


def run(*args: str | Path, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args], input=stdin, env={"COLUMNS": "200"})


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    for name in STORED:
        shutil.copy(FIXTURES / f"{name}.txt", folder / f"{name}.txt")
    return folder


@pytest.fixture
def index_dir(tmp_path: Path, archive: Path) -> Path:
    target = tmp_path / "index"
    result = run("index", "add", archive, "--index", target, "--quiet")
    assert result.exit_code == 0, result.output
    return target


def test_add_reports_counts_and_creates_the_index(index_dir: Path) -> None:
    assert (index_dir / "index.sqlite").is_file()
    assert (index_dir / "vectors.usearch").is_file()


def test_adding_the_same_files_again_skips_them_by_id(index_dir: Path, archive: Path) -> None:
    result = run("index", "add", archive, "--index", index_dir, "--quiet")
    assert result.exit_code == 0
    assert f"0 documents added, {len(STORED)} skipped; {len(STORED)} in" in result.stdout
    assert "already in the index" in result.stderr


def test_the_add_bar_ends_complete_with_the_count_read(tmp_path: Path, index_dir: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "pier-1", "text": "The harbour council voted to repair the pier on Monday."}\n'
        '{"id": "pier-2", "text": "Pier repairs begin in March, the council said."}\n',
        encoding="utf-8",
    )
    result = run("index", "add", feed, "--index", index_dir)
    assert result.exit_code == 0, result.output
    assert re.search(r"adding documents\s+━+\s+2/2\b", result.stderr), result.stderr
    assert "2 documents added, 0 skipped" in result.stdout


def test_bad_records_are_skipped_with_their_line_and_strict_stops(
    tmp_path: Path, index_dir: Path
) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "ok-1", "text": "The harbour council voted to repair the pier on Monday."}\n'
        "{not json\n",
        encoding="utf-8",
    )
    result = run("index", "add", feed, "--index", index_dir, "--quiet")
    assert result.exit_code == 0
    assert "1 document added, 1 skipped" in result.stdout
    assert "feed.jsonl:2" in result.stderr
    strict = run("index", "add", feed, "--index", index_dir, "--quiet", "--strict")
    assert_clean_failure(strict)
    assert "feed.jsonl:" in strict.stderr


@pytest.mark.model
def test_query_shows_the_wire_a_spun_copy_retells(index_dir: Path) -> None:
    result = run("index", "query", FIXTURES / "larkport-spun.txt", "--index", index_dir)
    assert result.exit_code == 0, result.output
    first_row = next(line for line in result.stdout.splitlines() if "│ 1 │" in line)
    assert "larkport-wire" in first_row
    assert "the query derives from it" in first_row
    assert "Best match, side by side" in result.stdout


@pytest.mark.model
def test_query_json_has_the_documented_shape(index_dir: Path) -> None:
    result = run("index", "query", FIXTURES / "ashcreek-spun.txt", "--index", index_dir, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["version"] == INDEX_SCHEMA
    assert data["query"]["id"] == "ashcreek-spun"
    best = data["results"][0]
    assert best["id"] == "ashcreek-wire"
    assert best["relation"] in DERIVED_RELATIONS
    assert best["direction"]["value"] == "a_to_b"
    assert best["comparison"]["links"]


@pytest.mark.model
def test_query_reads_standard_input(index_dir: Path) -> None:
    text = (FIXTURES / "larkport-copy.txt").read_text(encoding="utf-8")
    result = run("index", "query", "-", "--index", index_dir, "--json", stdin=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"][0]["id"] == "larkport-wire"


@pytest.mark.model
def test_query_with_nothing_related_says_so(tmp_path: Path, index_dir: Path) -> None:
    query = tmp_path / "q.txt"
    query.write_text(
        "The chess club meets on Thursdays in the library annex; beginners are welcome and "
        "boards are provided. Members also run a puzzle column in the school paper.",
        encoding="utf-8",
    )
    result = run("index", "query", query, "--index", index_dir)
    assert result.exit_code == 0
    assert "No stored article is related" in result.stdout


def test_query_failures_are_clean(tmp_path: Path, index_dir: Path) -> None:
    assert "no retold index" in assert_clean_failure(
        run("index", "query", FIXTURES / "larkport-spun.txt", "--index", tmp_path / "none")
    )
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert "empty" in assert_clean_failure(run("index", "query", empty, "--index", index_dir))
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    assert_clean_failure(run("index", "query", binary, "--index", index_dir))


def test_stats_json(index_dir: Path) -> None:
    result = run("index", "stats", "--index", index_dir, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["documents"] == len(STORED)
    assert data["vectors"] == len(STORED)
    assert data["bytes_per_document"] > 0
    text = run("index", "stats", "--index", index_dir)
    assert f"{len(STORED)} documents" in text.stdout


def test_remove_deletes_and_names_unknown_ids(index_dir: Path) -> None:
    result = run("index", "remove", "larkport-wire", "nope", "--index", index_dir)
    assert result.exit_code == 1
    assert "1 removed" in result.stdout
    assert "not in the index: nope" in result.stderr
    stats = json.loads(run("index", "stats", "--index", index_dir, "--json").stdout)
    assert stats["documents"] == len(STORED) - 1


@pytest.mark.model
def test_link_keeps_verdicts(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    for name in ("larkport-wire", "larkport-copy", "larkport-spun"):
        shutil.copy(FIXTURES / f"{name}.txt", folder / f"{name}.txt")
    target = tmp_path / "index"
    assert run("index", "add", folder, "--index", target, "--quiet").exit_code == 0
    result = run("index", "link", "--index", target)
    assert result.exit_code == 0, result.output
    assert "3 documents linked" in result.stdout
    stats = json.loads(run("index", "stats", "--index", target, "--json").stdout)
    assert stats["verdicts"] == 3
