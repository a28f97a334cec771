"""Sentence splitting with exact character offsets into the cleaned text.

Alignment works sentence by sentence and reports offsets into ``Document.text``, so every
:class:`~retold.model.Sentence` satisfies ``text[s.start:s.end] == s.text`` and carries no
surrounding whitespace.

The splitter is a single regular-expression pass plus a few vetoes, fast enough for megabytes
per second, and tuned to news copy:

* every line is at least its own unit (news bodies often hold one paragraph per line), so
  blank lines always end a sentence, and so does a single line break — unless it is a *soft
  wrap*: the line before it has no closing punctuation and the line after it starts with a
  lowercase letter (``…road closings, all of these are common\nincidents that happen…``).
  Hard-wrapped copy and text re-flowed by a copier break lines mid-sentence; cut there, a
  sentence's halves cannot be aligned with the whole sentence in the other text;
* inside a line, a sentence ends at ``.``, ``!``, ``?`` or ``…`` (plus any closing quotes or
  brackets) when whitespace and then an uppercase letter, a digit or an opening quote or
  bracket follow. A lowercase continuation never splits, which keeps ``"I love it!" she
  said.``, ``5 p.m. tomorrow`` and mid-sentence ellipses whole; decimals, prices, percentages
  and domains never split because no whitespace follows their dot;
* a single ``.`` after an abbreviation is vetoed (see :func:`_vetoed`). Titles such as
  ``Mr.``/``Gov.`` and month abbreviations always veto; single initials veto unless a
  sentence starter follows; ``No.``/``Fig.`` veto before a number; "ambiguous" abbreviations
  that often end a sentence (``U.S.``, ``a.m.``, ``Inc.``, ``St.``…) veto unless the next
  word is a common sentence starter (``She moved to the U.S. Last year…`` splits, ``the
  U.N. Security Council`` does not);
* a run longer than :data:`MAX_SENTENCE_CHARS` is cut at whitespace so no unit gets huge.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from retold.model import Sentence

MAX_SENTENCE_CHARS = 1500
"""Longest sentence returned; longer unpunctuated runs are cut at the last space before it."""


def _word_set(words: str) -> frozenset[str]:
    """The whitespace-separated words of ``words`` as a set (keeps the tables below compact)."""
    return frozenset(words.split())


_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
"""A physical line."""

_CLOSING = frozenset(".!?…:;\"”’')]")
"""Last characters of a line that close it: a line break after one of them is a real break."""

_SINGLE_BREAK = re.compile(r"[^\S\n\r\u2028\u2029]*(?:\r\n|[\n\r])[^\S\n\r\u2028\u2029]*\Z")
"""The gap between two lines when it holds exactly one line break (spaces and tabs aside)."""

_BOUNDARY = re.compile(r"(?:[.!?]+|…)[\"”’')\]]*(?=\s+(\S))")
"""A candidate sentence end: terminal punctuation, closing quotes/brackets, then whitespace.

Group 1 is the first character of what follows, checked by :func:`_starts_sentence`."""

_OPENERS = frozenset("\"“‘'([«")
"""Characters that may open a new sentence besides uppercase letters and digits."""

_TOKEN_BEFORE = re.compile(r"(\S+)$")
"""The whitespace-free token that ends just before a candidate period."""

_NEXT_WORD = re.compile(r"\s+([\"“‘'(\[]?)(\w+)")
"""The word after a candidate boundary (after an optional opening quote or bracket)."""

_TITLES = _word_set(
    """Mr Mrs Ms Mx Dr Prof Sen Rep Gov Gen Lt Col Sgt Capt Cmdr Adm Maj Cpl Pvt Rev Hon Pres
    Supt Det Insp Atty Mt Ft Messrs Mme Mlle Msgr Sr Jr vs Jan Feb Mar Apr Jun Jul Aug Sep Sept
    Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun approx cf ca viz"""
)
"""Abbreviations that (almost) never end a sentence: a following capital is a name or a date.

