"""The verdict's building blocks on hand-made vectors and scores (no model needed)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from retold import _calibration as cal
from retold._segment import split_sentences
from retold._verdict import (
    ReuseEvidence,
    about_another_subject,
    chain_score,
    chain_scores,
    changes_a_short_report,
    decide_direction,
    decide_relation,
    disagree_on_facts,
    figures_moved,
    form_for_another_subject,
    form_issued_again,
    hours_apart,
    later_flash,
    linked_figures,
    looks_independent,
    numeric_share,
    own_follow_up,
    periodic_report,
    report_figures,
    reworded_flash,
    table_moved,
    window_coverage,
)
from retold.model import DERIVED_RELATIONS, Document, Link, Scores


def _unit(rows: list[list[float]]) -> np.ndarray:
    vectors = np.array(rows, dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_chain_score_rewards_matches_in_order_over_the_same_matches_scattered() -> None:
    ordered = np.full((6, 6), 0.2, np.float32)
    scattered = ordered.copy()
    for k in range(6):
        ordered[k, k] = 0.8
        scattered[k, 5 - k] = 0.8  # the same matches, in reverse order
    assert chain_score(ordered, 0.5) == pytest.approx(6 * 0.3, abs=1e-5)
    assert chain_score(scattered, 0.5) < chain_score(ordered, 0.5) / 2


def test_chain_score_lets_a_summary_skip_source_sentences() -> None:
    similarity = np.full((12, 3), 0.1, np.float32)
    similarity[1, 0] = similarity[5, 1] = similarity[10, 2] = 0.9
    assert chain_score(similarity, 0.5) == pytest.approx(3 * 0.4, abs=1e-5)


def test_chain_score_of_nothing_is_zero() -> None:
    assert chain_score(np.zeros((0, 4), np.float32), 0.5) == 0.0
    assert chain_score(np.full((3, 3), 0.1, np.float32), 0.5) == 0.0


def _chain_by_the_definition(similarity: np.ndarray, baseline: float, gap: float = 0.1) -> float:
    """chain_score's recurrence written out cell by cell: a chain reaching (i, j) comes from
    any earlier A row in the previous B column, or in the one before at the cost of ``gap``."""
    n, m = similarity.shape
    score = np.zeros((n, m))
    for j in range(m):
        for i in range(n):
            came = max(
                [0.0]
                + [score[k, j - 1] for k in range(i) if j >= 1]
                + [score[k, j - 2] - gap for k in range(i) if j >= 2]
            )
            score[i, j] = max(0.0, similarity[i, j] - baseline + came)
    return float(score.max())


def test_chain_score_follows_its_recurrence_on_random_matrices() -> None:
    rng = np.random.default_rng(3)
    for n, m in ((1, 1), (1, 7), (7, 1), (9, 13), (20, 6)):
        similarity = rng.uniform(0.0, 1.0, (n, m)).astype(np.float32)
        expected = _chain_by_the_definition(similarity, 0.55)
        assert chain_score(similarity, 0.55) == pytest.approx(expected, abs=1e-5)


def test_chain_scores_of_several_problems_are_each_what_it_gives_alone() -> None:
    # match_evidence runs its three chains in one pass; each must be exactly the lone result.
    rng = np.random.default_rng(4)
    for n, m in ((1, 1), (5, 9), (12, 3)):
        cosine = rng.uniform(-0.2, 1.0, (n, m)).astype(np.float32)
        mixed = (cosine + rng.uniform(0.0, 1.0, (n, m)).astype(np.float32)) / 2
        problems = [(cosine, 0.5), (cosine, 0.7), (mixed, 0.5)]
        assert chain_scores(problems) == [chain_score(s, b) for s, b in problems]
    assert chain_scores([(np.zeros((0, 3), np.float32), 0.5)] * 2) == [0.0, 0.0]


def test_window_coverage_counts_a_sentence_split_in_two() -> None:
    long_sentence = _unit([[1.0, 1.0, 0.0, 0.0]])
    halves = _unit([[1.0, 0.0, 0.0, 0.5], [0.0, 1.0, 0.0, 0.5]])
    assert (halves @ long_sentence.T).max() < cal.SENTENCE_COSINE  # each half alone falls short
    assert window_coverage(long_sentence, halves) == 1.0
    assert window_coverage(halves, long_sentence) == 1.0


def test_window_coverage_of_unrelated_vectors_is_zero() -> None:
    assert window_coverage(_unit([[1, 0, 0, 0]]), _unit([[0, 0, 1, 0], [0, 0, 0, 1]])) == 0.0


def _scores(**changes: float) -> Scores:
    values = {
        "coverage_a": 0.0,
        "coverage_b": 0.0,
        "lexical": 0.0,
        "semantic": 0.0,
        "link_mean": 0.0,
        "shared_facts": 0.0,
        "retelling": 0.0,
    }
    values.update(changes)
    return Scores(**values)


A = Document(id="a", text="One text about the harbor fire.", date="2024-03-12")
B = Document(id="b", text="Another text on the same fire.", date="2024-03-14")


@pytest.mark.parametrize(
    ("scores", "verbatim", "relation"),
    [
        (_scores(retelling=0.99, coverage_a=0.95, coverage_b=0.9), 0.95, "near_duplicate"),
        (_scores(retelling=0.99, coverage_a=0.8, coverage_b=0.6), 0.1, "rewrite"),
        (_scores(retelling=0.99, coverage_a=0.1, coverage_b=0.2), 0.9, "partial_reuse"),
        (_scores(retelling=0.01, semantic=0.85, shared_facts=0.6), 0.0, "same_story"),
        (_scores(retelling=0.01, semantic=0.85, shared_facts=0.0), 0.0, "unrelated"),
        (_scores(retelling=0.01, semantic=0.2, shared_facts=0.6), 0.0, "unrelated"),
    ],
)
def test_relation_rule(scores: Scores, verbatim: float, relation: str) -> None:
    decided, reasons = decide_relation(A, B, scores, ReuseEvidence(verbatim=verbatim))
    assert decided == relation
    assert reasons


def test_identical_words_are_a_duplicate_whatever_the_scores() -> None:
    same = Document(id="c", text="one text, about the HARBOR fire")
    assert decide_relation(A, same, _scores(), ReuseEvidence())[0] == "duplicate"


def test_direction_follows_dates_then_evidence() -> None:
    derived = _scores(retelling=0.99, coverage_a=0.9, coverage_b=0.6)
    assert decide_direction(A, B, "rewrite", derived, 3, 0).value == "a_to_b"
    assert decide_direction(B, A, "rewrite", derived, 3, 0).value == "b_to_a"
    undated_a = Document(id="a", text=A.text)
    chrome_b = Document(id="b", text=B.text, removed=("Share this article", "Add yours"))
    direction = decide_direction(undated_a, chrome_b, "rewrite", derived, 3, 0)
    assert direction.value == "a_to_b"
    assert any("chrome" in line for line in direction.evidence)
    assert decide_direction(A, B, "same_story", _scores(), 0, 0).value == "unknown"


def test_a_high_retelling_score_does_not_make_an_independent_report_derived() -> None:
    scores = _scores(retelling=0.99, semantic=0.85, shared_facts=0.6)
    lone_match = ReuseEvidence(run=1, shorter_sentences=12)
    assert looks_independent(scores, lone_match)
    assert decide_relation(A, B, scores, lone_match)[0] == "same_story"


@pytest.mark.parametrize(
    "evidence",
    [
        ReuseEvidence(run=3, shorter_sentences=12),  # a run of linked sentences
        ReuseEvidence(run=1, copied=True, shorter_sentences=12),  # a sentence copied
        ReuseEvidence(run=1, shorter_sentences=12, phrasing=0.2),  # shared phrasing
        ReuseEvidence(run=1, shorter_sentences=3),  # too short to show a run
    ],
)
def test_reuse_evidence_keeps_a_pair_derived(evidence: ReuseEvidence) -> None:
    scores = _scores(retelling=0.99, semantic=0.85, shared_facts=0.6, coverage_a=0.9)
    assert not looks_independent(scores, evidence)
    assert decide_relation(A, B, scores, evidence)[0] in {"rewrite", "partial_reuse"}


def test_two_long_texts_sharing_exact_wording_are_not_independent_reports() -> None:
    long = cal.LONG_TEXT_SENTENCES
    sharing = _scores(
        retelling=0.99, semantic=0.8, shared_facts=0.4, lexical=cal.INDEPENDENT_MAX_LEXICAL_LONG
    )
    page = ReuseEvidence(run=1, shorter_sentences=long)
    assert not looks_independent(sharing, page)
    assert decide_relation(A, B, sharing, page)[0] == "partial_reuse"
    # The same share of 5-grams between two shorter reports (names, a set phrase) is no sign.
    assert looks_independent(sharing, dataclasses.replace(page, shorter_sentences=long - 1))
    # Nor between long texts sharing less.
    less = dataclasses.replace(sharing, lexical=cal.INDEPENDENT_MAX_LEXICAL_LONG / 2)
    assert looks_independent(less, page)


def test_figures_changed_throughout_make_a_form_not_a_retelling() -> None:
    scores = _scores(retelling=0.99, semantic=0.9, shared_facts=0.5, coverage_a=0.9, coverage_b=0.8)
    form = ReuseEvidence(run=4, facts_kept=1, facts_compared=6)
    assert disagree_on_facts(scores, form)
    relation, reasons = decide_relation(A, B, scores, form)
    assert relation == "unrelated"  # two filled-in forms report two events, not one story
    assert any("1 of 6 numbers and dates agree" in line for line in reasons)


def test_a_long_page_barely_covered_is_no_form_whatever_its_links_figures() -> None:
    # A short source's passage reworded in a long page: the page's few linked sentences are
    # 5% of it, and their figures need not be the source's.
    scores = _scores(
        retelling=0.99, semantic=0.7, shared_facts=0.3, coverage_a=0.4, coverage_b=0.05
    )
    evidence = ReuseEvidence(
        run=4, facts_kept=0, facts_compared=3, shorter_sentences=cal.LONG_TEXT_SENTENCES
    )
    assert not disagree_on_facts(scores, evidence)
    assert decide_relation(A, B, scores, evidence)[0] == "partial_reuse"
    covered = dataclasses.replace(scores, coverage_b=cal.FORM_MIN_COVERAGE)
    assert disagree_on_facts(covered, evidence)
    # Two short wire items are judged as forms however little of one the links cover.
    short = dataclasses.replace(evidence, shorter_sentences=cal.LONG_TEXT_SENTENCES - 1)
    assert disagree_on_facts(scores, short)


@pytest.mark.parametrize(
    ("scores", "evidence", "relation"),
    [
        # Nothing else says reuse: a lifted paragraph in a long page.
        (
            _scores(retelling=0.05, coverage_a=0.3, coverage_b=0.04),
            ReuseEvidence(),
            "partial_reuse",
        ),
        # The form rule would have said "another report on one form"; the passage is claimed,
        # not the whole text, however much of it the passage's sentences cover.
        (
            _scores(retelling=0.99, semantic=0.9, shared_facts=0.5, coverage_a=0.9, coverage_b=0.8),
            ReuseEvidence(run=4, facts_kept=1, facts_compared=6),
            "partial_reuse",
        ),
        # The independence rule would have said "same story".
        (
            _scores(retelling=0.99, semantic=0.85, shared_facts=0.6, coverage_a=0.2),
            ReuseEvidence(run=1, shorter_sentences=12),
            "partial_reuse",
        ),
    ],
)
def test_a_passage_copied_word_for_word_makes_a_pair_derived(
    scores: Scores, evidence: ReuseEvidence, relation: str
) -> None:
    without = decide_relation(A, B, scores, evidence)[0]
    assert without not in DERIVED_RELATIONS
    copied = dataclasses.replace(evidence, copied_passage=40)
    decided, reasons = decide_relation(A, B, scores, copied)
    assert decided == relation
    assert "copied word for word" in reasons[0]
    assert "40 chained" in reasons[0]


@pytest.mark.parametrize(
    ("kept", "compared"),
    [
        (1, 2),  # a copy correcting one figure of two is still a copy (with the change shown)
        (5, 6),  # a spin changing one figure
        (0, 1),  # too few figures to judge
        (0, 0),
    ],
)
def test_figures_mostly_kept_leave_a_pair_derived(kept: int, compared: int) -> None:
    scores = _scores(retelling=0.99, coverage_a=0.9, coverage_b=0.9)
    evidence = ReuseEvidence(
        verbatim=0.9,
        run=4,
        facts_kept=kept,
        facts_compared=compared,
        shorter_sentences=cal.SHORT_FORM_MAX_SENTENCES + 1,
    )
    assert not disagree_on_facts(scores, evidence)
    assert decide_relation(A, B, scores, evidence)[0] == "near_duplicate"


def test_a_short_report_that_drops_a_figure_is_another_report() -> None:
    # Two three-sentence briefs, reworded, one figure of three changed: the next day's update.
    scores = _scores(
        retelling=0.99, semantic=0.85, shared_facts=0.5, coverage_a=0.9, coverage_b=0.8
    )
    brief = ReuseEvidence(
        run=3, shorter_sentences=3, facts_kept=2, facts_compared=3, names_shared=1.0
    )
    assert changes_a_short_report(scores, brief)
    relation, reasons = decide_relation(A, B, scores, brief)
    assert relation == "unrelated"
    assert any("only 2 of 3 numbers and dates agree" in line for line in reasons)
    # Every figure kept: a retelling of the brief.
    kept = dataclasses.replace(brief, facts_kept=3)
    assert decide_relation(A, B, scores, kept)[0] == "rewrite"
    # One figure reworded between texts naming the same companies may be a paraphrase's...
    one = dataclasses.replace(brief, facts_kept=0, facts_compared=1)
    assert not changes_a_short_report(scores, one)
    # ...but not between texts naming other ones.
    other = dataclasses.replace(one, names_shared=0.5)
    assert changes_a_short_report(scores, other)
    relation, reasons = decide_relation(A, B, scores, other)
    assert relation == "unrelated"
    assert any("short report retold keeps every figure" in line for line in reasons)
    # A sentence copied word for word, or most of the wording shared: a re-send correcting a
    # figure, derived with the change shown.
    assert not changes_a_short_report(scores, dataclasses.replace(brief, copied=True))
    wordy = dataclasses.replace(scores, lexical=cal.SHORT_FORM_MAX_LEXICAL)
    assert not changes_a_short_report(wordy, brief)
    # A longer text is judged by the figure rule for forms alone.
    longer = dataclasses.replace(brief, shorter_sentences=cal.SHORT_FORM_MAX_SENTENCES + 1)
    assert not changes_a_short_report(scores, longer)
    assert decide_relation(A, B, scores, longer)[0] == "rewrite"
    # A short source whose links barely cover a long page: a passage, its stray links' figures
    # no evidence.
    passage = dataclasses.replace(scores, coverage_b=cal.FORM_MIN_COVERAGE / 2)
    assert not changes_a_short_report(passage, brief)


def _linked(a_text: str, b_text: str) -> tuple[int, int]:
    """linked_figures (figures kept, compared) of two texts whose sentences are linked one to
    one, in order."""
    a, b = split_sentences(a_text), split_sentences(b_text)
    links = [Link((k,), (k,), "paraphrased", 0.9) for k in range(min(len(a), len(b)))]
    return linked_figures(a, b, links)[0]


def test_linked_figures_compare_normalised_numbers_and_dates() -> None:
    a = "Shr profit 14 cts vs 13 cts. Net 4.2 mln dlrs vs 3.9 mln on March 9."
    other_form = "Shr profit eight cts vs six cts. Net 1.1 mln dlrs vs 2.0 mln on April 6."
    retelling = "Profit was fourteen cents a share, from 13 cents. Net was $4.2 million on March 9."
    # Five figures a side (14 cts, 13 cts, 4.2 mln dlrs, 3.9 mln, March 9), none kept.
    assert _linked(a, other_form) == (0, 5)
    # The retelling spells them differently ("fourteen cents", "$4.2 million") but keeps all
    # four it mentions.
    assert _linked(a, retelling) == (4, 4)


def test_a_short_pair_with_no_confirmed_link_and_other_names_is_another_subject() -> None:
    scores = _scores(retelling=0.95, semantic=0.8, shared_facts=0.4, coverage_a=0.6)
    other = ReuseEvidence(shorter_sentences=3, confident_links=0, names_shared=0.0)
    assert about_another_subject(other)
    relation, reasons = decide_relation(A, B, scores, other)
    assert relation == "unrelated"  # not same_story either: another company's news
    assert any("0% of their names" in line for line in reasons)


@pytest.mark.parametrize(
    "evidence",
    [
        ReuseEvidence(shorter_sentences=3, confident_links=1, names_shared=0.0),  # a link
        ReuseEvidence(shorter_sentences=3, confident_links=0, names_shared=0.5),  # names kept
        ReuseEvidence(shorter_sentences=3, confident_links=0, names_shared=None),  # no names
        ReuseEvidence(run=3, shorter_sentences=9, confident_links=0, names_shared=0.0),  # long
        ReuseEvidence(shorter_sentences=3, confident_links=None, names_shared=0.0),  # unknown
    ],
)
def test_links_names_or_length_keep_a_short_pair_derived(evidence: ReuseEvidence) -> None:
    scores = _scores(retelling=0.95, semantic=0.8, shared_facts=0.4, coverage_a=0.9)
    assert not about_another_subject(evidence)
    assert decide_relation(A, B, scores, evidence)[0] == "rewrite"


def _dated(doc_id: str, date: str | None, source: str | None) -> Document:
    return Document(
        id=doc_id, text=f"Text {doc_id} on the refinery fire.", date=date, source=source
    )


def test_a_source_rewording_its_own_story_days_later_writes_a_follow_up() -> None:
    """The shutdown story, then the same wire's restart story two weeks on: same story."""
    shutdown = _dated("a", "1987-03-23T05:33:58", "Reuters newswire")
    restart = _dated("b", "1987-04-07T08:29:50", "reuters newswire ")  # case, spaces ignored
    scores = _scores(retelling=0.99, coverage_a=0.8, coverage_b=0.6, semantic=0.9)
    scores = dataclasses.replace(scores, shared_facts=0.7)
    reworded = ReuseEvidence(verbatim=0.2)
    assert hours_apart(shutdown.date, restart.date) == pytest.approx(363, abs=1)
    assert own_follow_up(shutdown, restart, scores, reworded)
    relation, reasons = decide_relation(shutdown, restart, scores, reworded)
    assert relation == "same_story"
    assert "own follow-up" in reasons[0]
    # Without shared subject and facts it is not even the same story.
    unlike = _scores(retelling=0.99, coverage_a=0.8)
    assert decide_relation(shutdown, restart, unlike, reworded)[0] == "unrelated"


