"""Facts in news sentences, and which of them changed between a source and its retelling.

retold links sentences of article A to sentences of article B; this module tells what *factual*
content differs inside a link: numbers and quantities, dates and time expressions, named people,
places and organisations, and quoted speech. A rewrite that only swaps synonyms ("blaze" for
"fire") must report nothing, while a spun copy that turns 42 homes into 45 must be caught.

Everything is rule-based (regular expressions and small word lists): it is pure Python, fast
enough to run on every link of a document pair, deterministic, and explainable. Each fact carries
a *key*, a normalised value, so that "forty-two" and "42", "$4.2 million" and "$4,200,000",
"Jan. 5" and "January 5" compare equal. The rules favour low noise over recall; the known limits
are listed in ``diff_facts``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

__all__ = ["Fact", "FactKind", "diff_facts", "extract_facts", "fact_keys"]

FactKind = Literal["number", "date", "name", "quote"]
"""The kinds of fact retold compares (the same values as ``retold.model.ChangeKind``)."""


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact found in a text.

    ``text`` is the surface form exactly as written (``text == source[start:end]``); ``key`` is
    the normalised value two facts are compared by, so different wordings of one value agree.
    """

    kind: FactKind
    text: str
    key: str
    start: int
    end: int


# --------------------------------------------------------------------------------------------
# Word lists
# --------------------------------------------------------------------------------------------

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
    "thousandth": 1000, "millionth": 10**6,
}  # fmt: skip
_FRACTIONS = {"half": 2, "halve": 2, "quarter": 4}
_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": "monday", "tuesday": "tuesday", "wednesday": "wednesday",
    "thursday": "thursday", "friday": "friday", "saturday": "saturday", "sunday": "sunday",
    "mon": "monday", "tue": "tuesday", "tues": "tuesday", "wed": "wednesday",
    "thu": "thursday", "thur": "thursday", "thurs": "thursday", "fri": "friday",
    "sat": "saturday",
}  # fmt: skip
_WEEKDAY_NAMES = frozenset(_WEEKDAYS.values())
_CURRENCY_SIGNS = {
    "us$": "usd", "$": "usd", "c$": "cad", "a$": "aud", "nz$": "nzd", "hk$": "hkd",
    "€": "eur", "£": "gbp", "¥": "jpy", "₹": "inr",
}  # fmt: skip
_CURRENCY_WORDS = {
    "dollars": "usd", "euros": "eur", "pounds": "gbp", "yen": "jpy", "yuan": "cny",
    "rupees": "inr",
}  # fmt: skip
_UNIT_MULTIPLIERS = {"k": 10**3, "bn": 10**9, "tn": 10**12}
"""Attached suffixes that are magnitudes; ``m`` is a million only after a currency sign."""


def _wordset(words: str) -> frozenset[str]:
    """A frozen set of the whitespace-separated words of ``words`` (for readable word lists)."""
    return frozenset(words.split())


_TITLES = _wordset(
    """mr mrs ms miss dr gov sen rep prof gen lt sgt capt col det rev atty supt insp cmdr adm
    maj cpl pvt president mayor chief judge justice minister secretary senator governor
    representative congressman congresswoman councilman councilwoman councillor councilor
    commissioner sheriff officer sergeant detective captain lieutenant general colonel
    professor doctor pope king queen prince princess sir dame lord lady vice deputy prime
    premier chancellor director superintendent ambassador inspector constable coach trooper
    speaker attorney chairman chairwoman chair ceo"""
)
"""Honorifics and offices that precede a name; they are dropped from a name's key."""

_ABBREVIATIONS = _TITLES | _wordset("st jr sr no vs inc corp co ltd ave blvd mt ft")
"""Words whose trailing period does not end a sentence."""

_STOP_CAPS = _wordset(
    """the a an in on at by for from to of with without but and or nor so yet he she it they we
    you i his her its their our my your him them us me this that these those there here after
    before when while where why how what who whom whose which as if although though because
    since until unless during despite meanwhile however also still then now some many most all
    several few both each every no not yes once instead thus therefore indeed overall finally
    first another other such more less much again perhaps maybe just even only according
    don't can't won't isn't it's that's there's he's she's we're they're i'm let's"""
)
"""Capitalised function words that never start or belong to a name."""

_CONNECTORS = _wordset("of de del della di da du van von der den la le the y bin al &")
"""Lower-case words allowed *between* capitalised words of one name ("Bank of the West")."""

_COMMON_SUBJECTS = _wordset(
    """officials authorities police residents witnesses experts investigators firefighters
    neighbors neighbours critics analysts researchers scientists doctors nurses survivors
    volunteers organizers organisers prosecutors lawyers attorneys students parents teachers
    workers employees protesters protestors sources reports observers locals visitors voters
    officers troops soldiers crews rescuers paramedics engineers economists leaders members
    managers owners families victims people others everyone someone nobody spokesman
    spokeswoman spokesperson officer authority"""
)
"""Plural or generic subjects that start sentences before a speech verb ("Officials said")."""

_SPEECH_VERBS = (
    "said|says|told|added|wrote|explained|noted|stated|argued|warned|announced|confirmed"
    "|declined|tweeted|posted|testified|insisted|acknowledged|replied|asked"
)

_ALIASES = {
    "united states of america": "united states", "usa": "united states",
    "us": "united states", "uk": "united kingdom",
    "britain": "united kingdom", "great britain": "united kingdom", "un": "united nations",
    "eu": "european union", "fbi": "federal bureau of investigation",
    "cia": "central intelligence agency", "who": "world health organization",
    "nyc": "new york city",
}  # fmt: skip
"""A small table of common abbreviations and their spelled-out names."""

_NOUN_STOP = _wordset(
    """a an the and or but nor of to in on at for from by with as than that which who whom
    whose is are was were be been being has have had do does did will would can could may might
    must shall should not no per into onto over under about after before since until during
    while when where this these those it its their his her our your my they them he she we you
    said says say told more less most least other others also each every all some any both
    either neither out up down off away too very so such what how why then there here if
    because though although once who's percent"""
)
"""Words that are never taken as the counted noun after a number ("42 homes")."""

# --------------------------------------------------------------------------------------------
# Regular expressions
# --------------------------------------------------------------------------------------------

