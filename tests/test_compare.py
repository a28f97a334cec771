"""End-to-end tests of ``retold.compare`` on the invented article pairs, with the real model.

Each story has a wire original and versions made from it (an exact copy, a light edit, a spun
rewrite wrapped in content-farm chrome, a different article that lifts one paragraph), an
independent report of the same event, and the shared unrelated article (see conftest.py).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import retold
from retold._compare import compare_prepared, prepare
from retold._embed import Embedder
from retold._load import load_document
from retold.model import DERIVED_RELATIONS, Comparison

CompareFiles = Callable[[str, str], Comparison]

pytestmark = pytest.mark.model

STORIES = ("larkport", "ashcreek")

EXPECTED_RELATION = {
    "copy": "duplicate",
    "edited": "near_duplicate",
    "spun": "rewrite",
    "lifted": "partial_reuse",
    "independent": "same_story",
}
DERIVED_KINDS = ("copy", "edited", "spun", "lifted")
UNRELATED = "unrelated-robotics.txt"

WIRE_DATES = {"larkport": "2024-05-15", "ashcreek": "2024-09-10"}


@dataclass(frozen=True)
class Spun:
    """What the spun version of a story did to its wire original."""

    dropped: str
    """The one wire sentence the spun version leaves out."""
    background_start: str
    """The opening words of the two background paragraphs appended at the end."""
    background_sentences: int
    chrome: tuple[str, ...]
    """Every page-chrome line of the file, in order."""


_FARM_TOP = ("Estimated read time 2 min", "Share this article")
_FARM_BOTTOM = ("There are no comments", "Add yours")

SPUN = {
    "larkport": Spun(
        dropped="No one was inside the warehouse when the fire started, and no injuries were "
        "reported.",
        background_start="The riverfront was once the busiest stretch",
        background_sentences=4,
        chrome=(
            "Massive Blaze Levels Larkport Riverside Warehouse",
            *_FARM_TOP,
            "You May Also Like",
            "Storm knocks out power across the county",
            "Ferry fares to rise this summer",
            "Local bakery wins national award",
            *_FARM_BOTTOM,
        ),
    ),
    "ashcreek": Spun(
        dropped="Work on temporary supports is expected to begin in November.",
        background_start="Ash Creek has flooded several times",
        background_sentences=4,
        chrome=(
            "Ash Creek Bridge To Get $18M Fix After Supervisors Vote",
            *_FARM_TOP,
            "You May Also Like",
            "Storm knocks out power across the county",
            "School board names new superintendent",
            "Local bakery wins national award",
            *_FARM_BOTTOM,
        ),
    ),
}


def wire(story: str) -> str:
    return f"{story}-wire.txt"


def version(story: str, kind: str) -> str:
    return f"{story}-{kind}.txt"


def describe(c: Comparison) -> str:
    """A one-line summary for assertion messages."""
    s = c.scores
    return (
        f"relation={c.relation} direction={c.direction.value} coverage_a={s.coverage_a:.2f} "
        f"coverage_b={s.coverage_b:.2f} retelling={s.retelling:.2f} semantic={s.semantic:.2f} "
        f"shared_facts={s.shared_facts:.2f} reasons={list(c.reasons)}"
    )


# --------------------------------------------------------------------------------------------
# relation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(EXPECTED_RELATION))
@pytest.mark.parametrize("story", STORIES)
def test_relation_of_each_version(compare_files: CompareFiles, story: str, kind: str) -> None:
    c = compare_files(wire(story), version(story, kind))
    assert c.relation == EXPECTED_RELATION[kind], describe(c)
    assert c.derived is (kind in DERIVED_KINDS), describe(c)


@pytest.mark.parametrize("story", STORIES)
def test_unrelated_article(compare_files: CompareFiles, story: str) -> None:
    c = compare_files(wire(story), UNRELATED)
    assert c.relation == "unrelated", describe(c)
    assert c.derived is False


MIRRORED_DIRECTION = {"a_to_b": "b_to_a", "b_to_a": "a_to_b", "unknown": "unknown"}


def test_swapping_the_texts_mirrors_the_whole_comparison(
    fixtures: Path, embedder: Embedder
) -> None:
    """``compare(b, a)`` is ``compare(a, b)`` seen from the other side, for every fixture pair:
    the same relation and retelling score, every link with its sides swapped, A's coverage as
    B's, added as dropped, the direction reversed. (Aligned in the order given, 7 of these 78
    pairs scored differently each way, 4 of them with a different number of links.)"""
    prepared = {name: prepare(load_document(fixtures / name), embedder) for name in ALL_FIXTURES}
    for a_name, b_name in itertools.combinations(ALL_FIXTURES, 2):
        forward = compare_prepared(prepared[a_name], prepared[b_name])
        backward = compare_prepared(prepared[b_name], prepared[a_name])
        where = f"{a_name} / {b_name}: {describe(forward)} | {describe(backward)}"
        assert backward.relation == forward.relation, where
        assert backward.scores.retelling == forward.scores.retelling, where
        assert backward.scores.coverage_a == forward.scores.coverage_b, where
        assert backward.scores.coverage_b == forward.scores.coverage_a, where
        assert backward.direction.value == MIRRORED_DIRECTION[forward.direction.value], where
        assert {(k.b, k.a, k.kind, k.score) for k in backward.links} == {
            (k.a, k.b, k.kind, k.score) for k in forward.links
        }, where
        assert (backward.added, backward.dropped) == (forward.dropped, forward.added), where
        assert [(p.b_start, p.b_end, p.a_start, p.a_end) for p in backward.passages] == sorted(
            (p.a_start, p.a_end, p.b_start, p.b_end) for p in forward.passages
        ), where


# --------------------------------------------------------------------------------------------
# direction
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", DERIVED_KINDS)
@pytest.mark.parametrize("story", STORIES)
def test_direction_follows_the_dates(compare_files: CompareFiles, story: str, kind: str) -> None:
    forward = compare_files(wire(story), version(story, kind))
    assert forward.direction.value == "a_to_b", describe(forward)
    assert any(WIRE_DATES[story] in line for line in forward.direction.evidence)

    backward = compare_files(version(story, kind), wire(story))
    assert backward.direction.value == "b_to_a", describe(backward)


@pytest.mark.parametrize("story", STORIES)
def test_direction_is_unknown_when_nothing_was_derived(
    compare_files: CompareFiles, story: str
) -> None:
    assert compare_files(wire(story), version(story, "independent")).direction.value == "unknown"
    assert compare_files(wire(story), UNRELATED).direction.value == "unknown"


# --------------------------------------------------------------------------------------------
# the spun rewrite: added background, dropped sentence, chrome, paraphrased links
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("story", STORIES)
def test_spun_background_paragraphs_are_added(compare_files: CompareFiles, story: str) -> None:
    c = compare_files(wire(story), version(story, "spun"))
    spun = SPUN[story]
    start = c.b.text.index(spun.background_start)
    background = {j for j, s in enumerate(c.b_sentences) if s.start >= start}
    assert len(background) == spun.background_sentences
    assert background <= set(c.added), describe(c)
    # every other B sentence rewords an A sentence
    assert set(c.added) == background, [c.b_sentences[j].text for j in c.added]


@pytest.mark.parametrize("story", STORIES)
def test_spun_dropped_sentence_is_reported(compare_files: CompareFiles, story: str) -> None:
    c = compare_files(wire(story), version(story, "spun"))
    dropped = next(i for i, s in enumerate(c.a_sentences) if s.text == SPUN[story].dropped)
    assert dropped in c.dropped
    # every other A sentence is retold
    assert c.dropped == (dropped,), [c.a_sentences[i].text for i in c.dropped]


@pytest.mark.parametrize("story", STORIES)
def test_spun_chrome_is_cut_and_reported(compare_files: CompareFiles, story: str) -> None:
    c = compare_files(wire(story), version(story, "spun"))
    chrome = SPUN[story].chrome
    assert c.b.removed == chrome
    for line in chrome:
        assert line not in c.b.text
    assert c.a.removed == ()
    # the article itself survives: it starts with the first sentence of the body
    assert c.b.text.startswith("On Tuesday,")
    assert SPUN[story].background_start in c.b.text


@pytest.mark.parametrize("story", STORIES)
def test_spun_links_are_mostly_paraphrased(compare_files: CompareFiles, story: str) -> None:
    c = compare_files(wire(story), version(story, "spun"))
    kinds = [link.kind for link in c.links]
    assert len(kinds) >= 8
    assert kinds.count("paraphrased") > len(kinds) / 2, kinds


# --------------------------------------------------------------------------------------------
# fact changes
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("story", STORIES)
def test_light_edit_reports_the_number_and_date_changes(
    compare_files: CompareFiles, story: str
) -> None:
    c = compare_files(wire(story), version(story, "edited"))
    by_kind = {change.kind: change for change in c.changes}
    assert sorted(change.kind for change in c.changes) == ["date", "number"], c.changes

    number = by_kind["number"]
    assert "42" in number.a_text
    assert "45" in number.b_text
    date = by_kind["date"]
    assert "Tuesday" in date.a_text
    assert "Wednesday" in date.b_text

    # each change points at the link whose sentences hold it
    for change, old, new in ((number, "42", "45"), (date, "Tuesday", "Wednesday")):
        link = c.links[change.link]
        assert link.kind == "edited"
        assert any(old in c.a_sentences[i].text for i in link.a)
        assert any(new in c.b_sentences[j].text for j in link.b)


@pytest.mark.parametrize("story", STORIES)
def test_light_edit_links_are_copied_or_edited(compare_files: CompareFiles, story: str) -> None:
    c = compare_files(wire(story), version(story, "edited"))
    kinds = [link.kind for link in c.links]
    assert kinds.count("edited") == 2, kinds
    assert set(kinds) == {"copied", "edited"}
    assert c.added == ()
    assert c.dropped == ()


@pytest.mark.parametrize("story", STORIES)
def test_copy_has_no_changes(compare_files: CompareFiles, story: str) -> None:
    c = compare_files(wire(story), version(story, "copy"))
    assert c.changes == ()
    assert {link.kind for link in c.links} == {"copied"}
    assert c.added == ()
    assert c.dropped == ()
    assert c.a.text == c.b.text


@pytest.mark.parametrize("story", STORIES)
def test_lifted_paragraph_is_one_copied_passage(compare_files: CompareFiles, story: str) -> None:
    c = compare_files(wire(story), version(story, "lifted"))
    assert [link.kind for link in c.links] == ["copied"] * 3
    assert len(c.passages) == 1
    passage = c.passages[0]
    assert c.a.text[passage.a_start : passage.a_end] == c.b.text[passage.b_start : passage.b_end]


# --------------------------------------------------------------------------------------------
# sentences and inputs
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "b_name",
    [version(story, kind) for story in STORIES for kind in EXPECTED_RELATION] + [UNRELATED],
)
def test_sentence_offsets_point_into_the_cleaned_text(
    compare_files: CompareFiles, b_name: str
) -> None:
    story = b_name.split("-")[0] if not b_name.startswith("unrelated") else "larkport"
    c = compare_files(wire(story), b_name)
    for doc, sentences in ((c.a, c.a_sentences), (c.b, c.b_sentences)):
        assert sentences
        previous_end = 0
        for s in sentences:
            assert doc.text[s.start : s.end] == s.text
            assert s.text == s.text.strip()
            assert s.text
            assert s.start >= previous_end
            previous_end = s.end


def test_raw_article_strings(fixtures: Path, embedder: Embedder) -> None:
    text_a = (fixtures / wire("larkport")).read_text(encoding="utf-8")
    text_b = (fixtures / version("larkport", "spun")).read_text(encoding="utf-8")
    c = retold.compare(text_a, text_b, embedder=embedder)
    assert c.relation == "rewrite", describe(c)
    assert c.a.date == "2024-05-15"
    assert c.b.title == "Massive Blaze Levels Larkport Riverside Warehouse"
    assert c.direction.value == "a_to_b"
    assert c.b.removed == SPUN["larkport"].chrome
    assert c.a.path is None


def test_string_paths_and_path_objects(fixtures: Path, embedder: Embedder) -> None:
    a, b = fixtures / wire("ashcreek"), fixtures / version("ashcreek", "edited")
    from_str = retold.compare(str(a), str(b), embedder=embedder)
    from_path = retold.compare(a, b, embedder=embedder)
    assert from_str.relation == from_path.relation == "near_duplicate"
    assert from_str.a.id == "ashcreek-wire"
    assert from_str.b.id == "ashcreek-edited"


def test_document_objects(fixtures: Path, embedder: Embedder) -> None:
    doc_a = retold.load_document(fixtures / wire("ashcreek"))
    doc_b = retold.load_document(fixtures / version("ashcreek", "spun"))
    c = retold.compare(doc_a, doc_b, embedder=embedder)
    assert c.relation == "rewrite", describe(c)
    assert c.a is doc_a
    assert c.b is doc_b

    hand_made = retold.Document(id="hand", text=doc_a.text)
    same = retold.compare(doc_a, hand_made, embedder=embedder)
    assert same.relation == "duplicate"
    assert same.b.id == "hand"


# --------------------------------------------------------------------------------------------
# unrelated texts
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("story", STORIES)
def test_unrelated_pair_has_no_coverage_either_way(compare_files: CompareFiles, story: str) -> None:
    for c in (compare_files(wire(story), UNRELATED), compare_files(UNRELATED, wire(story))):
        assert c.scores.coverage_a == pytest.approx(0.0, abs=0.05), describe(c)
        assert c.scores.coverage_b == pytest.approx(0.0, abs=0.05), describe(c)
        assert c.relation == "unrelated"
        assert c.changes == ()


ALL_FIXTURES = sorted(p.name for p in (Path(__file__).parent / "fixtures" / "pairs").glob("*.txt"))


@pytest.mark.model
@pytest.mark.parametrize(("a_name", "b_name"), list(itertools.permutations(ALL_FIXTURES, 2)))
def test_every_derived_verdict_comes_with_links(
    compare_files: CompareFiles, a_name: str, b_name: str
) -> None:
    """Any pair of fixtures: a derived verdict shows reused sentences and the passage they
    form, else none is claimed."""
    result = compare_files(a_name, b_name)
    if result.derived:
        assert result.links, describe(result)
        assert result.passages, describe(result)
        assert result.scores.coverage_a > 0
        assert result.scores.coverage_b > 0
    else:
        assert result.direction.value == "unknown"


def test_a_long_one_line_article_string_is_text_not_a_path(embedder: Embedder) -> None:
    """A one-line article longer than a file name can be is read as text, not stat()ed."""
    line = "The council met on Tuesday and approved the new harbor budget after a long debate. "
    result = retold.compare(line * 40, line * 40, embedder=embedder)
    assert result.relation == "duplicate"


# Two results notices written on one wire form: the same wording, other figures throughout.
_FORM_A = """ALDERWAY FOODS <ALD> 4TH QTR NET

    Shr profit 41 cts vs 35 cts
    Net profit 12.4 mln vs 10.6 mln
    Sales 310.2 mln vs 288.5 mln
    NOTE: Net excludes a gain of 2.3 mln dlrs from the sale of its
