"""Index benchmark: recall@5, query latency, add throughput, disk and memory of ``retold.Index``
on the real articles (~27k documents, "24k") and on 100k documents made with controlled edits.

    .venv/bin/python bench/index.py                 # writes bench/results/index.{md,json}
    .venv/bin/python bench/index.py --limit 2000 --sizes 24k    # a quick run

Corpora (JSONL files under bench/cache/, named by a digest; never copied into the repository):

* ``24k``: ../shared/data/scale (Reuters-21578 + BBC News, 23.8k real articles; ``--limit N``
  keeps the first N of each) plus the SOURCE side (``a``) of pan13-dev's reuse pairs that have
  gold cases and of webis-cpc11-sample. The other side (``b``) is never stored: it is the query.
* ``100k``: the 24k corpus, then edited copies of the scale articles, round-robin (copy 1 of
  every article, then copy 2, ...) until the corpus holds 100,000 documents (with ``--limit``,
  the full run's number of copies scaled by the share of scale articles kept). Each copy gets
  a new unique id (``edit<r>/<original id>``), the original's title, date and source, and a
  text made by :func:`edit_text` with ``random.Random("<r>/<original id>")``:
  paragraphs (a blank line or an indented line starts one) are re-flowed to one line each
  (Reuters is hard-wrapped; table lines, with 3+ inner or 5+ leading spaces, are kept as they
  are) and split into sentences (``retold._segment``); each paragraph's sentences are shuffled
  with p = 0.3 (SHUFFLE_P); each sentence is dropped with p = 0.08 (DROP_P) or repeated with
  p = 0.04 (DUPLICATE_P); each number has its last digit changed with p = 0.3 (NUMBER_P);
  1 to 4 (MAX_SUBSTITUTIONS) occurrences of words from a fixed list (said → stated, rose →
  climbed, company → firm ...) are replaced; 0-2 chrome lines ("Share this article", "3 min
  read" ...) go before the text and 0-3 after it ("Read more: <title>", "© ... All rights
  reserved" ...), and with p = 0.3 (AD_P) an "Advertisement" line between two paragraphs (the
  loader strips most chrome, as it would on a scraped page). The file's name is a digest of
  the 24k file, the target size and the source of the recipe, so a changed recipe makes a new
  file. Quality claims stay on the real labelled pairs; the edited copies are distractors
  (and the synthetic news queries).

Queries:

* labelled: each ``b`` document of a report-half pair (``_data.half``: the screen the candidate
  stage ranks by was fitted on the fit half, as in bench/scan.py) is queried once; every one of
  its report-half pairs is scored. A pan13 ``b`` can hold passages of up to 40 sources, so a
  table by number of labelled sources shows what k = 5 allows.
* news-edit (synthetic, not part of the labelled recall): ``--news`` scale articles of 100+
  words (seeded sample), each edited as above with a seed no stored copy uses; the partner is
  the original article.

A partner counts as found when it, or a stored document with the identical text (whitespace
normalised; one webis pair and Reuters' natural duplicates), is among the results. A returned
document that is not a labelled partner is checked (untimed) for the share of its distinct word
5-grams found in the query: at ≥ OVERLAP (5%) it is text reuse the labels do not record.
The same check runs (untimed) over every candidate of a labelled query, and the row "stored
reuse fits in 5" keeps the pairs whose query has at most 5 labelled sources plus such
unlabelled candidates: PAN suspicious documents hold passages of stored documents the dev
labels do not name, and those are right answers that take slots of the 5.

Measured, each corpus in its own child process (so peak RSS is its own) running a copy of
src/ taken when the benchmark starts (so every size measures the same code):

* add: wall time of ``Index.add`` over the whole corpus (batches of
  ``retold.index._index.BATCH``, ``link=False``), minus
  the time spent inside the JSONL reader (``retold.sources.iter_documents``: reading, parsing
  and chrome stripping), as documents/s; the corpus is streamed, not held in memory;
* disk: ``PRAGMA wal_checkpoint(TRUNCATE)`` on the index database first (so the WAL is not
  counted), then ``IndexStats.bytes_per_document`` (all files of the folder, ANN graph
  included, minus the stored texts' UTF-8 bytes, per stored document), plus SQLite's
  per-table sizes (``dbstat``) when the build has it;
* queries, model loaded and warm (WARMUP edited articles queried first, not timed), in two
  passes over the same queries so neither warms the other's pages for the same text:
  1. the candidate stage as ``Index.query`` runs it: the ANN catch-up and
     ``fingerprint_texts([text], static, sentences=True, templates=True)`` (timed as
     "fingerprint"), then ``retold.index._query.candidates`` inside
     ``retold._threads.small_products()`` (one BLAS thread, as ``Index.query`` runs it;
     timed with the context's entry and exit as "candidates"); the
     partner's rank among all candidates and its screen give the candidate recall: among all
     candidates, among the top 5 by screen, and among what the query aligns (the first 5 with
     screen ≥ SCREEN_THRESHOLD; and the first ``WIDE_K``, what ``k=10`` would align);
  2. the full ``Index.query(document, k=5)``: fingerprint, candidates, MiniLM alignment of
     the top 5 (stored documents embedded through the index's 256-document LRU cache, as in a
     warm server); recall@5 = partner among the returned matches (any relation; "as derived"
     = duplicate, near_duplicate, rewrite or partial_reuse).
  Latency is ``time.perf_counter`` per query; p50 is the median, p95 numpy's linear
  interpolation; both over every query (and per query set).
* peak RSS: ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` of the child after add, and at the
  end (models, ANN graph, caches).

The acceptance bars of the issue are printed next to each figure: recall@5 ≥ 0.95; candidate
stage p50 ≤ 30 ms and p95 ≤ 100 ms at 100k; full query p50 ≤ 300 ms; add ≥ 300 docs/s;
≤ 20 KB (20,000 bytes) per document excluding text.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import inspect
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from _data import CACHE, DATA, ROOT, half, read_jsonl, require_data

RESULTS = ROOT / "bench" / "results"
FIELDS = ("id", "text", "title", "date", "url", "source")
SCALE_SETS = ("reuters21578", "bbc-news")
LABELLED_SETS = ("pan13-dev", "webis-cpc11-sample")
NEWS_SET = "news-edit (synthetic)"
FEW = "all labelled, queries with ≤ 5 labelled sources"
ROOM = "all labelled, queries with ≤ 5 sources in the index, labelled or not"
"""Labelled sources plus the unlabelled candidates that share ≥ OVERLAP of their 5-grams with
the query: the queries whose stored reuse fits in k = 5 slots."""
DERIVED = {"duplicate", "near_duplicate", "rewrite", "partial_reuse"}
K = 5

WIDE_K = 10
"""A wider ``k`` whose reach the funnel also reports (a partner among the first 10 candidates
with screen ≥ SCREEN_THRESHOLD: what ``Index.query(k=10)`` would align)."""
OVERLAP = 0.05
"""A returned document sharing this share of its distinct word 5-grams with the query."""
WARMUP = 3
BIG = 100_000

BARS = {
    "recall": 0.95,
    "candidates_p50_ms": 30.0,
    "candidates_p95_ms": 100.0,
    "full_p50_ms": 300.0,
    "add_docs_per_s": 300.0,
    "bytes_per_doc": 20_000.0,
}

_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


# --------------------------------------------------------------------------- controlled edits

SHUFFLE_P = 0.3
"""Chance that a paragraph's sentences are shuffled."""
DROP_P = 0.08
"""Chance that a sentence is dropped."""
DUPLICATE_P = 0.04
"""Chance that a sentence is repeated right after itself."""
NUMBER_P = 0.3
"""Chance that a number has its last digit changed."""
MAX_SUBSTITUTIONS = 4
"""At most this many word substitutions per copy (at least 1 when a listed word occurs)."""
AD_P = 0.3
"""Chance of an "Advertisement" line between two paragraphs."""

