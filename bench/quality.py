"""Quality of ``retold.compare`` against four baselines on the labelled pairs of ../shared/data/dev.

    .venv/bin/python bench/quality.py                 # full run, writes bench/results/quality.*
    .venv/bin/python bench/quality.py --limit 300     # quick look on a sample, printed only

Every row's threshold (retold's included) is chosen on the *fit* half of the data and every
figure is reported on the *report* half (halves: ``_data.half``). Rows:

* ``retold``: the retelling score (ROC-AUC) and the verdict (derived = duplicate, near_duplicate,
  rewrite, partial_reuse); plagdet of its aligned passages against PAN's gold cases.
* ``retold (files)``: the same, with each text loaded as ``retold compare FILE``, scan and the
  index load it (``retold._load.parse_record``: unwrapping, chrome lines, the record's title and
  source); no plagdet (gold offsets index the text as given). A record the loader refuses (an
  empty text) counts as not derived.
* ``minhash``: datasketch MinHash Jaccard, 128 permutations, word 5-grams.
* ``containment``: exact word-5-gram containment |A∩B| / min(|A|, |B|).
* ``doc-cosine``: whole-document all-MiniLM-L6-v2 cosine (the model sees the first 256 tokens).
* ``sent-coverage``: share of the shorter text's sentences whose best MiniLM match in the other
  has cosine ≥ t, with t chosen on msrp-train's fit half.

pan13-dev positives are the pairs with gold cases; negatives are ``no-plagiarism``; case-less
``summary`` pairs are reported apart (see ../shared/data/README.md). Every row's threshold is
the lowest one whose precision of "derived" on pan13-dev's fit half reaches
``calibrate.PRECISION_TARGET`` (webis-cpc11-sample has only positives, so it cannot choose a
threshold). msrp-train measures the sentence link decision.

The ``retold`` row compares the texts as the dev sets give them (``Document(text=...)``), because
PAN's gold cases are character offsets into that text; ``retold (files)`` measures the loader's
path, so a cleaning step that cuts sentences apart shows as a gap between the two rows.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable

import numpy as np

from _data import ROOT, EmbeddingCache, gold_cases, half, load_set
from retold import _calibration as cal
from retold._compare import PreparedDocument, compare_prepared, prepare_embedded
from retold._exceptions import InputError
from retold._lexical import containment, shingles
from retold._load import parse_record
from retold._segment import split_sentences
from retold._threads import small_products
from retold.model import DERIVED_RELATIONS, Document

RESULTS = ROOT / "bench" / "results"


# ---------------------------------------------------------------- metrics


def roc_auc(scores: list[float], labels: list[bool]) -> float:
    """Area under the ROC curve (ties count half), by ranks."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not pos or not neg:
        return float("nan")
    order = np.argsort(np.array(pos + neg), kind="mergesort")
    ranks = np.empty(len(order))
    values = np.array(pos + neg)[order]
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    rank_pos = ranks[: len(pos)].sum()
    return float((rank_pos - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def prf(predicted: list[bool], labels: list[bool]) -> tuple[float, float, float]:
    tp = sum(p and y for p, y in zip(predicted, labels, strict=True))
    fp = sum(p and not y for p, y in zip(predicted, labels, strict=True))
    fn = sum(y and not p for p, y in zip(predicted, labels, strict=True))
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return precision, recall, f1


def precision_threshold(scores: list[float], labels: list[bool], target: float) -> float:
    """The lowest threshold whose precision of "derived" reaches ``target`` on these pairs.

    The same rule picks every row's threshold (retold's DERIVED_THRESHOLD included, in
    ``bench/calibrate.py``), on pan13-dev's fit half, where there are negatives.
    """
    values = np.array(scores)
    truth = np.array(labels)
    for t in np.unique(values):
        predicted = values >= t
        if predicted.any() and truth[predicted].mean() >= target:
            return float(t)
    return float(values.max())


def plagdet(
    detections: list[tuple[str, int, int, int, int]], cases: list[tuple[str, int, int, int, int]]
) -> dict[str, float]:
    """PAN's plagdet over (pair key, a_start, a_end, b_start, b_end) detections and cases.

    Precision and recall are macro-averaged over detections and cases, counting characters of
    both documents; granularity is the mean number of detections per detected case.
    """

    def size(x: tuple[str, int, int, int, int]) -> int:
        return (x[2] - x[1]) + (x[4] - x[3])

    def overlap(r: tuple[str, int, int, int, int], s: tuple[str, int, int, int, int]) -> int:
        if r[0] != s[0]:
            return 0
        oa = max(0, min(r[2], s[2]) - max(r[1], s[1]))
        ob = max(0, min(r[4], s[4]) - max(r[3], s[3]))
        return oa + ob if oa > 0 and ob > 0 else 0

    by_pair_det: dict[str, list] = defaultdict(list)
    for d in detections:
        by_pair_det[d[0]].append(d)
    by_pair_case: dict[str, list] = defaultdict(list)
    for c in cases:
        by_pair_case[c[0]].append(c)
    recall_sum, detected, gran_sum = 0.0, 0, 0
    for s in cases:
        hits = [r for r in by_pair_det[s[0]] if overlap(r, s)]
        covered = _union_cover(s, hits)
        recall_sum += covered / max(size(s), 1)
        if hits:
            detected += 1
            gran_sum += len(hits)
    precision_sum = 0.0
    for r in detections:
        hits = [s for s in by_pair_case[r[0]] if overlap(r, s)]
        precision_sum += _union_cover(r, hits) / max(size(r), 1)
    precision = precision_sum / len(detections) if detections else 0.0
    recall = recall_sum / len(cases) if cases else 0.0
    granularity = gran_sum / detected if detected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "plagdet": f1 / math.log2(1 + granularity),
        "precision": precision,
        "recall": recall,
        "granularity": granularity,
    }


def _union_cover(x: tuple[str, int, int, int, int], others: list) -> int:
    """Characters of ``x`` (both sides) covered by the union of ``others``."""
    total = 0
    for lo, hi, olo, ohi in ((1, 2, 1, 2), (3, 4, 3, 4)):
        spans = sorted((max(x[lo], o[olo]), min(x[hi], o[ohi])) for o in others)
        end = -1
        for start, stop in spans:
            start = max(start, end)
            if stop > start:
                total += stop - start
                end = stop
    return total


# ---------------------------------------------------------------- scoring


class Scorer:
    """Prepares documents once (sentences, vectors) and scores pairs with every row."""

    def __init__(self, dataset: str, docs: dict[str, dict]) -> None:
        self.docs = docs
        self.cache = EmbeddingCache(dataset)
        self.prepared: dict[str, PreparedDocument] = {}
        self.loaded: dict[str, PreparedDocument] = {}
        self.doc_vectors: dict[str, np.ndarray] = {}
        self.shingles: dict[str, set] = {}
        self.minhash: dict[str, object] = {}

    def prepare(self, doc_id: str) -> PreparedDocument:
        """The document as the dev set gives it, text untouched."""
        if doc_id not in self.prepared:
            record = self.docs[doc_id]
            self.prepared[doc_id] = self._embedded(Document(id=doc_id, text=record["text"]))
        return self.prepared[doc_id]

    def prepare_loaded(self, doc_id: str) -> PreparedDocument:
        """The document as ``retold compare FILE`` loads the record (cleaned text, metadata)."""
        if doc_id not in self.loaded:
            fields = ("id", "text", "title", "date", "url", "source")
            record = {k: v for k, v in self.docs[doc_id].items() if k in fields}
            document = parse_record(record, doc_id_default=doc_id, origin=doc_id)
            self.loaded[doc_id] = self._embedded(document)
        return self.loaded[doc_id]

    def _embedded(self, document: Document) -> PreparedDocument:
        sentences = tuple(split_sentences(document.text))
        vectors = self.cache.embed([s.text for s in sentences])
        return prepare_embedded(document, sentences, vectors)

    def doc_vector(self, doc_id: str) -> np.ndarray:
        if doc_id not in self.doc_vectors:
            self.doc_vectors[doc_id] = self.cache.embed([self.docs[doc_id]["text"]])[0]
        return self.doc_vectors[doc_id]

    def shingle_set(self, doc_id: str) -> set:
        if doc_id not in self.shingles:
            self.shingles[doc_id] = shingles(self.docs[doc_id]["text"])
        return self.shingles[doc_id]

    def minhash_of(self, doc_id: str):
        from datasketch import MinHash

        if doc_id not in self.minhash:
            m = MinHash(num_perm=128)
            m.update_batch([" ".join(s).encode() for s in self.shingle_set(doc_id)])
            self.minhash[doc_id] = m
        return self.minhash[doc_id]

    def score(self, pair: dict, sent_threshold: float) -> dict:
        a, b = self.prepare(pair["a"]), self.prepare(pair["b"])
        t0 = time.perf_counter()
        result = compare_prepared(a, b)
        elapsed = time.perf_counter() - t0
        sims = a.vectors @ b.vectors.T if len(a.vectors) and len(b.vectors) else np.zeros((1, 1))
        shorter_axis = 1 if len(a.sentences) <= len(b.sentences) else 0
        coverage = float((sims.max(axis=shorter_axis) >= sent_threshold).mean())
        try:
            loaded = compare_prepared(
                self.prepare_loaded(pair["a"]), self.prepare_loaded(pair["b"])
            )
            files = (loaded.scores.retelling, loaded.relation)
        except InputError:  # the loader refuses the record (an empty text): nothing compared
            files = (0.0, "unrelated")
        return {
            "retold": result.scores.retelling,
            "relation": result.relation,
            "retold (files)": files[0],
            "relation (files)": files[1],
            "passages": [(p.a_start, p.a_end, p.b_start, p.b_end) for p in result.passages],
            "minhash": self.minhash_of(pair["a"]).jaccard(self.minhash_of(pair["b"])),
            "containment": containment(self.shingle_set(pair["a"]), self.shingle_set(pair["b"])),
            "doc-cosine": float(self.doc_vector(pair["a"]) @ self.doc_vector(pair["b"])),
            "sent-coverage": coverage,
            "seconds": elapsed,
        }


ROWS = ("retold", "retold (files)", "minhash", "containment", "doc-cosine", "sent-coverage")

VERDICT_ROWS = {"retold": "relation", "retold (files)": "relation (files)"}
"""Rows judged by retold's verdict (the record field holding it), not by a threshold."""


def msrp_rows() -> tuple[dict[str, float], float]:
    """Link-decision accuracy on msrp-train's report half, and the sentence cosine threshold."""
    sys.path.insert(0, str(ROOT / "bench"))
    from calibrate import best_threshold, msrp_features
    from retold._linkscore import pair_probability

    mat, full, y, fit = msrp_features()
    out = {}
    retold_pred = pair_probability(full[~fit]) >= cal.LINK_THRESHOLD
    out["retold"] = float((retold_pred == y[~fit]).mean())
    cos = mat[:, 0]
    t_cos, _ = best_threshold(cos[fit], y[fit])
    out["sent-coverage"] = float(((cos[~fit] >= t_cos) == y[~fit]).mean())
    out["doc-cosine"] = out["sent-coverage"]  # one sentence = one document here
    docs, pairs = load_set("msrp-train")
    scorer = Scorer("msrp-train", docs)
    for row in ("minhash", "containment"):
        values = []
        for p in pairs:
            sa, sb = shingles(docs[p["a"]]["text"], 2), shingles(docs[p["b"]]["text"], 2)
            values.append(containment(sa, sb) if row == "containment" else _jaccard(sa, sb))
        values_arr = np.array(values)
        t, _ = best_threshold(values_arr[fit], y[fit])
        out[row] = float(((values_arr[~fit] >= t) == y[~fit]).mean())
    del scorer
    return out, t_cos


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def run_set(
    name: str, sent_threshold: float, limit: int | None, progress: Callable[[str], None]
) -> list[dict]:
    """Score every pair of a dev set; each record keeps label, half and all row scores."""
    docs, pairs = load_set(name)
    if limit:
        pairs = random.Random(0).sample(pairs, min(limit, len(pairs)))
    scorer = Scorer(name, docs)
    records = []
    start = time.time()
    for k, pair in enumerate(pairs):
        record = {"a": pair["a"], "b": pair["b"], "label": pair["label"], "half": half(pair)}
        record["has_cases"] = bool(pair.get("cases"))
        record["cases"] = gold_cases(pair)
        record.update(scorer.score(pair, sent_threshold))
        records.append(record)
        if (k + 1) % 200 == 0:
            scorer.cache.save()
            rate = (k + 1) / (time.time() - start)
            progress(f"{name}: {k + 1}/{len(pairs)} pairs, {rate:.1f} pairs/s")
    scorer.cache.save()
    return records


def positive(record: dict) -> bool | None:
    """True for labelled reuse, False for negatives, None for pairs left out of the figures."""
    if record["label"] == "no-plagiarism":
        return False
    if record["label"] == "summary" and not record["has_cases"]:
        return None
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description="retold quality benchmark")
    parser.add_argument("--limit", type=int, default=None, help="sample this many pairs a set")
    args = parser.parse_args()

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    sys.path.insert(0, str(ROOT / "bench"))
    msrp, sent_t = msrp_rows()
    # One BLAS thread for the many small products of an alignment: with more, threads fight
    # over the two cores and the run is several times slower (see retold._threads).
    with small_products():
        records = {
            name: run_set(name, sent_t, args.limit, progress)
            for name in ("pan13-dev", "webis-cpc11-sample")
        }
    from calibrate import PRECISION_TARGET

    fit_pan = [r for r in records["pan13-dev"] if r["half"] == "fit" and positive(r) is not None]
    thresholds = {
        row: precision_threshold(
            [r[row] for r in fit_pan], [bool(positive(r)) for r in fit_pan], PRECISION_TARGET
        )
        for row in ROWS
    }
    table = build_table(records, thresholds, msrp)
    markdown = render_markdown(table, thresholds, sent_t, args.limit)
    if not args.limit:  # a sample run is a quick look: it never replaces the published figures
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "quality.json").write_text(json.dumps(table, indent=2), encoding="utf-8")
        (RESULTS / "quality.md").write_text(markdown, encoding="utf-8")
    print(markdown)


