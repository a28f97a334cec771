"""Choose the verbatim-run constants of ``retold._verbatim`` on pan13-dev's fit half.

    .venv/bin/python bench/calibrate_verbatim.py            # grid on the fit half, print
    .venv/bin/python bench/calibrate_verbatim.py --half report   # the same grid, report half

Every pair of the half is compared once (``compare_prepared``), recording what
``reported_passages`` was given; then each grid point re-runs only ``reported_passages`` with
the constants set, and scores the passages of the pairs judged derived against PAN's gold
cases with plagdet, exactly as ``bench/quality.py`` does (detections of no-plagiarism pairs
judged derived count against precision). The constants with the best plagdet are printed; copy
them into ``src/retold/_verbatim.py`` by hand.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Callable

from _data import gold_cases, half, load_set
from quality import Scorer, plagdet
from retold import _compare, _exact, _verbatim
from retold._threads import small_products

GRID = {
    "SEED_WORDS": (5, 6, 8),
    "SEED_GAP": (10, 30),
    "MIN_SEEDS": (8, 12, 16, 24),
    "MERGE_SLACK": (200, 400, 800, 1600),
}


def record_pairs(which: str, progress: Callable[[str], None]) -> tuple[list, list]:
    """(calls, cases): the arguments of every ``reported_passages`` call, keyed by pair."""
    docs, pairs = load_set("pan13-dev")
    scorer = Scorer("pan13-dev", docs)
    calls: list[tuple[str, tuple]] = []
    cases: list[tuple] = []
    real = _compare.reported_passages

    def spy(*args: object) -> tuple:
        calls.append((key, args))
        return real(*args)

    _compare.reported_passages = spy
    chosen = [
        p for p in pairs if half(p) == which and (p["label"] == "no-plagiarism" or p.get("cases"))
    ]
    start = time.time()
    try:
        with small_products():
            for n, pair in enumerate(chosen, 1):
                key = f"{pair['a']}|{pair['b']}"
                cases.extend((key, *c) for c in gold_cases(pair))
                _compare.compare_prepared(scorer.prepare(pair["a"]), scorer.prepare(pair["b"]))
                if n % 500 == 0:
                    progress(f"{n}/{len(chosen)} pairs, {n / (time.time() - start):.1f} pairs/s")
    finally:
        _compare.reported_passages = real
        scorer.cache.save()
    return calls, cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--half", default="fit", choices=("fit", "report"))
    args = parser.parse_args()

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    calls, cases = record_pairs(args.half, progress)
    derived = [(key, call) for key, call in calls if call[1]]
    progress(f"{len(calls)} pairs compared, {len(derived)} judged derived")
    runs_cache: dict[tuple, list] = {}
    real_runs = _verbatim.verbatim_runs

    def cached_runs(a_text: str, b_text: str) -> list:
        key = (a_text, b_text, _verbatim.SEED_WORDS, _verbatim.SEED_GAP)
        if key not in runs_cache:
            runs_cache[key] = real_runs(a_text, b_text)
        return runs_cache[key]

    _exact.verbatim_runs = cached_runs
    results = []
    names = list(GRID)
    for values in itertools.product(*GRID.values()):
        for name, value in zip(names, values, strict=True):
            setattr(_verbatim, name, value)
        detections = [
            (key, p.a_start, p.a_end, p.b_start, p.b_end)
            for key, call in derived
            for p in _exact.reported_passages(*call)
        ]
        score = plagdet(detections, cases)
        results.append((score["plagdet"], values, score))
        print(
            " ".join(f"{n}={v}" for n, v in zip(names, values, strict=True)),
            " ".join(f"{k} {v:.4f}" for k, v in score.items()),
            flush=True,
        )
    best = max(results, key=lambda r: r[0])
    print("best:", dict(zip(names, best[1], strict=True)), best[2])


if __name__ == "__main__":
    main()
