"""Fit retold's calibrated constants on the fit halves of ../shared/data/dev.

    .venv/bin/python bench/calibrate.py            # fit and print
    .venv/bin/python bench/calibrate.py --write    # also rewrite src/retold/_calibration.py

Sentence links (msrp-train, fit half): the matrix and pair logistic models; the L2 strength is
picked by 5-fold cross-validation inside the fit half, the decision threshold by accuracy on it.
Documents (``--docs``; pan13-dev and webis-cpc11-sample, fit halves pooled): the retelling
model (logistic over ``retold._verdict.DOC_FEATURES``), ``DERIVED_THRESHOLD`` (best balanced
accuracy of "derived" vs pan13's ``no-plagiarism``), and the passage settings (best plagdet of
the aligned passages against pan13's gold cases).
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

from _data import ROOT, EmbeddingCache, gold_cases, half, load_set
from retold._lexical import containment, overlap_matrices
from retold._linkscore import fit_logistic, matrix_features, pair_features


def msrp_features() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(matrix features, pair features, labels, is-fit-half) for every MSRP-train pair."""
    docs, pairs = load_set("msrp-train")
    cache = EmbeddingCache("msrp-train")
    a_texts = [docs[p["a"]]["text"] for p in pairs]
    b_texts = [docs[p["b"]]["text"] for p in pairs]
    # one sentence is one document: each is embedded alone, as `retold compare` would
    va = np.vstack([cache.embed([t]) for t in a_texts])
    vb = np.vstack([cache.embed([t]) for t in b_texts])
    cache.save()
    mat, full = [], []
    for i, (a, b) in enumerate(zip(a_texts, b_texts, strict=True)):
        row = matrix_features(np.array([[va[i] @ vb[i]]]), overlap_matrices([a], [b]))[0, 0]
        mat.append(row)
        full.append(pair_features(a, b, row))
    labels = np.array([p["label"] for p in pairs])
    fit = np.array([half(p) == "fit" for p in pairs])
    return np.array(mat), np.array(full), labels, fit


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """The threshold with the best accuracy, and that accuracy."""
    candidates = np.unique(scores)
    accuracy = [((scores >= t) == labels).mean() for t in candidates]
    k = int(np.argmax(accuracy))
    return float(candidates[k]), float(accuracy[k])


def probability(x: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(x @ w + b)))


def choose_l2(x: np.ndarray, y: np.ndarray) -> float:
    """Pick the L2 strength by 5-fold cross-validated accuracy (fit half only)."""
    folds = np.random.default_rng(0).integers(0, 5, len(y))
    best, best_acc = 1e-3, -1.0
    for l2 in (1e-3, 1e-1, 1.0, 10.0):
        accs = []
        for k in range(5):
            train = folds != k
            w, b = fit_logistic(x[train], y[train], l2=l2)
            t, _ = best_threshold(probability(x[train], w, b), y[train])
            accs.append(((probability(x[~train], w, b) >= t) == y[~train]).mean())
        if np.mean(accs) > best_acc:
            best, best_acc = l2, float(np.mean(accs))
    return best


def fit_links() -> dict[str, object]:
    mat, full, y, fit = msrp_features()
    out: dict[str, object] = {}
    for name, x in (("MATRIX", mat), ("PAIR", full)):
        l2 = choose_l2(x[fit], y[fit])
        w, b = fit_logistic(x[fit], y[fit], l2=l2)
        t, acc = best_threshold(probability(x[fit], w, b), y[fit])
        report = ((probability(x[~fit], w, b) >= t) == y[~fit]).mean()
        print(f"{name:6} l2={l2:g} threshold={t:.3f} fit acc={acc:.4f} report acc={report:.4f}")
        out[f"{name}_WEIGHTS"] = tuple(round(float(v), 6) for v in w)
        out[f"{name}_BIAS"] = round(b, 6)
        if name == "PAIR":
            out["LINK_THRESHOLD"] = round(t, 4)
    t_cos, acc = best_threshold(mat[fit, 0], y[fit])
    print(f"COSINE threshold={t_cos:.3f} fit acc={acc:.4f}")
    out["SENTENCE_COSINE"] = round(t_cos, 4)
    return out


