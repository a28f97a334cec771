"""Static token embeddings distilled from MiniLM (model2vec-style), for corpus-scale candidates.

Why: a scan of tens of thousands of articles needs one vector per article in seconds, and the
transformer manages ~500 sentences/s. A *static* model keeps one vector per WordPiece token and
embeds a text as the normalised mean of its token vectors — no attention, so it embeds ~20,000
sentences/s (40x MiniLM) and ~900 whole 600-word articles/s, with no length limit. It keeps
the topical signal (paraphrase vs unrelated is easy) but is weak at "same topic, different
facts": use it to *generate candidate pairs* for approximate nearest neighbours, never to
decide a link.

How the table is made (torch-free, from the int8 ONNX MiniLM that :mod:`retold._embed` builds):

1. Every token of the vendored vocabulary except ``[PAD]``, ``[UNK]``, ``[CLS]``, ``[SEP]``,
   ``[MASK]`` and ``[unusedN]`` is run through the model on its own, framed by the two markers
   (``[SEP] token [CLS]``, see :func:`_token_outputs`), and the three output states are
   mean-pooled and L2-normalised — the same pooling as :class:`retold._embed.OnnxEmbedder`, so
   a token's vector is what MiniLM says about the token alone.
2. PCA to :data:`PCA_DIMS` dimensions (centre, eigen-decomposition of the covariance): centring
   removes the direction every token shares, which otherwise dominates a mean of many tokens.
3. Each row is scaled by a SIF weight ``a / (a + p)`` whose word probability ``p`` is estimated
   with Zipf's law from the token's rank (see :func:`_zipf_weights`), so frequent tokens
   (punctuation, "the", "of") count little in a mean and rare, topical ones count fully.

The result is cached as ``cache_dir()/static-minilm-<digest>.npz``; the digest covers the ONNX
file, the vocabulary and the recipe constants (:data:`STATIC_VERSION` and the rest), so a changed
model or recipe gets a new file.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import threading
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from retold._embed import _VOCAB, OnnxEmbedder, build_int8_model, cache_dir
from retold._exceptions import ModelError

if TYPE_CHECKING:
    from tokenizers import Tokenizer

STATIC_VERSION = 1
"""Bump when the distillation recipe changes: it is part of the cache file's digest."""

PCA_DIMS = 256
"""Output dimensions (model2vec's default; keeps ~all of the useful variance of 384)."""

SIF_COEFFICIENT = 1e-4
"""The ``a`` of the SIF weight ``a / (a + p)`` (model2vec's default)."""

NAME = "static-minilm"
"""The static model's name, as reported by :attr:`StaticEmbedder.name`."""

_BATCH = 256
"""Tokens per ONNX run while distilling (measured: 256 is as fast as 1024, 4096 is slower).
Part of the recipe: the int8 graph quantises its activations per batch, so another batch size
gives (slightly) different vectors."""

_CHUNK = 1024
"""Texts tokenised at a time by :meth:`StaticEmbedder.embed`: bounds the memory that
tokenizer ``Encoding`` objects of whole articles take, at no cost in speed."""