SUBSTITUTES = {
    "said": "stated",
    "says": "states",
    "rose": "climbed",
    "fell": "dropped",
    "company": "firm",
    "expected": "forecast",
    "government": "administration",
    "announced": "unveiled",
    "however": "but",
    "also": "additionally",
    "about": "around",
    "major": "big",
    "reported": "posted",
    "increase": "rise",
    "decline": "drop",
    "shares": "stock",
    "officials": "authorities",
    "agreed": "consented",
    "told": "informed",
    "new": "fresh",
    "plans": "intends",
    "market": "sector",
    "prices": "rates",
    "mln": "million",
    "pct": "percent",
}
CHROME_BEFORE = (
    "Share this article",
    "3 min read",
    "Skip to main content",
    "Follow us on Twitter",
    "Advertisement",
)
CHROME_AFTER = (
    "Read more: {title}",
    "Related stories",
    "Sign up for our newsletter",
    "Comments (0)",
    "© 2024 Example Wire. All rights reserved.",
    "Back to top",
)
_BLANK = re.compile(r"\n[ \t]*\n")
_TABLE = re.compile(r"\S {3,}\S")
_DEEP_INDENT = re.compile(r" {5,}\S")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SUBSTITUTABLE = re.compile(r"\b(?:" + "|".join(SUBSTITUTES) + r")\b", re.IGNORECASE)


def _change_number(token: str, rng: random.Random) -> str:
    last = token[-1]
    return token[:-1] + rng.choice([d for d in "0123456789" if d != last])


def _substitute(text: str, rng: random.Random) -> str:
    spots = list(_SUBSTITUTABLE.finditer(text))
    if not spots:
        return text
    chosen = sorted(rng.sample(spots, min(len(spots), rng.randint(1, MAX_SUBSTITUTIONS))),
                    key=lambda m: m.start(), reverse=True)  # fmt: skip
    for m in chosen:
        word = m.group()
        new = SUBSTITUTES[word.lower()]
        if word.isupper():
            new = new.upper()
        elif word[0].isupper():
            new = new.capitalize()
        text = text[: m.start()] + new + text[m.end() :]
    return text


def _paragraphs(text: str) -> list[tuple[bool, str]]:
    """(is a table, text) of each paragraph: prose re-flowed to one line, tables verbatim.

    A blank line or an indented line starts a paragraph; a line with 3+ inner spaces or 5+
    leading spaces is a table line, and a run of them is one table paragraph.
    """
    out: list[tuple[bool, list[str]]] = []
    for block in _BLANK.split(text):
        previous = None
        for line in block.split("\n"):
            if not line.strip():
                continue
            table = bool(_TABLE.search(line) or _DEEP_INDENT.match(line))
            if table != previous or (not table and line[:1].isspace()):
                out.append((table, []))
            out[-1][1].append(line.rstrip() if table else line.strip())
            previous = table
    return [(table, ("\n" if table else " ").join(lines)) for table, lines in out]


