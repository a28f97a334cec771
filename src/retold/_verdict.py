"""The pair verdict: which relation holds between A and B, and which one came first.

The rule (also in ``docs/verdicts.md``), applied in order:

1. ``duplicate``: the cleaned texts have the same words in the same order.
2. Otherwise the pair is *derived* when ``retelling`` ≥ ``DERIVED_THRESHOLD`` (calibrated on the
   fit halves of pan13-dev and webis-cpc11). A derived pair is
   ``near_duplicate`` when both texts are covered (≥ ``NEAR_DUP_COVERAGE``) and the linked text
   is mostly copied or lightly edited (≥ ``NEAR_DUP_VERBATIM``); ``rewrite`` when at least one
   text is mostly retold by the other (coverage ≥ ``REWRITE_COVERAGE``); otherwise
   ``partial_reuse`` (a lifted passage inside an otherwise different text).
   A pair that :func:`looks_independent` (same subject, shared facts, no run of
   ``DERIVED_MIN_RUN`` linked sentences, no copied sentence or shared phrasing) is never
   derived, nor is one whose linked sentences :func:`disagree_on_facts` (the shared wording
   is a form — an earnings table, a weekly auction notice — filled with other figures), nor a
   short pair :func:`about_another_subject` (no sentence link the pair model confirms, few
   shared names: another company's news on the same topic), nor a would-be ``rewrite`` or
   ``near_duplicate`` that is :func:`form_for_another_subject` (one form filled in for two
   companies or subjects: stock codes apart, or one source's items led by other subjects).
   The one-source rules (:func:`own_follow_up`, :func:`periodic_report`,
   :func:`form_issued_again`, :func:`later_flash`, :func:`reworded_flash`) read the
   documents' source and dates. A pair sharing a passage copied word for word, figures included
   (:func:`retold._exact.copied_passages`), is judged again on the links of those passages
   alone, and is ``partial_reuse`` if that judgement still finds it not derived
   (``ReuseEvidence.copied_passage``).
3. Not derived: ``same_story`` when the two documents mean much the same (``semantic`` ≥
   ``SAME_STORY_SEMANTIC``) and share concrete facts — names, numbers, dates
   (``shared_facts`` ≥ ``SAME_STORY_FACTS``) — and their linked sentences do not disagree on
   facts (two filled-in forms report two events) nor are they about another subject; else
   ``unrelated``.

``retelling`` measures reuse, not topic: a calibrated logistic model over reuse evidence only
(:data:`DOC_FEATURES`). Independent reports of one event share facts and subject but rarely
several adjacent, confidently linked sentences or an order-keeping chain of matches, which is
what keeps ``same_story`` apart from ``rewrite``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import numpy as np

from retold import _calibration as cal
from retold._align import AlignmentResult
from retold._companies import companies, companies_apart
from retold._facts import fact_keys
from retold._heads import subject_heads, title_swap
from retold._lexical import words
from retold.model import Direction, Document, Link, Relation, Scores, Sentence


def _chars(sentences: Sequence[Sentence], indices: set[int] | None = None) -> int:
    return sum(len(s.text) for k, s in enumerate(sentences) if indices is None or k in indices)


def _weighted_coverage(
    sentences: Sequence[Sentence], weight: dict[int, float]
) -> tuple[float, float]:
    """(plain coverage, confidence-weighted coverage) of one side by its linked sentences."""
    total = max(_chars(sentences), 1)
    plain = sum(len(sentences[k].text) for k in weight) / total
    weighted = sum(len(sentences[k].text) * w for k, w in weight.items()) / total
    return plain, weighted


def passage_strength(alignment: AlignmentResult, a_shorter: bool) -> float:
    """Strength of the best passage: 1 - exp(-(its mass) / PASSAGE_SCALE).

    A passage's mass sums each link's score times its sentences in the longer text (the B of
    the pair's canonical alignment, see :class:`retold._compare.PairAlignment`), so the value
    does not depend on which text the caller named A.
    """
    best = 0.0
    for passage in alignment.passages:
        links = [alignment.links[k] for k in passage.links]
        mass = sum(link.score * len(link.b if a_shorter else link.a) for link in links)
        best = max(best, mass)
    return 1.0 - math.exp(-best / cal.PASSAGE_SCALE)


DOC_FEATURES = (
    "lexical",
    "passage_strength",
    "shorter_weighted_coverage",
    "top3_best_match",
    "top3_best_cosine",
    "sentence_coverage",
    "best_passage_links",
    "log_links",
    "max_link",
    "chain_low",
    "chain_high",
    "top3_best_jaccard",
    "chain_mixed",
    "window_coverage",
)
"""Columns of :func:`document_features`, the inputs of the retelling model.

Only evidence of *reuse* goes in: word overlap, linked sentences, passages, best sentence matches
and order-keeping chains. Whole-document topical similarity is left out on purpose: the dev sets
hold no independent same-event reports as negatives, so a model given it learns "same subject
means derived" and calls ``same_story`` pairs rewrites (it did, on the demo corpus).
"""


def _semantic(a_vecs: np.ndarray, b_vecs: np.ndarray) -> float:
    if not len(a_vecs) or not len(b_vecs):
        return 0.0
    mean_a, mean_b = a_vecs.mean(0), b_vecs.mean(0)
    norm = float(np.linalg.norm(mean_a) * np.linalg.norm(mean_b))
    return max(float(mean_a @ mean_b) / norm, 0.0) if norm > 0 else 0.0


def _pair_windows(vectors: np.ndarray) -> np.ndarray:
    """Unit vectors of each two adjacent sentences together (mean of their vectors)."""
    if len(vectors) < 2:
        return np.zeros((0, vectors.shape[1] if vectors.ndim == 2 else 0), np.float32)
    summed = vectors[:-1] + vectors[1:]
    return summed / np.clip(np.linalg.norm(summed, axis=1, keepdims=True), 1e-12, None)


def window_coverage(short_vecs: np.ndarray, long_vecs: np.ndarray) -> float:
    """Share of the shorter text's sentences with a close match, merges and splits allowed.

    A sentence counts as matched when its best cosine reaches ``SENTENCE_COSINE`` against a
    sentence of the other text or two adjacent ones together (a split), or when it and a
    neighbour together reach it against one sentence (a merge). Sentence vectors are averaged,
    so this needs no extra model call.
    """
    if not len(short_vecs) or not len(long_vecs):
        return 0.0
    targets = np.vstack([long_vecs, _pair_windows(long_vecs)])
    matched = (short_vecs @ targets.T).max(axis=1) >= cal.SENTENCE_COSINE
    windows = _pair_windows(short_vecs)
    if len(windows):
        merged = (windows @ long_vecs.T).max(axis=1) >= cal.SENTENCE_COSINE
        matched[:-1] |= merged
        matched[1:] |= merged
    return float(matched.mean())


@dataclass(frozen=True, slots=True)
class MatchEvidence:
    """The document evidence read from a pair's score matrices and vectors alone, not from
    the links kept: the strict and the relaxed alignment of one pair share it, so
    :func:`retold._compare.compare_prepared` computes it once."""

    a_shorter: bool
    top3: float
    top3_cos: float
    sentence_coverage: float
    top3_jaccard: float
    chain_low: float
    chain_high: float
    chain_mixed: float
    window: float


def match_evidence(
    a_sents: Sequence[Sentence],
    b_sents: Sequence[Sentence],
    a_vecs: np.ndarray,
    b_vecs: np.ndarray,
    alignment: AlignmentResult,
) -> MatchEvidence:
    """Best matches, order-keeping chains and window coverage of one pair.

    The best-match features look from the *shorter* text, so a passage lifted into a long
    article counts as much as a whole-text copy.
    """
    a_shorter = _chars(a_sents) <= _chars(b_sents)
    matrix = alignment.matrix
    if matrix.size:
        axis = 1 if a_shorter else 0  # each of the shorter text's sentences: its best match
        best = matrix.max(axis=axis)
        best_cos = alignment.cosine.max(axis=axis)
        top3 = float(np.sort(best)[-3:].mean())
        sentence_coverage = float((best_cos >= cal.SENTENCE_COSINE).mean())
        top3_cos = float(np.sort(best_cos)[-3:].mean())
        top3_jaccard = float(np.sort(alignment.jaccard.max(axis=axis))[-3:].mean())
    else:
        top3 = top3_cos = sentence_coverage = top3_jaccard = 0.0
    cosine_all = alignment.cosine
    mixed = (alignment.cosine + alignment.jaccard) / 2
    chains = chain_scores(
        [(cosine_all, cal.CHAIN_LOW), (cosine_all, cal.CHAIN_HIGH), (mixed, cal.CHAIN_LOW)]
    )
    return MatchEvidence(
        a_shorter=a_shorter,
        top3=top3,
        top3_cos=top3_cos,
        sentence_coverage=sentence_coverage,
        top3_jaccard=top3_jaccard,
        chain_low=chains[0],
        chain_high=chains[1],
        chain_mixed=chains[2],
        window=window_coverage(*((a_vecs, b_vecs) if a_shorter else (b_vecs, a_vecs))),
    )


def document_features(
    a_sents: Sequence[Sentence],
    b_sents: Sequence[Sentence],
    a_vecs: np.ndarray,
    b_vecs: np.ndarray,
    lexical: float,
    alignment: AlignmentResult,
    matches: MatchEvidence | None = None,
) -> np.ndarray:
    """The document-level evidence of reuse, one value per :data:`DOC_FEATURES` column.

    ``matches``: the pair's :func:`match_evidence` when already computed (for this pair's
    matrices), else it is computed here.
    """
    if matches is None:
        matches = match_evidence(a_sents, b_sents, a_vecs, b_vecs, alignment)
    weight_a, weight_b = _link_weights(alignment)
    shorter_weighted = _weighted_coverage(
        *((a_sents, weight_a) if matches.a_shorter else (b_sents, weight_b))
    )[1]
    passage_links = max((len(p.links) for p in alignment.passages), default=0)
    scores = [link.score for link in alignment.links]
    return np.array(
        [
            lexical,
            passage_strength(alignment, matches.a_shorter),
            shorter_weighted,
            matches.top3,
            matches.top3_cos,
            matches.sentence_coverage,
            math.log1p(passage_links),
            math.log1p(len(scores)),
            max(scores, default=0.0),
            math.log1p(matches.chain_low),
            math.log1p(matches.chain_high),
            matches.top3_jaccard,
            math.log1p(matches.chain_mixed),
            matches.window,
        ],
        dtype=np.float32,
    )


def chain_score(similarity: np.ndarray, baseline: float, *, gap: float = 0.1) -> float:
    """Best local chain of sentence matches that advance in both texts (Smith-Waterman style).

    Each B sentence in the chain matches a *later* A sentence than the previous one; a match
    adds ``similarity - baseline`` (so weak matches cost), skipping one B sentence costs
    ``gap``, skipping A sentences is free (a summary compresses its source). A retelling —
    spun, translated or summarised — keeps its source's order, so its matches chain; matches
    between two texts that merely share a topic are scattered and do not. O(n·m) with numpy.
    """
    return chain_scores([(similarity, baseline)], gap=gap)[0]


def chain_scores(problems: Sequence[tuple[np.ndarray, float]], *, gap: float = 0.1) -> list[float]:
    """:func:`chain_score` of several ``(similarity, baseline)`` of one shape, in one pass
    over the B sentences (the per-column numpy calls are shared; each row of the stacked
    arrays is its own problem, so every result is what ``chain_score`` gives alone)."""
    n, m = problems[0][0].shape
    if not n or not m:
        return [0.0] * len(problems)
    gains = [similarity - baseline for similarity, baseline in problems]
    gain = np.stack(gains)  # (problems, n, m), the dtype each difference has alone
    k = len(problems)
    previous = np.zeros((k, n), np.float32)
    # Running maxima of the last two columns, shifted one A sentence on: reaching row i from
    # any earlier row. The maxima of ``previous`` serve as those of ``before`` one step later.
    reach_previous = np.zeros((k, n))
    reach_before = np.zeros((k, n))
    best = np.zeros(k)
    for j in range(m):
        reach_before, reach_previous = reach_previous, reach_before
        reach_previous[:, 1:] = np.maximum.accumulate(previous, axis=1)[:, :-1]
        reach = np.maximum(reach_previous, reach_before - gap)
        current = np.maximum(0.0, gain[:, :, j] + np.maximum(0.0, reach))
        best = np.maximum(best, current.max(axis=1))
        previous = current.astype(np.float32)
    return [float(b) for b in best]


def retelling_probability(features: np.ndarray) -> float:
    """The calibrated probability that one text derives from the other."""
    logit = float(features @ np.asarray(cal.DOC_WEIGHTS, np.float32) + cal.DOC_BIAS)
    return 1.0 / (1.0 + math.exp(-max(min(logit, 30.0), -30.0)))


def _link_weights(alignment: AlignmentResult) -> tuple[dict[int, float], dict[int, float]]:
    weight_a: dict[int, float] = {}
    weight_b: dict[int, float] = {}
    for link in alignment.links:
        for i in link.a:
            weight_a[i] = max(weight_a.get(i, 0.0), link.score)
        for j in link.b:
            weight_b[j] = max(weight_b.get(j, 0.0), link.score)
    return weight_a, weight_b


def compute_scores(
    a_sents: Sequence[Sentence],
    b_sents: Sequence[Sentence],
    a_vecs: np.ndarray,
    b_vecs: np.ndarray,
    lexical: float,
    alignment: AlignmentResult,
    shared_facts: float,
    matches: MatchEvidence | None = None,
) -> Scores:
    """All the numbers the verdict rests on (see :class:`retold.model.Scores`).

    ``lexical``: the word 5-gram containment of the two texts; ``matches`` as in
    :func:`document_features`.
    """
    weight_a, weight_b = _link_weights(alignment)
    features = document_features(a_sents, b_sents, a_vecs, b_vecs, lexical, alignment, matches)
    scores = [link.score for link in alignment.links]
    return Scores(
        coverage_a=round(_weighted_coverage(a_sents, weight_a)[0], 4),
        coverage_b=round(_weighted_coverage(b_sents, weight_b)[0], 4),
        lexical=round(lexical, 4),
        semantic=round(_semantic(a_vecs, b_vecs), 4),
        link_mean=round(float(np.mean(scores)) if scores else 0.0, 4),
        shared_facts=round(shared_facts, 4),
        retelling=round(retelling_probability(features), 4),
    )


def verbatim_share(
    alignment: AlignmentResult,
    a_sents: Sequence[Sentence],
    b_sents: Sequence[Sentence],
    a_shorter: bool,
) -> float:
    """Share of the longer text's linked characters in copied or edited links."""
    linked = verbatim = 0
    for link in alignment.links:
        if a_shorter:
            size = sum(len(b_sents[j].text) for j in link.b)
        else:
            size = sum(len(a_sents[i].text) for i in link.a)
        linked += size
        if link.kind in ("copied", "edited"):
            verbatim += size
    return verbatim / linked if linked else 0.0


