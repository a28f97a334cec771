"""Tests of the rich terminal view: content, truncation and literal printing of markup."""

from __future__ import annotations

import dataclasses

from rich.console import Console

from builders import sentences
from retold._terminal import render_comparison
from retold.model import (
    Comparison,
    Direction,
    Document,
    FactChange,
    Link,
    Scores,
)

A_TEXTS = (
    "The council approved the budget.",
    "It includes 12 new schools.",
    "The mayor called it historic.",
    "Critics were not consulted.",
)
B_TEXTS = (
    "The council approved the budget.",
    "The plan pays for 15 schools.",
    "Residents will vote in May.",
    "The mayor called it a milestone.",
)


def make_comparison(
    a_texts: tuple[str, ...] = A_TEXTS, b_texts: tuple[str, ...] = B_TEXTS
) -> Comparison:
    """The invented pair: a copied, a paraphrased and an edited link, one added, one dropped."""
    return Comparison(
        a=Document(
            id="a-council",
            text=" ".join(a_texts),
            title="Budget passes",
            removed=("Subscribe now", "Share this"),
        ),
        b=Document(id="b-council", text=" ".join(b_texts), title="Council budget"),
        a_sentences=sentences(a_texts),
        b_sentences=sentences(b_texts),
        relation="rewrite",
        direction=Direction("a_to_b", ("B is shorter",)),
        scores=Scores(0.75, 0.7, 0.31, 0.92, 0.84, 0.5, 0.81),
        links=(
            Link((0,), (0,), "copied", 1.0),
            Link((1,), (1,), "paraphrased", 0.71),
            Link((2,), (3,), "edited", 0.88),
        ),
        added=(2,),
        dropped=(3,),
        changes=(FactChange("number", "12", "15", 1),),
        reasons=("3 of 4 A sentences reused",),
    )


def render(c: Comparison, **kwargs: int) -> str:
    """The plain text a 120-column console shows for ``c``."""
    console = Console(record=True, width=120, color_system=None)
    render_comparison(c, console, **kwargs)
    return console.export_text()


def test_shows_verdict_scores_sentences_and_kinds() -> None:
    out = render(make_comparison())
    assert "Rewrite" in out
    assert "A is the likely source" in out
    assert "B is shorter" in out
    assert "3 of 4 A sentences reused" in out
    assert "Coverage of A" in out
    assert "75%" in out
    assert "0.81" in out
    for sentence in A_TEXTS + B_TEXTS:
        assert sentence in out
    for kind in ("copied", "paraphrased", "edited", "added", "dropped"):
        assert kind in out


def test_rows_follow_b_order() -> None:
    out = render(make_comparison())
    order = [out.index(text) for text in (B_TEXTS[1], B_TEXTS[2], B_TEXTS[3], A_TEXTS[3])]
    assert order == sorted(order)


def test_shows_fact_changes_and_chrome_counts() -> None:
    out = render(make_comparison())
    assert "Facts that changed" in out
    fact_line = next(line for line in out.splitlines() if "number" in line)
    assert "12" in fact_line
    assert "15" in fact_line
    assert "A 2 lines, B 0 lines" in out


def test_without_fact_changes() -> None:
    out = render(dataclasses.replace(make_comparison(), changes=()))
    assert "Facts that changed: none found." in out


def test_max_rows_truncates_the_alignment() -> None:
    out = render(make_comparison(), max_rows=2)
    assert "… 3 more rows (use --json or --html for all)" in out
    assert "Residents will vote in May." not in out


def test_width_hint_narrows_tables() -> None:
    out = render(make_comparison(), width_hint=80)
    assert max(len(line) for line in out.splitlines()) <= 80


def test_markup_in_article_prints_literally() -> None:
    markup = "Tag [bold red]x[/] here."
    c = make_comparison(a_texts=(markup, *A_TEXTS[1:]), b_texts=(markup, *B_TEXTS[1:]))
    c = dataclasses.replace(
        c,
        a=dataclasses.replace(c.a, title="[/]broken[bold]"),
        reasons=("[link=http://x]click[/link]",),
    )
    out = render(c)
    assert out.count(markup) == 2
    assert "[/]broken[bold]" in out
    assert "[link=http://x]click[/link]" in out


def test_markup_in_edited_sentence_prints_literally() -> None:
    c = make_comparison(
        a_texts=("It costs [b]12[/b] dollars.", *A_TEXTS[1:]),
        b_texts=("It costs [b]15[/b] dollars.", *B_TEXTS[1:]),
    )
    c = dataclasses.replace(c, links=(Link((0,), (0,), "edited", 0.9), *c.links[1:]))
    out = render(c)
    assert "It costs [b]12[/b] dollars." in out
    assert "It costs [b]15[/b] dollars." in out