def edit_text(text: str, title: str, rng: random.Random) -> str:
    """A controlled edit of ``text`` (see the module docstring), deterministic given ``rng``."""
    from retold._segment import split_sentences  # here: a child imports retold from its snapshot

    paragraphs: list[str] = []
    first = ""
    for is_table, block in _paragraphs(text):
        if is_table:
            paragraphs.append(block)
            continue
        units = [s.text for s in split_sentences(block)]
        if not units:
            continue
        first = first or units[0]
        if len(units) > 1 and rng.random() < SHUFFLE_P:
            rng.shuffle(units)
        kept: list[str] = []
        for unit in units:
            draw = rng.random()
            if draw < DROP_P:
                continue
            kept.append(unit)
            if draw > 1 - DUPLICATE_P:
                kept.append(unit)
        if kept:
            paragraphs.append(" ".join(kept))
    if not paragraphs:
        paragraphs = [first or text]
    if len(paragraphs) > 1 and rng.random() < AD_P:
        paragraphs.insert(rng.randint(1, len(paragraphs) - 1), "Advertisement")
    body = "\n\n".join(paragraphs)
    body = _NUMBER.sub(
        lambda m: _change_number(m.group(), rng) if rng.random() < NUMBER_P else m.group(), body
    )
    body = _substitute(body, rng)
    before = rng.sample(CHROME_BEFORE, rng.randint(0, 2))
    after = [line.format(title=title or "more news") for line in CHROME_AFTER]
    after = rng.sample(after, rng.randint(0, 3))
    return "\n\n".join([*before, body, *after])


def edited_record(record: dict, tag: str) -> dict:
    """An edited copy of a corpus record: id ``edit<tag>/<id>``, seed ``<tag>/<id>``."""
    rng = random.Random(f"{tag}/{record['id']}")
    copy = {k: record[k] for k in ("title", "date", "source") if record.get(k) is not None}
    return {
        "id": f"edit{tag}/{record['id']}",
        "text": edit_text(record["text"], record.get("title") or "", rng),
        **copy,
    }


RECIPE = "".join(
    inspect.getsource(f)
    for f in (_change_number, _substitute, _paragraphs, edit_text, edited_record)
) + repr(
    (
        *(SHUFFLE_P, DROP_P, DUPLICATE_P, NUMBER_P, MAX_SUBSTITUTIONS, AD_P),
        *(SUBSTITUTES, CHROME_BEFORE, CHROME_AFTER),
        *(_BLANK.pattern, _TABLE.pattern, _DEEP_INDENT.pattern, _NUMBER.pattern),
    )
)


# --------------------------------------------------------------------------- corpora and queries


def _line(record: dict) -> str:
    return json.dumps(
        {k: record[k] for k in FIELDS if record.get(k) is not None}, ensure_ascii=False
    )


def _write(path: Path, lines: list[str]) -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    temporary.replace(path)


def build_inputs(
    limit: int | None, sizes: list[str], news: int
) -> tuple[dict[str, Path], dict[str, Any]]:
    """The corpus file of each size (cached) and the query spec shared by all sizes."""
    require_data()
    scale: list[dict] = []
    scale_total = 0
    for name in SCALE_SETS:
        for k, d in enumerate(read_jsonl(DATA / "scale" / name / "documents.jsonl")):
            scale_total += 1
            if limit is None or k < limit:
                scale.append(d)
    sources: dict[str, dict] = {}
    queries: dict[str, dict] = {}
    for name in LABELLED_SETS:
        folder = DATA / "dev" / name
        set_docs = {d["id"]: d for d in read_jsonl(folder / "documents.jsonl")}
        for pair in read_jsonl(folder / "pairs.jsonl"):
            if name == "pan13-dev" and (not pair.get("reuse") or not pair.get("cases")):
                continue
            sources.setdefault(pair["a"], set_docs[pair["a"]])
            query = queries.setdefault(
                pair["b"],
                {"set": name, "record": set_docs[pair["b"]], "pairs": [], "sources": []},
            )
            query["sources"].append(pair["a"])
            if half(pair) == "report":
                query["pairs"].append({"a": pair["a"], "label": pair["label"]})
    scale_ids = {d["id"] for d in scale}
    base = scale + [d for i, d in sources.items() if i not in scale_ids]
    lines = [_line(d) for d in base]
    digest = hashlib.sha1("\n".join(lines).encode()).hexdigest()[:10]
    paths = {"24k": CACHE / f"index-24k-{digest}.jsonl"}
    if not paths["24k"].exists():
        _write(paths["24k"], lines)

    twins_of: dict[str, list[str]] = defaultdict(list)
    for d in base:
        twins_of[_norm(d["text"])].append(d["id"])
    twins = {d["id"]: twins_of[_norm(d["text"])] for d in base}

    def targets(doc_id: str) -> list[str]:
        return twins.get(doc_id, [doc_id])

    spec_queries = []
    for doc_id, q in queries.items():
        if not q["pairs"]:
            continue
        spec_queries.append(
            {
                "set": q["set"],
                "id": doc_id,
                "record": {k: q["record"][k] for k in FIELDS if q["record"].get(k) is not None},
                "pairs": [p | {"targets": targets(p["a"])} for p in q["pairs"]],
                "sources": sorted({t for a in q["sources"] for t in targets(a)}),
            }
        )
    rng = random.Random(1)
    pool = sorted((d for d in scale if len(d["text"].split()) >= 100), key=lambda d: d["id"])
    picked = rng.sample(pool, min(news + WARMUP, len(pool)))
    for d in picked[:news]:
        record = edited_record(d, "query")
        spec_queries.append(
            {
                "set": NEWS_SET,
                "id": record["id"],
                "record": record,
                "pairs": [{"a": d["id"], "label": "edited copy", "targets": targets(d["id"])}],
                "sources": targets(d["id"]),
            }
        )
    warmup = [edited_record(d, "warmup") for d in picked[news:]]

    if "100k" in sizes:
        # With --limit, as many copies per kept article as the full run makes.
        full_copies = BIG - scale_total - len(sources)
        target = len(base) + round(full_copies * len(scale) / scale_total)
        key = hashlib.sha1(f"{digest}\n{target}\n{RECIPE}".encode()).hexdigest()[:10]
        paths["100k"] = CACHE / f"index-100k-{key}.jsonl"
        if not paths["100k"].exists():
            print(f"writing {paths['100k'].name} ({target:,} documents)", file=sys.stderr)
            big = list(lines)
            rounds = 0
            while len(big) < target:
                rounds += 1
                for d in scale:
                    if len(big) >= target:
                        break
                    big.append(_line(edited_record(d, str(rounds))))
            _write(paths["100k"], big)
    return paths, {"queries": spec_queries, "warmup": warmup}


