"""Verbatim runs (``retold._verbatim``): the passages a derived pair reports with them, and the
links they make when no sentence links."""

from __future__ import annotations

import numpy as np
import pytest

from retold import _calibration as cal
from retold._align import AlignmentResult, score_pairs
from retold._compare import PreparedDocument, compare_prepared, prepare_embedded
from retold._exact import (
    COPIED_PASSAGE_SEEDS,
    copied_passages,
    copied_run_alignment,
    reported_passages,
)
from retold._segment import split_sentences
from retold._verbatim import MIN_SEEDS, SEED_GAP, SEED_WORDS, Span, verbatim_runs, widen
from retold.model import DERIVED_RELATIONS, Document, Link, Passage

COPIED = (
    "Made especially for the game and modelled on the famous guitar\n"
    "Tilt sensors that can tell when the guitar is pointed straight up\n"
    "Fret buttons and a strum bar replicate the feeling of playing a real guitar"
)
SOURCE = (
    f"Screenshot one\nStrap on this controller and crank up the volume.\n{COPIED}\n"
    "Accessory details"
)
PAGE = (
    "The hit game is now on the console, going back to its roots with classic gameplay "
    + COPIED.replace("\n", " ")
    + " Download instructions follow below. For example: pleural mesothelioma claims."
)


def test_a_copy_re_cut_into_other_sentences_is_one_run_at_its_true_extent() -> None:
    runs = verbatim_runs(SOURCE, PAGE)
    assert len(runs) == 1
    run = runs[0]
    flat = COPIED.replace("\n", " ")
    assert SOURCE[run.a_start : run.a_end] == COPIED
    assert PAGE[run.b_start : run.b_end] == flat
    assert run.seeds == len(flat.split()) - SEED_WORDS + 1


@pytest.mark.parametrize("lead", ["Reported from Ankara:", "İstanbul bureau, İzmir desk:"])
def test_run_offsets_hold_whatever_the_case_of_the_text(lead: str) -> None:
    # "İ" lower-cases to two characters: offsets must still point into the text as given
    flat = COPIED.replace("\n", " ")
    source = f"{lead} {COPIED.upper()}"
    runs = verbatim_runs(source, PAGE)
    assert len(runs) == 1
    assert source[runs[0].a_start : runs[0].a_end] == COPIED.upper()
    assert PAGE[runs[0].b_start : runs[0].b_end] == flat


def test_a_changed_word_does_not_break_a_run_but_a_long_rewrite_does() -> None:
    words = [f"w{k}" for k in range(120)]
    a_text = " ".join(words)
    edited = words.copy()
    edited[30] = "changed"
    assert len(verbatim_runs(a_text, " ".join(edited))) == 1
    gap = SEED_GAP + SEED_WORDS  # reworded words: no seed within SEED_GAP of the last
    rewritten = words[:40] + [f"new{k}" for k in range(gap)] + words[40 + gap :]
    assert len(verbatim_runs(a_text, " ".join(rewritten))) == 2


def test_repeated_page_furniture_seeds_nothing() -> None:
    footer = "share this story on your favourite social network today please"
    a_text = " ".join([footer] * 4 + ["one two three"])
    b_text = " ".join(["four five six", footer])
    assert verbatim_runs(a_text, b_text) == []
    assert len(verbatim_runs(footer, b_text)) == 1


def test_widen_merges_runs_near_a_passage_and_keeps_only_long_lone_runs() -> None:
    passage = Span(1000, 1400, 5000, 5400)
    near = Span(1450, 1700, 5450, 5700, seeds=2)
    short_alone = Span(3000, 3100, 9000, 9100, seeds=MIN_SEEDS - 1)
    long_alone = Span(100, 400, 200, 500, seeds=MIN_SEEDS)
    result = widen([passage], [near, short_alone, long_alone])
    assert result == [(long_alone, []), (Span(1000, 1700, 5000, 5700, seeds=2), [0])]