@pytest.mark.parametrize(
    ("a", "b", "verbatim"),
    [
        (("1987-03-23T05:33:58", "Wire"), ("1987-03-23T09:10:00", "Wire"), 0.2),  # hours apart
        (("1987-03-23T06:00", "Wire"), ("1987-03-23T18:00", "Wire"), 0.2),  # 12 h, not more
        (("1987-03-01", "Wire"), ("1987-03-20", "Farm"), 0.2),  # another source: a rewrite
        (("1987-03-01", None), ("1987-03-20", None), 0.2),  # sources unknown
        (("1987-03-01", "Wire"), (None, "Wire"), 0.2),  # a date unknown
        (("March 1987", "Wire"), ("1987-03-20", "Wire"), 0.2),  # a date not ISO
        (("1987-03-01", "Wire"), ("1987-03-20", "Wire"), 0.6),  # wording kept: a re-send
    ],
)
def test_other_pairs_keep_their_rewrite_verdict(
    a: tuple[str | None, str | None], b: tuple[str | None, str | None], verbatim: float
) -> None:
    first, second = _dated("a", *a), _dated("b", *b)
    evidence = ReuseEvidence(verbatim=verbatim)
    scores = _scores(retelling=0.99, coverage_a=0.8, coverage_b=0.6)
    assert not own_follow_up(first, second, scores, evidence)
    assert decide_relation(first, second, scores, evidence)[0] == "rewrite"