# --------------------------------------------------------------------------- the child: one size


class _TimedReader:
    """An iterator wrapper that adds up the time spent inside the wrapped iterator."""

    def __init__(self, iterator: Any) -> None:
        self._iterator = iterator
        self.seconds = 0.0

    def __iter__(self) -> _TimedReader:
        return self

    def __next__(self) -> Any:
        start = time.perf_counter()
        try:
            return next(self._iterator)
        finally:
            self.seconds += time.perf_counter() - start


def _partners(query: dict) -> set[str]:
    """Every labelled source of a query (either half), with their identical-text twins."""
    return set(query["sources"]) | {t for p in query["pairs"] for t in p["targets"]}


def _five_grams(text: str) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + 5]) for i in range(len(words) - 4)}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(corpus: Path, spec_path: Path, folder: Path, out: Path) -> None:
    """Build the index of ``corpus`` in ``folder``, measure it, write the figures to ``out``."""
    import retold
    from retold._calibration import SCREEN_THRESHOLD
    from retold._exceptions import RetoldError
    from retold._load import parse_record
    from retold._prints import fingerprint_texts
    from retold._threads import small_products
    from retold.index import Index, _store
    from retold.index._query import candidates
    from retold.sources import iter_documents

    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    skips: list = []
    reader = _TimedReader(iter_documents([corpus], on_skip=skips.append))
    index = Index(folder, create=True)
    started = time.perf_counter()

    def progress(n: int) -> None:
        if n % 10_240 == 0:
            rate = n / (time.perf_counter() - started)
            print(f"  added {n:,} ({rate:.0f}/s incl. reading)", file=sys.stderr, flush=True)

    load_before = os.getloadavg()
    report = index.add(reader, progress=progress)
    add_wall = time.perf_counter() - started
    add_seconds = add_wall - reader.seconds
    rss_after_add = _rss_mb()
    index._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    stats = index.stats()
    files = {f.name: f.stat().st_size for f in sorted(folder.iterdir()) if f.is_file()}
    try:
        tables = dict(
            index._db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall()
        )
    except Exception:  # dbstat is a compile-time option of SQLite
        tables = {}

    def parse(record: dict) -> Any:
        return parse_record(record, doc_id_default=record["id"], origin=record["id"])

    positions: dict[str, int] = {}
    for q in spec["queries"]:
        for doc_id in {t for p in q["pairs"] for t in p["targets"]} | set(q["sources"]):
            with contextlib.suppress(KeyError):  # skipped by the reader or the index
                positions[doc_id] = _store.position(index._db, doc_id)
    ids_of = {pos: doc_id for doc_id, pos in positions.items()}
    queries, unreadable = [], []
    for q in spec["queries"]:
        try:
            queries.append((q, parse(q["record"])))
        except RetoldError as exc:  # an empty text: its pairs are scored as missed
            unreadable.append({"set": q["set"], "id": q["id"], "error": str(exc)})

    def candidate_stage(document: Any) -> tuple[list, float, float, float]:
        t0 = time.perf_counter()
        index._vectors.catch_up(index._db)
        doc_print = fingerprint_texts(
            [document.text], index._static, sentences=True, templates=True
        )[0]
        t1 = time.perf_counter()
        with small_products():  # as Index.query runs it (one BLAS thread)
            inner = time.perf_counter()
            found = candidates(index._db, index._vectors, doc_print)
            inner = time.perf_counter() - inner
        t2 = time.perf_counter()
        return getattr(found, "found", found), t1 - t0, t2 - t1, inner

    for record in spec["warmup"]:
        document = parse(record)
        candidate_stage(document)
        index.query(document, k=K)

    results: list[dict] = []
    for n, (q, document) in enumerate(queries, 1):
        found, fingerprint_s, candidates_s, inner_s = candidate_stage(document)
        ranks = {
            ids_of[c.pos]: [rank, c.screen, list(c.routes)]
            for rank, c in enumerate(found)
            if c.pos in ids_of
        }
        # Not timed: candidates that are not labelled partners yet share >= OVERLAP of their
        # word 5-grams with the query (unrecorded reuse competing for the k slots).
        unlabelled_reuse = 0
        if q["set"] != NEWS_SET:
            partners = _partners(q)
            query_grams = _five_grams(document.text)
            for c in found:
                stored = _store.load_document(index._db, c.pos)[0]
                if stored.id in partners:
                    continue
                grams = _five_grams(stored.text)
                unlabelled_reuse += len(grams & query_grams) / max(len(grams), 1) >= OVERLAP
        results.append(
            {
                "set": q["set"],
                "id": q["id"],
                "chars": len(document.text),
                "fingerprint_s": fingerprint_s,
                "candidates_s": candidates_s,
                "candidates_inner_s": inner_s,
                "candidates": len(found),
                "ranks": ranks,
                "unlabelled_reuse": unlabelled_reuse,
            }
        )
        if n % 200 == 0:
            print(f"  candidate stage: {n:,} queries", file=sys.stderr, flush=True)
    for n, ((_, document), result) in enumerate(zip(queries, results, strict=True), 1):
        t0 = time.perf_counter()
        matches = index.query(document, k=K)
        result["full_s"] = time.perf_counter() - t0
        result["returned"] = [[m.id, m.relation, round(m.screen, 4)] for m in matches]
        # Not timed: the share of each returned document's word 5-grams found in the query, so
        # the report can tell unlabelled text reuse from noise.
        query_grams = _five_grams(document.text)
        result["overlap"] = [
            len(grams & query_grams) / max(len(grams), 1)
            for grams in (_five_grams(index.get(m.id).text) for m in matches)
        ]
        if n % 100 == 0:
            print(f"  full query: {n:,} queries", file=sys.stderr, flush=True)
    index.close()
    out.write_text(
        json.dumps(
            {
                "documents": stats.documents,
                "added": len(report.added),
                "skipped_by_index": len(report.skipped),
                "skipped_by_reader": len(skips),
                "add_wall_s": add_wall,
                "read_s": reader.seconds,
                "add_s": add_seconds,
                "bytes_on_disk": stats.bytes_on_disk,
                "text_bytes": stats.text_bytes,
                "bytes_per_document": stats.bytes_per_document,
                "files": files,
                "tables": tables,
                "rss_after_add_mb": rss_after_add,
                "rss_mb": _rss_mb(),
                "queries": results,
                "unreadable": unreadable,
                "load_average": {"start": load_before, "end": os.getloadavg()},
                "screen_threshold": SCREEN_THRESHOLD,
                "retold": str(Path(retold.__file__).parent),
            }
        ),
        encoding="utf-8",
    )