PRECISION_TARGET = 0.975
"""DERIVED_THRESHOLD is the lowest threshold whose precision of "derived" on pan13-dev's fit half
reaches this (the issue asks ≥ 0.97 on the report half; the margin absorbs the split)."""

EXTEND_GRID = (0.05,)
"""EXTEND_THRESHOLD values tried (best fit-half plagdet wins). 0.1 and 0.2 were tried on
2026-11-22 and lost (plagdet 0.697 and 0.674 against 0.707); pass more to re-check."""


def _pairs_with_mismatches(name: str, pairs: list[dict]) -> list[dict]:
    """For webis (positives only), add each fit pair's A with another fit pair's B as a negative.

    Without negatives of its own, short webis texts would teach the retelling model that
    "short" means "derived"; mismatched passages keep it honest. Used only for fitting.
    """
    if name != "webis-cpc11-sample":
        return pairs
    fit = sorted((p for p in pairs if half(p) == "fit"), key=lambda p: p["a"])
    mismatched = []
    for k, x in enumerate(fit):
        # the next pair with another original (several rewrites share one original)
        other = next(y for y in fit[k + 1 :] + fit[:k] if y["a"] != x["a"])
        mismatched.append(
            {"a": x["a"], "b": other["b"], "label": "mismatched (negative)", "fit_only": True}
        )
    return pairs + mismatched


def doc_records(name: str) -> list[dict]:
    """Alignment-derived features of every fit-half pair of one document set."""
    from quality import Scorer, positive
    from retold._compare import align_pair
    from retold._verdict import document_features

    docs, pairs = load_set(name)
    scorer = Scorer(name, docs)
    out = []
    for pair in _pairs_with_mismatches(name, pairs):
        if half(pair) != "fit" and not pair.get("fit_only"):
            continue
        record = {"label": pair["label"], "has_cases": bool(pair.get("cases"))}
        is_positive = False if pair.get("fit_only") else positive(record)
        if is_positive is None:
            continue
        a, b = scorer.prepare(pair["a"]), scorer.prepare(pair["b"])
        aligned = align_pair(a.sentences, b.sentences, a.vectors, b.vectors)
        alignment = aligned.strict
        lexical = containment(scorer.shingle_set(pair["a"]), scorer.shingle_set(pair["b"]))
        record["features"] = document_features(
            a.sentences, b.sentences, a.vectors, b.vectors, lexical, alignment, aligned.matches
        )
        record["positive"] = bool(is_positive)
        record["pan"] = name == "pan13-dev"
        record["key"] = f"{pair['a']}|{pair['b']}"
        record["cases"] = gold_cases(pair)
        record["links"] = alignment.links
        record["sentences"] = (a.sentences, b.sentences)
        out.append(record)
    scorer.cache.save()
    return out


def precision_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    """The lowest threshold at which precision reaches PRECISION_TARGET (see there)."""
    for t in np.unique(scores):
        predicted = scores >= t
        if predicted.any() and labels[predicted].mean() >= PRECISION_TARGET:
            return float(t)
    return float(scores.max())


def best_passages(records: list[dict], derived: set[str]) -> tuple[float, int, float]:
    """(plagdet, gap, min_mass) of the best passage settings on pan13's fit half."""
    import retold._calibration as cal
    from quality import plagdet
    from retold._align import _passages

    best = (-1.0, cal.PASSAGE_GAP, cal.PASSAGE_MIN_MASS)
    for gap in (2, 3, 4, 6, 8):
        for min_mass in (0.5, 1.0, 1.5):
            cal.PASSAGE_GAP, cal.PASSAGE_MIN_MASS = gap, min_mass
            detections, cases = [], []
            for r in records:
                cases.extend((r["key"], *c) for c in r["cases"])
                if r["key"] in derived:
                    for q in _passages(list(r["links"]), *map(list, r["sentences"])):
                        detections.append((r["key"], q.a_start, q.a_end, q.b_start, q.b_end))
            score = plagdet(detections, cases)
            if score["plagdet"] > best[0]:
                best = (score["plagdet"], gap, min_mass)
                summary = ", ".join(f"{k} {v:.3f}" for k, v in score.items())
                print(f"    gap={gap} min_mass={min_mass}: {summary}")
    return best


