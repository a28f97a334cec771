"""Page-chrome removal from plain text scraped off news and content-farm pages.

Scraped bodies carry the page around the article: share buttons, read-time badges, bylines,
"You May Also Like" lists, comment widgets. Left in, they inflate overlap between unrelated
pages of the same site and hide real reuse, so :func:`strip_chrome` removes them and reports
every removed line so readers can check what was dropped.

It works line by line (one line is one paragraph) and combines two kinds of evidence:

* **patterns**: whole short lines that are widgets everywhere (:func:`chrome_reason`), such as
  ``Share this article``, ``3 min read``, ``No comments yet``, ``Related posts``,
  ``By Jane Doe``, ``Tags: a, b`` or ``Home » News``; these go wherever they are;
* **structure**: the body is the block from the first to the last *prose* line (a sentence-like
  or long natural-language line). Outside it, in the leading and trailing margins, short lines
  without sentence punctuation and repeats of earlier lines are chrome too, and so is a
  recirculation header ("Related", "You May Also Like") with the headline-like lines under it.
  Inside the body, short lines are kept (they are often subheadings).

Two guards keep it safe: a line of 8+ words ending in sentence punctuation is never removed,
and if every line would go, nothing is removed at all.

:func:`repeated_lines` finds lines that recur across many documents of a corpus (site-wide
chrome the patterns do not know); pass its result to ``strip_chrome(extra_chrome=...)``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from retold._unwrap import unwrap

PROTECTED_MIN_WORDS = 8
"""A line with at least this many words that ends in sentence punctuation is never removed."""

SHORT_MAX_WORDS = 7
"""Lines of at most this many words without final punctuation count as "short"."""

PATTERN_MAX_WORDS = 15
"""Longest line (in words) the widget patterns apply to; tag and breadcrumb lines are exempt."""

HEADLINE_MAX_WORDS = 20
"""Longest line still taken for a headline in a recirculation list."""

LONG_PROSE_WORDS = 20
"""A line this long counts as prose even without final punctuation, if it reads like prose."""

TABLE_MIN_FIGURES = 1
"""Numbers a line needs to count as a table row (see :func:`_table_rows`)."""

TABLE_LABEL_MAX_WORDS = 3
"""Longest figure-less line taken into a table between two rows (a section label)."""

_FIGURE = re.compile(r"(?<![\w.,])\d[\d,.]*(?![^\W\d_])")
"""A number written in digits (not an ordinal or a code such as ``4TH`` or ``2B``)."""

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u2000-\u200a\u3000]+")
"""Runs of horizontal whitespace, including non-breaking and typographic spaces."""

_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
"""Zero-width characters and stray byte-order marks, dropped."""

_LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029\x85\x0b\x0c]")
"""Every line-break convention, unified to ``\\n``."""

_SENTENCE_END = re.compile(r"[.!?…][\"”’'\)\]]*\Z")
"""Sentence-final punctuation, optionally followed by closing quotes or brackets."""

_SOFT_END = tuple('.!?:"”’…')
"""Endings that make a short line not "bare" (a sentence, a lead-in, a quotation)."""

_WORD = re.compile(r"\w+")


def _word_set(words: str) -> frozenset[str]:
    """The whitespace-separated words of ``words`` as a set (keeps the tables compact)."""
    return frozenset(words.split())


def _alternation(*phrases: str) -> str:
    """A regex alternation of phrases in which spaces match any run of whitespace."""
    return "|".join(phrase.replace(" ", r"\s+") for phrase in phrases)


def _whole_line(body: str) -> re.Pattern[str]:
    """A case-insensitive pattern matching a whole line, allowing light trailing decoration."""
    return re.compile(rf"^(?:{body})\s*[:.!…»›>→|\-–—]*\s*$", re.IGNORECASE)


_READ_TIME = _whole_line(
    r"(?:estimated\s+)?(?:read(?:ing)?\s+time|time\s+to\s+read)\s*:?\s*(?:about\s+|approx\.?\s+)?"
    r"\d+\s*(?:-\s*\d+\s*)?(?:min|mins|minutes?)(?:\s+read)?"
    r"|(?:about\s+)?\d+\s*(?:-\s*)?(?:min|mins|minutes?)\s+read(?:ing)?(?:\s+time)?"
)

_COMMENTS = _whole_line(
    _alternation(
        "there are no comments(?: yet)?",
        "no comments(?: yet)?",
        "(?:leave|post|add|write) (?:a|your) (?:comment|reply|response)(?: cancel reply)?",
        "add yours",
        r"\d+ comments?",
        r"comments? \(\d+\)",
        "comments?",
        r"(?:view|show|load|see|read) (?:all )?(?:\d+ )?comments?",
        "be the first to comment(?: on this (?:article|story|post))?",
        "join the (?:conversation|discussion)",
        "comments are closed",
        "responses",
    )
)

_RECIRCULATION = _whole_line(
    _alternation(
        "you (?:may|might) also (?:like|enjoy)",
        "more from (?:the )?author",
        r"more (?:from|by|stories from|articles from|in) [\w'’.&-]+(?: [\w'’.&-]+){0,3}",
        "related(?: (?:posts?|articles?|stories|story|news|content|coverage|reading|links))?",
        "(?:read|see) (?:also|next)",
        "also read",
        "what to read next",
        "recommended(?: (?:for you|stories|articles|reading))?",
        "trending(?: (?:now|stories|news|today))?",
        "(?:most )?popular(?: (?:posts|stories|articles|now|today))?",
        "most (?:read|viewed|shared|popular)",
        "top stories",
        "latest(?: (?:news|stories|posts|articles))?",
        "editor'?s? picks?",
        "don'?t miss",
        "more stories",
        "up next",
    )
)
"""Headers of "read this next" lists; the headline-like lines under them are chrome too."""

_PROMO = _whole_line(
    _alternation(
        "read more",
        "continue reading",
        "advertisements?",
        "ad",
        "sponsored(?: (?:content|links?|stories|posts?))?",
        "paid (?:content|post)",
        "partner content",
        "promoted(?: content)?",
        "(?:story|article) continues below(?: advertisement)?",
        "scroll to continue(?: with content)?",
        "like this",
        "(?:like )?loading(?:\\.\\.\\.|…)?",
        r"liked by \d+ (?:people|bloggers|readers)",
        "subscribe(?:\\b.*)?",
        "sign up(?:\\b.*)?(?:newsletter|updates|alerts|emails?|inbox)(?:\\b.*)?",
        "(?:get|join) our (?:free )?newsletters?(?:\\b.*)?",
        "follow us(?:\\b.*)?",
        "skip to (?:main )?content",
        "back to top",
        "(?:next|previous|prev) (?:article|post|story)",
        "click here(?:\\b.*)?",
        "accept(?: all)? cookies",
        ".*\\ball rights reserved",
        "(?:©|\\(c\\)|copyright\\b).*",
        "(?:read more|related|see also|also read|read also|read next|more|watch|listen)\\s*:.+",
    )
)
"""Advertising, subscription, navigation and legal lines (not recirculation headers)."""

_SOCIAL_ANCHORS = frozenset(
    {
        "share",
        "shares",
        "shared",
        "tweet",
        "facebook",
        "twitter",
        "whatsapp",
        "email",
        "e",
        "mail",
        "print",
        "pin",
        "pinterest",
        "linkedin",
        "reddit",
        "telegram",
        "messenger",
        "sms",
        "flipboard",
        "tumblr",
        "copy",
        "threads",
        "bluesky",
        "mastodon",
    }
)
"""Words that identify a share/social widget line."""

_SOCIAL_FILLER = frozenset(
    {
        "this",
        "article",
        "story",
        "post",
        "page",
        "on",
        "via",
        "it",
        "link",
        "url",
        "x",
        "to",
        "the",
        "with",
        "friends",
        "a",
        "friend",
        "save",
        "and",
        "or",
    }
)
"""Words that may accompany the anchors in a widget line ("Share this story on X")."""

_BYLINE = re.compile(
    r"^(?i:by|written\s+by|story\s+by|words\s+by|reporting\s+by)\s+"
    r"[A-Z][\w.'’-]*(?:(?:\s+|\s*,\s*|\s*&\s*|\s+and\s+)[A-Z][\w.'’-]*){0,6}"
    r"(?:\s*[|•·,–—-]\s*.*)?$"
)
"""A byline alone on its line: ``By Jane Doe``, ``By Jane Doe and Li Wei | Staff``.