bakery division in the quarter ended March 31, 1987.
    The company said results for the year to March 31, 1988 are
expected to improve on stronger demand for its frozen lines.
"""
_FORM_B = """KESTON MILLS <KMI> 4TH QTR NET

    Shr profit 17 cts vs 22 cts
    Net profit 3.1 mln vs 4.0 mln
    Sales 96.7 mln vs 101.3 mln
    NOTE: Net excludes a gain of 650,000 dlrs from the sale of its
flour division in the quarter ended June 30, 1986.
    The company said results for the year to June 30, 1987 are
expected to improve on stronger demand for its baking lines.
"""


def test_two_reports_on_one_form_are_not_a_retelling(embedder: Embedder) -> None:
    c = retold.compare(_FORM_A, _FORM_B, embedder=embedder)
    assert c.relation == "unrelated", describe(c)
    assert any("numbers and dates agree" in reason for reason in c.reasons)


def test_a_copy_that_corrects_one_figure_stays_derived(embedder: Embedder) -> None:
    corrected = _FORM_A.replace("12.4 mln vs 10.6 mln", "12.8 mln vs 10.6 mln")
    c = retold.compare(_FORM_A, corrected, embedder=embedder)
    assert c.relation == "near_duplicate", describe(c)
    assert [(ch.a_text, ch.b_text) for ch in c.changes if ch.kind == "number"] == [
        ("12.4 mln", "12.8 mln")
    ]


_APPOINTMENT = """HALVORSEN CONTROLS <HLVC> NAMES NEW PRESIDENT

