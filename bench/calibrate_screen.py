"""Fit the scan's screen (``retold/_screen.py``) to predict the compare core's own verdict.

    .venv/bin/python bench/calibrate_screen.py           # fit and print
    .venv/bin/python bench/calibrate_screen.py --write   # also rewrite the screen block

Data: the scan haystack of ``bench/scan.py`` (Reuters + BBC + the documents of the labelled
reuse pairs). Its candidate routes propose pairs; a sample of them — every proposed pair that is
a labelled reuse pair of the *fit* half, plus a seeded random sample of the unlabelled ones — is
verified with the compare core (MiniLM, the real verdict). The screen is a logistic model from
the cheap features to "compare says related" (any relation but ``unrelated``); its threshold is
the highest that keeps ≥ 99% of the related labelled pairs and ≥ 98% of all related pairs
(unlabelled ones weighted by their sampling rate). The report half of the labelled pairs is
left for ``bench/scan.py``.
"""

from __future__ import annotations

import argparse
import json
import random
import re

import numpy as np

from _data import CACHE, ROOT, half
from retold._compare import block_sentences, compare_prepared, prepare
from retold._embed import load_embedder
from retold._linkscore import fit_logistic
from retold._minhash import unique_pairs
from retold._neighbours import centred
from retold._scan import _fingerprint, _read, _Timer, propose, screen_matrix
from retold._scratch import ScratchStore
from retold._screen import SCREEN_FEATURES
from retold._static import load_static_embedder
from retold.sources import iter_documents
from scan import build_haystack

CALIBRATION = ROOT / "src" / "retold" / "_calibration.py"
UNLABELLED_SAMPLE = 2000
LABELLED_RECALL = 0.99
OVERALL_RECALL = 0.98
SAMPLE_VERSION = 2
"""Bumped when the verdicts the sample caches would change (2: corpus template sentences)."""


def sample_and_verify() -> dict:
    """Features and compare verdicts of the sampled candidate pairs (cached on disk)."""
    path, labelled = build_haystack(None)
    cache = CACHE / f"screen-{path.stem}-v{SAMPLE_VERSION}.json"
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    fit = {frozenset((p["a"], p["b"])) for p in labelled if half(p) == "fit"}
    report = {frozenset((p["a"], p["b"])) for p in labelled if half(p) == "report"}
    timer = _Timer()
    with ScratchStore() as store:
        infos, chrome = _read(iter_documents([path]), store, [], None, timer)
        prints = _fingerprint(store, infos, chrome, load_static_embedder(), None, 256, timer)
        vectors = centred(np.stack(prints.vectors))
        proposed = unique_pairs(list(propose(prints, vectors).values()))
        keys = [frozenset((infos[i].id, infos[j].id)) for i, j in proposed.tolist()]
        chosen_fit = [k for k, key in enumerate(keys) if key in fit]
        unlabelled = [k for k, key in enumerate(keys) if key not in fit and key not in report]
        chosen_other = sorted(random.Random(0).sample(unlabelled, UNLABELLED_SAMPLE))
        chosen = chosen_fit + chosen_other
        features = screen_matrix(prints, vectors, proposed[chosen])
        embedder = load_embedder()
        prepared: dict[int, object] = {}
        relations = []
        for n, (i, j) in enumerate(proposed[chosen].tolist()):
            for p in (i, j):
                if p not in prepared:
                    prepared[p] = prepare(store.get(p), embedder)
                    if p in prints.blocked:
                        prepared[p] = block_sentences(prepared[p], prints.blocked[p])
            relations.append(compare_prepared(prepared[i], prepared[j]).relation)
            if n % 200 == 0:
                print(f"verified {n}/{len(chosen)}", flush=True)
    data = {
        "features": features.tolist(),
        "related": [relation != "unrelated" for relation in relations],
        "relations": relations,
        "pairs": [[infos[i].id, infos[j].id] for i, j in proposed[chosen].tolist()],
        "labelled": [True] * len(chosen_fit) + [False] * len(chosen_other),
        "unlabelled_rate": len(chosen_other) / max(1, len(unlabelled)),
        "proposed": len(proposed),
    }
    cache.write_text(json.dumps(data), encoding="utf-8")
    return data


def fit(data: dict) -> tuple[np.ndarray, float, float, list[str]]:
    x = np.array(data["features"])
    y = np.array(data["related"], bool)
    labelled = np.array(data["labelled"], bool)
    weight = np.where(labelled, 1.0, 1.0 / data["unlabelled_rate"])
    weights, bias = fit_logistic(x, y)
    p = 1.0 / (1.0 + np.exp(-(x @ weights + bias)))
    best = 0.0
    for t in np.unique(np.round(p, 4))[::-1]:
        keep = p >= t
        lab_recall = keep[y & labelled].mean() if (y & labelled).any() else 1.0
        all_recall = (weight * keep)[y].sum() / weight[y].sum()
        if lab_recall >= LABELLED_RECALL and all_recall >= OVERALL_RECALL:
            best = float(t)
            break
    keep = p >= best
    lines = [
        f"sampled pairs: {len(y)} ({labelled.sum()} labelled fit-half, {(~labelled).sum()} "
        f"unlabelled of {data['proposed']:,} proposed); related by compare: "
        f"labelled {y[labelled].mean():.3f}, unlabelled {y[~labelled].mean():.3f}",
        f"threshold {best:.4f}: recall of related labelled {keep[y & labelled].mean():.3f}, "
        f"of all related (weighted) {(weight * keep)[y].sum() / weight[y].sum():.3f}; "
        f"share of proposed pairs passing (weighted) {(weight * keep).sum() / weight.sum():.3f}",
    ]
    return weights, bias, best, lines


def write_block(weights: np.ndarray, bias: float, threshold: float) -> None:
    text = CALIBRATION.read_text(encoding="utf-8")
    block = (
        "# --- screen calibrated: begin (bench/calibrate_screen.py) ---\n"
        "SCREEN_WEIGHTS: tuple[float, ...] = (\n"
        + "".join(f"    {w:.6g},\n" for w in weights)
        + ")\n"
        f"SCREEN_BIAS: float = {bias:.6g}\n"
        f"SCREEN_THRESHOLD: float = {threshold:.4g}\n"
        "# --- screen calibrated: end ---"
    )
    text = re.sub(
        r"# --- screen calibrated: begin.*?# --- screen calibrated: end ---",
        block,
        text,
        flags=re.S,
    )
    CALIBRATION.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="rewrite the screen block")
    args = parser.parse_args()
    weights, bias, threshold, lines = fit(sample_and_verify())
    print("\n".join(lines))
    print("weights:", dict(zip(SCREEN_FEATURES, np.round(weights, 3), strict=True)), bias)
    if args.write:
        write_block(weights, bias, threshold)
        print(f"wrote {CALIBRATION}")


if __name__ == "__main__":
    main()