Names must be capitalised, so ``By Tuesday the fire was out`` is not a byline."""

_TIMESTAMP = re.compile(
    r"^(?:posted|published|updated|last updated|modified|last modified|first published)"
    r"(?:\s+(?:on|at))?\b",
    re.IGNORECASE,
)
"""A line starting like a publication timestamp: ``Posted on …``, ``Updated 3 hours ago``."""

_STAMP_REST = re.compile(r"\d|\b(?:ago|yesterday|today|just\s+now|by)\b", re.IGNORECASE)
"""What must follow the timestamp verb: a number, a relative time or a ``by`` credit."""

_DATE_SHAPE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{1,2}:\d{2}")
"""Numeric date or time shapes: ``2024-03-12``, ``3/12/24``, ``10:47``."""

_QUANTITY = re.compile(r"\d\.\d|\d,\d{3}")
"""A decimal or a thousands separator outside a date's shape: a figure, never part of a date."""

_CALENDAR_WORDS = _word_set(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday"""
)
"""Month and weekday names: one of them (or a numeric date shape) makes a date line."""

_TAGS = re.compile(
    r"^(?:tags?|tagged(?:\s+with)?|filed\s+under|categor(?:y|ies)|topics?|keywords)\s*:",
    re.IGNORECASE,
)
"""A tag or category line: ``Tags: fire, harbor``."""

_CRUMB_SEP = re.compile(r"\s*[»›]\s*|\s+(?:>|/|\|)\s+")
"""Separators of breadcrumb and menu lines."""

_DATE_WORDS = _word_set(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday mon tue tues wed thu thur thurs fri sat sun am pm a m p at on utc gmt et pt
    ct mt est edt pst pdt cst cdt mst mdt bst cet cest ist aest t z th st nd rd hours hour
    minutes minute mins min days day ago"""
)
"""Words allowed in a date-or-time-only line (``Tuesday, March 12, 2024 at 10:47 a.m. PT``)."""