def fit_documents() -> dict[str, object]:
    """Fit the retelling model and pick the alignment/passage settings (see module doc)."""
    import retold._calibration as cal

    chosen: dict[str, object] = {}
    best_plagdet = -1.0
    for extend in EXTEND_GRID:
        cal.EXTEND_THRESHOLD = extend
        records = doc_records("pan13-dev") + doc_records("webis-cpc11-sample")
        x = np.stack([r["features"] for r in records])
        y = np.array([r["positive"] for r in records])
        pan = np.array([r["pan"] for r in records])
        labels = np.array([r["label"] for r in records])
        l2 = choose_l2(x, y)
        w, b = fit_logistic(x, y, l2=l2)
        p = probability(x, w, b)
        t = precision_threshold(p[pan], y[pan])
        recall = {
            str(k): round(float((p[labels == k] >= t).mean()), 3) for k in sorted(set(labels))
        }
        print(f"EXTEND={extend} DOC l2={l2:g} threshold={t:.3f} derived share (fit): {recall}")
        derived = {r["key"] for r, q in zip(records, p, strict=True) if q >= t}
        score, gap, min_mass = best_passages([r for r in records if r["pan"]], derived)
        print(f"  best plagdet (fit) {score:.4f} at gap={gap} min_mass={min_mass}")
        if score > best_plagdet:
            best_plagdet = score
            chosen = {
                "DOC_WEIGHTS": tuple(round(float(v), 6) for v in w),
                "DOC_BIAS": round(b, 6),
                "DERIVED_THRESHOLD": round(t, 4),
                "PASSAGE_GAP": gap,
                "PASSAGE_MIN_MASS": min_mass,
                "EXTEND_THRESHOLD": extend,
            }
    return chosen


def _literal(value: object) -> str:
    """A constant as ruff-formatted source: tuples one value per line."""
    if isinstance(value, tuple):
        return "(\n" + "".join(f"    {v!r},\n" for v in value) + ")"
    return repr(value)


def write_constants(values: dict[str, object]) -> None:
    """Replace the calibrated block of src/retold/_calibration.py, keeping its other values."""
    path = ROOT / "src" / "retold" / "_calibration.py"
    text = path.read_text(encoding="utf-8")
    begin, end = "# --- calibrated: begin", "# --- calibrated: end ---"
    head, rest = text.split(begin, 1)
    block, tail = rest.split(end, 1)
    current: dict[str, object] = {}
    exec(block.split("\n", 1)[1], {}, current)  # our own file: the block is plain literals
    current = {k: v for k, v in current.items() if not k.startswith("__")}
    merged = {**current, **values}
    lines = [f"{begin} (bench/calibrate.py) ---"]
    for key, value in merged.items():
        kind = {tuple: "tuple[float, ...]", int: "int"}.get(type(value), "float")
        lines.append(f"{key}: {kind} = {_literal(value)}")
    path.write_text(head + "\n".join(lines) + "\n" + end + tail, encoding="utf-8")
    print(f"wrote {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite _calibration.py")
    parser.add_argument("--docs", action="store_true", help="fit the document-level constants")
    args = parser.parse_args()
    from retold._threads import small_products

    with small_products():  # one BLAS thread: many small products (see retold._threads)
        values = fit_documents() if args.docs else fit_links()
    if args.write:
        write_constants(values)
    else:
        print(values)


if __name__ == "__main__":
    sys.exit(main())
