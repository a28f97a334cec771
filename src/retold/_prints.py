"""Per-document fingerprints, shared by scan and the index: what finds candidates cheaply.

For each text: the distinct word-5-gram hashes' MinHash signature (copies, near-duplicates), a
1-in-4 sample of those hashes (a lifted passage), the rare-word hashes (spun rewrites keep
names and figures), the static-model document vector (rewrites, same-story reports) and, when
asked, static sentence vectors and template keys (scan's screen and corpus templates).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from retold._anchors import rare_word_features, sampled_shingles
from retold._formulaic import PHRASE_WORDS
from retold._minhash import SHINGLE_WORDS, shingles_of_words, signature, word_hashes
from retold._segment import split_sentences
from retold._static import StaticEmbedder
from retold._templates import sentence_keys
from retold.model import Sentence


@dataclass(frozen=True, slots=True)
class DocumentPrint:
    """One document's fingerprints (see the module docstring)."""

    signature: np.ndarray
    """MinHash signature: ``NUM_PERM`` uint32 values."""
    empty: bool
    """The text has no word shingles (its signature matches only other empty texts)."""
    sampled: np.ndarray
    """Sampled shingle hashes (uint32, sorted)."""
    words: np.ndarray
    """Rare-word feature hashes (uint32, sorted by word)."""
    vector: np.ndarray
    """Static-model document vector (float32 unit row, uncentred)."""
    sentences: np.ndarray | None = None
    """Static sentence vectors (float16), when asked for."""
    shapes: np.ndarray | None = None
    """Template shape key of each sentence (``_templates.sentence_keys``), when asked for."""
    wordings: np.ndarray | None = None
    """Exact wording key of each sentence, when asked for."""
    segments: tuple[Sentence, ...] | None = None
    """The sentences themselves (``split_sentences``), when asked for."""
    phrases: np.ndarray | None = None
    """Word 3-gram hashes (``_formulaic``: corpus phrase counts), when asked for."""


def fingerprint_texts(
    texts: Sequence[str],
    static: StaticEmbedder,
    *,
    sentences: bool = False,
    templates: bool = False,
    phrases: bool = False,
) -> list[DocumentPrint]:
    """Fingerprints of ``texts`` (one static-model pass for the whole batch).

    ``sentences``: also the sentences and their static vectors (the document vector is then
    summed from them: one tokenisation). ``templates``: also the template keys (corpus
    templates). ``phrases``: also the word 3-grams (scan only: formulaic wording).
    """
    segments = [tuple(split_sentences(t)) for t in texts] if sentences else []
    if sentences:
        per_text, vectors = static.embed_grouped([[s.text for s in group] for group in segments])
    else:
        vectors = static.embed_documents(texts)
    prints = []
    for k, text in enumerate(texts):
        words = word_hashes(text)
        shingles = shingles_of_words(words, SHINGLE_WORDS)
        extra: dict[str, object] = {}
        if sentences:
            extra = {"sentences": per_text[k].astype(np.float16), "segments": segments[k]}
        if sentences and templates:
            shapes, wordings = sentence_keys([s.text for s in segments[k]])
            extra |= {"shapes": shapes, "wordings": wordings}
        if phrases:
            extra["phrases"] = shingles_of_words(words, PHRASE_WORDS)
        prints.append(
            DocumentPrint(
                signature=signature(shingles),
                empty=shingles.size == 0,
                sampled=sampled_shingles(shingles),
                words=rare_word_features(text),
                vector=vectors[k],
                **extra,  # type: ignore[arg-type]
            )
        )
    return prints
