"""Names of people, places and organisations, found by capitalisation.

Runs of capitalised words (joined by connectors such as "of" or "de") are names, except that a
lone capitalised word opening a sentence needs evidence (see ``_accept_run``). A name's key
drops titles and spells out a few common abbreviations, so "Dr. Jane Doe" and "Jane Doe", or
"U.S." and "United States", agree. Names are extracted last, around dates and numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from retold._facts._lexicon import _ABBREVIATIONS, _TITLES, _wordset
from retold._facts._model import Fact, _Claimed, _is_sentence_start

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


_NAME_TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['’][^\W\d_]+|-[^\W\d_]+)*|&")
_SPEECH_AFTER_RE = re.compile(rf"\s*,?\s*(?:{_SPEECH_VERBS})\b")
_NAME_GAP_RE = re.compile(r"[ \t\u00a0]+")
_DOTTED_GAP_RE = re.compile(r"\.[ \t\u00a0]+")
_ALIAS_RE = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, _ALIASES), key=len, reverse=True)) + r")\b"
)
_LOWER_SUFFIX_RE = re.compile(r"(?<=[^\W\d_])-[a-z]")


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
    """Word tokens of ``text``; ``None`` marks a run break: a token inside a date or number,
    or a lower-case word that is not a connector (:func:`_name_runs` breaks a run at either
    alike, and only capitalised words count elsewhere, so most words of a text need no
    token of their own)."""
    tokens: list[_Token | None] = []
    for match in _NAME_TOKEN_RE.finditer(text):
        start, end = match.span()
        word = match.group()
        is_cap = word[0].isupper()
        closes = word.endswith(("'s", "’s"))
        if closes:
            word, end = word[:-2], end - 2
        if not is_cap and word.lower() not in _CONNECTORS:
            # only a run break; its ``lower`` below would be word.lower() (only capitalised
            # tokens hold dots), so the connector test is the same
            tokens.append(None)
            continue
        if claimed.hits(start, match.end()):
            tokens.append(None)
            continue
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