@dataclass(frozen=True, slots=True)
class _Line:
    """One non-empty line with the features the rules look at."""

    text: str
    key: str
    words: int
    protected: bool
    pattern: bool
    recirculation: bool
    prose: bool
    short: bool
    headline: bool
    after_blank: bool = False
    """A blank line (or the start of the text) comes right before this line."""


def normalize_text(text: str) -> str:
    """Unicode NFC, one kind of line break, plain spaces, no trailing or zero-width spaces.

    Hard-wrapped paragraphs are joined into one line each first (:func:`retold._unwrap.unwrap`:
    everything after reads a line as a paragraph). Blank lines are kept here (they are dropped
    when the lines are rejoined).
    """
    text = unicodedata.normalize("NFC", text)
    text = unwrap(_INVISIBLE.sub("", _LINE_BREAK.sub("\n", text)))
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def line_key(line: str) -> str:
    """The comparison form of a line: case-folded words joined by single spaces.

    Case, whitespace and punctuation do not matter, so ``Share this!`` equals ``SHARE THIS``.
    :func:`repeated_lines` returns lines in this form and ``extra_chrome`` expects it.
    """
    return " ".join(_WORD.findall(unicodedata.normalize("NFC", line).casefold()))


def chrome_reason(line: str) -> str | None:
    """The widget family a whole line belongs to, or None if no pattern matches.

    Families: ``read-time``, ``share``, ``comments``, ``recirculation``, ``promo``, ``byline``,
    ``timestamp``, ``tags``, ``breadcrumb``. Only short lines are considered (tag and
    breadcrumb lines excepted), and the never-remove guard is applied by the caller.
    """
    line = line.strip()
    if not line:
        return None
    if _TAGS.match(line):
        return "tags"
    if _is_breadcrumb(line):
        return "breadcrumb"
    if len(line.split()) > PATTERN_MAX_WORDS:
        return None
    for name, check in _FAMILIES:
        if check(line):
            return name
    return None