def longest_run(alignment: AlignmentResult) -> int:
    """Links in the longest passage (a run of links adjacent in both texts)."""
    return max((len(p.links) for p in alignment.passages), default=0)


@dataclass(frozen=True, slots=True)
class ReuseEvidence:
    """What the alignment shows beyond the scores, for the relation rule.

    ``verbatim``: share of the longer text's linked text copied or edited; ``run``: links in
    the longest passage; ``copied``: any sentence copied word for word; ``shorter_sentences``:
    sentences in the shorter text; ``phrasing``: 5-gram containment over lower-case words only
    (names and figures left out, see :func:`retold._lexical.phrase_shingles`); ``facts_kept`` and
    ``facts_compared``: the figures of the linked sentences (:func:`linked_figures`), and
    ``numbers_kept`` / ``numbers_compared`` the same for their numbers alone;
    ``confident_links``: links the strict alignment found, before a derived verdict relaxed it
    (``None`` when not known); ``names_shared``: the share of the names of the text with fewer
    names that the other text names too (``None`` when either text names no one);
    ``copied_passage``: the seeds (chained 5-grams) of a passage the texts share word for word,
    figures included (:func:`retold._exact.copied_passages`; 0 when none was found).
    """

    verbatim: float = 0.0
    run: int = 0
    copied: bool = False
    shorter_sentences: int = 0
    phrasing: float = 0.0
    facts_kept: int = 0
    facts_compared: int = 0
    numbers_kept: int = 0
    numbers_compared: int = 0
    confident_links: int | None = None
    names_shared: float | None = None
    copied_passage: int = 0

    @property
    def numbers(self) -> tuple[int, int]:
        """(numbers kept, numbers compared) of the linked sentences."""
        return self.numbers_kept, self.numbers_compared

    @property
    def long_texts(self) -> bool:
        """Both texts are long pages (``LONG_TEXT_SENTENCES`` sentences or more in the shorter):
        the figure and independence rules spare a passage found inside them."""
        return self.shorter_sentences >= cal.LONG_TEXT_SENTENCES


