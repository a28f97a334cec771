"""Scan growth benchmark: time per document of ``retold scan`` at 200k documents vs the haystack.

    .venv/bin/python bench/scan_growth.py                # haystack (~28.7k) and 200k
    .venv/bin/python bench/scan_growth.py --size 100000  # another target size

Corpora (JSONL under bench/cache/, never copied into the repository):

* ``base``: the haystack of bench/scan.py — Reuters-21578 + BBC News (23.8k real articles) plus
  the documents of pan13-dev's reuse pairs with gold cases and of webis-cpc11-sample.
* ``grown``: the base, then edited copies of its Reuters and BBC articles, round-robin (copy 1
  of every article, then copy 2, ...) until the corpus holds ``--size`` documents. Each copy is
  ``edited_record`` of bench/index.py (its docstring says exactly how: sentences shuffled within
  paragraphs with p = 0.3, dropped with p = 0.08 or duplicated with p = 0.04, each number's last
  digit changed with p = 0.3, 1-4 word substitutions from a fixed list, 0-2 chrome lines before
  and 0-3 after, an "Advertisement" line with p = 0.3), seeded by copy number and id.

Measured, each corpus in its own child process, the same code path: every scan stage up to and
including the screen (read, fingerprint, candidates, screen) over the whole corpus, then the
verify stage on a seeded random sample of ``VERIFY_SAMPLE`` screened pairs to get its rates.
Reported per corpus: stage times, documents/s up to the screen, candidate and screened
pair counts, pairs per document, the projected full time (up to the screen + a full verify
projected by ``bench/scan.projected_verify``: the sample's seconds waiting for the model per
character times the characters of every document with a screened pair, plus its other seconds
per pair times the screened pairs) and peak RSS. The issue's bar: time per document at 200k
within 1.3× of the 24k run.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from _data import CACHE, ROOT, read_jsonl
from index import edited_record
from scan import build_haystack, projected_verify, screened_characters

RESULTS = ROOT / "bench" / "results"
VERIFY_SAMPLE = 150
SCALE_PREFIXES = ("reuters21578/", "bbc-news/")


def grown_corpus(base: Path, size: int) -> Path:
    """The base haystack plus edited copies of its scale articles up to ``size`` documents."""
    target = CACHE / f"{base.stem}-grown-{size}.jsonl"
    if target.exists():
        return target
    records = list(read_jsonl(base))
    scale = [r for r in records if r["id"].startswith(SCALE_PREFIXES) and r.get("text")]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    copy = 1
    while len(lines) < size:
        for record in scale:
            if len(lines) >= size:
                break
            lines.append(json.dumps(edited_record(record, str(copy)), ensure_ascii=False))
        copy += 1
    temporary = target.with_suffix(".tmp")
    temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    temporary.replace(target)
    return target


def run_child(corpus: Path, out: Path) -> None:
    """Child process: stages up to the screen on ``corpus``, then a verify sample."""
    sys.path.insert(0, str(ROOT / "src"))
    import numpy as np

    from retold._embed import load_embedder
    from retold._scan import _Candidates, _candidates, _fingerprint, _read, _Timer, _verify
    from retold._scratch import ScratchStore
    from retold._static import load_static_embedder
    from retold.sources import iter_documents

    timer = _Timer()
    start = time.perf_counter()
    with ScratchStore() as store:
        infos, chrome = _read(iter_documents([corpus]), store, [], None, timer)
        prints = _fingerprint(store, infos, chrome, load_static_embedder(), None, 256, timer)
        cands = _candidates(prints, timer)
        blocked, phrases = prints.blocked, prints.phrases
        templates = prints.templates
        del prints
        before_verify = time.perf_counter() - start
        screened = np.flatnonzero(cands.passed)
        rng = np.random.default_rng(0)
        drawn = rng.choice(screened, min(VERIFY_SAMPLE, len(screened)), replace=False)
        keep = np.zeros(len(cands.passed), bool)
        keep[drawn] = True
        embedder = load_embedder()
        verify_start = time.perf_counter()
        _verify(
            _Candidates(cands.proposed, cands.routes, keep, {}),
            store,
            infos,
            embedder,
            blocked,
            phrases,
            None,
            timer,
        )
        verify_seconds = time.perf_counter() - verify_start
    out.write_text(
        json.dumps(
            {
                "documents": len(infos),
                "seconds_before_verify": before_verify,
                "stages": dict(timer.seconds),
                "proposed": len(cands.proposed),
                "screened": int(cands.passed.sum()),
                "template_shapes": templates,
                "verified": int(keep.sum()),
                "verify_seconds": verify_seconds,
                "model": timer.model,
                "screened_characters": screened_characters(infos, cands.pairs),
                "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        ),
        encoding="utf-8",
    )


def measure(name: str, corpus: Path) -> dict:
    out = CACHE / f"scan-growth-{name}.json"
    subprocess.run(
        [sys.executable, __file__, "--child", str(corpus), "--out", str(out)], check=True
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    data["projected_seconds"] = data["seconds_before_verify"] + projected_verify(data)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=200_000, help="documents in the grown corpus")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child, args.out)
        return
    base, _ = build_haystack(None)
    grown = grown_corpus(base, args.size)
    runs = {"base": measure("base", base), "grown": measure(f"{args.size}", grown)}
    b, g = runs["base"], runs["grown"]

    def per_doc(run: dict, key: str) -> float:
        return 1000 * run[key] / run["documents"]

    ratio_screen = per_doc(g, "seconds_before_verify") / per_doc(b, "seconds_before_verify")
    ratio_total = per_doc(g, "projected_seconds") / per_doc(b, "projected_seconds")
    rows = [
        ("documents", f"{b['documents']:,}", f"{g['documents']:,}", ""),
        *[
            (
                f"{stage} s",
                f"{b['stages'].get(stage, 0):.1f}",
                f"{g['stages'].get(stage, 0):.1f}",
                "",
            )
            for stage in ("read", "fingerprint", "candidates", "screen")
        ],
        (
            "ms per document up to the screen",
            f"{per_doc(b, 'seconds_before_verify'):.2f}",
            f"{per_doc(g, 'seconds_before_verify'):.2f}",
            f"{ratio_screen:.2f}×",
        ),
        ("candidate pairs proposed", f"{b['proposed']:,}", f"{g['proposed']:,}", ""),
        ("pairs passing the screen", f"{b['screened']:,}", f"{g['screened']:,}", ""),
        (
            "screened pairs per document",
            f"{b['screened'] / b['documents']:.2f}",
            f"{g['screened'] / g['documents']:.2f}",
            "",
        ),
        (
            f"verify s per pair (sample of {VERIFY_SAMPLE})",
            f"{b['verify_seconds'] / max(1, b['verified']):.3f}",
            f"{g['verify_seconds'] / max(1, g['verified']):.3f}",
            "",
        ),
        (
            "ms per document, projected full scan",
            f"{per_doc(b, 'projected_seconds'):.1f}",
            f"{per_doc(g, 'projected_seconds'):.1f}",
            f"{ratio_total:.2f}×",
        ),
        ("template shapes", f"{b['template_shapes']}", f"{g['template_shapes']}", ""),
        ("peak RSS MB", f"{b['rss_mb']:.0f}", f"{g['rss_mb']:.0f}", ""),
    ]
    lines = [
        "# retold scan growth benchmark",
        "",
        f"Command: `.venv/bin/python bench/scan_growth.py --size {args.size}`. Each corpus in "
        "its own process; every stage up to the screen on the whole corpus, verify on a seeded "
        f"sample of {VERIFY_SAMPLE} screened pairs (its rates project the full verify). "
        "The grown corpus is the haystack plus edited copies of its Reuters/BBC articles "
        "(bench/index.py's `edited_record`; see this script's docstring).",
        "",
        "| | haystack | grown | grown / haystack per document |",
        "|---|---:|---:|---:|",
        *[f"| {a} | {b_} | {c} | {d} |" for a, b_, c, d in rows],
        "",
        "Bar: time per document at 200k within 1.3× of the 24k run.",
        "",
    ]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "scan-growth.md").write_text("\n".join(lines), encoding="utf-8")
    (RESULTS / "scan-growth.json").write_text(json.dumps(runs, indent=2), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
