"""Crash safety: a writer killed with SIGKILL in the middle of ``add``, twenty times over.

A real subprocess adds batches of generated articles to a real index and prints the ids of each
``add`` call that returned; the test kills it at a random moment, reopens the index and checks
that every returned document is there, that no document is half-written (all its rows present,
postings consistent, vectors caught up) and that SQLite's own integrity check passes. The next
round adds more to the same index.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np

from retold.index import Index

ROUNDS = 20

WRITER = textwrap.dedent(
    """
    import random, sys
    from retold.index import Index
    from retold.model import Document

    WORDS = ("harbour council bridge storm river market school budget mayor police fire "
             "museum railway tunnel festival hospital airport factory election library").split()

    def article(k):
        rng = random.Random(k)
        sentences = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize()
            + f" in {rng.randint(1900, 2030)}."
            for _ in range(rng.randint(3, 12))
        ]
        return " ".join(sentences)

    folder, start = sys.argv[1], int(sys.argv[2])
    rng = random.Random(start)
    with Index(folder) as index:
        k = start
        while True:
            size = rng.choice((1, 7, 40, 300))  # 300: two transactions in one add call
            batch = [Document(id=f"doc-{k + i}", text=article(k + i)) for i in range(size)]
            index.add(batch)
            print("ADDED", " ".join(d.id for d in batch), flush=True)
            k += size
    """
)


def _run_and_kill(folder: Path, start: int, delay: float) -> list[str]:
    """Start a writer, kill it ``delay`` s after its first returned add; the returned ids."""
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder), str(start)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    returned: list[str] = []
    first = process.stdout.readline()
    assert first.startswith("ADDED"), process.stderr.read() if process.stderr else first
    returned += first.split()[1:]
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    out, _ = process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    # Only whole lines count: the last one may have been cut mid-write by the kill.
    for line in out.split("\n")[:-1]:
        if line.startswith("ADDED"):
            returned += line.split()[1:]
    return returned


def _check_consistent(folder: Path) -> int:
    """Every stored document has all its rows; returns how many are stored."""
    db = sqlite3.connect(folder / "index.sqlite")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        documents = {r[0] for r in db.execute("SELECT pos FROM documents")}
        prints = {r[0] for r in db.execute("SELECT pos FROM prints")}
        assert documents == prints, "a document without fingerprints, or the reverse"
        for table in ("buckets", "shingles", "words"):
            owners = {r[0] for r in db.execute(f"SELECT DISTINCT pos FROM {table}")}
            assert owners <= documents, f"{table} rows of a document that is not stored"
        words = db.execute("SELECT words FROM prints").fetchall()
        expected: dict[int, int] = {}
        for (blob,) in words:
            for value in np.frombuffer(blob, np.uint32).tolist():
                expected[value] = expected.get(value, 0) + 1
        stored = dict(db.execute("SELECT hash, df FROM word_df").fetchall())
        assert stored == expected, "word frequencies out of step with the documents"
        count = int(db.execute("SELECT value FROM meta WHERE key = 'vector_count'").fetchone()[0])
        assert count == len(documents)
        return len(documents)
    finally:
        db.close()


def test_no_document_is_lost_or_half_written_across_twenty_kills(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    rng = random.Random(7)
    promised: set[str] = set()
    start = 0
    for _ in range(ROUNDS):
        promised |= set(_run_and_kill(folder, start, rng.uniform(0.0, 0.4)))
        stored = _check_consistent(folder)
        with Index(folder) as index:
            missing = [doc_id for doc_id in promised if doc_id not in index]
            assert not missing, f"{len(missing)} returned documents lost, e.g. {missing[:3]}"
            assert index.stats().vectors == stored == len(index)
            start = max(int(info.id.split("-")[1]) for info in index.documents(limit=1_000_000))
            start += 1_000  # new ids beyond anything a killed batch might have committed
    assert len(promised) > ROUNDS