FIGURE_KINDS = ("number:", "date:")
"""Fact kinds :func:`linked_figures` compares. Names are left out: in all-capitals headlines
and tables the name rules mistake whole phrases for names, and a rewrite may shorten a name."""


def _figures(sentences: Sequence[Sentence], indices: set[int]) -> set[str]:
    return {
        key for k in indices for key in fact_keys(sentences[k].text) if key.startswith(FIGURE_KINDS)
    }


def _kept(a_figures: set[str], b_figures: set[str]) -> tuple[int, int]:
    return len(a_figures & b_figures), min(len(a_figures), len(b_figures))


def linked_figures(
    a_sents: Sequence[Sentence], b_sents: Sequence[Sentence], links: Sequence[Link]
) -> tuple[tuple[int, int], tuple[int, int]]:
    """((figures kept, figures compared), (numbers kept, numbers compared)): the numbers and
    dates of the linked sentences, then their numbers alone, from one reading of their facts.

    Compared is the smaller of the two sides' sets of distinct figures (normalised, so "42"
    and "forty-two" are one); kept is how many of them the other side's linked sentences
    hold too. A retelling keeps its source's figures; a report written from the same form as
    another (next week's auction notice, another company's results) changes nearly all.
    """
    a_figures = _figures(a_sents, {i for link in links for i in link.a})
    b_figures = _figures(b_sents, {j for link in links for j in link.b})
    a_numbers = {key for key in a_figures if key.startswith("number:")}
    b_numbers = {key for key in b_figures if key.startswith("number:")}
    return _kept(a_figures, b_figures), _kept(a_numbers, b_numbers)


