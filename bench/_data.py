"""Shared helpers for the benchmarks: the dev sets in ../shared/data, halves, embedding cache.

Benchmarks are scripts, not tests. They read ``../shared/data`` (or ``$RETOLD_DATA``) and never
copy it into the repository. Each labelled set is split into two halves by a stable hash of the
pair: thresholds and weights are chosen on the ``fit`` half and figures are reported on the
``report`` half.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

DATA = Path(os.environ.get("RETOLD_DATA", ROOT.parent / "shared" / "data"))
CACHE = ROOT / "bench" / "cache"


def require_data() -> Path:
    """The data folder, or exit with a message saying where it was looked for."""
    if not (DATA / "dev").is_dir():
        sys.exit(f"no benchmark data at {DATA} (set RETOLD_DATA to the shared/data folder)")
    return DATA


def read_jsonl(path: Path) -> Iterator[dict]:
    """Yield the JSON objects of a JSONL file."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def load_set(name: str) -> tuple[dict[str, dict], list[dict]]:
    """Documents by id and the labelled pairs of one dev set."""
    folder = require_data() / "dev" / name
    docs = {d["id"]: d for d in read_jsonl(folder / "documents.jsonl")}
    pairs = list(read_jsonl(folder / "pairs.jsonl"))
    return docs, pairs


def half(pair: dict) -> str:
    """``fit`` or ``report``: a stable half assignment from the pair's ids."""
    digest = hashlib.sha1(f"{pair['a']}\x00{pair['b']}".encode()).digest()
    return "fit" if digest[0] % 2 == 0 else "report"


def gold_cases(pair: dict) -> list[tuple[int, int, int, int]]:
    """PAN's reused passages of a pair as (a_start, a_end, b_start, b_end) character spans."""
    return [
        (
            c["a_offset"],
            c["a_offset"] + c["a_length"],
            c["b_offset"],
            c["b_offset"] + c["b_length"],
        )
        for c in pair.get("cases") or []
    ]


class EmbeddingCache:
    """Sentence vectors on disk, keyed by the exact list of texts embedded together.

    Each call goes to the model as one call, the way retold embeds one document at run time.
    The packaged embedder runs every sentence alone, so its vectors do not depend on the call
    (``retold._embed.OnnxEmbedder``); a model that batches would give vectors that depend on
    the texts batched together, which is why the key is the whole list. The file name carries
    the embedder's ``batching``, so a change of how texts meet the model starts a new cache.
    """

    def __init__(self, name: str) -> None:
        from retold._embed import load_embedder

        self.embedder = load_embedder()
        batching = getattr(self.embedder, "batching", "na")
        self.path = CACHE / f"{name}-per-call-{batching}.npz"
        self.vectors: dict[str, np.ndarray] = {}
        if self.path.exists():
            data = np.load(self.path)
            vecs, bounds = data["vecs"], data["offsets"]  # each access re-reads the file
            self.vectors = {
                key: vecs[bounds[k] : bounds[k + 1]] for k, key in enumerate(data["keys"].tolist())
            }
        self.dirty = False

    @staticmethod
    def key(texts: Sequence[str]) -> str:
        return hashlib.sha1("\x1e".join(texts).encode()).hexdigest()[:24]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """The vectors of ``texts`` embedded in one model call (cached)."""
        if not texts:
            return np.zeros((0, 384), np.float32)
        key = self.key(texts)
        if key not in self.vectors:
            self.vectors[key] = self.embedder.embed(list(texts))
            self.dirty = True
        return self.vectors[key]

    def save(self) -> None:
        if not self.dirty:
            return
        CACHE.mkdir(parents=True, exist_ok=True)
        arrays = list(self.vectors.values())
        offsets = np.cumsum([0] + [len(a) for a in arrays])
        vecs = np.concatenate(arrays) if arrays else np.zeros((0, 384), np.float32)
        np.savez(self.path, keys=np.array(list(self.vectors)), offsets=offsets, vecs=vecs)
        self.dirty = False
