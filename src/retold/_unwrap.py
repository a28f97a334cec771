"""Hard-wrapped text back to one paragraph a line.

Old wire copy, e-mail and plain-text archives break lines at a fixed width, mid-sentence
(Reuters-21578 wraps at about 70 characters and indents each new paragraph). Everything after
loading reads one line as one paragraph: chrome removal judges whole lines, and a line break
ends a sentence. Left wrapped, a sentence becomes three fragments and a short last line of a
paragraph looks like a widget. :func:`unwrap` joins the lines of each wrapped paragraph first.

Only text that *is* wrapped is touched (see :func:`wrapped_paragraphs`): text with one
paragraph a line, lists of captions or headlines, and tables pass through unchanged. The one
exception is a *soft break*: pages saved from the web break lines at random inside paragraphs
of any length ("choose the best. Seven standard" / "multiple choice questions follow."); a
line that stops mid-sentence and goes on in a lower-case word on the next line is joined to
it in any text (see :func:`wrapped_paragraphs`), so the sentence stays one sentence.
"""

from __future__ import annotations

import re
from itertools import pairwise

MAX_WRAP_WIDTH = 100
"""Hard-wrapped text is cut at or below this many characters a line (typically 60–80).

The width is the longest line, not a percentile: a one-caption-a-line list has a long line
or two that its other lines, followed by a short next word, never come near."""

MIN_WRAP_WIDTH = 50
"""A line this long cut where the next word would not fit is evidence of wrapping on its own
(wrapping programs cut at 60–80 characters; headings and captions are mostly shorter)."""

MIN_WRAPPED_LINES = 2
"""Lines that must stop where the next word would not fit before a text is taken as
hard-wrapped, unless one of them is :data:`MIN_WRAP_WIDTH` long or a line runs on into a
lower-case word (either alone is evidence)."""

_LINE = re.compile(r"[^\n]+")
"""A physical line of text whose line breaks are already ``\\n``."""

_BULLETS = frozenset("-*•–—|>")
"""First characters of a line that starts a list item or quoted line: never a run-on."""

_TERMINAL = re.compile(r"[.!?…:;][\"”’')\]]*\Z")
"""A line that ends like a sentence (or a lead-in) rather than mid-sentence."""


def unwrap(text: str) -> str:
    """``text`` with each hard-wrapped paragraph joined into one line (``\\n`` line breaks).

    Joined lines are separated by one space; every other character, blank lines and the
    indentation of a paragraph's first line included, is kept. Text that is not hard-wrapped
    comes back unchanged.
    """
    paragraphs = wrapped_paragraphs(text)
    if all(len(lines) == 1 for lines in paragraphs):
        return text
    out: list[str] = []
    cursor = 0
    for lines in paragraphs:
        start, end = lines[0][0], lines[-1][1]
        out.append(text[cursor:start])
        out.append(
            " ".join(
                text[s:e].strip() if k else text[s:e].rstrip() for k, (s, e) in enumerate(lines)
            )
        )
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def wrapped_paragraphs(text: str) -> list[list[tuple[int, int]]]:
    """The non-blank lines of ``text`` as (start, end) spans, grouped into paragraphs.

    A text is hard-wrapped when its lines are short (the longest, the wrap width, is at most
    :data:`MAX_WRAP_WIDTH`) and most lines that run on into a next line stop mid-sentence
    where the next word would not have fitted (:func:`_wrapped_at`) or where the next line
    goes on in lower case (see :data:`MIN_WRAPPED_LINES` for how many are needed). Then a
    line joins the next unless the next is indented past the text's base indentation (a new
    paragraph or a table row, as in Reuters copy) or starts with a bullet (:data:`_BULLETS`),
    or the line looks like a heading or a list item: short (under half the wrap width),
    followed by a capital, and not the cut-short opening line of a wrapped paragraph
    (:func:`_opens_paragraph`). Otherwise every line is its own paragraph but at a soft break:
    a line that does not end like a sentence, followed by a lower-case word holding no capital
    (a heading or a caption is followed by a capital; "iPhone" or "eBay" may be a name opening
    a new line).
    """
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text) if not m.group().isspace()]
    if len(lines) < 2:
        return [[line] for line in lines]
    width = max(len(text[s:e].rstrip()) for s, e in lines)
    base = min(_indent(text[s:e]) for s, e in lines)
    runs_on = [
        text[first[1] : second[0]] == "\n" and _indent(text[second[0] : second[1]]) == base
        for first, second in pairwise(lines)
    ]
    overflow, lower, soft = ([False] * len(runs_on) for _ in range(3))
    for k, ((s, e), (next_s, next_e)) in enumerate(pairwise(lines)):
        if not runs_on[k]:
            continue
        line, next_word = text[s:e].rstrip(), text[next_s:next_e].split(None, 1)[0]
        overflow[k] = _wrapped_at(line, next_word, width)
        lower[k] = not _TERMINAL.search(line) and next_word[:1].islower()
        soft[k] = lower[k] and not any(c.isupper() for c in next_word)
    cut = [a or b for a, b in zip(overflow, lower, strict=True)]
    long_cut = any(
        over and len(text[s:e].strip()) >= MIN_WRAP_WIDTH
        for over, (s, e) in zip(overflow, lines[:-1], strict=True)
    )
    enough = any(lower) or long_cut or sum(overflow) >= MIN_WRAPPED_LINES
    if width > MAX_WRAP_WIDTH or not enough or sum(cut) < sum(runs_on) / 2:
        return _grouped(lines, soft)
    joins = []
    for k, ((s, e), (next_s, next_e)) in enumerate(pairwise(lines)):
        short = len(text[s:e].strip()) < width / 2
        following = text[next_s:next_e].lstrip()
        heading = short and following[:1].isupper() and not _opens_paragraph(k, runs_on, cut)
        joins.append(runs_on[k] and not heading and following[:1] not in _BULLETS)
    return _grouped(lines, joins)


def _grouped(lines: list[tuple[int, int]], joins: list[bool]) -> list[list[tuple[int, int]]]:
    """``lines`` grouped into paragraphs: line ``k + 1`` joins line ``k``'s where ``joins[k]``."""
    paragraphs = [[lines[0]]]
    for line, join in zip(lines[1:], joins, strict=True):
        if join:
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return paragraphs


def _opens_paragraph(k: int, runs_on: list[bool], cut: list[bool]) -> bool:
    """Whether line ``k`` is the cut-short first line of a wrapped paragraph.

    Wire copy often opens a paragraph with a short line (its dateline was cut away:
    "Uniforce Temporary" / "Personnel Inc said it declared a stock split,"). Such a line
    starts a block (no line runs into it) and runs into the next line, which is itself cut
    by wrapping: the paragraph goes on, so the line belongs to it. A heading or a list item
    is followed by a line that stands alone.
    """
    starts_block = k == 0 or not runs_on[k - 1]
    return starts_block and runs_on[k] and k + 1 < len(cut) and cut[k + 1]


def _wrapped_at(line: str, next_word: str, width: int) -> bool:
    """Whether a line stops mid-sentence only because ``next_word`` would not fit ``width``.

    A wrapping program breaks a line exactly when the next word would overflow it, so in
    wrapped text a run-on line plus the next line's first word is longer than the width; a
    list of captions or headings one per line mostly is not.
    """
    return not _TERMINAL.search(line) and len(line) + 1 + len(next_word) > width


def _indent(line: str) -> int:
    """Leading whitespace characters of ``line``."""
    return len(line) - len(line.lstrip())