def changes_a_short_report(scores: Scores, evidence: ReuseEvidence) -> bool:
    """Whether a short report's retelling drops figures: another report, not a retelling.

    A short wire item or brief is its facts: rewording it keeps every number and date. Two
    short texts (``SHORT_FORM_MAX_SENTENCES`` sentences or fewer in the shorter) with no
    sentence copied word for word and less than ``SHORT_FORM_MAX_LEXICAL`` of their 5-grams
    shared, whose linked sentences cover ``FORM_MIN_COVERAGE`` of both and drop a figure, are
    another report on the form or the subject — another company's notice, the next day's
    market update. One figure is spared between texts naming all the same people and
    companies (a paraphrase may write "some 40" for "42"); two, or other names, are not.
    """
    compared, kept = evidence.facts_compared, evidence.facts_kept
    names_differ = evidence.names_shared is not None and evidence.names_shared < 1.0
    return (
        evidence.shorter_sentences <= cal.SHORT_FORM_MAX_SENTENCES
        and not evidence.copied
        and scores.lexical < cal.SHORT_FORM_MAX_LEXICAL
        and min(scores.coverage_a, scores.coverage_b) >= cal.FORM_MIN_COVERAGE
        and kept < compared
        and (compared >= 2 or names_differ)
    )


def figures_mostly_changed(scores: Scores, evidence: ReuseEvidence) -> bool:
    """Whether the linked sentences hold mostly *different* figures: a form, not a retelling.

    Needs ``FORM_MIN_FIGURES`` figures to compare, and fewer than ``FORM_MAX_KEPT`` of them
    kept: a copy that corrects one number of two still counts as derived, with the change
    reported. A form is a short text filled in twice, its wording covering both: when both
    texts are long (``LONG_TEXT_SENTENCES`` sentences or more) and the linked sentences cover
    less than ``FORM_MIN_COVERAGE`` of one of them, the few links are a passage inside a long
    page (and a stray link or two beside it), not a form, and the pair is judged on them.
    """
    compared = evidence.facts_compared
    long_page = (
        evidence.long_texts and min(scores.coverage_a, scores.coverage_b) < cal.FORM_MIN_COVERAGE
    )
    return (
        compared >= cal.FORM_MIN_FIGURES
        and evidence.facts_kept < cal.FORM_MAX_KEPT * compared
        and not long_page
    )


def disagree_on_facts(scores: Scores, evidence: ReuseEvidence) -> bool:
    """Whether the figures say "another report": mostly changed (:func:`figures_mostly_changed`)
    or, in a short report, any changed (:func:`changes_a_short_report`)."""
    return figures_mostly_changed(scores, evidence) or changes_a_short_report(scores, evidence)


def about_another_subject(evidence: ReuseEvidence) -> bool:
    """Whether a short pair is two texts about different people or companies.

    A short text (``OTHER_SUBJECT_MAX_SENTENCES`` sentences or fewer) in which the pair model
    confirms no sentence link, and that shares few of its names with the other, is another
    subject on the same topic or form — a second company's management change, another
    issuer's bond — however close their sentence vectors. A paraphrase keeps its names, and a
    long text is judged by :func:`looks_independent` instead.
    """
    return (
        evidence.confident_links == 0
        and evidence.shorter_sentences <= cal.OTHER_SUBJECT_MAX_SENTENCES
        and evidence.names_shared is not None
        and evidence.names_shared < cal.OTHER_SUBJECT_MAX_NAMES
    )