def test_a_source_rewording_its_own_story_within_hours_writes_a_second_story() -> None:
    """The bid story, then the same wire's story on the rival's answer an hour later: two
    stories of four sentences sharing background in other words, not a rewrite."""
    bid = _dated("a", "1987-03-02T09:10:00", "Wire")
    answer = _dated("b", "1987-03-02T10:40:00", "Wire")
    scores = _scores(retelling=0.99, coverage_a=0.55, coverage_b=0.7, semantic=0.85)
    scores = dataclasses.replace(scores, shared_facts=0.6)
    stories = ReuseEvidence(verbatim=0.2, shorter_sentences=4)
    assert own_follow_up(bid, answer, scores, stories)
    relation, reasons = decide_relation(bid, answer, scores, stories)
    assert relation == "same_story"
    assert "1.5 hours apart" in reasons[0]
    assert "own second story" in reasons[0]
    # A flash written up: the shorter text is one or two sentences, retold in the story.
    flash = dataclasses.replace(stories, shorter_sentences=1)
    assert decide_relation(bid, answer, scores, flash)[0] == "rewrite"
    # A write-through retells all of the story it updates.
    whole = dataclasses.replace(scores, coverage_a=0.97)
    assert decide_relation(bid, answer, whole, stories)[0] == "rewrite"
    # From another source, or without dates, a reworded story is a rewrite.
    for other in (_dated("b", answer.date, "Farm"), _dated("b", None, "Wire")):
        assert decide_relation(bid, other, scores, stories)[0] == "rewrite"
    # Its wording kept, it is a re-send: a copy, whatever the sentence counts.
    resent = dataclasses.replace(stories, verbatim=0.9)
    assert not own_follow_up(bid, answer, scores, resent)


