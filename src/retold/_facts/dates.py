"""Dates and time expressions: calendar dates, clock times, weekdays, relative phrases.

Keys are normalised so that different spellings of one date agree ("Jan. 5" and "January 5"
are ``01-05``, "5 p.m." and "17:00" are ``17:00``, "two weeks before" and "2 weeks earlier"
are ``2 weeks earlier``). Relative expressions are compared as phrases, never resolved to a
day. Dates are extracted first: digits inside a date belong to it, not to ``numbers``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from retold._facts._gate import _Gate, _matches_at
from retold._facts._lexicon import _MONTHS, _WEEKDAYS
from retold._facts._model import _CAPITALISED_NEXT_RE, Fact
from retold._facts.numbers import _NUM_WORD, _words_value

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