def same_subject(scores: Scores) -> bool:
    """Much the same meaning and shared concrete facts: what two reports of one event share."""
    return (
        scores.semantic >= cal.SAME_STORY_SEMANTIC and scores.shared_facts >= cal.SAME_STORY_FACTS
    )


def looks_independent(scores: Scores, evidence: ReuseEvidence) -> bool:
    """Same subject and shared facts, but no sign of reuse the alignment can show.

    An independent report of the same event shares names, figures and subject, yet no run of
    linked sentences, no copied sentence and no phrasing beyond names and figures. Only texts
    of ``INDEPENDENT_MIN_SENTENCES`` or more are judged so: a two-sentence rewrite has no room
    for a run. Two long texts (``LONG_TEXT_SENTENCES``) sharing ``INDEPENDENT_MAX_LEXICAL_LONG``
    of their word 5-grams are not: a long page holding a reworded passage keeps a few of its
    source's exact word sequences. This overrides a high retelling score, because the retelling
    model was fitted on data without such reports (see :data:`DOC_FEATURES`).
    """
    long_and_sharing = evidence.long_texts and scores.lexical >= cal.INDEPENDENT_MAX_LEXICAL_LONG
    return (
        same_subject(scores)
        and evidence.run < cal.DERIVED_MIN_RUN
        and not evidence.copied
        and evidence.shorter_sentences >= cal.INDEPENDENT_MIN_SENTENCES
        and evidence.phrasing < cal.INDEPENDENT_MAX_PHRASING
        and not long_and_sharing
    )


def hours_apart(a: str | None, b: str | None) -> float | None:
    """Hours between two ISO dates or datetimes (a date alone is its midnight; a time zone on
    only one side is ignored); ``None`` when either is missing or not ISO."""
    try:
        first, second = datetime.fromisoformat(a or ""), datetime.fromisoformat(b or "")
    except ValueError:
        return None
    if (first.tzinfo is None) != (second.tzinfo is None):
        first, second = first.replace(tzinfo=None), second.replace(tzinfo=None)
    return abs((first - second).total_seconds()) / 3600


def _host(url: str | None) -> str | None:
    """The web host of a URL without a leading ``www.`` (``None`` when there is none)."""
    try:
        host = urlsplit(url or "").hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _one_source(a: Document, b: Document) -> bool:
    """Both texts name one source (ignoring case and spaces around it). Texts whose URLs name
    two hosts are two publishers whatever their ``source`` says (a dataset may give every
    record one source)."""
    if not (a.source and b.source and a.source.strip().casefold() == b.source.strip().casefold()):
        return False
    hosts = {_host(a.url), _host(b.url)}
    return None in hosts or len(hosts) == 1


def _one_source_hours(a: Document, b: Document) -> float | None:
    """Hours between two texts of one source (:func:`_one_source`); ``None`` for two sources
    or a date missing or unreadable, where the one-source rules cannot speak."""
    return hours_apart(a.date, b.date) if _one_source(a, b) else None


_NUMERIC_TOKEN = re.compile(r"[\d.,/+-]*\d[\d.,/+-]*")


def numeric_share(text: str) -> float:
    """Share of a text's whitespace-separated tokens that are numbers (a price or rate table
    is mostly numbers; prose has a few)."""
    tokens = text.split()
    return sum(bool(_NUMERIC_TOKEN.fullmatch(t)) for t in tokens) / len(tokens) if tokens else 0.0


def own_follow_up(a: Document, b: Document, scores: Scores, evidence: ReuseEvidence) -> bool:
    """Whether a reworded retelling is its source's own next story, not a rewrite.

    A source does not spin its own stories. When both texts name one source and carry
    readable dates, and less than ``FOLLOW_UP_MAX_VERBATIM`` of the linked text is copied or
    edited, the source wrote a second story on the subject:

    * told again more than ``FOLLOW_UP_MIN_HOURS`` later, it is the next story (the tender's
      result after the tender, the restart after the shutdown);
    * within those hours, when it is a second story (:func:`own_second_story`) rather than a
      flash written up (the flash is retold whole) or a correction notice (a line or two).

    Re-sends and corrections keep their wording (then ``near_duplicate``, or for a copied
    passage ``partial_reuse``, which this rule leaves alone).
    """
    if evidence.verbatim >= cal.FOLLOW_UP_MAX_VERBATIM:
        return False
    hours = _one_source_hours(a, b)
    if hours is None:
        return False
    return hours > cal.FOLLOW_UP_MIN_HOURS or own_second_story(scores, evidence)


def own_second_story(scores: Scores, evidence: ReuseEvidence) -> bool:
    """Whether two texts of one source, written within hours, are two stories, not one story
    and its write-up: the shorter text has ``SECOND_STORY_MIN_SENTENCES`` sentences or more (a
    story, not a flash or a one-line notice) and neither text is retold to
    ``SECOND_STORY_MAX_COVERAGE`` (a write-through retells all of the story it updates)."""
    top = max(scores.coverage_a, scores.coverage_b)
    return (
        evidence.shorter_sentences >= cal.SECOND_STORY_MIN_SENTENCES
        and top < cal.SECOND_STORY_MAX_COVERAGE
    )