def _is_share(line: str) -> bool:
    """A line made only of share/social widget words, with at least one anchor word."""
    words = [w for w in _WORD.findall(line.casefold()) if not w.isdigit()]
    if not words or not any(w in _SOCIAL_ANCHORS for w in words):
        return False
    return all(w in _SOCIAL_ANCHORS or w in _SOCIAL_FILLER for w in words)


def _is_byline(line: str) -> bool:
    """``By`` plus capitalised names, alone on the line."""
    return bool(_BYLINE.match(line))


def _is_timestamp(line: str) -> bool:
    """A publication or update stamp, or a line holding nothing but a date and time."""
    stamp = _TIMESTAMP.match(line)
    if stamp:
        return bool(_STAMP_REST.search(line, stamp.end()))
    return _is_date_only(line)


def _is_date_only(line: str) -> bool:
    """Every word is a date or time word or a number, and the line has a date's shape.

    The shape is a month or weekday name next to a number, or a numeric date or time, so a
    line of bare numbers (a table row) is not taken for a date; nor is a line with a decimal
    or a thousands separator outside that shape (a month's row of a price table).
    """
    lowered = line.casefold()
    tokens = re.findall(r"[^\W\d_]+|\d+", lowered)
    if not tokens or len(tokens) > 14 or not any(t.isdigit() for t in tokens):
        return False
    if _QUANTITY.search(_DATE_SHAPE.sub(" ", lowered)):
        return False  # "APR 122.3 122.3 1,613": a price table row, not a date
    if not all(t.isdigit() or t in _DATE_WORDS for t in tokens):
        return False
    return bool(_DATE_SHAPE.search(lowered)) or any(t in _CALENDAR_WORDS for t in tokens)


def _is_breadcrumb(line: str) -> bool:
    """``Home » News » World`` or a menu of 3+ short items split by ``»``, ``›``, ``|``…

    The last crumb may be long (sites often end the trail with the headline).
    """
    if _SENTENCE_END.search(line):
        return False
    parts = [p.strip() for p in _CRUMB_SEP.split(line) if p.strip()]
    if len(parts) < 2 or any(len(p.split()) > 4 for p in parts[:-1]):
        return False
    if len(parts[-1].split()) > 12:
        return False
    return len(parts) >= 3 or parts[0].casefold() == "home" or bool(re.search("[»›]", line))


_FAMILIES = (
    ("read-time", _READ_TIME.match),
    ("share", _is_share),
    ("comments", _COMMENTS.match),
    ("recirculation", _RECIRCULATION.match),
    ("promo", _PROMO.match),
    ("byline", _is_byline),
    ("timestamp", _is_timestamp),
)
"""The per-line widget checks, tried in order by :func:`chrome_reason`."""