Halvorsen Control Systems
Inc said it named Richard P. Okafor as president.
    Miriam Stenberg, who previously held the president's
title, continues as chairman and chief executive officer.
    Okafor was a vice president and member of the board of
directors.
    The company also named Tobias Lindqvist as vice president and
chief financial officer, succeeding Ellen Marsh, who remains as
executive vice president.
 Reuter
"""

_RESIGNATION = """BRIGHTWATER LABS <BWLB> PRESIDENT, TREASURER RESIGN

Brightwater Laboratories Inc said
Thomas K. Delacroix Jr has resigned as president of the company and
Walter Pruitt resigned as treasurer, both effective March 31.
    The company said directors elected Chairman Anita J.
Kowalczyk to the additional title of president and Chief
Financial Officer Samuel Ortega was elected treasurer.
 Reuter
"""

_APPOINTMENT_SPUN = """Halvorsen Control Systems has appointed Richard P. Okafor as its president.
Miriam Stenberg, the previous holder of the title, stays on as chairman and chief executive.
Okafor had been a vice president and sat on the board of directors.
Tobias Lindqvist becomes vice president and chief financial officer in place of Ellen Marsh,
who stays on as executive vice president.
"""


def test_two_companies_management_news_is_not_a_retelling(embedder: Embedder) -> None:
    c = retold.compare(_APPOINTMENT, _RESIGNATION, embedder=embedder)
    assert c.relation == "unrelated", describe(c)
    assert any("of their names" in reason for reason in c.reasons)


def test_a_spun_copy_of_the_same_news_keeps_its_names_and_stays_derived(
    embedder: Embedder,
) -> None:
    c = retold.compare(_APPOINTMENT, _APPOINTMENT_SPUN, embedder=embedder)
    assert c.relation in DERIVED_RELATIONS, describe(c)


FED_NOTICE = (
    "The Federal Reserve entered the U.S. government securities market to arrange 1.5 billion "
    "dlrs of customer repurchase agreements, a Fed spokesman said.\n"
    "Dealers said Federal funds were trading at {rate} pct when the Fed began its temporary "
    "and indirect supply of reserves to the banking system.\n"
)


@pytest.mark.parametrize(
    ("later", "source", "relation"),
    [
        ("1987-03-06T11:40:00", "Reuters", "unrelated"),  # four days on: the next day's report
        ("1987-03-02T13:40:00", "Reuters", "near_duplicate"),  # two hours on: a corrected re-send
        ("1987-03-06T11:40:00", "Dow Jones", "near_duplicate"),  # another source copying it
    ],
)
def test_a_source_issuing_its_report_again_with_new_figures_is_no_copy(
    embedder: Embedder, later: str, source: str, relation: str
) -> None:
    """One wire's daily notice, days apart with that day's rate, is two reports."""
    first = retold.Document(
        id="fed-1",
        text=FED_NOTICE.format(rate="6-1/4"),
        date="1987-03-02T11:40:00",
        source="Reuters",
    )
    again = retold.Document(
        id="fed-2", text=FED_NOTICE.format(rate="6-1/8"), date=later, source=source
    )
    c = retold.compare(first, again, embedder=embedder)
    assert c.relation == relation, describe(c)
    if relation == "unrelated":
        assert any("issued again with new figures" in reason for reason in c.reasons)
    else:
        assert [(ch.kind, ch.a_text, ch.b_text) for ch in c.changes] == [
            ("number", "6-1/4 pct", "6-1/8 pct")
        ]