def periodic_report(a: Document, b: Document, evidence: ReuseEvidence) -> bool:
    """Whether two texts of one source are one report issued twice with new data.

    A source's daily or weekly report (the Fed's repurchases, a treasury-bill auction, a
    price table) repeats its wording with that day's numbers; a re-send of a story days later
    keeps its numbers (a weekday may turn into "today"). So a number of the linked sentences
    that the other side does not hold makes two texts of one source, dated more than
    ``FOLLOW_UP_MIN_HOURS`` apart, two reports, not a copy. Within those hours it does so for
    tables (both texts at least ``TABLE_MIN_NUMERIC`` numbers): a price or rate table is
    issued again every hour or at the close with some figures moved, while a story re-sent
    within hours with a number changed is a correction, reported as a fact change. A table's
    moved lines may be left unlinked, so two tables also count when their whole texts keep
    too few of each other's numbers (:func:`table_moved`). A form filled in again days later
    with its changed lines unlinked is :func:`form_issued_again`.
    """
    hours = _one_source_hours(a, b)
    if hours is None:
        return False
    dropped = evidence.numbers_kept < evidence.numbers_compared
    if hours > cal.FOLLOW_UP_MIN_HOURS:
        return dropped
    if min(numeric_share(a.text), numeric_share(b.text)) < cal.TABLE_MIN_NUMERIC:
        return False
    return dropped or table_moved(a.text, b.text)


def table_numbers(a_text: str, b_text: str) -> tuple[int, int]:
    """(numbers kept, numbers compared) of two whole texts: compared is the smaller of the
    two sets of distinct numbers, kept how many of them the other text holds too."""
    return _whole_texts_kept(a_text, b_text, _is_number)


def report_figures(a_text: str, b_text: str) -> tuple[int, int]:
    """(figures kept, figures compared) of two whole texts, as :func:`table_numbers` counts
    numbers: their numbers and the dates written with a digit (a weekday or "yesterday" may
    change in a re-send)."""
    return _whole_texts_kept(a_text, b_text, _is_figure)


def _is_number(key: str) -> bool:
    return key.startswith("number:")


def _is_figure(key: str) -> bool:
    return _is_number(key) or (key.startswith("date:") and any(ch.isdigit() for ch in key))


def _whole_texts_kept(a_text: str, b_text: str, wanted: Callable[[str], bool]) -> tuple[int, int]:
    first, second = ({key for key in fact_keys(text) if wanted(key)} for text in (a_text, b_text))
    return _kept(first, second)


def _retold_whole(scores: Scores) -> bool:
    """Whether the scores make a would-be ``rewrite`` or ``near_duplicate``: derived, with one
    text retold to ``REWRITE_COVERAGE`` or more."""
    return (
        scores.retelling >= cal.DERIVED_THRESHOLD
        and max(scores.coverage_a, scores.coverage_b) >= cal.REWRITE_COVERAGE
    )


def form_issued_again(a: Document, b: Document, scores: Scores) -> bool:
    """Whether a would-be ``rewrite`` or ``near_duplicate`` (:func:`_retold_whole`) of one
    source, dated more than ``FOLLOW_UP_MIN_HOURS`` apart, keeps too few of its figures across
    the whole texts (:func:`figures_moved`): one form filled in again whose changed lines the
    alignment left unlinked. A passage reused in a later story (``partial_reuse``) and two
    stories on one subject (``same_story``) are left alone: their other figures differ as a
    matter of course."""
    if not _retold_whole(scores):
        return False
    hours = _one_source_hours(a, b)
    return hours is not None and hours > cal.FOLLOW_UP_MIN_HOURS and figures_moved(a.text, b.text)


def _headed(document: Document) -> str:
    """A document's title and text: a wire story often names its company by code only in
    its headline. A text that opens with its title already is left as it is."""
    title = _folded(document.title or "")
    if not title or _folded(document.text[: len(document.title or "") * 2]).startswith(title):
        return document.text
    return f"{document.title}\n{document.text}"


def _folded(text: str) -> str:
    """A text with its whitespace runs made single spaces, case folded: a title and the
    text's opening compare alike however a wire wrapped them."""
    return " ".join(text.split()).casefold()


def form_for_another_subject(a: Document, b: Document, scores: Scores) -> str | None:
    """Why a would-be ``rewrite`` or ``near_duplicate`` (:func:`_retold_whole`) is one form
    filled in for two subjects, or ``None``. Dividend notices, listings, price postings and
    rate changes of one company after another share all their wording but the subject; a
    retelling keeps the subject it retells. Two signs, read from title and text:

    - each text names its companies by stock code, and neither mentions a company of the
      other (:func:`retold._companies.companies_apart`), whatever their sources;
    - two dated texts of one source open with different subjects before the same run of words
      (:func:`retold._heads.subject_heads`: "PHILLIPS RAISES CRUDE OIL POSTINGS", "MURPHY
      RAISES CRUDE OIL POSTINGS"), or are tables or forms whose titles each hold a word the
      other text never uses (:func:`retold._heads.title_swap`: "LONDON COCOA 1300", "LONDON
      COCOA CLOSING"; a flash, its title alone, is no table). From two sources a spinner's
      synonym looks alike, so only a source's own items are judged so.

    A passage reused in a story on another subject stays ``partial_reuse``."""
    if not _retold_whole(scores):
        return None
    first, second = _headed(a), _headed(b)
    if companies_apart(first, second):
        return (
            f"A is about {_company_codes(first)} and B about {_company_codes(second)}, and "
            "neither mentions the other's company: one form filled in for two companies, not "
            "a retelling"
        )
    if _one_source_hours(a, b) is None:
        return None
    heads = subject_heads(first, second)
    if heads is not None:
        return (
            f'both texts are from {a.source}; A opens with "{heads.a}" and B with "{heads.b}" '
            f'before the same words ("{heads.form}"), and neither names the other\'s subject: '
            "one form written for two subjects, not a retelling"
        )
    titles = None if _headline_only(a) or _headline_only(b) else title_swap(first, second)
    if titles is None:
        return None
    return (
        f'both texts are from {a.source} and tables or forms; A\'s title has "{titles.a}" and '
        f'B\'s "{titles.b}", words the other text never uses: one table or form for another '
        "hour, market or subject, not a retelling"
    )


