"""Sentence splitting: the hard cases of news copy, and the offsets invariant on any text."""

from __future__ import annotations

import random
import time

import pytest

from retold._segment import MAX_SENTENCE_CHARS, split_sentences


def texts_of(text: str) -> list[str]:
    """The sentence strings of ``text``."""
    return [s.text for s in split_sentences(text)]


def assert_offsets(text: str) -> None:
    """Every sentence points back into ``text`` exactly and carries no outer whitespace."""
    previous_end = 0
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.text
        assert s.text == s.text.strip()
        assert s.start >= previous_end
        previous_end = s.end


HARD_CASES = [
    pytest.param(
        "Mr. Smith went to Washington. He arrived on Monday.",
        ["Mr. Smith went to Washington.", "He arrived on Monday."],
        id="title-abbreviation",
    ),
    pytest.param(
        "She moved to the U.S. Last year she started a company.",
        ["She moved to the U.S.", "Last year she started a company."],
        id="us-then-sentence-starter",
    ),
    pytest.param(
        "Dr. Jane Doe, Ph.D., joined the lab in Jan. 2020 as director. She leads 12 people.",
        ["Dr. Jane Doe, Ph.D., joined the lab in Jan. 2020 as director.", "She leads 12 people."],
        id="dr-phd-month",
    ),
    pytest.param(
        "The firm (founded in 1999 by J. R. Smith) grew fast. It now has 400 staff.",
        ["The firm (founded in 1999 by J. R. Smith) grew fast.", "It now has 400 staff."],
        id="initials",
    ),
    pytest.param(
        "Gov. Newsom and Sen. Padilla met on Oct. 5 in Sacramento. They discussed water.",
        ["Gov. Newsom and Sen. Padilla met on Oct. 5 in Sacramento.", "They discussed water."],
        id="gov-sen-month-day",
    ),
    pytest.param(
        '"I love it!" she exclaimed. Everyone laughed.',
        ['"I love it!" she exclaimed.', "Everyone laughed."],
        id="quoted-exclamation",
    ),
    pytest.param(
        "The U.N. Security Council met on Tuesday. No vote was held.",
        ["The U.N. Security Council met on Tuesday.", "No vote was held."],
        id="un-security-council",
    ),
    pytest.param(
        "No. 1 seed Djokovic won in straight sets. He plays again Friday.",
        ["No. 1 seed Djokovic won in straight sets.", "He plays again Friday."],
        id="no-number",
    ),
    pytest.param(
        "The bill was amended (see Fig. 3). It passed.",
        ["The bill was amended (see Fig. 3).", "It passed."],
        id="fig-in-brackets",
    ),
    pytest.param(
        "The U.S. economy grew 3% last year, the report said.",
        ["The U.S. economy grew 3% last year, the report said."],
        id="us-mid-sentence",
    ),
    pytest.param(
        'He said the plan "will ease pressure." "We are confident," he added.',
        ['He said the plan "will ease pressure."', '"We are confident," he added.'],
        id="quote-ends-sentence",
    ),
    pytest.param(
        "Shares closed at $12.40 on Friday. Volume was light.",
        ["Shares closed at $12.40 on Friday.", "Volume was light."],
        id="price",
    ),
    pytest.param(
        "Inflation rose 3.5% in March. Economists were surprised.",
        ["Inflation rose 3.5% in March.", "Economists were surprised."],
        id="percent",
    ),
    pytest.param(
        "Really? Yes! Well... okay then. Wait... What happened?",
        ["Really?", "Yes!", "Well... okay then.", "Wait...", "What happened?"],
        id="question-exclamation-ellipsis",
    ),
    pytest.param(
        "The meeting is at 5 p.m. tomorrow in the hall.",
        ["The meeting is at 5 p.m. tomorrow in the hall."],
        id="pm-lowercase-continuation",
    ),
    pytest.param(
        "He works at Apple Inc. in Cupertino.",
        ["He works at Apple Inc. in Cupertino."],
        id="inc-mid-sentence",
    ),
    pytest.param(
        "Visit www.example.com for details. The site opens Monday.",
        ["Visit www.example.com for details.", "The site opens Monday."],
        id="domain",
    ),
    pytest.param(
        "The S&P 500 fell 2%. The Nasdaq rose.",
        ["The S&P 500 fell 2%.", "The Nasdaq rose."],
        id="sp500",
    ),
    pytest.param(
        "PORTVALE, Ore. — The fire destroyed a warehouse. Two were hurt.",
        ["PORTVALE, Ore. — The fire destroyed a warehouse.", "Two were hurt."],
        id="dateline",
    ),
    pytest.param(
        "The doors open at 10 a.m. The meeting starts at noon.",
        ["The doors open at 10 a.m.", "The meeting starts at noon."],
        id="am-then-sentence-starter",
    ),
    pytest.param(
        "Apple Inc. In 2020 the company grew.",
        ["Apple Inc.", "In 2020 the company grew."],
        id="inc-then-sentence-starter",
    ),
    pytest.param(
        "A. A. Milne wrote it. Plan B. The backup worked.",
        ["A. A. Milne wrote it.", "Plan B.", "The backup worked."],
        id="initials-versus-plan-b",
    ),
    pytest.param(
        "He read it (twice.) Then he left.",
        ["He read it (twice.)", "Then he left."],
        id="closing-bracket",
    ),
    pytest.param(
        "Prices fell 2.5 percent. 2024 was a hard year.",
        ["Prices fell 2.5 percent.", "2024 was a hard year."],
        id="digit-starts-sentence",
    ),
]


