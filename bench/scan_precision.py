"""Precision of what scan reports as a retelling, on pairs nobody labelled: a sample to read.

    .venv/bin/python bench/scan_precision.py [--sample 2500] [--seed 0] [--limit N]

Runs every stage of ``retold scan`` on the haystack of ``bench/scan.py`` (Reuters-21578 + BBC
News + the labelled documents) up to the screen, verifies a seeded random sample of the
screened pairs that are *not* labelled, and writes ``bench/results/scan-precision.md``
(``scan-precision-seedN.md`` for ``--seed N``): how the sample's verdicts split, and a seeded
50 of the pairs called ``rewrite`` or ``near_duplicate`` with the opening of both texts and a
verdict column for a reader to fill in (the issue's bar: ≥ 45 of 50 real). Nothing is judged
automatically: a reader decides, and the closing note says how. Pairs a reader judged before
(``bench/results/scan-precision-judged.jsonl``, 497 pairs) come with that verdict, so only new
pairs need reading; another ``--seed`` draws pairs mostly not read yet.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter

from _data import CACHE, half, read_jsonl
from scan import JUDGED, RESULTS, build_haystack, child, judged_pairs, pairs_to_read

SAMPLE = 2500
"""Screened unlabelled pairs verified (a seeded draw)."""

READ = 50
"""Pairs called rewrite or near_duplicate written out to read."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, default=SAMPLE, help="screened pairs to verify")
    parser.add_argument(
        "--seed", type=int, default=0, help="seed of both draws (another seed: pairs not read yet)"
    )
    parser.add_argument("--limit", type=int, help="only the first N documents of each scale set")
    args = parser.parse_args()
    path, labelled = build_haystack(args.limit)
    keys = CACHE / "scan-precision-keys.json"
    keys.write_text("[]", encoding="utf-8")  # name no pair: verify the random sample only
    ours = child(
        "retold-labelled",
        path,
        *("--keys", str(keys), "--sample", str(args.sample), "--seed", str(args.seed)),
    )
    labelled_keys = {frozenset((p["a"], p["b"])) for p in labelled}
    drawn = {frozenset(p) for p in ours["sampled"]} - labelled_keys
    found = [m for m in ours["matches"] if frozenset((m["a"], m["b"])) in drawn]
    counts = Counter(m["relation"] for m in found)
    counts["unrelated"] = len(drawn) - len(found)
    pool = sorted(
        (m for m in found if m["relation"] in {"rewrite", "near_duplicate"}),
        key=lambda m: (m["a"], m["b"]),
    )
    chosen = random.Random(args.seed).sample(pool, min(READ, len(pool)))
    docs = {d["id"]: d for d in read_jsonl(path)}
    lines = [
        "# Unlabelled pairs scan calls rewrite or near_duplicate: a seeded sample to read",
        "",
        f"Command: `.venv/bin/python bench/scan_precision.py --sample {args.sample}"
        + (f" --seed {args.seed}" if args.seed else "")
        + "`"
        + (f" --limit {args.limit}" if args.limit else "")
        + f". Haystack {path.name}: {ours['documents']:,} documents, "
        f"{ours['screened']:,} screened pairs; a seeded {len(drawn):,} of those that are not "
        "labelled were verified: "
        + ", ".join(f"{rel} {n:,}" for rel, n in sorted(counts.items()))
        + f" ({ours.get('formulaic', 0):,} verified pairs, labelled ones included, were called "
        "derived by the compare core but share only wording that is formulaic in the haystack, "
        "so the scan drops them: `_formulaic`)"
        + f". Below, a seeded {len(chosen)} of the {len(pool)} called rewrite or near_duplicate "
        "(pan13/webis pairs here are unlabelled combinations of labelled documents). "
        "Verdict column: a reader's judgement, filled in by hand.",
        "",
        f"Labelled pairs (both halves) excluded: {len(labelled_keys):,}; "
        f"report-half labelled pairs: {sum(half(p) == 'report' for p in labelled):,}.",
        "",
    ]
    judged = judged_pairs()
    keys = [frozenset((m["a"], m["b"])) for m in chosen]
    known = [judged[key] for key in keys if key in judged]
    lines += [
        f"Judged before (`bench/results/{JUDGED.name}`): {len(known)} of these {len(chosen)}, "
        f"{sum(r['real'] for r in known)} of them real; the other verdicts are blank, to read.",
        "",
    ]
    lines += pairs_to_read(chosen, docs, chars=400, judged=judged)
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "scan-precision.md" if args.seed == 0 else f"scan-precision-seed{args.seed}.md"
    (RESULTS / name).write_text("\n".join(lines), encoding="utf-8")
    (CACHE / "scan-precision.json").write_text(json.dumps(chosen), encoding="utf-8")
    print("\n".join(lines[:3]))


if __name__ == "__main__":
    main()