def later_flash(a: Document, b: Document) -> float | None:
    """Hours between two flashes of one source dated more than ``FLASH_RESEND_MAX_HOURS``
    apart, or ``None``. A flash is a headline alone (:func:`_flash`); a wire re-sends or
    corrects one within minutes, and a flash an hour or more later is the next item — the
    shareholders' vote after the board's, the other side's statement, the next day's repo."""
    if not _one_source_flashes(a, b):
        return None
    hours = hours_apart(a.date, b.date)
    return hours if hours is not None and hours > cal.FLASH_RESEND_MAX_HOURS else None


def reworded_flash(a: Document, b: Document) -> float | None:
    """The share of the shorter flash's words the other keeps, when two flashes of one source
    keep less than ``FLASH_RESEND_MIN_WORDS`` of them; else ``None``. A re-sent or corrected
    flash repeats its headline with a word or two changed (a corrected figure, a code prefix);
    two flashes worded apart are two statements however close in time — the target's "to
    respond to bid", then "rejects offer" — or one form filled in for two subjects."""
    if not _one_source_flashes(a, b):
        return None
    a_words, b_words = set(words(_headed(a))), set(words(_headed(b)))
    if not a_words or not b_words:
        return None
    kept = len(a_words & b_words) / min(len(a_words), len(b_words))
    return kept if kept < cal.FLASH_RESEND_MIN_WORDS else None


def _one_source_flashes(a: Document, b: Document) -> bool:
    """Both texts are flashes (:func:`_flash`) of one source (:func:`_one_source`)."""
    return _one_source(a, b) and _flash(a) and _flash(b)


def _flash(document: Document) -> bool:
    """A headline alone: the text is its title, or an untitled line of at most 200 characters
    (perhaps wrapped once) that ends without a full stop (a story's sentence ends with one; a
    notice or a table has more lines)."""
    text = document.text.strip()
    if _headline_only(document):
        return True
    one_line = len(text.splitlines()) <= 2 and "\n\n" not in text
    return not document.title and len(text) <= 200 and one_line and not text.endswith(".")


def _headline_only(document: Document) -> bool:
    """Whether a text is its title alone (a flash, perhaps wrapped over two lines)."""
    title = _folded(document.title or "")
    return bool(title) and _folded(document.text) == title


def _company_codes(text: str) -> str:
    """The stock codes a text names its companies by, for a reason: "<PLT>, <ALK>"."""
    return ", ".join(dict.fromkeys(f"<{company.code}>" for company in companies(text)))


def figures_moved(a_text: str, b_text: str) -> bool:
    """Whether two texts keep less than ``REPORT_MAX_KEPT`` of their figures: with their
    source and dates a day or more apart, one form filled in again (a payout's amount and
    dates, the next day's notice), even when the changed lines were left unlinked."""
    kept, compared = report_figures(a_text, b_text)
    return compared >= 1 and kept < cal.REPORT_MAX_KEPT * compared


def table_moved(a_text: str, b_text: str) -> bool:
    """Whether two tables of ``TABLE_MIN_NUMBERS`` numbers or more keep less than
    ``TABLE_MAX_KEPT`` of them: the same table at another hour, not a re-send (a correction
    moves a figure or two)."""
    kept, compared = table_numbers(a_text, b_text)
    return compared >= cal.TABLE_MIN_NUMBERS and kept < cal.TABLE_MAX_KEPT * compared