def build_table(records: dict[str, list[dict]], thresholds: dict[str, float], msrp: dict) -> dict:
    table: dict = {"msrp-train": msrp, "thresholds": thresholds}
    for name, rs in records.items():
        report = [r for r in rs if r["half"] == "report"]
        scored = [r for r in report if positive(r) is not None]
        entry: dict = {"pairs": len(report), "rows": {}}
        for row in ROWS:
            predicted = [_derived(r, row, thresholds) for r in scored]
            labels = [bool(positive(r)) for r in scored]
            precision, recall, f1 = prf(predicted, labels)
            stats = {
                "auc": roc_auc([r[row] for r in scored], labels),
                "precision": precision,
                "recall": recall,
                "f1": f1,
                "recall_by_label": {},
            }
            for label in sorted({r["label"] for r in report}):
                group = [r for r in report if r["label"] == label]
                if label == "summary":
                    for with_cases in (True, False):
                        sub = [r for r in group if r["has_cases"] == with_cases]
                        key = "summary" if with_cases else "summary (no cases, apart)"
                        stats["recall_by_label"][key] = _derived_share(sub, row, thresholds)
                else:
                    stats["recall_by_label"][label] = _derived_share(group, row, thresholds)
            entry["rows"][row] = stats
        if name == "pan13-dev":
            detections, cases = [], []
            for r in report:
                key = f"{r['a']}|{r['b']}"
                cases.extend((key, *c) for c in r["cases"])
                if r["relation"] in DERIVED_RELATIONS:
                    detections.extend((key, *p) for p in r["passages"])
            entry["plagdet"] = plagdet(detections, cases)
        entry["compare_seconds_median"] = float(np.median([r["seconds"] for r in report]))
        table[name] = entry
    return table