@pytest.mark.parametrize(("text", "expected"), HARD_CASES)
def test_hard_cases(text: str, expected: list[str]) -> None:
    assert texts_of(text) == expected
    assert_offsets(text)


def test_lines_and_paragraphs_split() -> None:
    text = "Headline without a period\nFirst line. Second one.\n\n  Para two  \r\nLast"
    assert texts_of(text) == [
        "Headline without a period",
        "First line.",
        "Second one.",
        "Para two",
        "Last",
    ]
    assert_offsets(text)


def test_soft_wrapped_lines_join_into_one_sentence() -> None:
    # A copier re-flowed the text: breaks fall mid-sentence, before a lowercase word.
    text = (
        "Floods, road closings and chemical spills are common\n"
        "incidents that happen on a regular basis. The system, provided by an Indiana\r\n"
        "  based company, warns\nresidents in minutes.\n"
        "Ends with a colon:\nlowercase after it stays apart\n\n"
        "a blank line always splits\nAn uppercase start splits too"
    )
    assert texts_of(text) == [
        "Floods, road closings and chemical spills are common\n"
        "incidents that happen on a regular basis.",
        "The system, provided by an Indiana\r\n  based company, warns\nresidents in minutes.",
        "Ends with a colon:",
        "lowercase after it stays apart",
        "a blank line always splits",
        "An uppercase start splits too",
    ]
    assert_offsets(text)


def test_offsets_point_into_original_text() -> None:
    text = "  Lead with spaces.   Then more.\n\n\tTabbed line here!  "
    sentences = split_sentences(text)
    assert [(s.start, s.end) for s in sentences] == [(2, 19), (22, 32), (35, 52)]
    assert_offsets(text)


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t\n", "\u00a0\u2003"])
def test_blank_text_has_no_sentences(text: str) -> None:
    assert split_sentences(text) == []


def test_long_run_is_cut_at_whitespace() -> None:
    text = " ".join(["word"] * 2000)
    sentences = split_sentences(text)
    assert len(sentences) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(not s.text.startswith(" ") and s.text.startswith("word") for s in sentences)
    assert " ".join(s.text for s in sentences) == text
    assert_offsets(text)


def test_long_run_without_whitespace_is_cut_hard() -> None:
    text = "x" * (MAX_SENTENCE_CHARS * 2 + 10)
    sentences = split_sentences(text)
    assert [len(s.text) for s in sentences] == [MAX_SENTENCE_CHARS, MAX_SENTENCE_CHARS, 10]
    assert_offsets(text)


_PIECES = [
    "Mr.",
    "U.S.",
    "a.m.",
    "Dr.",
    "J.",
    "No.",
    "Inc.",
    "the",
    "fire",
    "The",
    "It",
    "said",
    "3.5%",
    "$4.2",
    "million",
    "www.example.com",
    '"Yes!"',
    "“Quote.”",
    "(see",
    "Fig.",
    "3).",
    "...",
    "…",
    "?",
    "!",
    ".",
    "Sen.",
    "Ph.D.,",
    "—",
    "é",
    "Éclair",
    "2024.",
    "'",
    ")",
    "(",
]
_GAPS = [" ", " ", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "\r\n", " \n "]


def _random_text(rng: random.Random) -> str:
    """A jumble of tricky tokens and whitespace, possibly with leading/trailing space."""
    parts = []
    for _ in range(rng.randint(0, 60)):
        parts.append(rng.choice(_PIECES))
        parts.append(rng.choice(_GAPS))
    if rng.random() < 0.3:
        parts.insert(0, rng.choice(_GAPS))
    return "".join(parts)


def test_offsets_invariant_on_random_texts() -> None:
    rng = random.Random(0)
    for _ in range(500):
        text = _random_text(rng)
        assert_offsets(text)
        # no text is lost: every non-whitespace character is inside some sentence
        covered = sum(len("".join(s.text.split())) for s in split_sentences(text))
        assert covered == len("".join(text.split()))


def test_speed_is_well_over_a_megabyte_per_second() -> None:
    paragraph = (
        "PORTVALE, Ore. — A fire destroyed a warehouse late Monday, injuring two firefighters. "
        'Mr. Vasquez said the U.S. Coast Guard helped. "We are grateful," he said. '
        "The loss was put at $4.2 million, or 3.5% of the port's yearly revenue.\n\n"
    )
    text = paragraph * (1_000_000 // len(paragraph))
    started = time.perf_counter()
    sentences = split_sentences(text)
    elapsed = time.perf_counter() - started
    assert len(sentences) > 10_000
    assert elapsed < 1.0