def strip_chrome(
    text: str, *, title: str | None = None, extra_chrome: frozenset[str] = frozenset()
) -> tuple[str, tuple[str, ...]]:
    """Remove page chrome from ``text``; return the cleaned text and the removed lines.

    ``title`` (when known) removes the first line repeating it; ``extra_chrome`` holds
    :func:`line_key` forms of further lines to remove (see :func:`repeated_lines`). The cleaned
    text is normalised (:func:`normalize_text`) and has its kept lines joined by blank lines;
    the removed lines come back in their original order.
    """
    raw = normalize_text(text).split("\n")
    lines = [_describe(t, after_blank=k == 0 or not raw[k - 1]) for k, t in enumerate(raw) if t]
    if not lines:
        return "", ()
    remove = _removals(lines, title, extra_chrome)
    kept = [line.text for line, gone in zip(lines, remove, strict=True) if not gone]
    if not any(c.isalpha() for line in kept for c in line):  # nothing but figures: keep more
        remove = [line.pattern and not line.protected for line in lines]
        kept = [line.text for line, gone in zip(lines, remove, strict=True) if not gone]
    if not kept:
        return "\n\n".join(line.text for line in lines), ()
    removed = tuple(line.text for line, gone in zip(lines, remove, strict=True) if gone)
    return "\n\n".join(kept), removed


def _describe(text: str, *, after_blank: bool = False) -> _Line:
    """Compute the features of one line (``after_blank``: a blank line comes before it)."""
    words = len(text.split())
    ends_sentence = bool(_SENTENCE_END.search(text))
    reason = chrome_reason(text)
    pattern = reason is not None
    return _Line(
        text=text,
        key=line_key(text),
        words=words,
        protected=ends_sentence and words >= PROTECTED_MIN_WORDS,
        pattern=pattern,
        recirculation=reason == "recirculation",
        prose=not pattern and _is_prose(text, words, ends_sentence),
        short=words <= SHORT_MAX_WORDS and not text.endswith(_SOFT_END),
        headline=words <= HEADLINE_MAX_WORDS and not text.endswith((".", "!", ":", "”", '"')),
        after_blank=after_blank,
    )


def _is_prose(text: str, words: int, ends_sentence: bool) -> bool:
    """A sentence-like line (4+ words, final punctuation) or a long line that reads like prose.

    Long lines count only when many words are lowercase, so a Title Case menu or tag cloud
    does not pass for article text.
    """
    if ends_sentence:
        return words >= 4
    if words < LONG_PROSE_WORDS:
        return False
    lowercase = sum(1 for w in text.split() if w[:1].islower())
    return lowercase >= 0.4 * words


def _removals(lines: Sequence[_Line], title: str | None, extra: frozenset[str]) -> list[bool]:
    """Which lines to remove (before the all-removed fallback)."""
    tail = _recirculation_tail(lines)
    body = _body_block(lines[:tail])
    title_at = _title_index(lines, title)
    after_header = _after_recirculation_headers(lines)
    table = _table_rows(lines)
    seen: set[str] = set()
    remove: list[bool] = []
    for i, line in enumerate(lines):
        in_margin = body is None or not body[0] <= i <= body[1]
        short = line.short and i not in table
        gone = (
            line.pattern
            or line.key in extra
            or i == title_at
            or i >= tail
            or i in after_header
            or (in_margin and (short or (bool(line.key) and line.key in seen)))
        )
        remove.append(gone and not line.protected)
        seen.add(line.key)
    return remove


def _table_rows(lines: Sequence[_Line]) -> set[int]:
    """Lines of a table or form of figures: two or more neighbouring rows with a number each.

    ``Shr profit 41 cts vs 35 cts`` above ``Net 12.4 mln vs 10.6 mln``, or ``Pay April 30``
    above ``Record March 31``, is the article (a results table, a dividend notice), not a
    widget, though each row is short and unpunctuated. A row of a widget pattern (``3 min
    read``, ``12 Comments``) never counts, and a lone line with figures (``Page 2 of 5``) is
    not a table. A short label between two rows (``Year``, ``Nine mths``) belongs to it, and
    so does a short line right above the first row with no blank line between (a caption,
    or a row with its figures spelled out: ``Shr six cts vs eight cts``).
    """
    figures = [
        not line.pattern and len(_FIGURE.findall(line.text)) >= TABLE_MIN_FIGURES for line in lines
    ]
    rows = {
        i
        for i, row in enumerate(figures)
        if row and ((i > 0 and figures[i - 1]) or (i + 1 < len(figures) and figures[i + 1]))
    }
    labels = {
        i
        for i in range(len(lines) - 1)
        if i + 1 in rows
        and not lines[i + 1].after_blank
        and not lines[i].pattern
        and ((i - 1 in rows and lines[i].words <= TABLE_LABEL_MAX_WORDS) or lines[i].short)
    }
    return rows | labels