_NUM_WORD = "|".join(sorted([*_SMALL, "hundred", *_SCALES, "dozen"], key=len, reverse=True))
_SMALL_WORD = "|".join(sorted(_SMALL, key=len, reverse=True))
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ORD_WORD = (
    rf"(?:{_TENS})-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|"
    + "|".join(sorted(_ORDINALS, key=len, reverse=True))
)

_NUMBER_RE = re.compile(
    rf"""
    (?P<frac>\b(?i:(?P<frac_n>{_SMALL_WORD})-(?P<frac_d>halves|half|thirds?|quarters?|fifths?
        |sixths?|sevenths?|eighths?|ninths?|tenths?))\b)
    | (?P<ord>(?<![\w.,])\d+(?:st|nd|rd|th)\b)
    | (?P<ordw>\b(?i:{_ORD_WORD})\b)
    | (?P<vague>\b(?i:dozens|hundreds|thousands|millions|billions)\b)
    | (?:(?P<cur>US\$|C\$|A\$|NZ\$|HK\$|\$|€|£|¥|₹)\s?)?
      (?:
        (?<![\w.,])(?<![A-Za-z]-)
        (?P<dig>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\d)(?![.,]\d)
        (?:\s?(?P<mag>(?i:thousand|million|billion|trillion))\b
          | (?P<unit>bn|tn|km|kg|mm|cm|mi|ft|lbs|lb|mph|kph|kwh|mwh|kw|mw|gw|gb|mb|tb|mg|ml
                    |m|k|g)\b)?
        (?![^\W\d_])
      | (?P<words>
          (?:\b(?i:a)\s+(?=(?i:dozen|hundred|thousand|million|billion)\b))?
          \b(?i:{_NUM_WORD})
          (?:(?:-|\s+|(?:(?<=hundred)|(?<=thousand)|(?<=million))\s+and\s+)(?i:{_NUM_WORD}))*
          \b)
      )
      (?:\s?(?P<pct>%|(?i:per\s?cent|percent|percentage\s+points?|pct)\b))?
      (?:\s+(?P<cw>(?i:dollars|euros|pounds|yen|yuan|rupees|cents))\b)?
    """,
    re.VERBOSE,
)

_NOUN_AFTER_RE = re.compile(
    r"(?P<hyphen>(?:-[A-Za-z]+)*)(?:\s+(?P<noun>[a-z](?:[a-z'’-]*[a-z])?)\b)?"
)

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.|Jul\.|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|"
    r"Dec\.?)"
)
_YEAR = r"(?:19|20)\d\d"
_WEEKDAY = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon\.|Tues\.|Tue\.|Wed\.|"
    r"Thurs\.|Thur\.|Thu\.|Fri\.|Sat\.)"
)

_DATE_RE = re.compile(
    rf"""
    (?P<iso>\b{_YEAR}-[01]\d-[0-3]\d\b)
    | (?P<slash>\b\d{{1,2}}/\d{{1,2}}/(?:\d{{4}}|\d{{2}})\b)
    | (?P<md>\b(?P<md_m>{_MONTH})\s+(?P<md_d>[0-3]?\d)(?:st|nd|rd|th)?\b(?![:.,]\d)
        (?:,?\s+(?P<md_y>{_YEAR})\b)?)
    | (?P<dm>\b(?P<dm_d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm_m>{_MONTH})
        (?:,?\s+(?P<dm_y>{_YEAR})\b)?)
    | (?P<my>\b(?P<my_m>{_MONTH}),?\s+(?P<my_y>{_YEAR})\b)
    | (?P<clock>\b(?P<ch>1[0-2]|0?\d)(?::(?P<cm>[0-5]\d))?\s?(?P<ap>[aApP])\.?[mM]\.?
        (?![A-Za-z]))
    | (?P<hm>\b(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)\b)
    | (?P<noon>\b(?i:noon|midnight)\b)
    | (?P<wd>(?:(?P<wd_pre>(?i:this\s+past|last|next|this|past|coming|early|late))\s+)?
        (?P<wd_n>{_WEEKDAY})(?![A-Za-z])
        (?:\s+(?P<wd_part>(?i:morning|afternoon|evening|night|overnight))\b)?)
    | (?P<mon>\b(?:January|February|March|April|May|June|July|August|September|October|
        November|December)\b)
    | (?P<decade>\b(?:19|20)\d0s\b)
    | (?P<year>(?<![\w$€£¥.,])(?<![A-Za-z]-){_YEAR}(?!\d|[.,]\d|\w|\s?%
        |\s?(?i:per\s?cent|percent|million|billion|thousand)\b))
    """,
    re.VERBOSE,
)

_QTY = (
    rf"(?:a\s+few|a\s+couple(?:\s+of)?|an?|one|several|many|few|some|\d+|(?:{_NUM_WORD})"
    rf"(?:-(?:{_NUM_WORD}))?)"
)
_QUALIFIER = (
    r"(?:(?:just|nearly|almost|about|around|roughly|approximately|some|only|barely|over|under"
    r"|more\s+than|less\s+than|fewer\s+than|at\s+least|well|a\s+little|little)\s+){0,2}"
)
_SPAN_UNIT = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|years?|decades?"
    r"|century|centuries)"
)
_PERIOD = (
    r"(?:weekends?|weeks?|months?|years?|days?|nights?|morning|afternoon|evening|spring"
    r"|summer|fall|autumn|winter|decades?|century|quarter|season)"
)
_UNIT_WORD_RE = re.compile(f"{_SPAN_UNIT}|{_PERIOD}")
_RELATIVE_RE = re.compile(
    rf"""
    \b(?:
      the\s+day\s+before\s+yesterday | the\s+day\s+after\s+tomorrow
    | (?:earlier|later)\s+(?:today|tonight|in\s+the\s+(?:day|week|month|year))
    | yesterday | today | tonight | tomorrow
    | {_QUALIFIER}(?:{_QTY}\s+)?{_SPAN_UNIT}\s+
        (?:ago|earlier|later|before|after|prior|previously|from\s+now|beforehand|afterwards?)
    | (?:(?:earlier|later|early|late)\s+(?:this|last|next|that)\s+
        | (?:this\s+past|the\s+past|the\s+last|the\s+previous|the\s+following|the\s+next
          |the\s+coming|this|last|next|past|coming|previous|that)\s+(?:{_QTY}\s+)?)
      {_PERIOD}
    )\b
    """,
    re.VERBOSE | re.IGNORECASE,
)
_MONTH_PREP_RE = re.compile(
    r"(?i:\b(?:in|since|until|till|by|from|through|last|next|this|early|late|mid|of|during"
    r"|before|after|between|and|to)[\s-]+)$"
)
_RELATIVE_SYNONYMS = {
    "before": "earlier", "prior": "earlier", "previously": "earlier", "beforehand": "earlier",
    "after": "later", "afterward": "later", "afterwards": "later", "past": "last",
    "previous": "last", "coming": "next", "following": "next", "fall": "autumn",
    "almost": "nearly", "around": "about", "roughly": "about", "approximately": "about",
    "some": "about",
}  # fmt: skip
_RELATIVE_PHRASES = {
    "a couple of": "2", "a couple": "2", "more than": "over", "less than": "under",
    "fewer than": "under",
}  # fmt: skip

