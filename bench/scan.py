"""Scan benchmark: recall, precision sample, speed and memory of ``retold scan`` on a haystack,
against datasketch MinHashLSH on the same documents in the same run.

    .venv/bin/python bench/scan.py             # writes bench/results/scan.{md,json}
    .venv/bin/python bench/scan.py --limit 3000  # a quick run on a slice of the scale sets

Haystack: ../shared/data/scale (Reuters-21578 + BBC News, 23.8k real articles) plus the
documents of pan13-dev's reuse pairs that have gold cases and of webis-cpc11-sample. Each side
runs in its own child process (so peak RSS is its own; retold's model workers are counted
beside it, and their CPU seconds with it), reading the same JSONL file.

Reported:
* recall of the labelled pairs by label — found by the candidate stage, and reported with a
  derived relation (duplicate, near_duplicate, rewrite, partial_reuse);
* recall of the natural exact duplicates of Reuters/BBC (identical texts after whitespace
  normalisation): every pair of every group must be reported;
* unlabelled pairs reported, by relation, and a seeded random sample of 50 reported as
  ``rewrite``/``near_duplicate`` written to bench/results/scan-sample.md for reading;
* wall time, documents/s and peak RSS of both sides, and the ratio.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import re
import resource
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from _data import CACHE, DATA, ROOT, half, read_jsonl, require_data

RESULTS = ROOT / "bench" / "results"
DERIVED = {"duplicate", "near_duplicate", "rewrite", "partial_reuse"}
_SPACE = re.compile(r"\s+")


# --------------------------------------------------------------------------- haystack


def build_haystack(limit: int | None) -> tuple[Path, list[dict]]:
    """Write the haystack JSONL (cached by content) and return it with the labelled pairs."""
    require_data()
    docs: dict[str, dict] = {}
    for name in ("reuters21578", "bbc-news"):
        for k, d in enumerate(read_jsonl(DATA / "scale" / name / "documents.jsonl")):
            if limit is None or k < limit:
                docs[d["id"]] = d
    labelled: list[dict] = []
    for name in ("pan13-dev", "webis-cpc11-sample"):
        folder = DATA / "dev" / name
        set_docs = {d["id"]: d for d in read_jsonl(folder / "documents.jsonl")}
        for pair in read_jsonl(folder / "pairs.jsonl"):
            if name == "pan13-dev" and (not pair.get("reuse") or not pair.get("cases")):
                continue
            pair["set"] = name
            labelled.append(pair)
            docs.setdefault(pair["a"], set_docs[pair["a"]])
            docs.setdefault(pair["b"], set_docs[pair["b"]])
    fields = ("id", "text", "title", "date", "url", "source")
    lines = [
        json.dumps({k: d[k] for k in fields if d.get(k) is not None}, ensure_ascii=False)
        for d in docs.values()
    ]
    digest = hashlib.sha1("\n".join(lines).encode()).hexdigest()[:10]
    path = CACHE / f"haystack-{digest}.jsonl"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, labelled


def exact_duplicate_pairs(path: Path) -> set[frozenset[str]]:
    """Pairs of scale-set documents whose texts are identical after whitespace normalisation."""
    groups: dict[str, list[str]] = defaultdict(list)
    for d in read_jsonl(path):
        if d["id"].startswith(("reuters21578/", "bbc-news/")):
            key = hashlib.sha1(_SPACE.sub(" ", d["text"]).strip().encode()).hexdigest()
            groups[key].append(d["id"])
    return {
        frozenset(p)
        for ids in groups.values()
        if len(ids) > 1
        for p in itertools.combinations(ids, 2)
    }


# --------------------------------------------------------------------------- the two sides


def process_cpu() -> float:
    """CPU seconds this process and its finished children have used (user + system, every
    thread): the children are the scan's model workers (``retold._embed_workers``), which
    have exited by the time a scan returns."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def started() -> tuple[float, float]:
    """The wall clock and the process's CPU seconds now, for :func:`measured`."""
    return time.perf_counter(), process_cpu()


