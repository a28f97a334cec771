"""Sentence alignment of two documents: which B sentences derive from which A sentences.

Order-free by design: content farms move paragraphs, so a link may go anywhere. The steps:

1. score every (A, B) sentence pair with the cheap matrix model (meaning + word overlap);
2. propose each B sentence's best A partner and each A sentence's best B partner;
3. keep a proposal when the richer pair model calls it a link (probability ≥ the threshold
   calibrated on MSRP), then grow runs from those seeds: a neighbour of a link (next sentences
   in both texts) needs far less evidence — reuse comes in runs, spurious matches come alone;
4. join kept pairs into groups (connected components): two A sentences sharing a B partner is a
   merge, one A sentence with two B partners a split;
5. name each group's kind from its wording: ``copied``, ``edited`` or ``paraphrased``;
6. gather links that are adjacent in both texts into passages (for reuse spans and plagdet).

These steps depend on which text is B, so callers align through
:func:`retold._compare.align_pair`, which puts every pair in one orientation and
:func:`mirrored` turns the result back.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import numpy as np

from retold import _calibration as cal
from retold._lexical import overlap_matrices, sentence_words, words
from retold._linkscore import (
    matrix_features,
    matrix_probability,
    pair_feature_rows,
    pair_probability,
)
from retold.model import Link, LinkKind, Passage, Sentence

MAX_GROUP = 4
"""A group with more sentences than this on one side is cut back to its strongest pairs, and so
is a group whose sentences are not adjacent: a merge or a split joins neighbours."""


@dataclass(frozen=True, slots=True)
class AlignmentResult:
    """Links (in B order), unlinked sentences, passages and the raw score matrix."""

    links: tuple[Link, ...]
    added: tuple[int, ...]
    dropped: tuple[int, ...]
    passages: tuple[Passage, ...]
    matrix: np.ndarray
    cosine: np.ndarray
    jaccard: np.ndarray
    weak_passage: Passage | None = None
    """The heaviest run of links when no run has the mass of a passage (else ``None``). It
    takes no part in the verdict; a pair judged derived reports it, so that a verdict of
    reuse always points at the text it rests on (see :func:`retold._exact.reported_passages`)."""


def link_kind(a_text: str, b_text: str) -> tuple[LinkKind, float]:
    """``copied`` (same words), ``edited`` (small changes) or ``paraphrased``, and the ratio."""
    tok_a, tok_b = words(a_text), words(b_text)
    if tok_a == tok_b:
        return "copied", 1.0
    ratio = difflib.SequenceMatcher(None, tok_a, tok_b, autojunk=False).ratio()
    if ratio >= cal.EDITED_MIN_RATIO:
        return "edited", ratio
    return "paraphrased", ratio


def _mask_short(prob: np.ndarray, a_texts: list[str], b_texts: list[str]) -> np.ndarray:
    """Zero the scores of pairs with a sentence under ``MIN_LINK_WORDS`` words, unless copied.

    Headings and fragments ("Child Support Links", "Lead vocal: Neil Young.") share a topic
    word or two with many lines; the link models, fitted on full sentences, over-trust them.
    """
    a_words = [sentence_words(t) for t in a_texts]
    b_words = [sentence_words(t) for t in b_texts]
    short_a = np.array([len(w) < cal.MIN_LINK_WORDS for w in a_words])
    short_b = np.array([len(w) < cal.MIN_LINK_WORDS for w in b_words])
    if not short_a.any() and not short_b.any():
        return prob
    masked = prob.copy()
    masked[short_a, :] = 0.0
    masked[:, short_b] = 0.0
    b_index: dict[tuple[str, ...], list[int]] = {}
    for j in np.flatnonzero(short_b):
        b_index.setdefault(b_words[j], []).append(int(j))
    for i, tokens in enumerate(a_words):
        for j in b_index.get(tokens, []) if tokens else []:
            masked[i, j] = prob[i, j]
        if short_a[i]:
            for j, other in enumerate(b_words):
                if other == tokens and tokens:
                    masked[i, j] = prob[i, j]
    return masked


def _proposals(prob: np.ndarray) -> set[tuple[int, int]]:
    """Each row's and each column's best partner, where it may be a link at all.

    A row or column :func:`_mask_short` zeroed (a heading, a fragment) or :func:`_block` zeroed
    (a corpus template line) has no best partner: the arg-max of zeros is the first sentence,
    and the pair model, which does not see the masks, would weigh that pair — two page
    headings ("Diagnosing mesothelioma", "What is Mesothelioma?") became the strongest link of
    two unrelated pages that way.
    """
    n_a, n_b = prob.shape
    pairs = {(int(np.argmax(prob[:, j])), j) for j in range(n_b)}
    pairs |= {(i, int(np.argmax(prob[i]))) for i in range(n_a)}
    return {(i, j) for i, j in pairs if prob[i, j] > 0}


CEILING_MARGIN = 1e-4
"""A proposal is left out when its ceiling probability is below the link threshold by at least
this much (float32 rounding of the two row sums, ceiling and exact, is far smaller)."""


def _decide(
    candidates: list[tuple[int, int]],
    a_texts: list[str],
    b_texts: list[str],
    features: np.ndarray,
) -> tuple[dict[tuple[int, int], float], list[tuple[int, int]]]:
    """Pair-model probability for each candidate that could be a link, and every candidate in
    the order :attr:`PairScores.order` keeps (exact copies first). Exact copies take a shortcut
    (probability 1); a candidate whose :func:`pair_feature_rows` ceiling is below the
    link threshold is left out (:meth:`PairScores.probabilities` computes it if asked)."""
    scores: dict[tuple[int, int], float] = {}
    todo: list[tuple[int, int]] = []
    for i, j in candidates:
        tokens = sentence_words(a_texts[i])
        if tokens and tokens == sentence_words(b_texts[j]):
            scores[(i, j)] = 1.0
        else:
            todo.append((i, j))
    order = [*scores, *todo]
    if not todo:
        return scores, order
    rows = pair_feature_rows(a_texts, b_texts, todo, features, ceiling=True)
    below = pair_probability(rows) < cal.LINK_THRESHOLD - CEILING_MARGIN
    kept = [pair for pair, low in zip(todo, below.tolist(), strict=True) if not low]
    scores.update(_pair_model(kept, a_texts, b_texts, features))
    return scores, order


def _pair_model(
    pairs: list[tuple[int, int]], a_texts: list[str], b_texts: list[str], features: np.ndarray
) -> dict[tuple[int, int], float]:
    """The pair model's probability for each of ``pairs``."""
    if not pairs:
        return {}
    rows = pair_feature_rows(a_texts, b_texts, pairs, features)
    return {pair: float(p) for pair, p in zip(pairs, pair_probability(rows), strict=True)}


