"""Speed of ``retold.compare`` on two ~800-word news articles, model loaded.

    .venv/bin/python bench/speed.py            # writes bench/results/speed.md

Articles: BBC News texts from ../shared/data/scale with 700–900 words. Each article is timed
against a different real article of the same length band (an unrelated pair) and against itself
with every third sentence removed (a derived pair), so both the quiet and the busy alignment
paths are timed.
Figures are medians over the pairs; shared machines are noisy, so the run also times the floor
in the same process — embedding the two texts' sentences alone — and reports the ratio.
The embedder's sentence cache is cleared before every timed call, so each one embeds cold (a
derived pair's sentences are its source's, and the floor re-embeds the pair just compared).
"""

from __future__ import annotations

import random
import statistics
import time

import retold
from _data import DATA, ROOT, read_jsonl
from retold._lexical import words
from retold._segment import split_sentences

RESULTS = ROOT / "bench" / "results"


def articles(limit: int = 40) -> list[str]:
    """Real BBC articles of 700–900 words (deterministic sample)."""
    path = DATA / "scale" / "bbc-news" / "documents.jsonl"
    texts = [d["text"] for d in read_jsonl(path) if 700 <= len(words(d["text"])) <= 900]
    random.Random(0).shuffle(texts)
    return texts[:limit]


def derived_variant(text: str) -> str:
    """The article with every third sentence removed (a cheap stand-in for an edited copy)."""
    sentences = split_sentences(text)
    return " ".join(s.text for k, s in enumerate(sentences) if k % 3 != 2)


def _cold(embedder: object) -> None:
    """Empty the embedder's sentence cache, when it has one."""
    clear = getattr(embedder, "clear_cache", None)
    if clear is not None:
        clear()


def main() -> None:
    texts = articles()
    if len(texts) < 4:
        raise SystemExit(f"too few 700-900 word articles found under {DATA}")
    embedder = retold.load_embedder()
    retold.compare(texts[0], texts[1], embedder=embedder)  # warm-up
    compare_times, embed_times, kinds = [], [], []
    for k in range(0, len(texts) - 1, 2):
        for kind, a, b in (
            ("unrelated", texts[k], texts[k + 1]),
            ("derived", texts[k], derived_variant(texts[k])),
        ):
            _cold(embedder)
            start = time.perf_counter()
            retold.compare(a, b, embedder=embedder)
            compare_times.append(time.perf_counter() - start)
            sentences = [s.text for t in (a, b) for s in split_sentences(t)]
            _cold(embedder)
            start = time.perf_counter()
            embedder.embed(sentences)
            embed_times.append(time.perf_counter() - start)
            kinds.append(kind)
    median_compare = statistics.median(compare_times)
    median_embed = statistics.median(embed_times)
    by_kind = {
        kind: statistics.median(t for t, k in zip(compare_times, kinds, strict=True) if k == kind)
        for kind in ("unrelated", "derived")
    }
    lines = [
        "# retold compare speed (two ~800-word articles, model loaded)",
        "",
        f"{len(compare_times)} pairs of real BBC articles (700–900 words each).",
        "",
        "| measure | median |",
        "|---|---|",
        f"| compare, all pairs | {median_compare * 1000:.0f} ms |",
        f"| compare, unrelated pairs | {by_kind['unrelated'] * 1000:.0f} ms |",
        f"| compare, derived pairs | {by_kind['derived'] * 1000:.0f} ms |",
        f"| embedding the two texts' sentences alone (floor, same run) | "
        f"{median_embed * 1000:.0f} ms |",
        f"| compare / embedding-only ratio | {median_compare / median_embed:.2f}× |",
    ]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "speed.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