def child(size: str, corpus: Path, spec: Path, folder: Path, out: Path, src: Path) -> dict:
    print(f"{size}: building {folder} from {corpus.name}", file=sys.stderr, flush=True)
    subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            str(corpus),
            "--spec",
            str(spec),
            "--folder",
            str(folder),
            "--out",
            str(out),
            "--src",
            str(src),
        ],
        check=True,
    )
    shutil.copyfile(out, CACHE / f"index-result-{size}.json")  # per-query figures, for reading
    return json.loads(out.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- report


def _ms(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values) * 1000, q)) if values else float("nan")


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def score(spec: dict, result: dict, threshold: float) -> dict:
    """Per pair: the stage it reached; per set/label: the recall funnel; latency per set."""
    by_id = {q["id"]: q for q in spec["queries"]}
    rows: dict[str, list[dict]] = defaultdict(list)
    buckets: dict[str, list[tuple[bool, float]]] = defaultdict(list)
    routes: Counter[str] = Counter()
    others: Counter[str] = Counter()
    for r in result["queries"]:
        q = by_id[r["id"]]
        returned = {doc_id: relation for doc_id, relation, _ in r["returned"]}
        if q["set"] != NEWS_SET:
            partners = _partners(q)
            overlap = r.get("overlap") or [None] * len(r["returned"])
            for (doc_id, _, _), share in zip(r["returned"], overlap, strict=True):
                others["returned"] += 1
                if doc_id not in partners:
                    others["not a labelled partner"] += 1
                    if share is not None and share >= OVERLAP:
                        others["not labelled, overlapping"] += 1
        for pair in q["pairs"]:
            ranked = [r["ranks"][t] for t in pair["targets"] if t in r["ranks"]]
            best = min(ranked, default=None)
            hit = [returned[t] for t in pair["targets"] if t in returned]
            stage = {
                "candidate": best is not None,
                "top5": best is not None and best[0] < K,
                "aligned": best is not None and best[0] < K and best[1] >= threshold,
                "aligned10": best is not None and best[0] < WIDE_K and best[1] >= threshold,
                "returned": bool(hit),
                "derived": any(rel in DERIVED for rel in hit),
            }
            if best is not None:
                routes.update(best[2])
            rows[f"{q['set']} / {pair['label']}"].append(stage)
            if q["set"] != NEWS_SET:
                rows["all labelled"].append(stage)
                if len(set(q["sources"])) <= K:
                    rows[FEW].append(stage)
                if len(set(q["sources"])) + r.get("unlabelled_reuse", 0) <= K:
                    rows[ROOM].append(stage)
        if q["set"] == "pan13-dev":
            n = len(set(q["sources"]))
            bucket = "1" if n == 1 else "2-5" if n <= 5 else ">5"
            filled = len(set(returned) & set(q["sources"])) / min(n, K)
            buckets[bucket].append((True, filled))
            for pair in q["pairs"]:
                hit = any(t in returned for t in pair["targets"])
                buckets[f"pairs {bucket}"].append((hit, 0.0))
    for bad in result["unreadable"]:
        for pair in by_id[bad["id"]]["pairs"]:
            stage = dict.fromkeys(
                ("candidate", "top5", "aligned", "aligned10", "returned", "derived"), False
            )
            rows[f"{bad['set']} / {pair['label']}"].append(stage)
            if bad["set"] != NEWS_SET:
                rows["all labelled"].append(stage)
                if len(set(by_id[bad["id"]]["sources"])) <= K:
                    rows[FEW].append(stage)
                    rows[ROOM].append(stage)
    funnel = []
    for label, stages in sorted(
        rows.items(), key=lambda kv: (NEWS_SET in kv[0], kv[0].startswith("all labelled"), kv[0])
    ):
        n = len(stages)
        funnel.append(
            {"label": label, "pairs": n} | {k: sum(s[k] for s in stages) / n for k in stages[0]}
        )
    by_sources = []
    for bucket in ("1", "2-5", ">5"):
        queries = buckets.get(bucket, [])
        pairs = buckets.get(f"pairs {bucket}", [])
        if queries:
            by_sources.append(
                {
                    "sources": bucket,
                    "queries": len(queries),
                    "pairs": len(pairs),
                    "recall": sum(h for h, _ in pairs) / max(len(pairs), 1),
                    "slots": float(np.mean([f for _, f in queries])),
                }
            )
    latency = []
    sets = sorted({r["set"] for r in result["queries"]}, key=lambda s: (s == NEWS_SET, s))
    for name in [*sets, "all"]:
        chosen = [r for r in result["queries"] if name in ("all", r["set"])]
        fp = [r["fingerprint_s"] for r in chosen]
        cand = [r["candidates_s"] for r in chosen]
        both = [r["fingerprint_s"] + r["candidates_s"] for r in chosen]
        full = [r["full_s"] for r in chosen]
        limit = [r["candidates_s"] - r.get("candidates_inner_s", r["candidates_s"]) for r in chosen]
        latency.append(
            {
                "set": name,
                "queries": len(chosen),
                "median_chars": int(np.median([r["chars"] for r in chosen])),
                "median_candidates": int(np.median([r["candidates"] for r in chosen])),
                "fingerprint_p50_ms": _ms(fp, 50),
                "fingerprint_p95_ms": _ms(fp, 95),
                "candidates_p50_ms": _ms(cand, 50),
                "candidates_p95_ms": _ms(cand, 95),
                "stage_p50_ms": _ms(both, 50),
                "stage_p95_ms": _ms(both, 95),
                "full_p50_ms": _ms(full, 50),
                "full_p95_ms": _ms(full, 95),
                "blas_limit_p50_ms": _ms(limit, 50),
            }
        )
    return {
        "funnel": funnel,
        "by_sources": by_sources,
        "latency": latency,
        "partner_routes": dict(routes),
        "returned_not_labelled": dict(others),
    }