def _derived(record: dict, row: str, thresholds: dict[str, float]) -> bool:
    """Whether a row calls the pair derived: retold's verdict, or a score at its threshold."""
    if row in VERDICT_ROWS:
        return record[VERDICT_ROWS[row]] in DERIVED_RELATIONS
    return record[row] >= thresholds[row]


def _derived_share(group: list[dict], row: str, thresholds: dict[str, float]) -> float:
    if not group:
        return float("nan")
    return sum(_derived(r, row, thresholds) for r in group) / len(group)


def render_markdown(table: dict, thresholds: dict, sent_t: float, limit: int | None) -> str:
    lines = ["# retold quality (report halves)", ""]
    if limit:
        lines.append(f"**Sample run: {limit} pairs per set — not the published figures.**\n")
    for name in ("pan13-dev", "webis-cpc11-sample"):
        entry = table[name]
        labels = list(next(iter(entry["rows"].values()))["recall_by_label"])
        head = "| row | threshold | ROC-AUC | precision | recall | F1 | " + " | ".join(
            f"derived: {label}" for label in labels
        )
        lines += [f"## {name} ({entry['pairs']} report pairs)", "", head + " |"]
        lines.append("|" + "---|" * (6 + len(labels)))
        for row, stats in entry["rows"].items():
            threshold = "verdict" if row in VERDICT_ROWS else f"{thresholds[row]:.3f}"
            cells = [
                row,
                threshold,
                f"{stats['auc']:.3f}",
                f"{stats['precision']:.3f}",
                f"{stats['recall']:.3f}",
                f"{stats['f1']:.3f}",
            ] + [f"{stats['recall_by_label'][label]:.3f}" for label in labels]
            lines.append("| " + " | ".join(cells) + " |")
        if "plagdet" in entry:
            p = entry["plagdet"]
            lines.append(
                f"\nretold passages vs gold cases: plagdet **{p['plagdet']:.3f}** "
                f"(precision {p['precision']:.3f}, recall {p['recall']:.3f}, "
                f"granularity {p['granularity']:.3f})"
            )
        lines.append(
            f"\nmedian compare time per pair: {entry['compare_seconds_median'] * 1000:.0f} ms\n"
        )
    lines += [
        "## msrp-train: sentence link decision accuracy (report half)",
        "",
        "| row | accuracy |",
        "|---|---|",
    ]
    for row, acc in table["msrp-train"].items():
        lines.append(f"| {row} | {acc:.4f} |")
    lines.append(
        f"\n(sentence-coverage and doc-cosine use MiniLM cosine ≥ {sent_t:.3f}, chosen on the fit "
        "half; minhash/containment use word bigrams on single sentences.)"
    )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