_QUOTE_PAIRS = {'"': '"', "“": "”", "«": "»"}
_QUOTE_MARK_RE = re.compile(r'["“”«»]')
_QUOTE_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_NAME_TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['’][^\W\d_]+|-[^\W\d_]+)*|&")
_SPEECH_AFTER_RE = re.compile(rf"\s*,?\s*(?:{_SPEECH_VERBS})\b")
_NAME_GAP_RE = re.compile(r"[ \t\u00a0]+")
_DOTTED_GAP_RE = re.compile(r"\.[ \t\u00a0]+")
_ALIAS_RE = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, _ALIASES), key=len, reverse=True)) + r")\b"
)
_LIST_MARKER_RE = re.compile(r"[.)]\s")
_LINE_PREFIX_RE = re.compile(r"[ \t]*(?:(?:\(?(?:\d{1,3}|[a-z])[.)]|[-*•])[ \t]+)?")
_KEY_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
_CAPITALISED_NEXT_RE = re.compile(r"\s+[A-Z]")
_LOWER_SUFFIX_RE = re.compile(r"(?<=[^\W\d_])-[a-z]")
_CLOCK_KEY_RE = re.compile(r"\d\d:\d\d")
_MONTH_DAY_KEY_RE = re.compile(r"\d\d-\d\d")
_CALENDAR_KEY_RE = re.compile(r"[\d-]+s?")
_LOWER_WORD_RE = re.compile(r"[a-z]+")
_CONTENT_WORD_RE = re.compile(r"[a-z]{3,}")


_GATE_RE = re.compile(r"(?:US|C|A|NZ|HK)?[$€£¥₹]|\d+|[^\W\d_]+")
_NUMBER_START = frozenset(
    [*_SMALL, *_SCALES, *_ORDINALS, "hundred", "dozen", "a", "dozens", "hundreds", "thousands",
     "millions", "billions"]
)  # fmt: skip
_DATE_START = frozenset([*(m.capitalize() for m in _MONTHS), *(d.capitalize() for d in _WEEKDAYS)])
_DATE_START_LOWER = _wordset("this last next past coming early late noon midnight")
_RELATIVE_START = _wordset(
    """the earlier later early late yesterday today tonight tomorrow this last next past coming
    previous that just nearly almost about around roughly approximately some only barely over
    under more less fewer at well little a an one several many few second seconds minute
    minutes hour hours day days night nights week weeks fortnight fortnights month months year
    years decade decades century centuries"""
) | frozenset(_SMALL)
_RELATIVE_ANCHORS = _wordset(
    """ago earlier later before after prior previously now beforehand afterward afterwards
    yesterday today tonight tomorrow weekend weekends week weeks month months year years day
    days night nights morning afternoon evening spring summer fall autumn winter decade decades
    century quarter season"""
)


@dataclass(frozen=True, slots=True)
class _Gate:
    """Offsets where a number, a date or a relative time expression may begin.

    The detailed patterns have many alternatives; trying them only at these few word starts,
    instead of at every character, makes extraction several times faster.
    """

    numbers: tuple[int, ...]
    dates: tuple[int, ...]
    relatives: tuple[int, ...]


def _gate(text: str) -> _Gate:
    """Find candidate start offsets with one cheap scan and set look-ups."""
    numbers: list[int] = []
    dates: list[int] = []
    relatives: list[int] = []
    anchored = False
    for match in _GATE_RE.finditer(text):
        token, pos = match.group(), match.start()
        if token[0].isdigit():
            numbers.append(pos)
            dates.append(pos)
            relatives.append(pos)
            continue
        if token[-1] in "$€£¥₹":
            numbers.append(pos)
            continue
        lower = token.lower()
        if lower in _NUMBER_START:
            numbers.append(pos)
        if token in _DATE_START or lower in _DATE_START_LOWER:
            dates.append(pos)
        if lower in _RELATIVE_START:
            relatives.append(pos)
        anchored = anchored or lower in _RELATIVE_ANCHORS
    return _Gate(tuple(numbers), tuple(dates), tuple(relatives) if anchored else ())


def _matches_at(
    pattern: re.Pattern[str], text: str, starts: Iterable[int]
) -> Iterator[re.Match[str]]:
    """Non-overlapping matches of ``pattern`` beginning at ``starts`` (left to right), like
    ``finditer`` restricted to those offsets."""
    end = 0
    for pos in starts:
        if pos < end:
            continue
        match = pattern.match(text, pos)
        if match is not None and match.end() > pos:
            end = match.end()
            yield match


# --------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """True when ``[start, end)`` shares a character with any of ``spans`` (a short list)."""
    return any(start < s_end and s_start < end for s_start, s_end in spans)