def test_a_follow_up_keeps_its_near_duplicate_or_partial_reuse_verdict() -> None:
    """Only reworded retellings are judged so: a copy stays a copy, a passage a passage."""
    first, second = _dated("a", "1987-03-01", "Wire"), _dated("b", "1987-03-20", "Wire")
    copied = _scores(retelling=0.99, coverage_a=0.95, coverage_b=0.9)
    assert decide_relation(first, second, copied, ReuseEvidence(verbatim=0.95))[0] == (
        "near_duplicate"
    )
    passage = _scores(retelling=0.99, coverage_a=0.1, coverage_b=0.2)
    assert decide_relation(first, second, passage, ReuseEvidence(verbatim=0.1))[0] == (
        "partial_reuse"
    )


def test_hours_apart_reads_dates_times_and_zones() -> None:
    assert hours_apart("2024-03-12", "2024-03-14") == 48
    assert hours_apart("2024-03-12T10:00:00+02:00", "2024-03-12T10:00:00Z") == 2
    assert hours_apart("2024-03-12T10:00:00+02:00", "2024-03-12T13:00:00") == 3  # zone dropped
    assert hours_apart("2024-03-12", None) is None
    assert hours_apart("yesterday", "2024-03-12") is None


def test_one_source_days_apart_with_a_changed_number_is_a_report_issued_again() -> None:
    first, again = _dated("a", "1987-03-02", "Wire"), _dated("b", "1987-03-09", "Wire")
    copied = _scores(retelling=0.99, coverage_a=0.95, coverage_b=0.95, semantic=0.95)
    copied = dataclasses.replace(copied, shared_facts=0.8)
    new_rate = ReuseEvidence(verbatim=0.95, copied=True, numbers_kept=1, numbers_compared=2)
    assert periodic_report(first, again, new_rate)
    relation, reasons = decide_relation(first, again, copied, new_rate)
    assert relation == "unrelated"  # two reports on two days, not one story
    assert "keep 1 of 2 numbers" in reasons[0]
    # A re-send days later that keeps its numbers ("Monday" turned "today") stays a copy.
    same_numbers = dataclasses.replace(new_rate, numbers_kept=2, facts_kept=2, facts_compared=3)
    assert not periodic_report(first, again, same_numbers)
    assert decide_relation(first, again, copied, same_numbers)[0] == "near_duplicate"
    # Hours apart, or from two sources, the changed number is a correction or a copy's edit.
    for later in (_dated("b", "1987-03-02T06:00", "Wire"), _dated("b", "1987-03-09", "Other")):
        assert not periodic_report(first, later, new_rate)
        assert decide_relation(first, later, copied, new_rate)[0] == "near_duplicate"