_CLS, _SEP = "[CLS]", "[SEP]"
_SPECIAL = frozenset({"[PAD]", "[UNK]", _CLS, _SEP, "[MASK]"})

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Fixed member timestamp, so two builds of the table are byte-identical."""


def build_static_model(target: Path | None = None) -> Path:
    """Distil (or find cached) the static MiniLM table and return the path of its ``.npz`` file.

    Takes a few seconds on two cores (29,523 three-token sequences through the int8 model, then
    a 384x384 eigen-decomposition) and is deterministic: two builds give identical bytes. The
    file is written to a temporary name and moved into place, so a concurrent first use never
    sees half a file.

    File format (an ``.npz``, i.e. a zip of ``.npy`` members, no pickles):

    * ``token_ids`` — int32 ``(k,)``: vocabulary ids (line numbers of ``minilm-vocab.txt``) that
      have a vector, in vocabulary order;
    * ``tokens`` — unicode ``(k,)``: the same tokens as text, checked against the vocabulary on
      load so a table never meets a tokenizer it was not made for;
    * ``vectors`` — float16 ``(k, PCA_DIMS)``: PCA-reduced, SIF-weighted token vectors;
    * ``version`` — int ``()``: :data:`STATIC_VERSION`; ``source`` — str ``()``: the sha256 of
      the ONNX model it was distilled from.

    Args:
        target: where to write the file; default ``cache_dir()/static-minilm-<digest>.npz``.

    Raises:
        ModelError: the ONNX model cannot be built or run.
    """
    onnx_path = build_int8_model()
    source = hashlib.sha256(onnx_path.read_bytes()).hexdigest()
    if target is None:
        recipe = (
            f"{source}:{_vocab_digest()}:{STATIC_VERSION}:{PCA_DIMS}:{SIF_COEFFICIENT}:{_BATCH}"
        )
        digest = hashlib.sha256(recipe.encode()).hexdigest()[:12]
        target = cache_dir() / f"{NAME}-{digest}.npz"
    if target.exists():
        return target
    vocab = _vocabulary()
    token_ids = np.array([i for i, t in enumerate(vocab) if _keep(t)], np.int32)
    pooled = _token_outputs(onnx_path, token_ids, vocab)
    vectors = _pca(pooled, PCA_DIMS) * _zipf_weights(len(token_ids))[:, None]
    arrays = {
        "token_ids": token_ids,
        "tokens": np.array([vocab[i] for i in token_ids]),
        "vectors": vectors.astype(np.float16),
        "version": np.array(STATIC_VERSION),
        "source": np.array(source),
    }
    _write_npz(target, arrays)
    return target


def _vocabulary() -> list[str]:
    """The vendored WordPiece vocabulary; a token's line number is its id."""
    return _VOCAB.read_text(encoding="utf-8").splitlines()


def _vocab_digest() -> str:
    """sha256 of the vocabulary file: the table's rows are only valid for this vocabulary."""
    return hashlib.sha256(_VOCAB.read_bytes()).hexdigest()


def _keep(token: str) -> bool:
    """Whether ``token`` gets a vector: not padding, a marker, or an ``[unusedN]`` slot."""
    return token not in _SPECIAL and not (token.startswith("[unused") and token.endswith("]"))


def _token_outputs(onnx_path: Path, token_ids: np.ndarray, vocab: list[str]) -> np.ndarray:
    """Mean-pooled, unit-length MiniLM output for each token on its own.

    Each token is framed as ``[SEP] token [CLS]``: model2vec found the reversed markers work
    better, and on MSRP it gives paraphrase-pair AUC 0.767 against 0.757 for
    ``[CLS] token [SEP]`` (rank agreement with MiniLM's own cosines 0.74 against 0.72).
    """
    try:
        # The session (threads, providers) is set up exactly as for sentence embedding.
        session = OnnxEmbedder(onnx_path, _VOCAB, name="distil")._session
    except Exception as exc:  # onnxruntime raises its own untyped errors
        raise ModelError(f"cannot load {onnx_path} to distil the static model: {exc}") from exc
    wants_types = "token_type_ids" in {i.name for i in session.get_inputs()}
    first, last = vocab.index(_SEP), vocab.index(_CLS)
    pooled: list[np.ndarray] = []
    for start in range(0, len(token_ids), _BATCH):
        batch = token_ids[start : start + _BATCH].astype(np.int64)
        ids = np.stack([np.full_like(batch, first), batch, np.full_like(batch, last)], axis=1)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        if wants_types:
            feeds["token_type_ids"] = np.zeros_like(ids)
        pooled.append(session.run(None, feeds)[0].mean(axis=1))
    vectors = np.concatenate(pooled)
    return vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)