def test_a_derived_pair_reports_the_copied_stretch_not_a_wrong_neighbour() -> None:
    a_sents, b_sents = split_sentences(SOURCE), split_sentences(PAGE)
    # The sentence alignment linked the copied list to the wrong source line, weakly.
    links = (Link(a=(1,), b=(0,), kind="paraphrased", score=0.3),)
    matrix = np.zeros((len(a_sents), len(b_sents)), np.float32)
    weak = Passage(a_sents[1].start, a_sents[1].end, b_sents[0].start, b_sents[0].end, links=(0,))
    alignment = AlignmentResult(links, (), (), (), matrix, matrix, matrix, weak)
    reported = reported_passages(alignment, True, a_sents, b_sents, SOURCE, PAGE)
    # The copied run lies in B's first sentence, next to the weak link's line in A: one
    # passage, from that line to the end of the copy in A, the linked sentence in B.
    assert len(reported) == 1
    copy_start = SOURCE.index(COPIED)
    assert (reported[0].a_start, reported[0].a_end) == (
        a_sents[1].start,
        copy_start + len(COPIED),
    )
    assert (reported[0].b_start, reported[0].b_end) == (b_sents[0].start, b_sents[0].end)
    assert reported[0].links == (0,)
    # Without the weak link, the run alone is the passage, at the copy's exact extent.
    bare = AlignmentResult((), (), (), (), matrix, matrix, matrix, None)
    (alone,) = reported_passages(bare, True, a_sents, b_sents, SOURCE, PAGE)
    assert SOURCE[alone.a_start : alone.a_end] == COPIED
    assert PAGE[alone.b_start : alone.b_end] == COPIED.replace("\n", " ")
    assert alone.links == ()
    assert reported_passages(alignment, False, a_sents, b_sents, SOURCE, PAGE) == ()


def test_copied_runs_link_the_sentences_they_cross_when_nothing_else_links() -> None:
    a_sents, b_sents = split_sentences(SOURCE), split_sentences(PAGE)
    rng = np.random.default_rng(0)
    scored = score_pairs(
        a_sents, b_sents, rng.normal(size=(len(a_sents), 8)), rng.normal(size=(len(b_sents), 8))
    )
    copied = [k for k, s in enumerate(a_sents) if s.text in COPIED]
    assert len(copied) == 3  # the copied list: three lines in A, one run-on sentence in B
    alignment = copied_run_alignment(scored, a_sents, b_sents, SOURCE, PAGE)
    assert alignment is not None
    (link,) = alignment.links
    assert (link.a, link.b) == (tuple(copied), (0,))
    assert 0 < link.score < 1
    assert link.kind == "edited"  # the copy, inside a sentence with a few more words
    assert alignment.dropped == tuple(k for k in range(len(a_sents)) if k not in copied)
    # A blocked sentence (a corpus template line) stays out of the link.
    blocked = np.zeros(len(a_sents), bool)
    blocked[copied[1]] = True
    kept = copied_run_alignment(scored, a_sents, b_sents, SOURCE, PAGE, blocked_a=blocked)
    assert kept is not None
    assert kept.links[0].a == (copied[0], copied[2])
    # Texts sharing no run of RESCUE_MIN_SEEDS seeds get no alignment.
    other = "Completely different words fill this page about the weather in a small town."
    o_sents = split_sentences(other)
    o_scored = score_pairs(
        a_sents, o_sents, rng.normal(size=(len(a_sents), 8)), rng.normal(size=(1, 8))
    )
    assert copied_run_alignment(o_scored, a_sents, o_sents, SOURCE, other) is None


FORECAST = (
    "The Bank of England said it forecast a shortage of around 350 mln stg in the money "
    "market today. Among the main factors affecting liquidity, bills maturing in official "
    "hands and the take-up of treasury bills will drain some 525 mln stg."
)


def test_a_long_run_with_the_same_figures_is_a_copied_passage() -> None:
    page = "Markets opened quietly in London.\n" + FORECAST + "\nDealers expect a calm day."
    (passage,) = copied_passages(split_sentences(FORECAST), split_sentences(page), FORECAST, page)
    assert passage.seeds >= COPIED_PASSAGE_SEEDS
    assert FORECAST[passage.a_start : passage.a_end] == FORECAST.rstrip(".")
    assert page[passage.b_start : passage.b_end] == FORECAST.rstrip(".")