def measured(since: tuple[float, float]) -> dict[str, float]:
    """Wall and CPU seconds since :func:`started`, and the process's peak RSS so far (MB)."""
    return {
        "seconds": time.perf_counter() - since[0],
        "cpu_seconds": process_cpu() - since[1],
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def rss_cell(run: dict) -> str:
    """Peak RSS: the scanning process, plus each model worker's peak when it ran any (the
    scan's own figure from the workers' ``/proc`` status: a child's ``ru_maxrss`` includes
    the parent's memory at the moment the child was started)."""
    stats = run.get("stats", {})
    workers = int(stats.get("verify_model_processes", 0))
    peak = stats.get("verify_model_worker_peak_mb", 0)
    extra = f" + {workers} × {peak:.0f}" if workers and peak else ""
    return f"{run['rss_mb']:.0f}{extra}"


RUN_FIGURES = ("seconds", "cpu_seconds", "rss_mb", "documents")
"""What each side's run reports into scan.json."""


def cpu_cell(run: dict) -> str:
    """A run's CPU seconds and the cores they kept busy on average, or a dash if not measured."""
    cpu = run.get("cpu_seconds")
    return "—" if cpu is None else f"{cpu:,.0f} ({cpu / run['seconds']:.2f})"


def run_retold(path: Path, out: Path) -> None:
    """Child process: scan the haystack, dump matches and candidates, report time and RSS."""
    sys.path.insert(0, str(ROOT / "src"))
    from retold._scan import scan_with_candidates
    from retold.sources import iter_documents

    since = started()
    skips: list = []
    result, candidates = scan_with_candidates(
        iter_documents([path], on_skip=skips.append), skipped=skips, progress=True
    )
    figures = measured(since)
    matches = [
        {"a": m.a, "b": m.b, "relation": m.relation, "retelling": m.scores.retelling}
        for m in result.matches
    ]
    out.write_text(
        json.dumps(
            {
                **figures,
                "stats": result.stats,
                "documents": len(result.documents),
                "skipped": len(result.skipped),
                "matches": matches,
                "stories": [list(story.members) for story in result.stories],
                "candidates": [[a, b, list(r), ok] for a, b, r, ok in candidates],
            }
        ),
        encoding="utf-8",
    )


UNLABELLED_SAMPLE = 600
"""Quick mode: screened pairs outside the verified keys, drawn at random and verified too, so
the precision of the unlabelled pairs can be read and the full run's counts projected."""


def run_retold_labelled(
    path: Path, out: Path, keys_file: Path, sample: int = UNLABELLED_SAMPLE, seed: int = 0
) -> None:
    """Child process, ``--verify labelled``: every stage of the scan on the whole haystack, but
    the verify stage only on the screened pairs named in ``keys_file`` and a seeded random
    ``sample`` of the others (drawn with ``seed``); its rate gives a projection of a full
    scan's verify time (stated as such in the report). ``bench/scan_precision.py`` names no
    pairs and samples more."""
    sys.path.insert(0, str(ROOT / "src"))
    from retold._embed import load_embedder
    from retold._scan import _Candidates, _candidates, _fingerprint, _read, _Timer, _verify
    from retold._scratch import ScratchStore
    from retold._static import load_static_embedder
    from retold.sources import iter_documents

    wanted = {frozenset(k) for k in json.loads(keys_file.read_text(encoding="utf-8"))}
    timer = _Timer()
    start = time.perf_counter()
    with ScratchStore() as store:
        skips: list = []
        documents = iter_documents([path], on_skip=skips.append)
        infos, chrome = _read(documents, store, skips, None, timer)
        prints = _fingerprint(store, infos, chrome, load_static_embedder(), None, 256, timer)
        cands = _candidates(prints, timer)
        blocked, phrases = prints.blocked, prints.phrases
        del prints
        before_verify = time.perf_counter() - start
        named = np.array(
            [frozenset((infos[i].id, infos[j].id)) in wanted for i, j in cands.proposed.tolist()],
            bool,
        )
        others = np.flatnonzero(cands.passed & ~named)
        drawn = np.sort(
            np.random.default_rng(seed).choice(others, min(sample, len(others)), replace=False)
        )
        sampled = np.zeros(len(named), bool)
        sampled[drawn] = True
        keep = cands.passed & (named | sampled)
        subset = _Candidates(cands.proposed, cands.routes, keep, {})
        verify_start = time.perf_counter()
        matches, formulaic = _verify(
            subset, store, infos, load_embedder(), blocked, phrases, None, timer
        )
        verify_seconds = time.perf_counter() - verify_start
    out.write_text(
        json.dumps(
            {
                "seconds_before_verify": before_verify,
                "verify_seconds": verify_seconds,
                "verified": int(keep.sum()),
                "formulaic": formulaic,
                "sampled": [[infos[i].id, infos[j].id] for i, j in cands.proposed[drawn].tolist()],
                "screened": len(cands.pairs),
                "screened_characters": screened_characters(infos, cands.pairs),
                "model": timer.model,
                "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "stats": {f"seconds_{k}": v for k, v in timer.seconds.items()}
                | {f"candidates_{k}": v for k, v in cands.by_route.items()}
                | {f"verify_model_{k}": v for k, v in timer.model.items()}
                | {"candidates_proposed": len(cands.proposed), "candidates": len(cands.pairs)},
                "documents": len(infos),
                "matches": [
                    {"a": m.a, "b": m.b, "relation": m.relation, "retelling": m.scores.retelling}
                    for m in matches
                ],
                "candidates": [
                    [infos[i].id, infos[j].id, list(r), ok]
                    for (i, j), r, ok in zip(
                        cands.proposed.tolist(), cands.routes, cands.passed.tolist(), strict=True
                    )
                ],
            }
        ),
        encoding="utf-8",
    )


def run_datasketch(path: Path, out: Path) -> None:
    """Child process: datasketch MinHash (128 perms, word 5-grams, update_batch) + MinHashLSH
    at threshold 0.8 over the same documents; every document queried; pairs found."""
    from datasketch import MinHash, MinHashLSH

    since = started()
    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    hashes: dict[str, MinHash] = {}
    for d in read_jsonl(path):
        words = re.findall(r"\w+", d["text"].lower())
        shingles = {" ".join(words[i : i + 5]).encode() for i in range(max(1, len(words) - 4))}
        m = MinHash(num_perm=128)
        m.update_batch(list(shingles))
        lsh.insert(d["id"], m)
        hashes[d["id"]] = m
    pairs = set()
    for key, m in hashes.items():
        for other in lsh.query(m):
            if other != key:
                pairs.add(tuple(sorted((key, other))))
    figures = measured(since)
    out.write_text(
        json.dumps(
            {
                **figures,
                "documents": len(hashes),
                "pairs": sorted(pairs),
            }
        ),
        encoding="utf-8",
    )


def child(side: str, path: Path, *extra: str) -> dict:
    out = CACHE / f"scan-{side}.json"
    subprocess.run(
        [sys.executable, __file__, "--child", side, "--haystack", str(path), *extra], check=True
    )
    return json.loads(out.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- stories


def reuters_topics() -> dict[str, set[str]]:
    """Reuters-21578's topic labels by document id (the only story-like labels we hold)."""
    return {
        d["id"]: set(d.get("meta", {}).get("topics") or ())
        for d in read_jsonl(DATA / "scale" / "reuters21578" / "documents.jsonl")
    }


def connected_groups(matches: list[dict]) -> list[list[str]]:
    """Connected groups of documents under the related matches: the story rule before
    the sixteenth session (2026-12-04), measured on the same matches for comparison."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for m in matches:
        a, b = find(m["a"]), find(m["b"])
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[str, list[str]] = defaultdict(list)
    for x in list(parent):
        groups[find(x)].append(x)
    return list(groups.values())


def story_figures(groups: list[list[str]], matches: list[dict], topics: dict) -> dict:
    """Sizes, the share of each relation's matches inside one group, and how often two Reuters
    members of a group share a topic label (over member pairs that both have labels)."""
    group_of = {doc: k for k, members in enumerate(groups) for doc in members}
    inside: Counter = Counter()
    total: Counter = Counter()
    for m in matches:
        total[m["relation"]] += 1
        inside[m["relation"]] += group_of.get(m["a"], -1) == group_of.get(m["b"], -2)
    agree = pairs = 0
    for members in groups:
        labelled = [topics[d] for d in members if topics.get(d)]
        for x, y in itertools.combinations(labelled, 2):
            pairs += 1
            agree += bool(x & y)
    sizes = sorted((len(g) for g in groups), reverse=True)
    return {
        "groups": len(groups),
        "largest": sizes[:5],
        "median": sizes[len(sizes) // 2] if sizes else 0,
        "inside": {rel: inside[rel] / total[rel] for rel in sorted(total)},
        "topic_pairs": pairs,
        "topic_agreement": agree / pairs if pairs else None,
    }


def story_lines(ours: dict) -> list[str]:
    """The report's Stories section (full runs only: quick mode verifies a subset)."""
    if "stories" not in ours:
        return []
    topics = reuters_topics()
    rows = [
        ("stories (retold scan)", story_figures(ours["stories"], ours["matches"], topics)),
        (
            "connected groups (the rule before the sixteenth session)",
            story_figures(connected_groups(ours["matches"]), ours["matches"], topics),
        ),
    ]
    relations = sorted({rel for _, fig in rows for rel in fig["inside"]})
    lines = [
        "## Stories",
        "",
        "Story grouping on this run's related pairs (`docs/scan.md`, \"Stories and "
        'provenance"), against connected groups of the same pairs. *Topic agreement*: of the '
        "pairs of Reuters members of one group that both carry Reuters-21578 topic labels, the "
        "share with a label in common (a loose check: a story's reports should share a topic). "
        "*Inside*: the share of each relation's pairs whose two documents are in one group.",
        "",
        "| grouping | groups | largest | median size | topic agreement (pairs) | "
        + " | ".join(f"inside: {rel}" for rel in relations)
        + " |",
        "|---|---:|---|---:|---:|" + "---:|" * len(relations),
    ]
    for name, fig in rows:
        agreement = fig["topic_agreement"]
        lines.append(
            f"| {name} | {fig['groups']:,} | {', '.join(f'{n:,}' for n in fig['largest'])} "
            f"| {fig['median']} | "
            + ("—" if agreement is None else f"{agreement:.3f} ({fig['topic_pairs']:,})")
            + " | "
            + " | ".join(f"{fig['inside'].get(rel, 0):.2f}" for rel in relations)
            + " |"
        )
    return [*lines, ""]


# --------------------------------------------------------------------------- report


def recall_table(
    labelled: list[dict],
    found: set[frozenset[str]],
    candidates: set[frozenset[str]],
    screened: set[frozenset[str]],
    peer: set[frozenset[str]],
) -> list[tuple[str, int, float, float, float, float]]:
    by_label: dict[str, list[frozenset[str]]] = defaultdict(list)
    for p in labelled:
        key = frozenset((p["a"], p["b"]))
        by_label[f"{p['set']} / {p['label']}"].append(key)
        by_label["all"].append(key)
    rows = []
    for label, keys in sorted(by_label.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        n = len(keys)
        rows.append(
            (
                label,
                n,
                sum(k in candidates for k in keys) / n,
                sum(k in screened for k in keys) / n,
                sum(k in found for k in keys) / n,
                sum(k in peer for k in keys) / n,
            )
        )
    return rows


JUDGED = RESULTS / "scan-precision-judged.jsonl"
"""Unlabelled haystack pairs a reader has judged (``a``, ``b``, ``real``, ``why``, ``sample``,
``reader``): the 50 of the first judged sample, 300 more drawn from the full scan's
``rewrite`` / ``near_duplicate`` pairs, the seeded reads since and the 50 of the 2026-12-04
full run's ``scan-sample.md``, under the convention written in ``scan-precision.md``. Kept so
a new sample only needs its new pairs read."""


def judged_pairs() -> dict[frozenset[str], dict]:
    """Earlier judgements by pair (empty when the file is missing)."""
    if not JUDGED.exists():
        return {}
    return {frozenset((r["a"], r["b"])): r for r in read_jsonl(JUDGED)}


def pairs_to_read(
    matches: list[dict],
    docs: dict[str, dict],
    chars: int = 300,
    judged: dict[frozenset[str], dict] | None = None,
) -> list[str]:
    """Markdown for reading matched pairs: a numbered heading, the opening of both texts and a
    verdict line — an earlier reader's judgement when ``judged`` holds the pair, else blank."""
    lines: list[str] = []
    for k, m in enumerate(matches, 1):
        a, b = docs[m["a"]], docs[m["b"]]
        earlier = (judged or {}).get(frozenset((m["a"], m["b"])))
        verdict = (
            f"{'yes' if earlier['real'] else 'no'} — {earlier['why']} ({earlier['reader']})"
            if earlier
            else ""
        )
        lines += [
            f"## {k}. {m['relation']} ({m['retelling']:.2f}): {m['a']} / {m['b']}",
            "",
            f"- A: {a.get('title') or ''} — {_SPACE.sub(' ', a['text'])[:chars]}",
            f"- B: {b.get('title') or ''} — {_SPACE.sub(' ', b['text'])[:chars]}",
            f"- verdict: {verdict}",
            "",
        ]
    return lines


def screened_characters(infos: list, pairs: np.ndarray) -> int:
    """Characters of every document that has a screened pair (what a full verify embeds)."""
    return int(sum(infos[k].chars for k in np.unique(pairs).tolist()))


def projected_verify(run: dict) -> float:
    """Seconds a full verify would take, from a quick run's two measured rates.

    Verify embeds each document with a pair once (ahead of the comparisons, on background
    threads), then compares pairs: the seconds the comparisons waited for the model, per
    character, times the characters of every document with a screened pair, plus the other
    verify seconds per pair times the screened pairs. The verified pairs are mostly long PAN
    pages, so the per-pair part is on the high side for a wire archive, and so is the wait
    (a quick run has few pairs per document to compare while the next one is embedded).
    """
    model = run["model"]
    waited = model.get("wait_seconds", model["seconds"])  # runs before the model ran ahead
    per_character = waited / max(model["characters"], 1)
    per_pair = (run["verify_seconds"] - waited) / max(run["verified"], 1)
    return run["screened_characters"] * per_character + run["screened"] * per_pair


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N documents of each scale set")
    parser.add_argument(
        "--verify",
        choices=["all", "labelled"],
        default="all",
        help="labelled: run every stage on the whole haystack but verify only the labelled "
        "pairs, and project the full verify time from that rate (a quick run)",
    )
    parser.add_argument(
        "--child", choices=["retold", "retold-labelled", "datasketch"], help=argparse.SUPPRESS
    )
    parser.add_argument("--haystack", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--keys", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--sample", type=int, default=UNLABELLED_SAMPLE, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "retold-labelled":
        out = CACHE / f"scan-{args.child}.json"
        run_retold_labelled(args.haystack, out, args.keys, args.sample, args.seed)
        return
    if args.child:
        run = run_retold if args.child == "retold" else run_datasketch
        run(args.haystack, CACHE / f"scan-{args.child}.json")
        return

    path, labelled = build_haystack(args.limit)
    peer = child("datasketch", path)
    if args.verify == "labelled":
        keys = CACHE / "scan-labelled-keys.json"
        report_pairs = [[p["a"], p["b"]] for p in labelled if half(p) == "report"]
        exact_pairs = [sorted(p) for p in exact_duplicate_pairs(path)]
        keys.write_text(json.dumps(report_pairs + exact_pairs), encoding="utf-8")
        ours = child("retold-labelled", path, "--keys", str(keys))
        ours["seconds"] = ours["seconds_before_verify"] + projected_verify(ours)
        ours["projected"] = True
    else:
        ours = child("retold", path)
    docs = {d["id"]: d for d in read_jsonl(path)}

    derived = {frozenset((m["a"], m["b"])) for m in ours["matches"] if m["relation"] in DERIVED}
    candidates = {frozenset((a, b)) for a, b, _, _ in ours["candidates"]}
    screened = {frozenset((a, b)) for a, b, _, ok in ours["candidates"] if ok}
    peer_pairs = {frozenset(p) for p in peer["pairs"]}
    # The screen was fitted on the fit half of the labelled pairs: recall is read on the other.
    report_half = [p for p in labelled if half(p) == "report"]
    rows = recall_table(report_half, derived, candidates, screened, peer_pairs)

    exact = exact_duplicate_pairs(path)
    reported = {frozenset((m["a"], m["b"])) for m in ours["matches"]}
    exact_found = sum(p in reported for p in exact)

    labelled_keys = {frozenset((p["a"], p["b"])) for p in labelled}
    unlabelled = [m for m in ours["matches"] if frozenset((m["a"], m["b"])) not in labelled_keys]
    by_relation = Counter(m["relation"] for m in unlabelled)
    projection: list[str] = []
    if ours.get("projected"):
        # Quick mode: the precision pool is the random sample of screened pairs (the only
        # unlabelled pairs verified besides the exact duplicates).
        drawn = {frozenset(p) for p in ours["sampled"]} - labelled_keys
        unlabelled = [m for m in unlabelled if frozenset((m["a"], m["b"])) in drawn]
        found = Counter(m["relation"] for m in unlabelled)
        share = {rel: n / max(1, len(drawn)) for rel, n in found.items()}
        projection = [
            f"Random sample of {len(drawn):,} unlabelled screened pairs, verified: "
            + ", ".join(f"{rel} {found[rel]}" for rel in sorted(found))
            + f"; unrelated {len(drawn) - sum(found.values())}. Projected to all "
            f"{ours['screened']:,} screened pairs: "
            + ", ".join(f"{rel} ≈{share[rel] * ours['screened']:,.0f}" for rel in sorted(found)),
            "",
        ]
    pool = sorted(
        (m for m in unlabelled if m["relation"] in {"rewrite", "near_duplicate"}),
        key=lambda m: (m["a"], m["b"]),
    )
    sample = random.Random(0).sample(pool, min(50, len(pool)))

    n_docs = ours["documents"]
    flag = " --verify labelled" if ours.get("projected") else ""
    projected_note = (
        " (PROJECTED: verify of all screened pairs at the measured rates)"
        if ours.get("projected")
        else ""
    )
    mode = (
        "Quick mode (`--verify labelled`): every stage ran on the whole haystack, but only the "
        "screened pairs that are labelled (report half) or exact duplicates, plus a seeded "
        f"random sample of {UNLABELLED_SAMPLE} other screened pairs, were verified; the "
        "full-scan time below is a projection from that run's rates (the model's seconds per "
        "character of each document with a screened pair, the rest per pair), and the unlabelled "
        "counts below are those of the random sample (with their projection to all pairs)."
        if ours.get("projected")
        else "Full run: every screened candidate pair verified."
    )
    lines = [
        "# retold scan benchmark",
        "",
        f"Command: `.venv/bin/python bench/scan.py{flag}`. {mode}",
        "",
        f"Haystack: {n_docs:,} documents ({path.name}): Reuters-21578 + BBC News"
        + (f" (first {args.limit} of each)" if args.limit else "")
        + " + the documents of pan13-dev's reuse pairs with gold cases and of webis-cpc11-sample.",
        "",
        "## Recall of the labelled pairs (report half)",
        "",
        "The screen was fitted on the other half (bench/calibrate_screen.py); all labelled "
        "documents are in the haystack.",
        "",
        "| set / label | pairs | proposed by the routes | passed the screen "
        "| retold: reported derived | datasketch LSH 0.8 |",
        "|---|---:|---:|---:|---:|---:|",
        *[
            f"| {label} | {n} | {c:.3f} | {s:.3f} | {f:.3f} | {p:.3f} |"
            for label, n, c, s, f, p in rows
        ],
        "",
        f"Natural exact duplicates (Reuters/BBC, identical texts): {exact_found} of {len(exact)} "
        "pairs reported.",
        "",
        "## Unlabelled pairs reported",
        "",
        *[f"- {rel}: {n:,}" for rel, n in sorted(by_relation.items())],
        "",
        *projection,
        f"A seeded sample of {len(sample)} unlabelled rewrite/near_duplicate pairs is in "
        "`bench/results/scan-sample.md`.",
        "",
        *story_lines(ours),
        "## Speed and memory (one run, same documents, each side in its own process)",
        "",
        "| | wall s | docs/s | peak RSS MB | CPU s (cores busy) |",
        "|---|---:|---:|---:|---:|",
        *(
            [
                f"| retold up to the screen (measured) | {ours['seconds_before_verify']:.1f} "
                f"| {n_docs / ours['seconds_before_verify']:.0f} | | |",
                f"| retold verify of {ours['verified']:,} labelled pairs (measured) "
                f"| {ours['verify_seconds']:.1f} | | | |",
            ]
            if ours.get("projected")
            else []
        ),
        f"| retold scan{projected_note} "
        f"| {ours['seconds']:.1f} | {n_docs / ours['seconds']:.0f} | {rss_cell(ours)} "
        f"| {cpu_cell(ours)} |",
        f"| datasketch MinHashLSH 0.8 | {peer['seconds']:.1f} "
        f"| {peer['documents'] / peer['seconds']:.0f} | {peer['rss_mb']:.0f} "
        f"| {cpu_cell(peer)} |",
        f"| ratio retold / datasketch | {ours['seconds'] / peer['seconds']:.2f}× | | | |",
        "",
        "Stage times (s): "
        + ", ".join(
            f"{k.removeprefix('seconds_')} {v:.1f}"
            for k, v in ours["stats"].items()
            if k.startswith("seconds_")
        ),
        "",
        "Verify's sentence model: "
        + ", ".join(
            f"{k.removeprefix('verify_model_')} {v:,.0f}"
            for k, v in ours["stats"].items()
            if k.startswith("verify_model_")
        )
        + " (each document with a pair is embedded once, ahead of its first pair, on two "
        "threads; seconds are summed over them, wait_seconds is how long the comparisons "
        "waited)",
        "",
        "Candidate pairs: "
        + ", ".join(
            f"{k.removeprefix('candidates_') if k != 'candidates' else 'total'} {int(v):,}"
            for k, v in ours["stats"].items()
            if k.startswith("candidates")
        ),
        "",
    ]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "scan.md").write_text("\n".join(lines), encoding="utf-8")
    (RESULTS / "scan.json").write_text(
        json.dumps(
            {
                "recall": rows,
                "exact_duplicates": [exact_found, len(exact)],
                "unlabelled": by_relation,
                "retold": {k: ours.get(k) for k in (*RUN_FIGURES, "stats")},
                "datasketch": {k: peer.get(k) for k in RUN_FIGURES},
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    sample_lines = [
        "# Unlabelled rewrite/near_duplicate pairs: a seeded sample to read",
        "",
        "Pairs an earlier reader judged (`scan-precision-judged.jsonl`) carry that verdict; "
        "the blank ones are new.",
        "",
        *pairs_to_read(sample, docs, judged=judged_pairs()),
    ]
    (RESULTS / "scan-sample.md").write_text("\n".join(sample_lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
