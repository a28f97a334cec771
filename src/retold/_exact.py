"""Exact reuse on top of the sentence alignment: what a derived pair shows.

The sentence alignment (:mod:`retold._align`) decides the verdict. Three things are added from
the exact word runs the texts share (:mod:`retold._verbatim`):

* :func:`copied_run_alignment`: for a pair the document evidence calls derived but whose
  sentences link to nothing, runs of ``RESCUE_MIN_SEEDS`` seeds link the sentences they
  cross, and the pair is judged on those links;
* :func:`copied_passages`: a pair judged not derived that still shares a long exact run
  with the same figures on both sides has a passage copied word for word, and is derived on
  those runs' links whatever the rest of the evidence says;
* :func:`reported_passages`: the passages a derived pair reports, widened to the runs near
  them (after the verdict, which never reads them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from retold._align import AlignmentResult, PairScores, alignment_from_links, link_kind
from retold._lexical import DIGIT_RUN
from retold._verbatim import MIN_SEEDS, Span, verbatim_runs, widen
from retold.model import Link, Passage, Sentence

RESCUE_MIN_SEEDS = 3
"""Seeds (5-grams, chained) an exact word run needs to link sentences on its own, when the
document evidence says "derived" and no sentence links (:func:`copied_run_alignment`). Chosen
on pan13-dev's fit half: of the pairs in that state, no ``no-plagiarism`` pair had a run of
more than 1 seed, while verbatim (``none``) copies had 46 to 147."""

COPIED_PASSAGE_SEEDS = MIN_SEEDS
"""Seeds (chained 5-grams, about 16 words in a row) of the exact run that makes a pair derived
by itself (:func:`copied_passages`): the length at which a run is reported as a passage of its
own. On 2,000 random screened pairs of the scan benchmark's news haystack, runs of 8 seeds
with agreeing figures still caught 14 pairs judged not derived, half of them wire forms; at
12, 6: 4 real copies (a background paragraph carried into a later story, a forecast re-sent,
pan13 pages holding a source's paragraph) and 2 forms whose boilerplate holds no figure ("the
Defense Department said. It said work on the contract is expected to be completed in")."""


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
    runs: Sequence[Span] | None = None,
) -> AlignmentResult | None:
    """An alignment whose links are exact shared word runs: by default those of
    ``RESCUE_MIN_SEEDS`` seeds or more, for a pair whose sentences link to nothing; given
    ``runs``, those (the :func:`copied_passages` of a pair judged derived on them alone).

    Copied text re-cut into other sentences (six lines of a list pasted as one sentence of a
    longer page) can defeat every sentence match while its words stay in order. Each run links
    the sentences it overlaps on each side, as one group; the link's score is the word-order
    ratio of the grouped sentences, and its kind follows :func:`retold._align.link_kind`.
    Blocked sentences (see :func:`retold._align.score_pairs`) stay out. ``None`` when there is
    no such run.
    """
    if runs is None:
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


def copied_passages(
    a_sents: Sequence[Sentence],
    b_sents: Sequence[Sentence],
    a_text: str,
    b_text: str,
    *,
    blocked_a: np.ndarray | None = None,
    blocked_b: np.ndarray | None = None,
) -> list[Span]:
    """The exact word runs of ``COPIED_PASSAGE_SEEDS`` seeds or more whose numbers are the same
    on both sides, each crossing a sentence not blocked on each side.

    About sixteen words in a row, figures included, are a copied passage, whatever the rest
    of the two texts does: a paragraph lifted into a long page on another subject, a list
    pasted as one run-on sentence, a background paragraph carried into a later story. The
    sentence alignment and the document model can miss such a pair (the page's other text
    dilutes every document score: on pan13-dev, verbatim copies of 55 to 105 words in pages of
    25,000 characters were called unrelated). A run whose numbers differ is a form filled in
    twice (the Bank of England's daily forecast of another shortage) and does not count.
    """
    found = []
    for run in verbatim_runs(a_text, b_text):
        if run.seeds < COPIED_PASSAGE_SEEDS:
            continue
        a_span, b_span = a_text[run.a_start : run.a_end], b_text[run.b_start : run.b_end]
        if Counter(DIGIT_RUN.findall(a_span)) != Counter(DIGIT_RUN.findall(b_span)):
            continue
        if _overlapping(a_sents, run.a_start, run.a_end, blocked_a) and _overlapping(
            b_sents, run.b_start, run.b_end, blocked_b
        ):
            found.append(run)
    return found


def _overlapping(
    sentences: Sequence[Sentence], start: int, end: int, blocked: np.ndarray | None
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
