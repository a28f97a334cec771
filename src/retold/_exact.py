"""Exact reuse on top of the sentence alignment: what a derived pair shows.

The sentence alignment (:mod:`retold._align`) decides the verdict. Two things are added from
the exact word runs the texts share (:mod:`retold._verbatim`), both only for a pair the
document evidence calls derived:

* :func:`copied_run_alignment`: when no sentence links at all, runs of ``RESCUE_MIN_SEEDS``
  seeds link the sentences they cross, and the pair is judged on those links;
* :func:`reported_passages`: the passages a derived pair reports, widened to the runs near
  them (after the verdict, which never reads them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from retold._align import AlignmentResult, PairScores, alignment_from_links, link_kind
from retold._verbatim import Span, verbatim_runs, widen
from retold.model import Link, Passage, Sentence

RESCUE_MIN_SEEDS = 3
"""Seeds (5-grams, chained) an exact word run needs to link sentences on its own, when the
document evidence says "derived" and no sentence links (:func:`copied_run_alignment`). Chosen
on pan13-dev's fit half: of the pairs in that state, no ``no-plagiarism`` pair had a run of
more than 1 seed, while verbatim (``none``) copies had 46 to 147."""


def reported_passages(
    alignment: AlignmentResult,
    derived: bool,
    a_sents: Sequence[Sentence],
    b_sents: Sequence[Sentence],
    a_text: str,
    b_text: str,
) -> tuple[Passage, ...]:
    """The passages a comparison reports (in its caller's orientation).

    A pair not judged derived reports the alignment's passages as they are. A pair judged
    derived:

    * with no run of links heavy enough for a passage, reports its heaviest run: a lone
      strong link (one reworded paragraph lifted into a long page) has less mass than a
      passage needs, yet once the document evidence says "derived" it is the reuse;
    * has its passages widened to the exact word runs the texts share near them, and a long
      shared run no passage touches added (:mod:`retold._verbatim`): copied text that the
      copier re-cut into other sentences is then shown at its true extent.

    On pan13-dev's report half (the fit half chose the constants) the two raised plagdet from
    0.777 to 0.821, about 0.02 of it from the heaviest run.
    """
    passages = alignment.passages
    if not derived:
        return passages
    if not passages and alignment.weak_passage is not None:
        passages = (alignment.weak_passage,)
    spans = [Span(p.a_start, p.a_end, p.b_start, p.b_end) for p in passages]
    widened = widen(spans, verbatim_runs(a_text, b_text))
    reported = []
    for span, members in widened:
        if members:
            links = sorted({k for m in members for k in passages[m].links})
        else:
            links = [
                k
                for k, link in enumerate(alignment.links)
                if _touches(span.a_start, span.a_end, (a_sents[i] for i in link.a))
                and _touches(span.b_start, span.b_end, (b_sents[j] for j in link.b))
            ]
        reported.append(Passage(span.a_start, span.a_end, span.b_start, span.b_end, tuple(links)))
    return tuple(reported)


def copied_run_alignment(
    scored: PairScores,
    a_sents: list[Sentence],
    b_sents: list[Sentence],
    a_text: str,
    b_text: str,
    *,
    blocked_a: np.ndarray | None = None,
    blocked_b: np.ndarray | None = None,
) -> AlignmentResult | None:
    """An alignment whose links are the exact word runs of ``RESCUE_MIN_SEEDS`` seeds or more,
    for a pair whose document evidence says "derived" but whose sentences link to nothing.

    Copied text re-cut into other sentences (six lines of a list pasted as one sentence of a
    longer page) can defeat every sentence match while its words stay in order. Each run links
    the sentences it overlaps on each side, as one group; the link's score is the word-order
    ratio of the grouped sentences, and its kind follows :func:`retold._align.link_kind`.
    Blocked sentences (see :func:`retold._align.score_pairs`) stay out. ``None`` when the
    texts share no such run.
    """
    runs = [r for r in verbatim_runs(a_text, b_text) if r.seeds >= RESCUE_MIN_SEEDS]
    groups: dict[tuple[tuple[int, ...], tuple[int, ...]], None] = {}
    for run in runs:
        a_side = _overlapping(a_sents, run.a_start, run.a_end, blocked_a)
        b_side = _overlapping(b_sents, run.b_start, run.b_end, blocked_b)
        if a_side and b_side:
            groups.setdefault((a_side, b_side), None)
    if not groups:
        return None
    links = []
    for a_side, b_side in sorted(groups, key=lambda g: (min(g[1]), min(g[0]))):
        kind, ratio = link_kind(
            " ".join(a_sents[i].text for i in a_side), " ".join(b_sents[j].text for j in b_side)
        )
        links.append(Link(a=a_side, b=b_side, kind=kind, score=round(ratio, 4)))
    return alignment_from_links(links, a_sents, b_sents, scored.prob, scored.cosine, scored.jaccard)


def _overlapping(
    sentences: list[Sentence], start: int, end: int, blocked: np.ndarray | None
) -> tuple[int, ...]:
    """Indices of the sentences, not blocked, that overlap the characters ``[start, end)``."""
    return tuple(
        k
        for k, s in enumerate(sentences)
        if start < s.end and s.start < end and (blocked is None or not blocked[k])
    )


def _touches(start: int, end: int, sentences: Iterable[Sentence]) -> bool:
    """Whether any of ``sentences`` overlaps the characters ``[start, end)``."""
    return any(start < s.end and s.start < end for s in sentences)