def test_a_form_filled_in_with_other_figures_is_no_copied_passage() -> None:
    next_day = FORECAST.replace("350 mln", "800 mln").replace("525 mln", "610 mln")
    runs = verbatim_runs(FORECAST, next_day)
    assert max(run.seeds for run in runs) >= COPIED_PASSAGE_SEEDS  # the form's words match
    a_sents, b_sents = split_sentences(FORECAST), split_sentences(next_day)
    assert copied_passages(a_sents, b_sents, FORECAST, next_day) == []


def test_a_short_run_or_one_in_blocked_sentences_is_no_copied_passage() -> None:
    words = FORECAST.split()
    short = " ".join(words[: SEED_WORDS + COPIED_PASSAGE_SEEDS - 2])  # one seed too few
    page = f"A different opening sentence here. {short}. A different closing sentence."
    assert copied_passages(split_sentences(short), split_sentences(page), short, page) == []
    a_sents = split_sentences(FORECAST)
    b_sents = split_sentences(FORECAST)
    assert copied_passages(a_sents, b_sents, FORECAST, FORECAST) != []
    template = np.ones(len(b_sents), bool)  # every sentence it crosses is a corpus template
    assert copied_passages(a_sents, b_sents, FORECAST, FORECAST, blocked_b=template) == []


def test_copied_passages_link_only_the_sentences_they_cross() -> None:
    a_sents, b_sents = split_sentences(SOURCE), split_sentences(PAGE)
    rng = np.random.default_rng(1)
    scored = score_pairs(
        a_sents, b_sents, rng.normal(size=(len(a_sents), 8)), rng.normal(size=(len(b_sents), 8))
    )
    runs = copied_passages(a_sents, b_sents, SOURCE, PAGE)
    alignment = copied_run_alignment(scored, a_sents, b_sents, SOURCE, PAGE, runs=runs)
    assert alignment is not None
    assert [(link.a, link.b) for link in alignment.links] == [((2, 3, 4), (0,))]
    assert copied_run_alignment(scored, a_sents, b_sents, SOURCE, PAGE, runs=[]) is None


def _prepared(text: str, doc_id: str, seed: int) -> PreparedDocument:
    """``text`` prepared with random sentence vectors: no sentence means anything like another."""
    sentences = tuple(split_sentences(text))
    vectors = np.random.default_rng(seed).normal(size=(len(sentences), 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return prepare_embedded(Document(id=doc_id, text=text), sentences, vectors)


def test_compare_calls_a_copied_passage_partial_reuse_in_either_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The document evidence is made to say "not derived" whatever it reads (a long page
    # dilutes it so on real data; see docs/verdicts.md): the copied passage alone decides.
    monkeypatch.setattr(cal, "DERIVED_THRESHOLD", 1.01)
    filler = " ".join(
        f"Walkers on trail {k} should carry water, a map and a charged phone at all times."
        for k in range(30)
    )
    page = f"{filler}\n{FORECAST}\n{filler.replace('Walkers', 'Riders')}"
    source, long_page = _prepared(FORECAST, "source", 1), _prepared(page, "page", 2)
    forward, backward = compare_prepared(source, long_page), compare_prepared(long_page, source)
    assert forward.relation == backward.relation == "partial_reuse"
    assert "copied word for word" in forward.reasons[0]
    copied = {k for k, s in enumerate(long_page.sentences) if s.text in FORECAST}
    assert len(copied) == 2
    assert {j for link in forward.links for j in link.b} == copied
    assert {i for link in backward.links for i in link.a} == copied
    assert forward.passages
    # The same page with one of the forecast's figures changed holds a form, not a copy.
    other_day = page.replace("350 mln", "800 mln")
    form = compare_prepared(source, _prepared(other_day, "form", 2))
    assert form.relation not in DERIVED_RELATIONS
