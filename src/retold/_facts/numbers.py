"""Numbers and quantities: digits, spelled-out numbers, money, percentages, ordinals.

Each number's key holds only its value, currency or unit and percent ("$4.2 million" and
"$4,200,000" are both ``usd 4200000``), while its surface runs on over the counted noun
("42 homes") so a reader sees what was counted. ``_words_value`` and ``_NUM_WORD`` are also used
by ``dates`` for relative expressions ("two weeks ago").
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from retold._facts._gate import _Gate, _matches_at
from retold._facts._lexicon import _ORDINALS, _SCALES, _SMALL, _wordset
from retold._facts._model import (
    _CAPITALISED_NEXT_RE,
    _LOWER_WORD_RE,
    Fact,
    _Claimed,
    _is_sentence_start,
)

_FRACTIONS = {"half": 2, "halve": 2, "quarter": 4}
_CURRENCY_SIGNS = {
    "us$": "usd", "$": "usd", "c$": "cad", "a$": "aud", "nz$": "nzd", "hk$": "hkd",
    "€": "eur", "£": "gbp", "¥": "jpy", "₹": "inr",
}  # fmt: skip
_CURRENCY_WORDS = {
    "dollars": "usd", "euros": "eur", "pounds": "gbp", "yen": "jpy", "yuan": "cny",
    "rupees": "inr", "dlrs": "usd", "dlr": "usd", "stg": "gbp",
}  # fmt: skip
_CENTS = frozenset({"cents", "cts", "ct"})
_MAGNITUDE_ABBREVIATIONS = {"mln": "million", "bln": "billion", "trn": "trillion"}
"""Wire-copy spellings ("4.2 mln dlrs", "14 cts") read as the words they stand for."""
_UNIT_MULTIPLIERS = {"k": 10**3, "bn": 10**9, "tn": 10**12}
"""Attached suffixes that are magnitudes; ``m`` is a million only after a currency sign."""


_NOUN_STOP = _wordset(
    """a an the and or but nor of to in on at for from by with as than that which who whom
    whose is are was were be been being has have had do does did will would can could may might
    must shall should not no per into onto over under about after before since until during
    while when where this these those it its their his her our your my they them he she we you
    said says say told more less most least other others also each every all some any both
    either neither out up down off away too very so such what how why then there here if
    because though although once who's percent vs versus"""
)
"""Words that are never taken as the counted noun after a number ("42 homes")."""


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
        (?P<dig>(?:\d+(?:-|\s+and\s+))?\d{{1,2}}/(?:64|32|16|8|4|2)(?![/\d])
          |\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\d)(?![.,]\d)
        (?:\s?(?P<mag>(?i:thousand|million|billion|trillion|mln|bln|trn))\b
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
      (?:\s+(?P<cw>(?i:dollars|euros|pounds|yen|yuan|rupees|cents|dlrs|dlr|cts|ct|stg))\b)?
    """,
    re.VERBOSE,
)

_NOUN_AFTER_RE = re.compile(
    r"(?P<hyphen>(?:-[A-Za-z]+)*)(?:\s+(?P<noun>[a-z](?:[a-z'’-]*[a-z])?)\b)?"
)


_LIST_MARKER_RE = re.compile(r"[.)]\s")
_FRACTION_RE = re.compile(r"(?:(\d+)(?:-|\s+and\s+))?(\d+)/(\d+)")
"""A ``dig`` match that is a fraction, alone or after its whole part."""


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


def _digits_value(digits: str) -> Decimal | None:
    """The value of a digit number: "4,200", "3.5", or a wire-copy fraction in 64ths or
    coarser, alone or mixed ("1/4"; "6-1/16" and "6 and 1/16" are 6.0625); ``None`` for a
    fraction that is not one (a numerator not below its denominator: "5/4" is likelier a date).
    """
    fraction = _FRACTION_RE.fullmatch(digits)
    if fraction is None:
        try:
            return Decimal(digits.replace(",", ""))
        except InvalidOperation:
            return None
    whole, numerator, denominator = (int(part or 0) for part in fraction.groups())
    if numerator >= denominator:
        return None
    return whole + Decimal(numerator) / denominator


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
    """A capitalised number word inside a name ("Fifth Avenue", "Three Rivers").

    Words in capitals ("FED SETS TWO BILLION DLRS", a wire headline) are capitalised by the
    headline, not because they are names, so their case is no evidence and they stay numbers.
    """
    surface = match.group()
    if not surface[:1].isupper() or surface[:1].isdigit() or surface.isupper():
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
    value = _digits_value(match.group("dig"))
    if value is None:
        return None
    if match.group("mag"):
        magnitude = match.group("mag").lower()
        value *= _SCALES[_MAGNITUDE_ABBREVIATIONS.get(magnitude, magnitude)]
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
    if currency and currency.lower() in _CENTS:
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
