"""Which listed companies a news text is about, read from its stock codes.

Wire copy and financial news mark the company a story is about with its code: Reuters puts
the ticker (or a private company's name) in angle brackets, ``PACIFIC LIGHTING CORP <PLT>``,
``<FRANKLIN NEW YORK TAX-FREE INCOME FUND>``; most other outlets write the exchange first,
``Apple Inc. (NASDAQ: AAPL)``. Many such stories are forms filled in for one company after
another (a dividend notice, a listing, a prime-rate change): two of them share nearly every
word, yet neither was made from the other. :func:`companies_apart` tells them apart: each
text names its companies by code, and neither text mentions any company of the other, by
code or by a word of its name. A re-send of one story keeps its company, even when its
ticker was corrected (``<MUR>`` → ``<MYO>``) or given an exchange suffix (``<IRDV.O>``), and
a spun copy keeps the names it retells.

Pure: text in, answer out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ANGLED = re.compile(r"<([A-Z](?:[A-Za-z0-9.&'/\- ]{0,58}[A-Za-z0-9.])?)>")
_EXCHANGE = re.compile(
    r"\(\s*(?:NYSE|NASDAQ|Nasdaq|AMEX|NYSE American|NYSE Arca|LSE|TSX|TSXV|ASX|OTC|OTCQX|"
    r"Euronext|XETRA|SIX|HKEX|TSE|BSE|NSE)\s*:\s*([A-Za-z][A-Za-z0-9.\-]{0,9})\s*\)"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z']*[A-Za-z]")
_NAME_WORDS_BEFORE = 4
"""How many words before a code are read as the company's name. A headline's verb may come
along ("REVIEW JOHNSON/JOHNSON <JNJ>"); an extra word only makes the company easier to find
in the other text, so the rule errs towards leaving a pair alone."""

_LEGAL_FORMS = frozenset((
    "co", "corp", "corporation", "inc", "incorporated", "ltd", "limited", "plc", "lp", "llc",
    "llp", "ag", "sa", "nv", "bv", "spa", "gmbh", "group", "holding", "holdings", "the", "and",
    "of", "unit", "units", "company", "cos",
))  # fmt: skip
"""Words of a company's name that every other company's name has too; they say nothing
about which company a text is about."""


@dataclass(frozen=True, slots=True)
class Company:
    """One company a text names by code: the code (exchange suffix dropped) and the words of
    its name (the words just before the code, and a bracketed name's own words)."""

    code: str
    name_words: frozenset[str]


def _base_code(code: str) -> str:
    """The code without what follows a dot: ``IRDV.O`` (an exchange suffix) and ``IRDV`` are
    one listing, and so are ``BRK.A`` and ``BRK.B`` (two share classes of one company)."""
    return code.split(".")[0].strip().upper()


def _name_words(text: str) -> frozenset[str]:
    return frozenset(
        w.lower() for w in _WORD.findall(text) if len(w) >= 3 and w.lower() not in _LEGAL_FORMS
    )


def companies(text: str) -> list[Company]:
    """The companies ``text`` names by code, in order of appearance."""
    found = []
    for pattern in (_ANGLED, _EXCHANGE):
        for match in pattern.finditer(text):
            line_start = text.rfind("\n", 0, match.start()) + 1
            before = _WORD.findall(text[line_start : match.start()])[-_NAME_WORDS_BEFORE:]
            code = match.group(1).strip()
            # a private company's name in brackets is a name; a ticker is matched as a code
            words = _name_words(" ".join(before)) | (_name_words(code) if " " in code else set())
            found.append((match.start(), Company(_base_code(match.group(1)), words)))
    return [company for _, company in sorted(found, key=lambda item: item[0])]


def _mentions(text_words: frozenset[str], codes: frozenset[str], company: Company) -> bool:
    """Whether a text may mention ``company``: its code or a word of its name. A name with no
    word to look for ("PS GROUP", "BP") may be there under another code."""
    return company.code in codes or not company.name_words or bool(company.name_words & text_words)


def companies_apart(a_text: str, b_text: str) -> bool:
    """Whether two texts are about different companies: both name companies by code, and
    neither text mentions any company of the other (its code, or any word of its name; a
    company whose name has no word of three letters or more that is not a legal form counts
    as mentioned)."""
    first, second = companies(a_text), companies(b_text)
    if not first or not second:
        return False
    a_words, b_words = _name_words(a_text), _name_words(b_text)
    a_codes = frozenset(c.code for c in first)
    b_codes = frozenset(c.code for c in second)
    return not any(_mentions(b_words, b_codes, c) for c in first) and not any(
        _mentions(a_words, a_codes, c) for c in second
    )