def test_a_notice_filled_in_again_days_later_keeps_too_few_figures_to_be_a_copy() -> None:
    """Two payout notices of one wire weeks apart: the linked line keeps its amount, but the
    pay and record dates moved in a line the alignment left unlinked."""
    first = Document(
        id="a", text="HOLLIS LABS QTLY DIVIDEND\nShr five cts vs five cts prior qtr\n"
        "Pay April 17 Record April 3", date="1987-03-25T16:09", source="Wire",
    )  # fmt: skip
    new_dates = first.text.replace("Pay April 17 Record April 3", "Pay May 15 Record April 22")
    later = dataclasses.replace(first, id="b", text=new_dates, date="1987-04-13T16:31")
    copied = dataclasses.replace(
        _scores(retelling=0.99, coverage_a=0.9, coverage_b=0.9), shared_facts=0.5
    )
    amount_kept = ReuseEvidence(verbatim=0.9, copied=True, numbers_kept=1, numbers_compared=1)
    assert report_figures(first.text, later.text) == (1, 3)
    assert figures_moved(first.text, later.text)
    assert form_issued_again(first, later, copied)
    relation, reasons = decide_relation(first, later, copied, amount_kept)
    assert relation == "unrelated"
    assert "the two texts keep 1 of 3 numbers and dates" in reasons[0]
    # Re-sent days later with its figures (a weekday turned "yesterday"): still a copy.
    resent = dataclasses.replace(later, text="RPT " + first.text + "\nDeclared yesterday")
    assert not figures_moved(first.text, resent.text)
    assert decide_relation(first, resent, copied, amount_kept)[0] == "near_duplicate"
    # Within hours the same change is a correction; from another source, a copy's edit.
    for other in (
        dataclasses.replace(later, date="1987-03-25T18:00"),
        dataclasses.replace(later, source="Other"),
    ):
        assert not form_issued_again(first, other, copied)
    # A passage reused in a later story, or a second story on the subject, keeps its verdict:
    # the rest of two stories' figures differ as a matter of course.
    passage = _scores(retelling=0.99, coverage_a=0.3, coverage_b=0.4)
    assert not form_issued_again(first, later, passage)
    assert decide_relation(first, later, passage, amount_kept)[0] == "partial_reuse"
    assert not form_issued_again(first, later, _scores(retelling=0.2))