def _grow(seeds: dict[tuple[int, int], float], prob: np.ndarray) -> dict[tuple[int, int], float]:
    """Extend confident links along both texts while neighbours keep matching.

    Reuse comes in runs: a spun copy rewords every sentence but keeps their order within a
    paragraph, so the sentence after a link in B tends to match the sentence after it in A.
    A neighbour of a kept link (one or two sentences on in B, within a small window in A) is
    kept when it is the best A match in that window and its matrix probability reaches
    ``EXTEND_THRESHOLD`` — far less evidence than a lone link needs. Lone topical matches in
    independent texts get no such support.
    """
    n_a, n_b = prob.shape
    kept = dict(seeds)
    linked_b = {j for _, j in kept}
    frontier = sorted(kept)
    while frontier:
        i, j = frontier.pop()
        for step in (1, -1):
            for reach in (1, 2):
                jj = j + step * reach
                if not 0 <= jj < n_b or jj in linked_b:
                    continue
                lo, hi = (i, i + 3) if step > 0 else (i - 2, i + 1)
                lo, hi = max(lo, 0), min(hi, n_a)
                if lo >= hi:
                    continue
                ii = lo + int(np.argmax(prob[lo:hi, jj]))
                if prob[ii, jj] >= cal.EXTEND_THRESHOLD:
                    kept[(ii, jj)] = float(prob[ii, jj])
                    linked_b.add(jj)
                    frontier.append((ii, jj))
                    break
    return kept