def summary_lines(figures: dict[str, dict], sizes: list[str]) -> list[str]:
    def cell(size: str, key: str, fmt: str, ok: Any = None) -> str:
        f = figures.get(size)
        if f is None:
            return "not run"
        value = f[key]
        text = format(value, fmt)
        return f"{text} {_mark(ok(value))}" if ok else text

    rows = [
        ("documents stored", "—", "documents", ",d", None),
        (
            "recall@5, labelled pairs (report half)",
            "≥ 0.95",
            "recall",
            ".3f",
            lambda v: v >= BARS["recall"],
        ),
        ("recall@5, pairs whose query has ≤ 5 labelled sources", "(≥ 0.95)", "recall_few",
         ".3f", lambda v: v >= BARS["recall"]),
        ("recall@5, pairs whose query's stored reuse fits in 5 (labelled sources + "
         "unlabelled candidates sharing ≥ 5% of 5-grams ≤ 5)", "(≥ 0.95)", "recall_room",
         ".3f", lambda v: v >= BARS["recall"]),
        ("recall@5, synthetic news-edit queries", "—", "recall_news", ".3f", None),
        ("candidate recall, all candidates", "—", "candidate_recall", ".3f", None),
        ("candidate recall, top 5 by screen", "—", "top5_recall", ".3f", None),
        (f"candidate recall, aligned at k = {WIDE_K}", "—", "aligned10_recall", ".3f", None),
        ("candidates() p50 ms", "≤ 30 at 100k", "candidates_p50_ms", ".1f",
         lambda v: v <= BARS["candidates_p50_ms"]),
        ("candidates() p95 ms", "≤ 100 at 100k", "candidates_p95_ms", ".1f",
         lambda v: v <= BARS["candidates_p95_ms"]),
        ("fingerprint + candidates() p50 ms", "(≤ 30)", "stage_p50_ms", ".1f",
         lambda v: v <= BARS["candidates_p50_ms"]),
        ("fingerprint + candidates() p95 ms", "(≤ 100)", "stage_p95_ms", ".1f",
         lambda v: v <= BARS["candidates_p95_ms"]),
        ("full query p50 ms (top 5 aligned)", "≤ 300", "full_p50_ms", ".0f",
         lambda v: v <= BARS["full_p50_ms"]),
        ("full query p95 ms", "—", "full_p95_ms", ".0f", None),
        ("add, documents/s", "≥ 300", "add_docs_per_s", ".0f",
         lambda v: v >= BARS["add_docs_per_s"]),
        ("bytes on disk per document, text excluded", "≤ 20,000", "bytes_per_document", ",.0f",
         lambda v: v <= BARS["bytes_per_doc"]),
        ("peak RSS MB (after add / end)", "—", "rss", "s", None),
    ]  # fmt: skip
    lines = [
        "| measure | bar | " + " | ".join(sizes) + " |",
        "|---|---|" + "---:|" * len(sizes),
    ]
    for name, bar, key, fmt, ok in rows:
        lines.append(
            f"| {name} | {bar} | " + " | ".join(cell(s, key, fmt, ok) for s in sizes) + " |"
        )
    return lines


