"""Small builders shared by tests that make retold values by hand (no model involved)."""

from __future__ import annotations

from click.testing import Result

from retold.model import Sentence


def sentences(texts: tuple[str, ...]) -> tuple[Sentence, ...]:
    """Sentences with offsets into the texts joined by single spaces."""
    out, start = [], 0
    for text in texts:
        out.append(Sentence(text, start, start + len(text)))
        start += len(text) + 1
    return tuple(out)


def assert_clean_failure(result: Result, code: int = 1) -> str:
    """The CLI run failed with ``code``, a one-line ``Error:`` on stderr and no traceback."""
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert result.stderr.count("\n") == 1
    return result.stderr
