"""Two texts on one form that lead with different subjects.

A wire writes many one-line items to one pattern: "PHILLIPS RAISES CRUDE OIL POSTINGS 50
CTS", then "MURPHY RAISES CRUDE OIL POSTINGS 50 CTS"; "CHEMICAL BANK CUTS PRIME RATE TO 9.25
PCT", then "FIRST REPUBLIC BANK DALLAS CUTS PRIME RATE TO 9.25 PCT". Each shares nearly all
its words with the others, yet each is news of its own subject, named at its head. Such items
often carry no stock code (:mod:`retold._companies`) and are written in capitals, so no name
can be told by its case. Their shape can: the texts open with words the other never uses,
then run on with the same words. A re-send keeps its head (or corrects a letter of it:
"LOMDON" → "LONDON"), a correction puts a word before it ("CORRECTED-"), and a story that
renames its subject ("ITALY'S AGIP PETROLI" → "ENI UNIT AGIP PETROLI") keeps the name that
follows, written in capitals in its body.

The same holds for tables and forms issued one after another (:func:`title_swap`): "LONDON
COCOA 1300" and "LONDON COCOA CLOSING" share every line but their figures, and only the
title says which hour or market each is.

The settings below were chosen by reading the judged scan pairs
(``bench/results/scan-precision-judged.jsonl``, re-verified as the scan does): with them the
two signs and the stock codes of :mod:`retold._companies` take 28 of the 108 judged false
``rewrite`` / ``near_duplicate`` verdicts and none of the 222 judged real; a shared run of
two words took 4 more false ones and still no real one, and was not kept, to stay clear of
real re-sends the judged sample does not hold.

Pure: text in, answer out.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.'&/]*")
"""A word, hyphens splitting ("CORRECTED-LILLY" is two words)."""

HEAD_MAX_WORDS = 6
"""Most words a text may put before the shared wording: a subject's name, not a sentence."""

FORM_MIN_WORDS = 3
"""Fewest words in a row the two texts must share right after their heads: the form."""

SAME_WORD_RATIO = 0.75
"""Two first words at least this alike (difflib's ratio) are one word with a typo."""


def _words(text: str) -> list[str]:
    return [w.lower().rstrip(".") for w in _TOKEN.findall(text)]


_CODE = re.compile(r"<([^<>\n]{1,60})>")


def _one_word(first: str, second: str) -> bool:
    """Whether two words are one: alike but for a typo ("LOMDON", "LONDON"), or one the
    other's abbreviation ("INT'L", "INTERNATIONAL": its letters in order, the first three
    the same)."""
    if difflib.SequenceMatcher(None, first, second).ratio() >= SAME_WORD_RATIO:
        return True
    short, long = sorted((first.replace("'", ""), second.replace("'", "")), key=len)
    letters = iter(long)
    return short[:3] == long[:3] and all(ch in letters for ch in short)


PROSE_MIN_LOWER = 0.5
"""Share of a line's letters in lower case for it to be prose, whose capitals mark names; a
headline in capitals with a unit in lower case ("WTI TO 17.50 dlrs/bbl") is not."""


def _prose(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return bool(letters) and sum(ch.islower() for ch in letters) >= PROSE_MIN_LOWER * len(letters)


def _names(text: str) -> frozenset[str]:
    """Words written as names: with a capital inside a sentence of a prose line (a line in
    capitals says nothing), or inside a stock code's angle brackets."""
    found = {w for code in _CODE.findall(text) for w in _words(code)}
    for line in text.splitlines():
        if not _prose(line):
            continue
        for match in _TOKEN.finditer(line):
            before = line[: match.start()].rstrip()
            if match.group()[0].isupper() and before and before[-1] not in ".!?:;\"'(<[-":
                found.add(match.group().lower().rstrip("."))
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class Heads:
    """Two texts' different heads and the form's words that follow them (lower case)."""

    a: str
    b: str
    form: str


def subject_heads(a_text: str, b_text: str) -> Heads | None:
    """The heads of two texts that are one form led by two subjects, or ``None``: their first
    words differ (beyond a typo or an abbreviation), each opens with at most
    ``HEAD_MAX_WORDS`` words before a run of ``FORM_MIN_WORDS`` or more they share, the words
    of each head that the other head lacks appear nowhere in the other text, and no word of
    the shared run is written as a name in either text."""
    first, second = _words(a_text), _words(b_text)
    if not first or not second or _one_word(first[0], second[0]):
        return None
    matcher = difflib.SequenceMatcher(None, first, second, autojunk=False)
    run = next((m for m in matcher.get_matching_blocks() if m.size >= FORM_MIN_WORDS), None)
    if run is None or not (0 < run.a <= HEAD_MAX_WORDS and 0 < run.b <= HEAD_MAX_WORDS):
        return None
    head_a, head_b = set(first[: run.a]), set(second[: run.b])
    own_a, own_b = head_a - head_b, head_b - head_a
    if not own_a or not own_b or own_a & set(second) or own_b & set(first):
        return None
    form = first[run.a : run.a + run.size]
    if (_names(a_text) | _names(b_text)).intersection(form):
        return None
    return Heads(" ".join(first[: run.a]), " ".join(second[: run.b]), " ".join(form))


LINE_MAX_CHARS = 60
"""Longest line of a table or a form: a row, a heading, a field ("Pay April 17")."""

LINE_FORM_SHARE = 0.8
"""Share of a text's lines that must be such lines for it to be a table or a form."""


def _line_form(text: str) -> bool:
    """Whether a text is a table or a form: two lines or more, nearly all short and none of
    those ending a sentence (prose has long lines ending in a full stop)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    short = sum(len(line) <= LINE_MAX_CHARS and not line.endswith(".") for line in lines)
    return len(lines) >= 2 and short >= LINE_FORM_SHARE * len(lines)


def _tickers(text: str) -> frozenset[str]:
    """Stock tickers in angle brackets ("<WAB>"): a re-send may correct one ("<WSAM>")."""
    return frozenset(w for code in _CODE.findall(text) if " " not in code for w in _words(code))


def _own_words(title: list[str], other: list[str], tickers: frozenset[str]) -> list[str]:
    """Words of a title that the other text never uses, not even with a typo or abbreviated;
    tickers aside."""
    others = set(other)
    return [
        w
        for w in dict.fromkeys(title)
        if w not in tickers and not any(_one_word(w, o) for o in others)
    ]


def title_swap(a_text: str, b_text: str) -> Heads | None:
    """The words two tables or forms (:func:`_line_form`) put in their titles (first lines)
    that the other text never uses, or ``None``: "LONDON COCOA 1300" and "LONDON COCOA
    CLOSING", "COMEX ALUMINUM VOLUME" and "COMEX SILVER VOLUME" are one table for another hour
    or market. Each title must hold such a word: a correction or a revision only adds one
    ("CORRECTED", "REVISED"). ``form`` holds the title words they share."""
    if not (_line_form(a_text) and _line_form(b_text)):
        return None
    first, second = _words(a_text), _words(b_text)
    title_a = _words(next(line for line in a_text.splitlines() if line.strip()))
    title_b = _words(next(line for line in b_text.splitlines() if line.strip()))
    tickers = _tickers(a_text) | _tickers(b_text)
    own_a, own_b = _own_words(title_a, second, tickers), _own_words(title_b, first, tickers)
    if not own_a or not own_b:
        return None
    in_b = set(title_b)
    shared = [w for w in dict.fromkeys(title_a) if w in in_b]
    return Heads(" ".join(own_a), " ".join(own_b), " ".join(shared))