def _recirculation_tail(lines: Sequence[_Line]) -> int:
    """Where a trailing "Related"/"You May Also Like" section starts (``len(lines)`` if none).

    It is the first recirculation header, after some prose, below which every line is a
    headline, a teaser of at most :data:`HEADLINE_MAX_WORDS` words, a widget or (in a minority)
    a protected sentence: such a tail is a list of links, not article text. Protected lines in
    it are still kept by the guard.
    """
    seen_prose = False
    for i, line in enumerate(lines):
        if line.recirculation and seen_prose and _is_link_list(lines[i + 1 :]):
            return i
        seen_prose = seen_prose or line.prose
    return len(lines)


def _is_link_list(lines: Sequence[_Line]) -> bool:
    """Lines that read as a list of links: all list-like, protected sentences a minority."""
    protected = sum(1 for line in lines if line.protected)
    if 2 * protected >= max(len(lines), 1):
        return False
    return all(line.protected or _tail_listy(line) for line in lines)


def _tail_listy(line: _Line) -> bool:
    """A line that may sit in a trailing link list: a headline, teaser or widget."""
    return line.words <= HEADLINE_MAX_WORDS or line.pattern


def _listy(line: _Line) -> bool:
    """A line that can sit in an inline link list: a headline, a short line or a widget."""
    return not line.protected and (line.headline or line.short or line.pattern)


def _body_block(lines: Sequence[_Line]) -> tuple[int, int] | None:
    """First and last prose line (inclusive), or None when there is no prose at all."""
    prose = [i for i, line in enumerate(lines) if line.prose]
    return (prose[0], prose[-1]) if prose else None


def _title_index(lines: Sequence[_Line], title: str | None) -> int | None:
    """The first line equal to the title, ignoring case, whitespace and punctuation."""
    key = line_key(title or "").replace(" ", "")
    if not key:
        return None
    for i, line in enumerate(lines):
        if line.key.replace(" ", "") == key:
            return i
    return None


def _after_recirculation_headers(lines: Sequence[_Line]) -> set[int]:
    """Headline-like lines directly under a recirculation header, up to the next prose line.

    Inside the body these are the linked headlines of an inline "Related" box; short lines
    elsewhere in the body stay, since they are usually subheadings.
    """
    found: set[int] = set()
    for i, line in enumerate(lines):
        if not line.recirculation:
            continue
        for j in range(i + 1, len(lines)):
            if lines[j].prose or lines[j].protected or not _listy(lines[j]):
                break
            found.add(j)
    return found


def repeated_lines(
    texts: Iterable[str], *, min_docs: int = 3, min_share: float = 0.05
) -> frozenset[str]:
    """:func:`line_key` forms of lines found in at least ``min_docs`` documents and at least
    ``min_share`` of all documents: site-wide chrome the patterns do not know.

    Sentence-like lines (4+ words ending in sentence punctuation) are never candidates, since
    retellings of one story legitimately share whole sentences.
    """
    counts: Counter[str] = Counter()
    total = 0
    for text in texts:
        total += 1
        counts.update(chrome_candidates(text))
    if total == 0:
        return frozenset()
    return frozenset(key for key, n in counts.items() if n >= min_docs and n / total >= min_share)


def chrome_candidates(text: str) -> set[str]:
    """The distinct keys of one document's lines that may be corpus-level chrome."""
    keys: set[str] = set()
    for line in normalize_text(text).split("\n"):
        if not line or (_SENTENCE_END.search(line) and len(line.split()) >= 4):
            continue
        key = line_key(line)
        if key:
            keys.add(key)
    return keys