``Sr``/``Jr`` sit here rather than in the ambiguous set because ``John Smith Jr. The`` is far
rarer than ``Jr.`` inside a sentence; ``Sun``/``Sat`` only ever appear as weekday abbreviations
when followed by a period and a capital in news copy."""

_NUMBER_REFS = _word_set("No Nos Fig Figs Vol Vols Ch Sec Art Para Pt Ex Op Pp pp p")
"""Abbreviations vetoed only before a number: ``No. 1 seed``, ``(see Fig. 3)``."""

_AMBIGUOUS = _word_set(
    """Inc Corp Co Ltd Bros LLC Plc St Ave Blvd Rd Ln Hwy etc al Ore Calif Wash Ariz Fla Mass
    Conn Penn Tenn Mich Minn Wis Ill Ind Ky La Md Mo Nev Okla Va Colo Ga Ala Ark Kan Neb Del
    Miss Wyo Mont Vt Ida Ont Que Ph Esq"""
)
"""Abbreviations that often end a sentence: they veto unless a sentence starter follows."""

_DOTTED = re.compile(r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}\Z")
"""Dotted abbreviations such as ``U.S``, ``a.m``, ``Ph.D``, ``e.g`` (final dot excluded);
treated like :data:`_AMBIGUOUS`."""

_INITIAL = re.compile(r"[A-Z]\Z")
"""A single capital initial, as in ``J. R. Smith``: always vetoed."""

_STARTERS = _word_set(
    """The A An He She It They We I You His Her Its Their Our My Your This That These Those
    There Here Last Next Earlier Later Today Tomorrow Yesterday In On At By For From With After
    Before During Since When While Where If But And So Yet Or Now Then Still However Meanwhile
    Also Some Many Most Several Both Each Every No Not One Two Three Police Officials"""
)
"""Words that commonly start a sentence; after an ambiguous abbreviation they mean the
abbreviation also ended the sentence (``…moved to the U.S. Last year she…``)."""

_OPENING_PUNCT = "\"'“‘([«"
"""Punctuation stripped from the front of a token before looking it up (``(Fig.``)."""


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences whose offsets point back into ``text``.

    Each sentence is stripped of surrounding whitespace and crosses no line break but a soft
    wrap (see the module docstring); whitespace-only input gives an empty list.
    """
    sentences: list[Sentence] = []
    for line_start, line_end in _logical_lines(text):
        for start, end in _line_spans(text, line_start, line_end):
            sentences.extend(_bounded(text, start, end))
    return sentences


def _logical_lines(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the physical lines of ``text``, with soft-wrapped lines joined to the next."""
    current: tuple[int, int] | None = None
    last: tuple[int, int] = (0, 0)
    for line in _LINE.finditer(text):
        if current is not None and _soft_wrap(text, last, line.start()):
            current = (current[0], line.end())
        else:
            if current is not None:
                yield current
            current = line.span()
        last = line.span()
    if current is not None:
        yield current


def _soft_wrap(text: str, line: tuple[int, int], next_start: int) -> bool:
    """Whether the break between the physical ``line`` (start, end) and the line starting at
    ``next_start`` falls mid-sentence."""
    line_start, line_end = line
    before = text[line_start:line_end].rstrip()[-1:]
    after = text[next_start : next_start + 64].lstrip()[:1]
    return (
        bool(before)
        and before not in _CLOSING
        and after.islower()
        and _SINGLE_BREAK.match(text, line_end, next_start) is not None
    )


def _line_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The (start, end) spans of the sentences in one line, before stripping."""
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        if _is_boundary(text, match, end):
            yield cursor, match.end()
            cursor = match.end()
    yield cursor, end


def _is_boundary(text: str, match: re.Match[str], line_end: int) -> bool:
    """Whether a candidate end really ends a sentence (next character and vetoes)."""
    if match.start(1) >= line_end or not _starts_sentence(match.group(1)):
        return False
    if match.group(0) != ".":
        return True
    return not _vetoed(text, match.start(), match.end(), line_end)


def _starts_sentence(char: str) -> bool:
    """An uppercase letter, a digit or an opening quote/bracket may start a sentence."""
    return char.isupper() or char.isdigit() or char in _OPENERS


def _vetoed(text: str, dot: int, after: int, line_end: int) -> bool:
    """Whether the single period at ``dot`` belongs to an abbreviation, not a sentence end."""
    found = _TOKEN_BEFORE.search(text, max(0, dot - 40), dot)
    if not found:
        return False
    token = found.group(1).lstrip(_OPENING_PUNCT)
    if token in _TITLES:
        return True
    quoted, word = _next_word(text, after, line_end)
    if token in _NUMBER_REFS:
        return word[:1].isdigit()
    if _INITIAL.match(token):
        # "J. R. Smith", "A. A. Milne" stay whole; "Plan B. The plan" splits.
        return quoted or len(word) < 2 or word not in _STARTERS
    if token in _AMBIGUOUS or _DOTTED.match(token):
        # A quotation or a sentence starter after "U.S." opens a new sentence.
        return not quoted and word not in _STARTERS
    return False


def _next_word(text: str, after: int, line_end: int) -> tuple[bool, str]:
    """Whether an opening quote or bracket follows a boundary, and the word after it."""
    found = _NEXT_WORD.match(text, after, line_end)
    if not found:
        return False, ""
    return bool(found.group(1)), found.group(2)


def _bounded(text: str, start: int, end: int) -> Iterator[Sentence]:
    """The stripped sentence in ``text[start:end]``, cut into pieces if it is too long."""
    start, end = _strip(text, start, end)
    while end - start > MAX_SENTENCE_CHARS:
        cut = _cut_point(text, start, start + MAX_SENTENCE_CHARS)
        piece_start, piece_end = _strip(text, start, cut)
        yield Sentence(text[piece_start:piece_end], piece_start, piece_end)
        start, end = _strip(text, cut, end)
    if start < end:
        yield Sentence(text[start:end], start, end)


def _cut_point(text: str, start: int, limit: int) -> int:
    """The last whitespace position in ``text[start:limit]`` (``limit`` if there is none)."""
    for i in range(limit, start, -1):
        if text[i].isspace():
            return i
    return limit


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Move ``start`` and ``end`` inwards past whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
