"""Which facts changed between a source text and its retelling.

``diff_facts`` extracts the facts of both texts, removes those that agree after normalisation
(per kind: ``_same_number``, ``_same_date``, ``_same_name``, exact quotes), pairs the leftovers
as replacements by type of value, surrounding words and position, and reports the rest as
dropped or added. Its docstring lists the known limits of the whole rule set.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from retold._facts._lexicon import _WEEKDAY_NAMES
from retold._facts._model import _LOWER_WORD_RE, Fact
from retold._facts.extract import extract_facts
from retold._facts.names import _CONNECTORS

_KEY_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
_CLOCK_KEY_RE = re.compile(r"\d\d:\d\d")
_MONTH_DAY_KEY_RE = re.compile(r"\d\d-\d\d")
_CALENDAR_KEY_RE = re.compile(r"[\d-]+s?")
_CONTENT_WORD_RE = re.compile(r"[a-z]{3,}")


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """True when ``[start, end)`` shares a character with any of ``spans`` (a short list)."""
    return any(start < s_end and s_start < end for s_start, s_end in spans)


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
    if word not in other_text:  # the pattern below matches the word itself: no need to build it
        return False
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
      sentence needs evidence (see ``names._accept_run``); a name that is a word subsequence of
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