def test_one_form_filled_in_for_another_company_is_no_retelling() -> None:
    """Two payout notices on one form, the same but for the company and its amount: each
    names its company by code in the headline, and neither mentions the other's."""
    body = "Qtly div 15 cts vs 15 cts prior\nPay May 18\nRecord April 27"
    first = Document(id="a", text=body, title="PACIFIC LIGHTING <PLT> QTLY DIVIDEND", source="Wire")
    second = dataclasses.replace(
        first, id="b", text=body.replace("15", "12"), title="NEWHALL RESOURCES <NR> QTLY DIVIDEND"
    )
    copied = _scores(retelling=0.99, coverage_a=0.95, coverage_b=0.95, semantic=0.9)
    evidence = ReuseEvidence(verbatim=0.95, copied=True)
    assert form_for_another_subject(first, second, copied)
    relation, reasons = decide_relation(first, second, copied, evidence)
    assert relation == "unrelated"
    assert "A is about <PLT> and B about <NR>" in reasons[0]
    # The same notice re-sent with its ticker corrected keeps its verdict, as does a pair
    # that names no code, or a passage reused in a story on another company.
    resent = dataclasses.replace(second, title="PACIFIC LIGHTING CORP <PLTC> QTLY DIVIDEND")
    no_codes = dataclasses.replace(second, title="NEWHALL RESOURCES QTLY DIVIDEND")
    for other in (resent, no_codes):
        assert form_for_another_subject(first, other, copied) is None
        assert decide_relation(first, other, copied, evidence)[0] != "unrelated"
    passage = _scores(retelling=0.99, coverage_a=0.3, coverage_b=0.4)
    assert form_for_another_subject(first, second, passage) is None
    assert decide_relation(first, second, passage, evidence)[0] == "partial_reuse"