def _pca(vectors: np.ndarray, dims: int) -> np.ndarray:
    """Project centred ``vectors`` onto their ``dims`` main axes (float64 maths).

    Each axis's sign is fixed (largest-magnitude loading positive), so the result does not depend
    on which sign the eigen-solver happens to return.
    """
    data = vectors.astype(np.float64)
    data -= data.mean(axis=0)
    covariance = data.T @ data / len(data)
    values, axes = np.linalg.eigh(covariance)
    axes = axes[:, np.argsort(values)[::-1][:dims]]
    signs = np.sign(axes[np.abs(axes).argmax(axis=0), np.arange(axes.shape[1])])
    return data @ (axes * signs)


def _zipf_weights(count: int) -> np.ndarray:
    """SIF weights ``a / (a + p(rank))`` with ``p`` from Zipf's law over ``count`` ranked tokens.

    BERT's WordPiece vocabulary is (roughly) frequency-ordered once the special and unused slots
    are removed: single characters and punctuation first, then "the", "of", "and", ... and the
    rarest words and word pieces last. Zipf's law gives the probability of the token of rank
    ``r`` as ``(1 / (r + 2)) / H``. With ``a = 1e-4`` (model2vec's choice) punctuation and the
    commonest words get weights of 0.002-0.5 ("the" 0.50) and tokens past rank 5,000 get
    0.83-0.97: a smooth down-weighting of function words without a stop-word list. SIF is
    preferred to the older ``log(1 + rank)`` because it saturates, so rare word pieces do not
    outweigh real words; on MSRP the two tie (AUC 0.767) and both beat no weighting (0.750).
    """
    inverse_rank = 1.0 / np.arange(2, count + 2, dtype=np.float64)
    probability = inverse_rank / inverse_rank.sum()
    return SIF_COEFFICIENT / (SIF_COEFFICIENT + probability)