def decide_relation(
    a: Document, b: Document, scores: Scores, evidence: ReuseEvidence
) -> tuple[Relation, tuple[str, ...]]:
    """Apply the documented rule; returns the relation and the reasons in plain words."""
    verbatim = evidence.verbatim
    pct = "{:.0%}".format
    if words(a.text) == words(b.text):
        return "duplicate", ("the cleaned texts have the same words in the same order",)
    independent = looks_independent(scores, evidence)
    periodic = periodic_report(a, b, evidence) or form_issued_again(a, b, scores)
    another_subject = form_for_another_subject(a, b, scores)
    form = disagree_on_facts(scores, evidence) or periodic or another_subject is not None
    other = about_another_subject(evidence)
    flash_hours = later_flash(a, b)
    flash_kept = reworded_flash(a, b)
    follow_up = False
    flashes = flash_hours is not None or flash_kept is not None
    derivable = not (independent or form or other or flashes)
    if scores.retelling >= cal.DERIVED_THRESHOLD and derivable:
        base = f"retelling score {scores.retelling:.2f} ≥ {cal.DERIVED_THRESHOLD:.2f}"
        covered = min(scores.coverage_a, scores.coverage_b)
        if covered >= cal.NEAR_DUP_COVERAGE and verbatim >= cal.NEAR_DUP_VERBATIM:
            return "near_duplicate", (
                base,
                f"both texts ≥ {pct(covered)} covered, {pct(verbatim)} of it copied or edited",
            )
        top = max(scores.coverage_a, scores.coverage_b)
        if top < cal.REWRITE_COVERAGE:
            return "partial_reuse", (
                base,
                f"reuse is confined to passages: A {pct(scores.coverage_a)}, "
                f"B {pct(scores.coverage_b)} covered",
            )
        follow_up = own_follow_up(a, b, scores, evidence)
        if not follow_up:
            side = "A" if scores.coverage_a >= scores.coverage_b else "B"
            return "rewrite", (
                base,
                f"{pct(top)} of {side} is retold by the other text, {pct(1 - verbatim)} of it "
                "reworded",
            )
    if evidence.copied_passage:
        # Shown by copied passages alone: the rest of the texts did not convince, so only
        # the passages are claimed, never a whole retelling.
        return "partial_reuse", (
            f"a passage is copied word for word, figures included ({evidence.copied_passage} "
            "chained five-word sequences in one stretch), though the rest does not read as reuse",
            f"the copied passages cover A {pct(scores.coverage_a)}, B {pct(scores.coverage_b)}",
        )
    if independent:
        below = f"no run of {cal.DERIVED_MIN_RUN} linked sentences, no copied sentence or phrasing"
    elif follow_up:
        below = _follow_up_reason(a, b, scores, verbatim)
    elif periodic and scores.retelling >= cal.DERIVED_THRESHOLD:
        where, kept, compared = "their linked sentences", *evidence.numbers
        what = "numbers"
        if kept >= compared:  # the changed lines were left unlinked
            if (hours_apart(a.date, b.date) or 0.0) > cal.FOLLOW_UP_MIN_HOURS:
                where, kept, compared = "the two texts", *report_figures(a.text, b.text)
                what = "numbers and dates"
            else:
                where, kept, compared = "the two tables", *table_numbers(a.text, b.text)
        below = (
            f"both texts are from {a.source}, dated {a.date} and {b.date}, and {where} keep "
            f"{kept} of {compared} {what}: the same report issued again with new figures, "
            "not a copy"
        )
    elif another_subject is not None:
        below = another_subject
    elif flash_hours is not None and scores.retelling >= cal.DERIVED_THRESHOLD:
        below = (
            f"both texts are flashes from {a.source}, {flash_hours:.1f} hours apart: a flash is "
            "re-sent or corrected within minutes, so a later one is the next item, not a copy"
        )
    elif flash_kept is not None and scores.retelling >= cal.DERIVED_THRESHOLD:
        below = (
            f"both texts are flashes from {a.source} sharing only {pct(flash_kept)} of their "
            "words: a re-sent or corrected flash keeps nearly all, so these are two items, not "
            "a copy"
        )
    elif form and scores.retelling >= cal.DERIVED_THRESHOLD:
        agree = f"{evidence.facts_kept} of {evidence.facts_compared} numbers and dates agree"
        if not figures_mostly_changed(scores, evidence):
            below = (
                f"a short report retold keeps every figure, but only {agree} in the linked "
                "sentences: another report on the same form or subject, not a retelling"
            )
        else:
            below = (
                f"the linked sentences share wording but not figures: {agree}, so this is "
                "another report written on the same form, not a retelling"
            )
    elif other and scores.retelling >= cal.DERIVED_THRESHOLD:
        below = (
            f"no sentence pair is close enough to call a link, and the texts share only "
            f"{pct(evidence.names_shared or 0.0)} of their names: another subject on the same "
            "topic, not a retelling"
        )
    else:
        below = f"retelling score {scores.retelling:.2f} < {cal.DERIVED_THRESHOLD:.2f}: no reuse"
    if same_subject(scores) and not form and not other:
        return "same_story", (
            below,
            f"same subject (semantic {scores.semantic:.2f}) and shared facts "
            f"({pct(scores.shared_facts)} of names, numbers and dates)",
        )
    return "unrelated", (below, f"semantic similarity {scores.semantic:.2f}")


def _follow_up_reason(a: Document, b: Document, scores: Scores, verbatim: float) -> str:
    """Why :func:`own_follow_up` holds, in plain words."""
    reworded = f"{1 - verbatim:.0%}"
    hours = hours_apart(a.date, b.date) or 0.0
    head = f"both texts are from {a.source}, dated {a.date} and {b.date}"
    tail = f"and {reworded} of the retold text is reworded: the source's own"
    if hours > cal.FOLLOW_UP_MIN_HOURS:
        return f"{head}, {tail} follow-up story, not a rewrite"
    return (
        f"{head} ({hours:.1f} hours apart), both stories of {cal.SECOND_STORY_MIN_SENTENCES} "
        f"sentences or more, neither retold whole (A {scores.coverage_a:.0%}, B "
        f"{scores.coverage_b:.0%} covered), {tail} second story on the subject, not a rewrite"
    )


def decide_direction(
    a: Document,
    b: Document,
    relation: Relation,
    scores: Scores,
    added: int,
    dropped: int,
) -> Direction:
    """Which text is the likely source: dates first, then containment and chrome evidence."""
    if relation in ("same_story", "unrelated"):
        return Direction("unknown", ("independent texts: neither derives from the other",))
    evidence: list[str] = []
    if a.date and b.date and a.date != b.date:
        earlier = "a_to_b" if a.date < b.date else "b_to_a"
        evidence.append(f"dated {a.date} (A) and {b.date} (B): the earlier one is the source")
        return Direction(earlier, tuple(evidence))
    vote = 0
    if added > dropped and scores.coverage_a > scores.coverage_b:
        vote += 1
        evidence.append(f"B keeps most of A and adds {added} sentences of its own")
    elif dropped > added and scores.coverage_b > scores.coverage_a:
        vote -= 1
        evidence.append(f"A keeps most of B and adds {dropped} sentences of its own")
    if len(b.removed) > len(a.removed):
        vote += 1
        evidence.append(f"B carries more page chrome ({len(b.removed)} lines): a republisher")
    elif len(a.removed) > len(b.removed):
        vote -= 1
        evidence.append(f"A carries more page chrome ({len(a.removed)} lines): a republisher")
    if vote > 0:
        return Direction("a_to_b", tuple(evidence))
    if vote < 0:
        return Direction("b_to_a", tuple(evidence))
    evidence.append("no dates and no one-sided evidence")
    return Direction("unknown", tuple(evidence))