class _Claimed:
    """Disjoint character spans already taken by a fact, searchable in log time.

    Whole documents go through ``fact_keys``, so a linear scan per candidate would be
    quadratic in the document length.
    """

    def __init__(self, facts: Iterable[Fact]) -> None:
        spans = sorted((f.start, f.end) for f in facts)
        self._starts = [s for s, _ in spans]
        self._ends = [e for _, e in spans]

    def hits(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps a claimed span."""
        i = bisect_right(self._starts, end - 1) - 1
        return i >= 0 and self._ends[i] > start


def _is_sentence_start(text: str, pos: int) -> bool:
    """Whether ``pos`` begins a sentence (or a quotation, or a clause after a colon or dash).

    Capitalised words there are capitalised by grammar, not because they are names, and number
    words there are spelled with a capital.
    """
    i = pos - 1
    if i >= 0 and text[i] in '"“«([':
        return True
    window = max(0, pos - 16)
    newline = text.rfind("\n", window, pos)
    at_line = newline >= 0 or window == 0
    if at_line and _LINE_PREFIX_RE.fullmatch(text, newline + 1, pos) is not None:
        return True  # a heading, a paragraph or a list item
    while i >= 0 and text[i].isspace():
        i -= 1
    while i >= 0 and text[i] in "\"”’»)]'":
        i -= 1
    if i < 0:
        return True
    if text[i] in "!?:;—–":
        return True
    if text[i] != ".":
        return False
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    word = text[j:i]
    if len(word) == 1 and word.isupper():
        return False  # an initial, as in "J. R. Smith" or "U.S."
    return word.lower() not in _ABBREVIATIONS


def _format_decimal(value: Decimal) -> str:
    """A canonical string for a number: no exponent, no trailing zeros ("4200000", "3.5")."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _words_value(words: str) -> int | None:
    """The value of a spelled-out number ("forty-two", "two hundred and five", "a dozen")."""
    total = current = 0
    seen = False
    for token in re.split(r"[\s-]+", words.lower()):
        if token in ("a", "and"):
            continue
        seen = True
        if token in _SMALL:
            current += _SMALL[token]
        elif token == "hundred":
            current = (current or 1) * 100
        elif token == "dozen":
            current = (current or 1) * 12
        elif token in _SCALES:
            total += (current or 1) * _SCALES[token]
            current = 0
        else:
            return None
    return total + current if seen else None


# --------------------------------------------------------------------------------------------
# Quotes
# --------------------------------------------------------------------------------------------


def _quote_spans(text: str) -> Iterator[tuple[int, int]]:
    """Inner spans of quoted passages, pairing opening and closing marks left to right.

    A straight ``"`` opens only when it follows a space, a bracket or the start of the text, so
    a stray closing mark (of a quote opened in an earlier sentence) does not pair up wrongly.
    """
    open_at: int | None = None
    closer = ""
    for mark in _QUOTE_MARK_RE.finditer(text):
        i, ch = mark.start(), mark.group()
        if open_at is None:
            if ch in _QUOTE_PAIRS and (ch != '"' or i == 0 or text[i - 1] in " \t\n([—–-:"):
                open_at, closer = i + 1, _QUOTE_PAIRS[ch]
        elif ch == closer:
            yield open_at, i
            open_at = None


def _extract_quotes(text: str) -> list[Fact]:
    """Quoted passages of three words or more; key = their words, lower-cased."""
    facts = []
    for start, end in _quote_spans(text):
        while start < end and text[start].isspace():
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
            end -= 1
        words = _QUOTE_WORD_RE.findall(text[start:end])
        if len(words) >= 3:
            key = " ".join(words).lower().replace("’", "'")
            facts.append(Fact("quote", text[start:end], key, start, end))
    return facts


# --------------------------------------------------------------------------------------------
# Dates and time expressions
# --------------------------------------------------------------------------------------------


def _month_day_key(month: str, day: str, year: str | None) -> str | None:
    """``MM-DD`` or ``YYYY-MM-DD`` for a month name and day, or None for an impossible day."""
    if not 1 <= int(day) <= 31:
        return None
    month_number = _MONTHS[month.rstrip(".").lower()]
    key = f"{month_number:02d}-{int(day):02d}"
    return f"{year}-{key}" if year else key


def _clock_key(hour: str, minute: str | None, meridiem: str | None) -> str:
    """A 24-hour ``HH:MM`` key for a clock time such as "5 p.m." or "17:30"."""
    h = int(hour)
    if meridiem is not None:
        h = h % 12 + (12 if meridiem.lower() == "p" else 0)
    return f"{h:02d}:{int(minute or 0):02d}"


def _weekday_key(prefix: str | None, name: str, part: str | None) -> str:
    """Key of a weekday phrase: qualifier, weekday, part of the day ("last tuesday night")."""
    words = [] if prefix is None else [_RELATIVE_SYNONYMS.get(w, w) for w in prefix.lower().split()]
    if words[:2] == ["this", "last"]:
        words = ["last"]
    words.append(_WEEKDAYS[name.rstrip(".").lower()])
    if part:
        words.append(part.lower())
    return " ".join(words)


def _relative_key(surface: str) -> str:
    """Lower-case, spaces collapsed, numbers as digits, a few synonyms folded.

    So "two weeks before" and "2 weeks earlier" agree, "the past week" equals "last week" and
    "almost" equals "nearly"; qualifiers themselves ("just over", "about") are kept because
    they change the fact.
    """
    text = " ".join(surface.lower().split())
    for phrase, replacement in _RELATIVE_PHRASES.items():
        text = text.replace(phrase, replacement)
    words = text.split()
    out: list[str] = []
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if word in ("a", "an", "one") and _UNIT_WORD_RE.fullmatch(following):
            out.append("1")
        elif word == "the":
            continue
        elif (value := _words_value(word)) is not None and word not in ("a", "and"):
            out.append(str(value))
        elif word == "past" and out[-1:] == ["this"]:
            out[-1] = "last"
        else:
            out.append(_RELATIVE_SYNONYMS.get(word, word))
    return " ".join(out)


def _bare_month_ok(text: str, match: re.Match[str]) -> bool:
    """A month name alone is a date after a preposition ("in May"), or when it is not a
    modal verb or first name: "May" and "March" always need the preposition, and other months
    must not be followed by a capitalised word ("June Carter")."""
    if _MONTH_PREP_RE.search(text, max(0, match.start() - 16), match.start()) is not None:
        return True
    if match.group() in ("May", "March"):
        return False
    return _CAPITALISED_NEXT_RE.match(text, match.end()) is None


def _date_key(text: str, match: re.Match[str]) -> str | None:
    """The normalised key of one ``_DATE_RE`` match, or None when the match is not a date."""
    g = match.group
    kind = match.lastgroup
    if kind in ("iso", "slash", "decade", "year"):
        return g().lower()
    if kind == "md":
        return _month_day_key(g("md_m"), g("md_d"), g("md_y"))
    if kind == "dm":
        return _month_day_key(g("dm_m"), g("dm_d"), g("dm_y"))
    if kind == "my":
        return f"{g('my_y')}-{_MONTHS[g('my_m').rstrip('.').lower()]:02d}"
    if kind == "clock":
        return _clock_key(g("ch"), g("cm"), g("ap"))
    if kind == "hm":
        return _clock_key(g("h24"), g("m24"), None)
    if kind == "noon":
        return "12:00" if g().lower() == "noon" else "00:00"
    if kind == "wd":
        return _weekday_key(g("wd_pre"), g("wd_n"), g("wd_part"))
    if kind == "mon":
        return g().lower() if _bare_month_ok(text, match) else None
    return None


def _date_candidates(text: str, gate: _Gate) -> Iterator[Fact]:
    """Every date-like match, overlapping ones included (``_extract_dates`` resolves them)."""
    for match in _matches_at(_DATE_RE, text, gate.dates):
        key = _date_key(text, match)
        if key is not None:
            yield Fact("date", match.group(), key, match.start(), match.end())
    for match in _matches_at(_RELATIVE_RE, text, gate.relatives):
        yield Fact("date", match.group(), _relative_key(match.group()), *match.span())


def _extract_dates(text: str, gate: _Gate) -> list[Fact]:
    """Dates, clock times and relative time expressions, longest match first on overlaps."""
    chosen: list[Fact] = []
    for fact in sorted(_date_candidates(text, gate), key=lambda f: (f.start, f.start - f.end)):
        if not chosen or fact.start >= chosen[-1].end:
            chosen.append(fact)
    return chosen


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------


def _is_list_marker(text: str, match: re.Match[str]) -> bool:
    """Whether a number is a list marker ("1." or "2)" opening a line), not a quantity."""
    if match.group("dig") is None or match.group("cur"):
        return False
    window = max(0, match.start() - 8)
    newline = text.rfind("\n", window, match.start())
    if newline < 0 and window > 0:
        return False
    return (
        text[newline + 1 : match.start()].strip("( \t") == ""
        and _LIST_MARKER_RE.match(text, match.end()) is not None
    )


def _is_name_part(text: str, match: re.Match[str]) -> bool:
    """A capitalised number word inside a name ("Fifth Avenue", "Three Rivers")."""
    surface = match.group()
    if not surface[:1].isupper() or surface[:1].isdigit():
        return False
    if _is_sentence_start(text, match.start()):
        return False
    return _CAPITALISED_NEXT_RE.match(text, match.end()) is not None


def _scaled_value(match: re.Match[str]) -> tuple[Decimal, str | None] | None:
    """The numeric value of a digit or word number, and any unit left after magnitudes."""
    unit = match.group("unit")
    if match.group("words") is not None:
        words = match.group("words")
        value = _words_value(words)
        return None if value is None else (Decimal(value), None)
    try:
        value = Decimal(match.group("dig").replace(",", ""))
    except InvalidOperation:
        return None
    if match.group("mag"):
        value *= _SCALES[match.group("mag").lower()]
    if unit == "m" and match.group("cur"):
        return value * 10**6, None
    if unit in _UNIT_MULTIPLIERS:
        return value * _UNIT_MULTIPLIERS[unit], None
    return value, unit


def _number_key(match: re.Match[str]) -> str | None:
    """``usd 4200000``, ``3.5%``, ``12 km``, ``ord 3``, ``dozens`` or a bare ``42``."""
    if match.group("frac"):
        numerator = _SMALL[match.group("frac_n").lower()]
        denominator = match.group("frac_d").lower().rstrip("s")
        return f"{numerator}/{_FRACTIONS.get(denominator) or _ORDINALS[denominator]}"
    if match.group("ord"):
        return f"ord {int(match.group('ord')[:-2])}"
    if match.group("ordw"):
        word = match.group("ordw").lower()
        if word == "first":
            return None  # "the first time", "first responders": rarely a changed fact
        tens, _, unit = word.rpartition("-")
        return f"ord {_SMALL.get(tens, 0) + _ORDINALS[unit]}"
    if match.group("vague"):
        return match.group("vague").lower()
    scaled = _scaled_value(match)
    if scaled is None:
        return None
    value, unit = scaled
    currency = match.group("cur") or match.group("cw")
    pct = match.group("pct")
    if currency and currency.lower() == "cents":
        return f"usd {_format_decimal(value / 100)}"
    if currency:
        code = _CURRENCY_SIGNS.get(currency.lower()) or _CURRENCY_WORDS[currency.lower()]
        return f"{code} {_format_decimal(value)}"
    if pct:
        return f"{_format_decimal(value)}{' pp' if 'point' in pct.lower() else '%'}"
    return f"{_format_decimal(value)} {unit}" if unit else _format_decimal(value)


def _counted_noun_end(text: str, end: int) -> int:
    """Extend a number over its counted noun: "42 homes", "42-year-old", "5-bedroom house"."""
    match = _NOUN_AFTER_RE.match(text, end)
    assert match is not None  # every part of the pattern is optional
    noun = match.group("noun")
    if noun is None or noun in _NOUN_STOP or noun.endswith(("ly", "ed", "ing")):
        return match.end("hyphen")
    return match.end()


_ONE_IDIOMS = _wordset("day time point way thing side hand another other more least")
_ONE_PRECEDERS = _wordset("no any every some the that this each which last")


def _is_counted_one(text: str, start: int, surface: str) -> bool:
    """Whether "one" counts something: only before a counted noun, not in idioms ("one of the",
    "no one", "one day", "at one point"); "one million" and "one-third" always count."""
    words = surface.lower().replace("-", " ").split()
    if words[0] != "one" or (len(words) > 1 and words[1] in _SCALES):
        return True
    if len(words) < 2 or words[1] in _ONE_IDIOMS:
        return False
    previous = _LOWER_WORD_RE.findall(text[max(0, start - 12) : start].lower())[-1:]
    return not previous or previous[0] not in _ONE_PRECEDERS


def _extract_numbers(text: str, gate: _Gate, claimed: _Claimed) -> list[Fact]:
    """Quantities outside ``claimed`` spans (dates own their digits); key via ``_number_key``.

    The surface runs from any currency sign to the counted noun ("$4.2 million", "3.5%",
    "42 homes"), while the key holds only the value, currency and percent, so "42 homes" and
    "42 houses" agree.
    """
    facts = []
    for match in _matches_at(_NUMBER_RE, text, gate.numbers):
        start, end = match.span()
        if start == end or claimed.hits(start, end):
            continue
        if _is_list_marker(text, match) or _is_name_part(text, match):
            continue
        key = _number_key(match)
        if key is None:
            continue
        surface = text[start : _counted_noun_end(text, end)].rstrip()
        if surface.lower().startswith("one") and not _is_counted_one(text, start, surface):
            continue
        facts.append(Fact("number", surface, key, start, start + len(surface)))
    return facts


# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Token:
    """A word considered for a name: offsets, the word lower-cased without periods ("U.S." →
    "us"), whether it is capitalised, starts a sentence, and whether it closes a name: a
    possessive ("Park's") or a word with a lower-case suffix ("Ohio-based")."""

    text: str
    start: int
    end: int
    lower: str
    is_cap: bool
    initial: bool
    closes: bool


def _name_tokens(text: str, claimed: _Claimed) -> list[_Token | None]:
    """Word tokens of ``text``; ``None`` marks a token inside a date or number (a run break)."""
    tokens: list[_Token | None] = []
    for match in _NAME_TOKEN_RE.finditer(text):
        start, end = match.span()
        if claimed.hits(start, end):
            tokens.append(None)
            continue
        word = match.group()
        closes = word.endswith(("'s", "’s"))
        if closes:
            word, end = word[:-2], end - 2
        is_cap = word[0].isupper()
        suffix = _LOWER_SUFFIX_RE.search(word) if is_cap and "-" in word else None
        if suffix is not None:  # "Ohio-based": the name is "Ohio", and it ends there
            word, end, closes = word[: suffix.start()], start + suffix.start(), True
        initial = is_cap and _is_sentence_start(text, start)
        lower = word.replace(".", "").lower()
        tokens.append(_Token(word, start, end, lower, is_cap, initial, closes))
    return tokens


def _joinable(text: str, prev: _Token, token: _Token) -> bool:
    """Whether ``token`` continues the name that ``prev`` belongs to (only spaces between, or
    the period of a title or initial: "Dr. Jane", "J. R. Smith")."""
    if prev.closes or token.initial:
        return False
    if _NAME_GAP_RE.fullmatch(text, prev.end, token.start):
        return True
    is_abbrev = prev.lower in _ABBREVIATIONS or (len(prev.text) == 1 and prev.text.isupper())
    return is_abbrev and _DOTTED_GAP_RE.fullmatch(text, prev.end, token.start) is not None


def _name_runs(text: str, tokens: list[_Token | None]) -> Iterator[list[_Token]]:
    """Maximal runs of capitalised words joined by connectors ("Bank of the West")."""
    run: list[_Token] = []
    for token in tokens:
        if token is None or not (token.is_cap or token.lower in _CONNECTORS):
            yield run
            run = []
            continue
        acronym = len(token.text) > 1 and token.text.isupper()  # "US", "IT": not "us", "it"
        if token.is_cap and token.lower in _STOP_CAPS and not acronym:
            yield run
            run = []
        elif run and _joinable(text, run[-1], token):
            run.append(token)
        else:
            yield run
            run = [token] if token.is_cap else []
    yield run


def _trim_run(run: list[_Token], mid_caps: set[str]) -> list[_Token]:
    """Drop connectors at either end ("Bank of" → "Bank"), and a sentence-initial word that
    only a connector joins to the name and nothing else marks as a name ("Shares of Apple")."""
    joined_by_connector = len(run) > 1 and not run[1].is_cap
    if joined_by_connector and run[0].initial and not _has_evidence(run[0], mid_caps):
        run = run[1:]
    while run and not run[0].is_cap:
        run = run[1:]
    while run and not run[-1].is_cap:
        run = run[:-1]
    return run


def _has_evidence(word: _Token, mid_caps: set[str]) -> bool:
    """Whether a capitalised word is a name word on its own: a title, all capitals (a dateline
    or acronym), possessive or hyphen-suffixed ("Park's", "Ohio-based"), or capitalised
    mid-sentence elsewhere in the text."""
    if word.lower in _TITLES or word.closes or word.lower in mid_caps:
        return True
    return word.text.isupper() and len(word.text) > 1


def _name_key(run: list[_Token]) -> str:
    """Lower-cased words without titles, with known abbreviations spelled out."""
    words = [t.lower for t in run if t.lower not in _TITLES]
    while words and words[0] in _CONNECTORS:
        words.pop(0)
    key = " ".join(words).replace("’", "'")
    return _ALIAS_RE.sub(lambda m: _ALIASES[m.group()], key)


def _accept_run(text: str, run: list[_Token], mid_caps: set[str]) -> bool:
    """A single capitalised word at a sentence start is a name only with evidence: it is in
    capitals (a dateline, an acronym), a speech verb or possessive follows ("Park said"), or
    the word is capitalised somewhere mid-sentence too."""
    if len(run) > 1 or not run[0].initial:
        return True
    word = run[0]
    if _has_evidence(word, mid_caps):
        return True
    if word.lower in _COMMON_SUBJECTS:
        return False
    return _SPEECH_AFTER_RE.match(text, word.end) is not None


def _extract_names(text: str, claimed: _Claimed) -> list[Fact]:
    """Names of people, places and organisations (see ``_accept_run`` for sentence starts)."""
    tokens = _name_tokens(text, claimed)
    mid_caps = {
        t.lower for t in tokens if t is not None and t.is_cap and not t.initial
    } - _STOP_CAPS
    facts = []
    for raw in _name_runs(text, tokens):
        run = _trim_run(raw, mid_caps)
        if not run or not _accept_run(text, run, mid_caps):
            continue
        key = _name_key(run)
        if key:
            start, end = run[0].start, run[-1].end
            facts.append(Fact("name", text[start:end], key, start, end))
    return facts


# --------------------------------------------------------------------------------------------
# Extraction API
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _extract_cached(text: str) -> tuple[Fact, ...]:
    """All facts of ``text`` in reading order (cached: sentences recur across links)."""
    quotes = _extract_quotes(text)
    gate = _gate(text)
    dates = _extract_dates(text, gate)
    numbers = _extract_numbers(text, gate, _Claimed(dates))
    names = _extract_names(text, _Claimed([*dates, *numbers]))
    order = {"quote": 0, "date": 1, "number": 2, "name": 3}
    return tuple(
        sorted([*quotes, *dates, *numbers, *names], key=lambda f: (f.start, order[f.kind]))
    )


def extract_facts(text: str) -> list[Fact]:
    """Numbers, dates, names and quotes in ``text``, ordered by position.

    Quotes may contain other facts (a number said in a quote is also a number); the other kinds
    never overlap each other: digits inside a date belong to the date.
    """
    return list(_extract_cached(text)) if text else []


def fact_keys(text: str) -> frozenset[str]:
    """``"kind:key"`` strings for every fact of ``text``, for document-level overlap scores."""
    return frozenset(f"{f.kind}:{f.key}" for f in extract_facts(text))


# --------------------------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------------------------


def _same_number(a: str, b: str) -> bool:
    """Equal keys, or equal values where one side names no currency/unit ("4.2 million" vs
    "$4.2 million")."""
    if a == b:
        return True
    values_a, values_b = _KEY_NUMBER_RE.findall(a), _KEY_NUMBER_RE.findall(b)
    plain = a == "".join(values_a) or b == "".join(values_b)
    return plain and len(values_a) == len(values_b) == 1 and values_a == values_b


def _same_date(a: str, b: str) -> bool:
    """Equal keys, a month-day with and without its year, or one weekday phrase inside
    another ("tuesday" vs "tuesday night")."""
    if a == b:
        return True
    if a.endswith("-" + b) or b.endswith("-" + a):
        return _MONTH_DAY_KEY_RE.fullmatch(min(a, b, key=len)) is not None
    words_a, words_b = set(a.split()), set(b.split())
    has_weekday = bool(words_a & _WEEKDAY_NAMES)
    return has_weekday and (words_a <= words_b or words_b <= words_a)


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    """Whether the words of ``short`` occur in ``long`` in the same order."""
    remaining = iter(long)
    return all(word in remaining for word in short)


def _same_name(a: str, b: str) -> bool:
    """Equal keys, equal up to spacing ("Portvale"/"Port Vale"), or one name a sub-sequence
    of the other ("doe" in "jane doe")."""
    if a == b or a.replace(" ", "").replace("-", "") == b.replace(" ", "").replace("-", ""):
        return True
    words_a, words_b = a.split(), b.split()
    if len(words_a) > len(words_b):
        words_a, words_b = words_b, words_a
    return _is_subsequence(words_a, words_b) or _is_acronym(words_a, words_b)


def _is_acronym(short: list[str], long: list[str]) -> bool:
    """Whether ``short`` is one word spelling the initials of ``long`` ("nws" for "national
    weather service", "ny" for "new york"), with or without its connector words."""
    if len(short) != 1 or len(long) < 2 or not 2 <= len(short[0]) <= 6:
        return False
    initials = "".join(w[0] for w in long)
    content = "".join(w[0] for w in long if w not in _CONNECTORS)
    return short[0] in (initials, content)


_SAME: dict[str, Callable[[str, str], bool]] = {
    "number": _same_number,
    "date": _same_date,
    "name": _same_name,
    "quote": str.__eq__,
}


def _category(fact: Fact) -> str:
    """A coarse type of a fact's value (money, percent, weekday, clock time...) for pairing."""
    key = fact.key
    if fact.kind == "number":
        for prefix in ("usd", "eur", "gbp", "jpy", "cad", "aud", "inr", "ord"):
            if key.startswith(prefix + " "):
                return prefix
        return "pct" if key.endswith(("%", "pp")) else "count"
    if fact.kind == "date":
        if _CLOCK_KEY_RE.fullmatch(key):
            return "clock"
        if _CALENDAR_KEY_RE.fullmatch(key):
            return "calendar"
        return "weekday" if _WEEKDAY_NAMES.intersection(key.split()) else "relative"
    return fact.kind


@dataclass(frozen=True, slots=True)
class _Profile:
    """What pairing looks at for one fact: type of value, words around it, relative place."""

    category: str
    context: frozenset[str]
    position: float


def _profile(text: str, fact: Fact) -> _Profile:
    """The pairing profile of ``fact`` in ``text``; context = two words before, one after,
    and the words inside (the counted noun), so "42 homes" pairs with "45 homes"."""
    before = _LOWER_WORD_RE.findall(text[max(0, fact.start - 30) : fact.start].lower())[-2:]
    after = _LOWER_WORD_RE.findall(text[fact.end : fact.end + 20].lower())[:1]
    inside = _CONTENT_WORD_RE.findall(fact.text.lower()) if fact.kind != "quote" else []
    context = frozenset([*before, *after, *inside])
    return _Profile(_category(fact), context, fact.start / max(1, len(text)))


def _pair_score(a: Fact, a_profile: _Profile, b: Fact, b_profile: _Profile) -> float:
    """How likely ``b`` replaced ``a``: same category, shared context words, similar place."""
    score = 1.5 if a_profile.category == b_profile.category else 0.0
    score += len(a_profile.context & b_profile.context)
    if a.kind == "quote":
        words_a, words_b = set(a.key.split()), set(b.key.split())
        score += 3 * len(words_a & words_b) / max(1, len(words_a | words_b))
    return score + 1 - abs(a_profile.position - b_profile.position)


def _match_equal(
    kind: str, a_facts: list[Fact], b_facts: list[Fact], score: Callable[[Fact, Fact], float]
) -> tuple[list[Fact], list[Fact]]:
    """Remove facts that agree (exact keys first, then equivalent ones); return leftovers."""
    same = _SAME[kind]
    left_a, left_b = list(a_facts), []
    for test in (str.__eq__, same):
        left_b = []
        for b in b_facts:
            candidates = [a for a in left_a if test(a.key, b.key)]
            if len(candidates) == 1:
                left_a.remove(candidates[0])
            elif candidates:
                left_a.remove(max(candidates, key=lambda a, b=b: score(a, b)))
            else:
                left_b.append(b)
        b_facts = left_b
    return left_a, left_b


def _pair_leftovers(
    kind: str, left_a: list[Fact], left_b: list[Fact], score: Callable[[Fact, Fact], float]
) -> list[tuple[Fact, Fact]]:
    """Pair unmatched facts as replacements: names in order, the rest best-score first."""
    if kind == "name":
        return list(zip(left_a, left_b, strict=False))
    scored = sorted(
        ((score(a, b), i, j) for i, a in enumerate(left_a) for j, b in enumerate(left_b)),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for _, i, j in scored:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((left_a[i], left_b[j]))
    return pairs


def _mentioned_in(fact: Fact, other_text: str, other_facts: list[Fact]) -> bool:
    """Whether the last word of a name appears in ``other_text`` outside the names found there.

    Catches a surname the other side uses where name extraction skipped it (a sentence-initial
    "Park spoke ..." has no evidence of being a name on its own). A word inside another
    extracted name does not count, so "John Smith" → "Jon Smith" stays a change.
    """
    word = fact.text.split()[-1]
    spans = [(f.start, f.end) for f in other_facts if f.kind == "name"]
    pattern = rf"(?<![\w'’-]){re.escape(word)}(?![\w-])"
    return any(not _overlaps(m.start(), m.end(), spans) for m in re.finditer(pattern, other_text))


def _reportable_alone(fact: Fact, other_facts: list[Fact]) -> bool:
    """Whether a fact with no counterpart is a change: not a repeat of a fact the other side
    has, and, for names, person- or organisation-like (several words, or a title)."""
    same = _SAME[fact.kind]
    if any(same(fact.key, other.key) for other in other_facts):
        return False
    if fact.kind == "name":
        return len(fact.key.split()) > 1 or len(fact.text.split()) > 1
    return True


def _kind_changes(
    kind: str, a_text: str, a_facts: list[Fact], b_text: str, b_facts: list[Fact]
) -> list[tuple[Fact | None, Fact | None]]:
    """Changes of one kind: replaced facts as pairs, dropped or added ones with ``None``."""

    profiles: dict[tuple[str, int], _Profile] = {}

    def profile(side: str, text: str, fact: Fact) -> _Profile:
        key = (side, fact.start)
        if key not in profiles:
            profiles[key] = _profile(text, fact)
        return profiles[key]

    def score(a: Fact, b: Fact) -> float:
        return _pair_score(a, profile("a", a_text, a), b, profile("b", b_text, b))

    left_a, left_b = _match_equal(kind, a_facts, b_facts, score)
    if kind == "name":
        left_a = [a for a in left_a if not _mentioned_in(a, b_text, b_facts)]
        left_b = [b for b in left_b if not _mentioned_in(b, a_text, a_facts)]
    pairs: list[tuple[Fact | None, Fact | None]] = list(
        _pair_leftovers(kind, left_a, left_b, score)
    )
    paired = {id(f) for pair in pairs for f in pair}
    pairs += [(a, None) for a in left_a if id(a) not in paired and _reportable_alone(a, b_facts)]
    pairs += [(None, b) for b in left_b if id(b) not in paired and _reportable_alone(b, a_facts)]
    return pairs


def diff_facts(a_text: str, b_text: str) -> list[tuple[str, str, str]]:
    """The facts that changed from ``a_text`` (source sentences) to ``b_text`` (their retelling).

    Returns ``(kind, a_surface, b_surface)`` triples. Facts that agree after normalisation are
    not changes ("forty-two" = "42", "Jan. 5" = "January 5", "Dr. Jane Doe" = "Doe"). Unmatched
    facts of a kind are paired as replacements (names by order; other kinds by type of value,
    surrounding words and position); what remains is reported one-sided with ``""`` on the
    missing side, except single-word names, which are too often noise. Output is ordered by
    position in B, then A (facts only A has come last), without duplicates.

    Known limits (rule-based, English news style):

    * numbers: the counted noun is shown but not compared ("42 homes" = "42 houses"), nor are
      qualifiers ("about 40" = "more than 40"); rounding is a change ("4.2 million" vs
      "4,213,000"); "first" and idiomatic "one" ("one of the") are not numbers; a 4-digit
      1900-2099 number without a comma is read as a year.
    * dates: relative expressions are compared as normalised phrases, never resolved to a day,
      so "last year" vs "2023" or "last week" vs "seven days ago" is reported as a change.
    * names: found by capitalisation, not by a model; a lone capitalised word opening a
      sentence needs evidence (see ``_accept_run``); a name that is a word subsequence of
      another ("Park" / "Ellen Park") or differs only in spacing ("Port Vale" / "Portvale") is
      the same name, so two people who share a surname are not told apart; leftover names are
      paired by order; the alias table is small.
    * quotes: only double quotes (straight, curly) and guillemets, opened and closed inside
      the text; a quote that changes is reported whole, and a number or name changed inside
      it is reported again under its own kind.
    """
    if not a_text and not b_text:
        return []
    facts_a, facts_b = extract_facts(a_text), extract_facts(b_text)
    changes: list[tuple[Fact | None, Fact | None]] = []
    for kind in ("number", "date", "name", "quote"):
        changes += _kind_changes(
            kind,
            a_text,
            [f for f in facts_a if f.kind == kind],
            b_text,
            [f for f in facts_b if f.kind == kind],
        )
    return _ordered_unique(changes)


def _ordered_unique(changes: list[tuple[Fact | None, Fact | None]]) -> list[tuple[str, str, str]]:
    """Sort changes by B position then A position and drop repeated triples."""
    never = float("inf")
    changes.sort(
        key=lambda pair: (
            never if pair[1] is None else pair[1].start,
            never if pair[0] is None else pair[0].start,
        )
    )
    seen: set[tuple[str, str, str]] = set()
    out = []
    for a, b in changes:
        fact = a or b
        assert fact is not None
        triple = (fact.kind, a.text if a else "", b.text if b else "")
        if triple not in seen:
            seen.add(triple)
            out.append(triple)
    return out