def _groups(edges: dict[tuple[int, int], float]) -> list[tuple[list[int], list[int], float]]:
    """Connected components of the kept links: (A indices, B indices, mean score)."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in edges:
        parent[find(("a", i))] = find(("b", j))
    members: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for i, j in edges:
        members.setdefault(find(("a", i)), []).append((i, j))
    groups = []
    for pairs in members.values():
        a_side = sorted({i for i, _ in pairs})
        b_side = sorted({j for _, j in pairs})
        sprawling = (a_side[-1] - a_side[0] >= len(a_side)) or (
            b_side[-1] - b_side[0] >= len(b_side)
        )
        if len(a_side) > MAX_GROUP or len(b_side) > MAX_GROUP or sprawling:
            best_for_b: dict[int, tuple[int, int]] = {}
            for i, j in pairs:
                if j not in best_for_b or edges[(i, j)] > edges[best_for_b[j]]:
                    best_for_b[j] = (i, j)
            for i, j in best_for_b.values():
                groups.append(([i], [j], edges[(i, j)]))
            continue
        groups.append((a_side, b_side, float(np.mean([edges[p] for p in pairs]))))
    return groups


def _passages(
    links: list[Link], a_sents: list[Sentence], b_sents: list[Sentence]
) -> tuple[tuple[Passage, ...], Passage | None]:
    """Gather links that sit within ``PASSAGE_GAP`` sentences of each other in both texts.

    Runs whose summed link score is below ``PASSAGE_MIN_MASS`` are not reported as passages
    (their links stay): a lone weak match is not a reused passage. Returns the passages and,
    when there are none, the heaviest run (the alignment's ``weak_passage``).
    """
    order = sorted(range(len(links)), key=lambda k: (min(links[k].b), min(links[k].a)))
    runs: list[list[int]] = []
    for k in order:
        for run in runs:
            last = links[run[-1]]
            gap_b = min(links[k].b) - max(last.b)
            gap_a = min(abs(min(links[k].a) - max(last.a)), abs(min(last.a) - max(links[k].a)))
            if 0 <= gap_b <= cal.PASSAGE_GAP and gap_a <= cal.PASSAGE_GAP:
                run.append(k)
                break
        else:
            runs.append([k])
    masses = [sum(links[k].score for k in run) for run in runs]
    passages = [
        _run_passage(run, links, a_sents, b_sents)
        for run, mass in zip(runs, masses, strict=True)
        if mass >= cal.PASSAGE_MIN_MASS
    ]
    weak = None
    if runs and not passages:
        heaviest = max(range(len(runs)), key=lambda r: (masses[r], -r))
        weak = _run_passage(runs[heaviest], links, a_sents, b_sents)
    return tuple(sorted(passages, key=lambda p: p.b_start)), weak


def _run_passage(
    run: list[int], links: list[Link], a_sents: list[Sentence], b_sents: list[Sentence]
) -> Passage:
    """The passage spanning a run of links, from its first to its last sentence in each text."""
    a_idx = [i for k in run for i in links[k].a]
    b_idx = [j for k in run for j in links[k].b]
    return Passage(
        a_start=a_sents[min(a_idx)].start,
        a_end=a_sents[max(a_idx)].end,
        b_start=b_sents[min(b_idx)].start,
        b_end=b_sents[max(b_idx)].end,
        links=tuple(sorted(run)),
    )


@dataclass(frozen=True, slots=True)
class PairScores:
    """Every score the alignment reads for one pair of sentence lists, computed once.

    A derived pair is aligned twice (strict, then relaxed seeding); both passes read the same
    matrices and the same pair-model decisions, so :func:`score_pairs` makes them once.
    """

    a_texts: list[str]
    b_texts: list[str]
    cosine: np.ndarray
    jaccard: np.ndarray
    prob: np.ndarray
    """Matrix-model link probability, short and blocked sentences zeroed."""
    decided: dict[tuple[int, int], float]
    """Pair-model probability of the proposals (each row's and column's best partner) that
    could be links; :meth:`probabilities` adds others as they are asked for."""
    features: np.ndarray
    """The matrix model's features, which the pair model's rows start from."""
    order: list[tuple[int, int]]
    """Every proposal, exact copies first (seeds and ties follow this order)."""

    def probabilities(self, pairs: list[tuple[int, int]]) -> list[float]:
        """The pair-model probability of each of ``pairs`` (proposals).

        :func:`score_pairs` computes it up front only for proposals that might reach the link
        threshold (the ceiling of :func:`retold._linkscore.pair_feature_rows`), which is all strict
        seeding reads; relaxed seeding asks for the others it weighs, and they are computed
        here, once.
        """
        missing = [pair for pair in pairs if pair not in self.decided]
        if missing:
            self.decided.update(_pair_model(missing, self.a_texts, self.b_texts, self.features))
        return [self.decided[pair] for pair in pairs]


def score_pairs(
    a_sents: list[Sentence],
    b_sents: list[Sentence],
    a_vecs: np.ndarray,
    b_vecs: np.ndarray,
    *,
    blocked_a: np.ndarray | None = None,
    blocked_b: np.ndarray | None = None,
) -> PairScores:
    """Steps 1–3 of the module docstring up to the pair model's say on each proposal.

    ``blocked_a`` / ``blocked_b``: boolean masks of sentences that may not be linked at all
    (a scan's corpus template lines, see ``_templates``); their rows and columns of every
    score matrix are zero, so no feature built on the matrices counts them either.
    """
    a_texts = [s.text for s in a_sents]
    b_texts = [s.text for s in b_sents]
    if not a_texts or not b_texts:
        empty = np.zeros((len(a_texts), len(b_texts)), np.float32)
        return PairScores(a_texts, b_texts, empty, empty, empty, {}, empty, [])
    cosine = a_vecs @ b_vecs.T
    overlap = overlap_matrices(a_texts, b_texts)
    features = matrix_features(cosine, overlap)
    prob = _mask_short(matrix_probability(features), a_texts, b_texts)
    jaccard = overlap.jaccard
    if blocked_a is not None or blocked_b is not None:
        cosine, jaccard, prob = (_block(m, blocked_a, blocked_b) for m in (cosine, jaccard, prob))
    candidates = sorted(_proposals(prob))  # blocked rows and columns are zeros: never proposed
    decided, order = _decide(candidates, a_texts, b_texts, features)
    return PairScores(a_texts, b_texts, cosine, jaccard, prob, decided, features, order)


def align_scored(
    scored: PairScores,
    a_sents: list[Sentence],
    b_sents: list[Sentence],
    *,
    relaxed: bool = False,
) -> AlignmentResult:
    """Seed, grow, group and name the links of a pair already scored by :func:`score_pairs`.

    ``relaxed``: also seed from mutual-best proposals whose sentences are close in meaning
    (cosine ≥ ``SENTENCE_COSINE``) even when the pair model doubts them. The verdict asks for
    this once the document-level evidence says "derived": a spun lede or a summary rewords every
    sentence, and in a text known to be derived a close, mutually best match is a link. If even
    that finds nothing, the single strongest match (cosine ≥ ``CHAIN_LOW``) seeds the run.
    """
    cosine, jaccard, prob = scored.cosine, scored.jaccard, scored.prob
    if not a_sents or not b_sents:
        return AlignmentResult(
            (), tuple(range(len(b_sents))), tuple(range(len(a_sents))), (), prob, cosine, jaccard
        )
    a_texts, b_texts = scored.a_texts, scored.b_texts
    seeds = {
        pair: max(p, float(prob[pair]))
        for pair, p in scored.decided.items()
        if p >= cal.LINK_THRESHOLD
    }
    if relaxed:
        best_b = prob.argmax(axis=1)
        close = [
            (i, j)
            for i, j in scored.order
            if best_b[i] == j
            and cosine[i, j] >= cal.SENTENCE_COSINE
            and prob[i, j] > 0
            and (i, j) not in seeds
        ]
        seeds.update(
            {
                pair: max(p, float(prob[pair]))
                for pair, p in zip(close, scored.probabilities(close), strict=True)
            }
        )
        if not seeds and scored.order:
            # Still nothing: the document evidence (shared wording, best matches) said
            # derived, so show its single strongest sentence match, if it is close at all.
            every = dict(zip(scored.order, scored.probabilities(scored.order), strict=True))
            pair = max(every, key=lambda k: (every[k], float(prob[k])))
            if cosine[pair] >= cal.CHAIN_LOW and prob[pair] > 0:
                seeds[pair] = max(every[pair], float(prob[pair]))
    kept = _grow(seeds, prob)
    links = []
    for a_side, b_side, score in sorted(_groups(kept), key=lambda g: (min(g[1]), min(g[0]))):
        a_joined = " ".join(a_texts[i] for i in a_side)
        b_joined = " ".join(b_texts[j] for j in b_side)
        kind, _ = link_kind(a_joined, b_joined)
        links.append(Link(a=tuple(a_side), b=tuple(b_side), kind=kind, score=round(score, 4)))
    return alignment_from_links(links, a_sents, b_sents, prob, cosine, jaccard)


def alignment_from_links(
    links: list[Link],
    a_sents: list[Sentence],
    b_sents: list[Sentence],
    matrix: np.ndarray,
    cosine: np.ndarray,
    jaccard: np.ndarray,
) -> AlignmentResult:
    """The alignment made of ``links`` (in B order): unlinked sentences and passages follow."""
    linked_a = {i for link in links for i in link.a}
    linked_b = {j for link in links for j in link.b}
    passages, weak = _passages(links, a_sents, b_sents)
    return AlignmentResult(
        links=tuple(links),
        added=tuple(j for j in range(len(b_sents)) if j not in linked_b),
        dropped=tuple(i for i in range(len(a_sents)) if i not in linked_a),
        passages=passages,
        matrix=matrix,
        cosine=cosine,
        jaccard=jaccard,
        weak_passage=weak,
    )


def mirrored(alignment: AlignmentResult) -> AlignmentResult:
    """The same alignment seen from the other side: A's links become B's and B's A's.

    Links are re-sorted into the new B order (passages renumbered to match), ``added`` and
    ``dropped`` trade places and the score matrices are transposed; link kinds and scores are
    kept. :func:`retold._compare.align_pair` aligns every pair with its shorter text as A and
    mirrors the result for a caller who named the texts the other way round, so ``compare(a,
    b)`` and ``compare(b, a)`` find the same links.
    """
    order = sorted(
        range(len(alignment.links)),
        key=lambda k: (min(alignment.links[k].a), min(alignment.links[k].b)),
    )
    renumber = {old: new for new, old in enumerate(order)}
    links = tuple(
        Link(a=link.b, b=link.a, kind=link.kind, score=link.score)
        for link in (alignment.links[k] for k in order)
    )

    def flip(p: Passage) -> Passage:
        return Passage(
            a_start=p.b_start,
            a_end=p.b_end,
            b_start=p.a_start,
            b_end=p.a_end,
            links=tuple(sorted(renumber[k] for k in p.links)),
        )

    weak = alignment.weak_passage
    return AlignmentResult(
        links=links,
        added=alignment.dropped,
        dropped=alignment.added,
        passages=tuple(sorted(map(flip, alignment.passages), key=lambda p: p.b_start)),
        matrix=alignment.matrix.T,
        cosine=alignment.cosine.T,
        jaccard=alignment.jaccard.T,
        weak_passage=flip(weak) if weak is not None else None,
    )


def _block(matrix: np.ndarray, rows: np.ndarray | None, cols: np.ndarray | None) -> np.ndarray:
    """``matrix`` with the blocked rows and columns set to zero (a copy)."""
    out = matrix.copy()
    if rows is not None:
        out[rows, :] = 0.0
    if cols is not None:
        out[:, cols] = 0.0
    return out