def test_one_source_items_led_by_two_subjects_are_no_retelling() -> None:
    """Two crude-posting flashes of one wire, in capitals and with no stock code: each leads
    with its own company before the same words."""
    first = Document(
        id="a", text="PHILLIPS RAISES CRUDE OIL POSTINGS 50 CTS/BBL, WTI NOW 19 DLRS",
        date="1987-06-19T10:02", source="Wire",
    )  # fmt: skip
    second = dataclasses.replace(
        first, id="b", text="MURPHY RAISES CRUDE OIL POSTINGS 50 CTS A BBL, WTI TO 19 DLRS",
        date="1987-06-19T10:40",
    )  # fmt: skip
    copied = _scores(retelling=0.99, coverage_a=1.0, coverage_b=1.0, semantic=0.95)
    evidence = ReuseEvidence(verbatim=0.9)
    relation, reasons = decide_relation(first, second, copied, evidence)
    assert relation == "unrelated"
    assert 'A opens with "phillips" and B with "murphy"' in reasons[0]
    assert '"raises crude oil postings 50"' in reasons[0]
    # From two sources the same shape may be a spinner's synonym at the head; undated, the
    # one-source rules cannot speak: both stay a retelling.
    for other in (
        dataclasses.replace(second, source="Other"),
        dataclasses.replace(second, date=None),
    ):
        assert form_for_another_subject(first, other, copied) is None
        assert decide_relation(first, other, copied, evidence)[0] == "near_duplicate"


def test_one_source_tables_titled_for_another_hour_are_no_retelling() -> None:
    """A price table at 1300 and at the close, an hour apart: the title says which; a flash
    (its title alone), even wrapped over two lines, is no table."""
    table = "LONDON COCOA {} - APR 7\n\nMTH BYR SLR HIGH LOW SALES\n\nTOTAL SALES 1013"
    first = Document(id="a", text=table.format("1300"), date="1987-04-07T08:05", source="Wire")
    second = dataclasses.replace(
        first, id="b", text=table.format("CLOSING"), date="1987-04-07T12:04"
    )
    copied = _scores(retelling=0.99, coverage_a=1.0, coverage_b=1.0, semantic=0.95)
    evidence = ReuseEvidence(verbatim=0.95)
    relation, reasons = decide_relation(first, second, copied, evidence)
    assert relation == "unrelated"
    assert 'A\'s title has "1300" and B\'s "closing"' in reasons[0]
    flash = "BOLIDEN TAKES OVER U.S. ALLIS-CHALMERS CORP FOR\n600 MLN CROWNS - OFFICIAL"
    corrected = "BOLIDEN TAKES OVER MINING GEAR UNITS OF\nALLIS-CHALMERS CORP FOR 600 MLN CROWNS"
    flashes = [
        dataclasses.replace(first, id=k, text=text, title=text)
        for k, text in (("a", flash), ("b", corrected))
    ]
    assert form_for_another_subject(*flashes, copied) is None


def _wire_flash(doc_id: str, headline: str, date: str, *, titled: bool = False) -> Document:
    """A flash of the source "Wire": its headline alone, as its title too when ``titled``."""
    return Document(
        id=doc_id, text=headline, title=headline if titled else None, date=date, source="Wire"
    )


def test_a_flash_an_hour_or_more_after_another_is_the_next_item() -> None:
    """Two flashes of one wire on one offer, hours apart: the target's and the bidder's. A
    flash re-sent within minutes stays a copy, and so does a story that writes a flash up."""
    first = _wire_flash(
        "a", "SUPERMARKETS GENERAL GETS UNSOLICITED BID FOR 41.75 DLRS/SHR CASH",
        "1987-03-09T08:00", titled=True,
    )  # fmt: skip
    later = _wire_flash(
        "b", "DART GROUP SAID IT OFFERS TO BUY SUPERMARKETS GENERAL AT 41.75 DLRS/SHR",
        "1987-03-09T10:43",
    )  # fmt: skip
    retold = _scores(retelling=0.99, coverage_a=1.0, coverage_b=1.0, semantic=0.9)
    retold = dataclasses.replace(retold, shared_facts=0.8)
    evidence = ReuseEvidence(verbatim=0.3)
    assert later_flash(first, later) == pytest.approx(2.717, abs=0.01)
    relation, reasons = decide_relation(first, later, retold, evidence)
    assert relation == "same_story"
    assert "flashes from Wire, 2.7 hours apart" in reasons[0]
    corrected = first.text.replace("41.75", "41.50")
    resent = dataclasses.replace(
        first, id="b", text=corrected, title=corrected, date="1987-03-09T08:04"
    )
    story = dataclasses.replace(
        later, text="Dart Group said it offers to buy Supermarkets General at 41.75 dlrs a share."
    )
    for other in (resent, story, dataclasses.replace(later, source="Other")):
        assert later_flash(first, other) is None
        assert decide_relation(first, other, retold, evidence)[0] == "rewrite"


