"""The ``retold`` command line: output formats, HTML report, exit codes and error messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from builders import assert_clean_failure
from retold.cli import main

JSON_KEYS = {
    "relation",
    "direction",
    "scores",
    "a",
    "b",
    "links",
    "added",
    "dropped",
    "changes",
    "version",
}

XSS = "<script>alert(1)</script>"

LATIN1_ARTICLE = (
    b"title: Caf\xe9 reopens on Harbor Street\n"
    b"date: 2024-05-20\n"
    b"\n"
    b"The caf\xe9 on Harbor Street reopened on Monday after a 3-month renovation. "
    b"Owner Ren\xe9e Fournier said the kitchen was rebuilt from scratch.\n"
)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


# --------------------------------------------------------------------------------------------
# help
# --------------------------------------------------------------------------------------------


def test_main_help() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "compare" in result.output
    assert "demo" in result.output


def test_compare_help_has_an_example() -> None:
    result = run("compare", "--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    for option in ("--json", "--html", "--encoding", "--model"):
        assert option in result.output


def test_short_help_option() -> None:
    assert run("compare", "-h").exit_code == 0


def test_missing_argument_is_a_usage_error() -> None:
    result = run("compare", "only-one.txt")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------------------------
# successful comparisons (real model)
# --------------------------------------------------------------------------------------------


@pytest.mark.model
def test_compare_prints_the_relation(fixtures: Path) -> None:
    result = run("compare", fixtures / "larkport-wire.txt", fixtures / "larkport-spun.txt")
    assert result.exit_code == 0, result.output
    assert "rewrite" in result.stdout
    assert "A is the likely source" in result.stdout


@pytest.mark.model
def test_compare_json(fixtures: Path) -> None:
    result = run(
        "compare", fixtures / "ashcreek-wire.txt", fixtures / "ashcreek-edited.txt", "--json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= JSON_KEYS
    assert data["version"] == "1.0"
    assert data["relation"] == "near_duplicate"
    assert data["direction"]["value"] == "a_to_b"
    assert {c["kind"] for c in data["changes"]} == {"number", "date"}
    assert data["a"]["id"] == "ashcreek-wire"


@pytest.mark.model
def test_html_report_escapes_article_text(fixtures: Path, tmp_path: Path) -> None:
    wire = (fixtures / "larkport-wire.txt").read_text(encoding="utf-8")
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        wire.replace("2024-05-15", "2024-05-19")
        + f"\nA reader posted {XSS} under the story before moderators removed it.\n",
        encoding="utf-8",
    )
    report = tmp_path / "report.html"
    result = run("compare", fixtures / "larkport-wire.txt", hostile, "--html", report)
    assert result.exit_code == 0, result.output
    assert f"HTML report written to {report}" in result.stdout.replace("\n", "")

    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page


@pytest.mark.model
def test_encoding_option_reads_latin1(fixtures: Path, tmp_path: Path) -> None:
    latin = tmp_path / "cafe-latin1.txt"
    latin.write_bytes(LATIN1_ARTICLE)
    result = run(
        "compare", fixtures / "unrelated-robotics.txt", latin, "--encoding", "latin-1", "--json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "café" in data["b"]["text"]
    assert "Renée Fournier" in data["b"]["text"]
    assert data["b"]["title"] == "Café reopens on Harbor Street"


@pytest.mark.model
def test_installed_console_script_json(fixtures: Path) -> None:
    script = Path(sys.executable).parent / "retold"
    assert script.is_file(), f"console script not installed next to {sys.executable}"
    proc = subprocess.run(
        [
            str(script),
            "compare",
            str(fixtures / "larkport-wire.txt"),
            str(fixtures / "larkport-lifted.txt"),
            "--json",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) >= JSON_KEYS
    assert data["relation"] == "partial_reuse"
    assert data["direction"]["value"] == "a_to_b"


# --------------------------------------------------------------------------------------------
# unreadable input: exit 1, a message naming the file, no traceback (no model needed)
# --------------------------------------------------------------------------------------------


def pair_with(bad: Path, fixtures: Path, position: str) -> tuple[Path, Path]:
    good = fixtures / "larkport-wire.txt"
    return (bad, good) if position == "a" else (good, bad)


@pytest.mark.parametrize("position", ["a", "b"])
def test_missing_file(fixtures: Path, tmp_path: Path, position: str) -> None:
    missing = tmp_path / "nowhere-to-be-found.txt"
    message = assert_clean_failure(run("compare", *pair_with(missing, fixtures, position)))
    assert "nowhere-to-be-found.txt" in message
    assert "no such file" in message


@pytest.mark.parametrize("position", ["a", "b"])
def test_empty_file(fixtures: Path, tmp_path: Path, position: str) -> None:
    empty = tmp_path / "blank-page.txt"
    empty.write_bytes(b"")
    message = assert_clean_failure(run("compare", *pair_with(empty, fixtures, position)))
    assert "blank-page.txt" in message
    assert "empty" in message


def test_whitespace_only_file(fixtures: Path, tmp_path: Path) -> None:
    blank = tmp_path / "spaces.txt"
    blank.write_text("  \n\n \t\n", encoding="utf-8")
    message = assert_clean_failure(run("compare", fixtures / "larkport-wire.txt", blank))
    assert "spaces.txt" in message
    assert "empty" in message


@pytest.mark.parametrize("position", ["a", "b"])
def test_binary_file(fixtures: Path, tmp_path: Path, position: str) -> None:
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    message = assert_clean_failure(run("compare", *pair_with(binary, fixtures, position)))
    assert "scan.txt" in message
    assert "binary" in message


@pytest.mark.parametrize("position", ["a", "b"])
def test_undecodable_file(fixtures: Path, tmp_path: Path, position: str) -> None:
    latin = tmp_path / "cafe-latin1.txt"
    latin.write_bytes(LATIN1_ARTICLE)
    message = assert_clean_failure(run("compare", *pair_with(latin, fixtures, position)))
    assert "cafe-latin1.txt" in message
    assert "not valid UTF-8" in message
    assert "--encoding" in message


def test_unknown_encoding(fixtures: Path) -> None:
    message = assert_clean_failure(
        run(
            "compare",
            fixtures / "larkport-wire.txt",
            fixtures / "larkport-copy.txt",
            "--encoding",
            "no-such-codec",
        )
    )
    assert "larkport-wire.txt" in message
    assert "unknown encoding" in message


def test_directory_instead_of_file(fixtures: Path, tmp_path: Path) -> None:
    message = assert_clean_failure(run("compare", fixtures / "larkport-wire.txt", tmp_path))
    assert str(tmp_path) in message
    assert "directory" in message
