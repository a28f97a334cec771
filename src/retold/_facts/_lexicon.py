"""Word lists that more than one fact extractor reads.

Number words (numbers, relative dates and the start-offset gate all spell counts), calendar
words (dates, the gate, and date comparison in ``diff``), and titles and abbreviations (the
sentence-start test in ``_model`` and name extraction). Word lists used by a single extractor
live in that extractor's module instead.
"""

from __future__ import annotations

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