def test_flashes_worded_apart_are_two_items_however_close_in_time() -> None:
    """The target's two flashes on one bid, 28 minutes apart, share a third of their words:
    two statements. A re-send or a correction keeps nearly every word, and another wire's
    flash is left to the other rules."""
    respond = _wire_flash(
        "a", "ROSPATCH TO RESPOND TO DIAGNOSTIC BID", "1987-03-02T14:27", titled=True
    )
    rejects = _wire_flash(
        "b", "ROSPATCH CORP REJECTS OFFER FROM DIAGNOSTIC RETRIEVAL SYSTEMS INC", "1987-03-02T14:55"
    )
    retold = _scores(retelling=0.99, coverage_a=1.0, coverage_b=1.0, semantic=0.7)
    evidence = ReuseEvidence(verbatim=0.0)
    kept = reworded_flash(respond, rejects)
    assert kept == pytest.approx(2 / 5)  # 2 of the shorter flash's 5 distinct words
    relation, reasons = decide_relation(respond, rejects, retold, evidence)
    assert relation == "unrelated"
    assert "flashes from Wire sharing only 40% of their words" in reasons[0]
    resent = dataclasses.replace(rejects, text="ROSPATCH REJECTS OFFER FROM DIAGNOSTIC RETRIEVAL")
    assert reworded_flash(rejects, resent) is None  # all 6 of its words kept
    for other in (
        dataclasses.replace(rejects, source="Other wire"),
        dataclasses.replace(rejects, text=rejects.text + ".\n\nRospatch said the offer is low."),
    ):
        assert reworded_flash(respond, other) is None
        assert decide_relation(respond, other, retold, evidence)[0] == "rewrite"


def test_two_hosts_are_two_publishers_whatever_the_source_field_says() -> None:
    """A dataset may give every record one `source`; URLs on two hosts still mean a farm's
    spun copy of a wire story, a rewrite however late."""
    wire = Document(
        id="a", text="The wire story.", date="2024-03-01", source="news-crawl",
        url="https://www.wire.example/story",
    )  # fmt: skip
    farm = Document(
        id="b", text="The spun copy.", date="2024-03-09", source="news-crawl",
        url="https://farm.example/spun",
    )  # fmt: skip
    same_site = dataclasses.replace(farm, url="https://wire.example/follow-up")
    reworded = ReuseEvidence(verbatim=0.1)
    scores = _scores(retelling=0.99, coverage_a=0.8, coverage_b=0.6)
    assert not own_follow_up(wire, farm, scores, reworded)
    assert decide_relation(wire, farm, scores, reworded)[0] == "rewrite"
    assert own_follow_up(wire, same_site, scores, reworded)  # www. or not, one host
    no_url = dataclasses.replace(farm, url=None)
    assert own_follow_up(wire, no_url, scores, reworded)  # no URL to tell


def test_a_table_issued_again_within_hours_with_moved_figures_is_no_copy() -> None:
    """The coffee table at 12:00 and at 12:30: one source, some figures moved."""
    noon = Document(
        id="a", text="NY COFFEE 12:00\nMAY7 10216 UP 12\nJUL7 10405 UP 5\nSEP7 10610 UP 5",
        date="1987-04-07T12:02", source="Wire",
    )  # fmt: skip
    later = Document(
        id="b", text="NY COFFEE 12:30\nMAY7 10235 UP 31\nJUL7 10435 UP 35\nSEP7 10610 UP 5",
        date="1987-04-07T12:33", source="Wire",
    )  # fmt: skip
    assert numeric_share(noon.text) >= cal.TABLE_MIN_NUMERIC
    copied = dataclasses.replace(
        _scores(retelling=0.99, coverage_a=0.9, coverage_b=0.9), shared_facts=0.5
    )
    moved = ReuseEvidence(verbatim=0.9, copied=True, numbers_kept=4, numbers_compared=8)
    assert periodic_report(noon, later, moved)
    assert decide_relation(noon, later, copied, moved)[0] == "unrelated"
    # The moved lines left unlinked: the whole tables still keep too few of their numbers.
    kept = dataclasses.replace(moved, numbers_kept=8)
    assert table_moved(noon.text, later.text)
    relation, reasons = decide_relation(noon, later, copied, kept)
    assert relation == "unrelated"
    assert "the two tables keep" in reasons[0]
    # The same table re-sent with every figure kept stays a copy...
    resent = dataclasses.replace(noon, id="b", text="RPT - " + noon.text, date=later.date)
    assert not table_moved(noon.text, resent.text)
    assert decide_relation(noon, resent, copied, kept)[0] == "near_duplicate"
    # ...as does one with a figure corrected: most of its numbers stay.
    corrected = dataclasses.replace(resent, text=resent.text.replace("10405", "10415"))
    assert decide_relation(noon, corrected, copied, kept)[0] == "near_duplicate"
    # ...and a story re-sent within the hour with a number corrected is a correction.
    story = dataclasses.replace(noon, text="The coffee market rose on Tuesday as traders bought.")
    assert numeric_share(story.text) < cal.TABLE_MIN_NUMERIC
    assert not periodic_report(story, later, moved)
    assert decide_relation(story, later, copied, moved)[0] == "near_duplicate"
