"""Hard-wrapped text joined back into paragraphs, and text that is not wrapped left alone."""

from __future__ import annotations

import textwrap

from retold._chrome import strip_chrome
from retold._unwrap import unwrap

PROSE = (
    "Japan's vehicle exports fell 3.8 pct to 6.59 mln in the year ended March 31, while "
    "output fell 1.2 pct to 12.27 mln, industry sources said. Toyota Motor Corp said its "
    "exports fell 5.5 pct to 1.87 mln, and comprised 1.20 mln cars, down 0.8 pct from a year "
    "earlier, 649,587 trucks and 14,797 buses. Nissan said its exports fell 8.1 pct."
)
OTHER = PROSE.replace("Toyota", "Honda").replace("Nissan", "Mazda")


def wrap(text: str, width: int, indent: str = "") -> str:
    """``text`` hard-wrapped greedily at ``width``, its first line indented by ``indent``."""
    return "\n".join(textwrap.wrap(text, width, initial_indent=indent))


def test_wire_copy_paragraphs_are_joined() -> None:
    text = "JAPAN EXPORTS FALL\n\n" + wrap(PROSE, 62, "    ") + "\n" + wrap(OTHER, 62, "    ")
    assert unwrap(text) == f"JAPAN EXPORTS FALL\n\n    {PROSE}\n    {OTHER}"


def test_indented_table_rows_and_bullets_stay_apart() -> None:
    note = (
        "NOTE: Net excludes extraordinary charges from provision for roofing products "
        "warranties and costs from the sale of the printing division of 320,000 dlrs."
    )
    rows = ["    Oper shr loss four cts vs loss 33 cts", "    Oper net loss 154,000 vs 1,301,000"]
    bullets = ["- first item of the list", "- second item of the list"]
    text = "\n".join([*rows, wrap(note, 64, "    "), wrap(note, 64, "    "), *bullets])
    assert unwrap(text).split("\n") == [*rows, "    " + note, "    " + note, *bullets]


def test_one_caption_a_line_is_not_wrapped_text() -> None:
    captions = "\n".join(
        [
            "Mike ready for a hammock nap at Dead Beaver Springs",
            "Steve and Tony crossing the creek",
            "Soaking up the sun at the springs",
            "Getting ready to pack at Hatchery Hollow",
            "East end of Duncan Bay",
            "Duncan Bay is a little low in March",
        ]
    )
    assert unwrap(captions) == captions


def test_one_paragraph_a_line_is_left_alone() -> None:
    text = f"{PROSE}\n{OTHER}\n\n{PROSE}"
    assert unwrap(text) == text


def test_chrome_removal_sees_whole_paragraphs_and_keeps_a_results_table() -> None:
    rows = ["Shr profit 41 cts vs 35 cts", "Net profit 12.4 mln vs 10.6 mln"]
    text = "\n".join(
        [
            "ALDERWAY FOODS 4TH QTR NET",
            "",
            *("    " + row for row in rows),
            wrap(PROSE, 64, "    "),
            "Share this article",
        ]
    )
    cleaned, removed = strip_chrome(text)
    assert cleaned.split("\n\n") == [*rows, PROSE]
    assert removed == ("ALDERWAY FOODS 4TH QTR NET", "Share this article")


def test_a_cut_short_first_line_stays_with_its_paragraph() -> None:
    # wire copy whose dateline was cut away: the company's name opens a short first line
    body = (
        "Uniforce Temporary\n"
        "Personnel Inc said it declared a three-for-two stock split,\n"
        "payable May 15 to stockholders of record April 14.\n"
        " Reuter"
    )
    cleaned, removed = strip_chrome("UNIFORCE TEMPORARY <UNFR> SETS SPLIT\n\n" + body)
    assert cleaned.startswith(
        "Uniforce Temporary Personnel Inc said it declared a three-for-two stock split, payable"
    )
    assert "Uniforce Temporary" not in removed


def test_a_line_going_on_in_lower_case_is_wrapped_even_in_a_short_text() -> None:
    text = "Horizon Bank said its board\ndeclared a stock split, payable April 21.\n Reuter"
    assert unwrap(text).split("\n")[0] == (
        "Horizon Bank said its board declared a stock split, payable April 21."
    )


def test_a_heading_above_a_list_of_short_lines_is_not_joined() -> None:
    text = "Contents\nMarkets fall on rate fears\nStorm hits the coast\nLocal team wins"
    assert unwrap(text) == text


def test_a_web_page_line_break_inside_a_sentence_is_joined() -> None:
    # pages saved from the web break lines at random inside long paragraphs: not hard-wrapped
    # text (lines run far past any wrap width), but a line stopping mid-sentence and going on
    # in lower case is one sentence broken in two
    text = (
        f"{PROSE} The options show that you are able to choose the best. Seven standard\n"
        "multiple choice questions follow on the next pages, with examples and answers.\n"
        f"{OTHER}"
    )
    joined = unwrap(text)
    assert joined.split("\n") == [
        f"{PROSE} The options show that you are able to choose the best. Seven standard "
        "multiple choice questions follow on the next pages, with examples and answers.",
        OTHER,
    ]
    cleaned, removed = strip_chrome(text)
    assert "Seven standard multiple choice questions" in cleaned
    assert removed == ()


def test_lines_that_end_a_sentence_or_open_with_a_capital_stay_apart() -> None:
    long_line = f"{PROSE} Exports to Europe rose"
    text = "\n".join(
        [
            long_line,  # no full stop, but the next line opens with a capital: maybe a heading
            "Market outlook",
            f"{OTHER}",  # ends a sentence: the next line is a new paragraph even in lower case
            "comments are closed for this article, which was published in 1987",
            long_line,  # the next word holds a capital: a name opening a new line
            "iPhone sales rose by a quarter in the same year, the company said.",
        ]
    )
    assert unwrap(text) == text