def _write_npz(target: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write ``arrays`` as an uncompressed ``.npz`` with fixed timestamps, atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as zf:
            for name, array in arrays.items():
                buffer = io.BytesIO()
                np.save(buffer, array, allow_pickle=False)
                zf.writestr(zipfile.ZipInfo(f"{name}.npy", date_time=_ZIP_TIME), buffer.getvalue())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a cache file is not
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class StaticEmbedder:
    """Embed texts as the normalised mean of distilled MiniLM token vectors.

    Tokenisation is the model's own WordPiece (lower-cased BERT normalisation, no truncation, so
    a whole article is one text); tokens without a vector (``[UNK]``) are skipped. A text with no
    known token gets a zero row. Read-only after construction, so one instance may serve many
    threads.
    """

    def __init__(self, table_path: Path, *, name: str = NAME) -> None:
        vocab = _vocabulary()
        try:
            with np.load(table_path, allow_pickle=False) as data:
                token_ids = data["token_ids"]
                tokens = data["tokens"]
                vectors = data["vectors"]
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise ModelError(
                f"{table_path}: not a readable static model ({exc}); delete it to rebuild"
            ) from exc
        if (
            token_ids.ndim != 1
            or vectors.ndim != 2
            or vectors.shape[0] != len(token_ids)
            or token_ids.max(initial=-1) >= len(vocab)
            or [vocab[i] for i in token_ids] != tokens.tolist()
        ):
            raise ModelError(f"{table_path}: static model does not match the vocabulary")
        self.name = name
        self.identity = table_path.stem
        """The table's file stem (name and recipe digest): vectors of two tables only compare
        when their identities are equal (an index records the one it was built with)."""
        self.dim = int(vectors.shape[1])
        self._table = np.zeros((len(vocab), self.dim), np.float32)
        self._table[token_ids] = vectors
        self._known = np.zeros(len(vocab), bool)
        self._known[token_ids] = True
        self._tokenizer = _wordpiece()
        # ``encode_batch_fast`` (tokenizers >= 0.20) skips offset tracking: 1.6x faster.
        self._encode = getattr(self._tokenizer, "encode_batch_fast", self._tokenizer.encode_batch)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``; returns float32 ``(len(texts), dim)`` unit rows (zeros: no tokens).

        Texts are tokenised in parallel batches of :data:`_CHUNK`. The per-text sums of token
        vectors are one sparse product per batch, ``counts @ table``, where ``counts[i, t]`` is
        how often known token ``t`` occurs in text ``i`` (the mean's divisor cancels in the
        normalisation).
        """
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), np.float32)
        for start in range(0, len(texts), _CHUNK):
            out[start : start + _CHUNK] = self._sums(texts[start : start + _CHUNK])
        return out / np.clip(np.linalg.norm(out, axis=1, keepdims=True), 1e-12, None)

    def embed_grouped(self, groups: Sequence[Sequence[str]]) -> tuple[list[np.ndarray], np.ndarray]:
        """Embed each group's texts (a document's sentences) and each group as a whole.

        Returns the unit sentence vectors of every group and one unit vector per group: the
        normalised sum of its sentences' token vectors, which is the whole document's vector
        (the tokenizer splits at whitespace and punctuation, so a document's tokens are its
        sentences' tokens) at the cost of tokenising the text once instead of twice.
        """
        flat = [text for group in groups for text in group]
        sums = np.zeros((len(flat), self.dim), np.float32)
        for start in range(0, len(flat), _CHUNK):
            sums[start : start + _CHUNK] = self._sums(flat[start : start + _CHUNK])
        sizes = np.array([len(group) for group in groups], np.int64)
        documents = np.zeros((len(groups), self.dim), np.float32)
        filled = sizes > 0
        if filled.any():
            starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])[filled]
            documents[filled] = np.add.reduceat(sums, starts, axis=0)
        unit = sums / np.clip(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12, None)
        documents /= np.clip(np.linalg.norm(documents, axis=1, keepdims=True), 1e-12, None)
        return np.split(unit, np.cumsum(sizes)[:-1]), documents

    def _sums(self, texts: list[str]) -> np.ndarray:
        """Per-text sums of known-token vectors, as one sparse product."""
        from scipy.sparse import csr_matrix

        encoded = self._encode(texts, add_special_tokens=False)
        kept = [ids[self._known[ids]] for ids in (np.asarray(e.ids, np.int32) for e in encoded)]
        indptr = np.zeros(len(kept) + 1, np.int64)
        np.cumsum([len(k) for k in kept], out=indptr[1:])
        indices = np.concatenate(kept) if indptr[-1] else np.zeros(0, np.int32)
        counts = csr_matrix(
            (np.ones(len(indices), np.float32), indices, indptr),
            shape=(len(texts), len(self._table)),
        )
        return np.asarray(counts @ self._table, np.float32)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Embed whole documents: one vector per document, exactly as :meth:`embed`.

        The token mean over a whole article is already a length-weighted mean of its sentences,
        which is what a "what is this story about" vector should be.
        """
        return self.embed(texts)


def _wordpiece() -> Tokenizer:
    """MiniLM's WordPiece tokenizer without special tokens, padding or truncation.

    The same normaliser and pre-tokeniser as ``BertWordPieceTokenizer(lowercase=True)`` (which
    :class:`retold._embed.OnnxEmbedder` uses), built directly so the fast batch encoder of the
    underlying :class:`tokenizers.Tokenizer` is reachable.
    """
    from tokenizers import Tokenizer, normalizers, pre_tokenizers
    from tokenizers.models import WordPiece

    tokenizer = Tokenizer(WordPiece.from_file(str(_VOCAB), unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    return tokenizer


_LOADED: dict[Path, StaticEmbedder] = {}
_LOAD_LOCK = threading.Lock()


def load_static_embedder() -> StaticEmbedder:
    """The process's :class:`StaticEmbedder`, building the table on first use (thread-safe).

    One instance per cache directory, so a changed ``$RETOLD_CACHE`` is honoured.

    Raises:
        ModelError: the table cannot be built or read.
    """
    key = cache_dir()
    with _LOAD_LOCK:
        if key not in _LOADED:
            _LOADED[key] = StaticEmbedder(build_static_model())
        return _LOADED[key]