def _code_version() -> tuple[str, str]:
    """The last commit (hash and subject) and the uncommitted changes under src/."""
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%h %s"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "src"], capture_output=True, text=True
    ).stdout.strip()
    return commit, dirty


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N documents of each scale set")
    parser.add_argument("--sizes", default="24k,100k", help="corpora to build: 24k, 100k or both")
    parser.add_argument(
        "--queries", type=int, help="at most N queries per set (seeded sample; default all)"
    )
    parser.add_argument(
        "--news", type=int, default=200, help="synthetic edited-news queries (default 200)"
    )
    parser.add_argument("--keep", type=Path, help="build the indexes in DIR and keep them")
    parser.add_argument("--reuse", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--spec", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--src", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        if "retold" in sys.modules:
            sys.exit("bench/index.py: retold was imported before the snapshot was put first")
        sys.path.insert(0, str(args.src))
        run_child(args.child, args.spec, args.folder, args.out)
        return

    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    if not sizes or set(sizes) - {"24k", "100k"}:
        parser.error("--sizes takes 24k, 100k or 24k,100k")
    paths, spec = build_inputs(args.limit, sizes, args.news)
    if args.queries is not None:
        by_set: dict[str, list[dict]] = defaultdict(list)
        for q in spec["queries"]:
            by_set[q["set"]].append(q)
        spec["queries"] = [
            q
            for name in sorted(by_set)
            for q in random.Random(0).sample(by_set[name], min(args.queries, len(by_set[name])))
        ]
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="retold-bench-index-"))
    # Every child runs this copy of src/, so all sizes measure the same code even when the
    # working tree changes during a long run.
    commit, dirty = _code_version()
    shutil.copytree(
        ROOT / "src" / "retold",
        scratch / "src" / "retold",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    spec_path = scratch / "queries.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    raw: dict[str, dict] = {}
    try:
        for size in sizes:
            folder = (args.keep or scratch) / f"index-{size}"
            if folder.exists():
                sys.exit(f"{folder} exists: give --keep an empty folder")
            if args.reuse:  # re-score the last run's per-query figures (same arguments)
                saved = CACHE / f"index-result-{size}.json"
                raw[size] = json.loads(saved.read_text(encoding="utf-8"))
                continue
            raw[size] = child(
                size, paths[size], spec_path, folder, scratch / f"{size}.json", scratch / "src"
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    figures: dict[str, dict] = {}
    scored: dict[str, dict] = {}
    for size, result in raw.items():
        s = score(spec, result, result["screen_threshold"])
        scored[size] = s
        overall = next(row for row in s["funnel"] if row["label"] == "all labelled")
        lat = next(row for row in s["latency"] if row["set"] == "all")
        figures[size] = {
            "documents": result["documents"],
            "recall": overall["returned"],
            "recall_few": next(row for row in s["funnel"] if row["label"] == FEW)["returned"],
            "recall_room": next(
                (row["returned"] for row in s["funnel"] if row["label"] == ROOM), float("nan")
            ),
            "recall_news": next(
                (row["returned"] for row in s["funnel"] if NEWS_SET in row["label"]), float("nan")
            ),
            "candidate_recall": overall["candidate"],
            "top5_recall": overall["top5"],
            "aligned10_recall": overall["aligned10"],
            **{k: v for k, v in lat.items() if k.endswith("_ms")},
            "add_docs_per_s": result["added"] / result["add_s"],
            "bytes_per_document": result["bytes_per_document"],
            "rss": f"{result['rss_after_add_mb']:.0f} / {result['rss_mb']:.0f}",
        }

    changed = _code_version() != (commit, dirty)  # the children ran the snapshot regardless
    n_labelled = sum(len(q["pairs"]) for q in spec["queries"] if q["set"] != NEWS_SET)
    n_news = sum(1 for q in spec["queries"] if q["set"] == NEWS_SET)
    command = "bench/index.py" + "".join(
        f" {flag} {value}"
        for flag, value in (
            ("--limit", args.limit),
            ("--sizes", args.sizes if args.sizes != "24k,100k" else None),
            ("--queries", args.queries),
            ("--news", args.news if args.news != 200 else None),
        )
        if value is not None
    )
    lines = [
        "# retold index benchmark",
        "",
        f"Command: `.venv/bin/python {command}` (sizes run: {', '.join(sizes)}; a machine with "
        "2 cores shared with other jobs, so latencies are noisy). What is measured, exactly, is "
        f"in the docstring of bench/index.py. Code: `{commit[:80]}`"
        + (" with uncommitted changes under src/" if dirty else "")
        + (
            " (src/ changed while the benchmark ran; every size ran a copy taken at the start)."
            if changed
            else " (every size ran a copy of src/ taken at the start)."
        ),
        "",
        "Corpora: **24k** = Reuters-21578 + BBC News"
        + (f" (first {args.limit} of each)" if args.limit else "")
        + " + the source (`a`) documents of pan13-dev's reuse pairs with gold cases and of "
        "webis-cpc11-sample; **100k** = the same plus edited copies of the scale articles "
        "(new ids; seeded re-flow into sentences, paragraph sentence shuffles "
        f"p={SHUFFLE_P}, sentence drops p={DROP_P} and duplications p={DUPLICATE_P}, last-digit "
        f"number changes p={NUMBER_P}, 1–{MAX_SUBSTITUTIONS} word substitutions, chrome lines "
        "before/after and between paragraphs) up to "
        + (
            f"{BIG:,} documents."
            if not args.limit
            else f"{BIG:,} documents' worth of copies × the share of scale articles kept."
        ),
        "",
        f"Queries: the `b` document of every report-half labelled pair ({n_labelled:,} pairs; "
        "the screen was fitted on the fit half), plus "
        f"{n_news} synthetic queries (a scale article edited with an unused seed; partner = the "
        "original). "
        + (f"At most {args.queries} queries per set (seeded sample). " if args.queries else "")
        + "A partner counts when it or a stored document with the identical text is returned.",
        "",
        "## Against the issue's acceptance bars",
        "",
        *summary_lines(figures, sizes),
        "",
        "Latency over every query (labelled and synthetic); per set below. The candidate-stage "
        "bars apply at 100k (the 24k figures are for reference). `candidates()` is "
        "`retold.index._query.candidates` alone; the fingerprint (static model, sentence "
        "vectors) runs before it in `Index.query`. Bytes per document: WAL checkpointed "
        "(TRUNCATE) first, so the WAL is not counted; ANN file included.",
        "",
    ]
    for size in sizes:
        s, result = scored[size], raw[size]
        load = result.get("load_average", {})
        lines += [
            f"## {size}: {result['documents']:,} documents",
            "",
            "### Recall funnel (share of pairs)",
            "",
            "| set / label | pairs | a candidate | top 5 by screen | aligned (top 5, screen ≥ "
            f"{result['screen_threshold']}) | recall@5 (returned) | returned as derived "
            f"| would be aligned at k = {WIDE_K} |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
            *[
                f"| {row['label']} | {row['pairs']} | {row['candidate']:.3f} | {row['top5']:.3f} "
                f"| {row['aligned']:.3f} | **{row['returned']:.3f}** | {row['derived']:.3f} "
                f"| {row.get('aligned10', float('nan')):.3f} |"
                for row in s["funnel"]
            ],
            "",
            "Routes that proposed the partner (pairs): "
            + ", ".join(f"{k} {v:,}" for k, v in sorted(s["partner_routes"].items()))
            + ". Results returned for the labelled queries: "
            + f"{s['returned_not_labelled'].get('returned', 0):,}, of which "
            + f"{s['returned_not_labelled'].get('not a labelled partner', 0):,} are not a "
            + "labelled partner of the query, and of those "
            + f"{s['returned_not_labelled'].get('not labelled, overlapping', 0):,} share at "
            + f"least {OVERLAP:.0%} of their distinct word 5-grams with it (text reuse the "
            + "labels do not record; they take slots of the 5)"
            + ". Queries the loader refused (their pairs count as missed): "
            + (
                "; ".join(f"{u['id']} ({u['error'].split(': ')[-1]})" for u in result["unreadable"])
                or "none"
            )
            + ".",
            "",
            "### pan13-dev by the number of labelled sources of the query",
            "",
            "With k = 5 a suspicious document with more than 5 sources cannot return them all. "
            "Slots = labelled sources (either half) among the returned / min(sources, 5), "
            "averaged over queries.",
            "",
            "| sources | queries | report-half pairs | recall@5 | slots filled |",
            "|---|---:|---:|---:|---:|",
            *[
                f"| {b['sources']} | {b['queries']} | {b['pairs']} | {b['recall']:.3f} "
                f"| {b['slots']:.3f} |"
                for b in s["by_sources"]
            ],
            "",
            "### Latency per query set (ms)",
            "",
            "| set | queries | median chars | median candidates | fingerprint p50 / p95 "
            "| candidates() p50 / p95 | fingerprint + candidates() p50 / p95 "
            "| full query p50 / p95 |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
            *[
                f"| {row['set']} | {row['queries']} | {row['median_chars']:,} "
                f"| {row['median_candidates']} "
                f"| {row['fingerprint_p50_ms']:.1f} / {row['fingerprint_p95_ms']:.1f} "
                f"| {row['candidates_p50_ms']:.1f} / {row['candidates_p95_ms']:.1f} "
                f"| {row['stage_p50_ms']:.1f} / {row['stage_p95_ms']:.1f} "
                f"| {row['full_p50_ms']:.0f} / {row['full_p95_ms']:.0f} |"
                for row in s["latency"]
            ],
            "",
            "`candidates()` is timed inside `retold._threads.small_products()` (one BLAS thread), "
            "as `Index.query` runs it; entering and leaving that context (threadpoolctl) takes "
            f"{s['latency'][-1]['blas_limit_p50_ms']:.1f} ms at the median and is included.",
            "",
            "### Add and disk",
            "",
            f"Added {result['added']:,} documents in {result['add_s']:.1f} s of `add` "
            f"({result['add_wall_s']:.1f} s wall minus {result['read_s']:.1f} s in the JSONL "
            f"reader): {result['added'] / result['add_s']:.0f} documents/s. Skipped: "
            f"{result['skipped_by_reader']} by the reader, {result['skipped_by_index']} by the "
            "index. Load average (1, 5, 15 min) when the build started: "
            + " / ".join(f"{v:.1f}" for v in load.get("start", ()))
            + ", at the end of the queries: "
            + " / ".join(f"{v:.1f}" for v in load.get("end", ()))
            + " (2 cores).",
            "",
            f"On disk after the WAL checkpoint: {result['bytes_on_disk'] / 1e6:,.1f} MB, of "
            f"which stored text {result['text_bytes'] / 1e6:,.1f} MB; "
            f"{result['bytes_per_document']:,.0f} bytes per document without the text. Files: "
            + ", ".join(f"{k} {v / 1e6:,.1f} MB" for k, v in result["files"].items())
            + ".",
            "",
        ]
        if result["tables"]:
            n = result["documents"]
            lines += [
                "| SQLite table or index (dbstat) | MB | bytes per document |",
                "|---|---:|---:|",
                *[
                    f"| {name} | {size_b / 1e6:,.1f} | {size_b / n:,.0f} |"
                    for name, size_b in sorted(result["tables"].items(), key=lambda kv: -kv[1])
                    if size_b / n >= 1
                ],
                "",
            ]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "index.md").write_text("\n".join(lines), encoding="utf-8")
    (RESULTS / "index.json").write_text(
        json.dumps(
            {
                "command": command,
                "commit": commit,
                "src_dirty": bool(dirty),
                "code_changed_during_run": changed,
                "bars": BARS,
                "figures": figures,
                "scored": scored,
                "builds": {
                    size: {k: v for k, v in result.items() if k != "queries"}
                    for size, result in raw.items()
                },
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
