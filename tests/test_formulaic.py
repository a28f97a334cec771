"""Formulaic wording: pairs that share only phrasing the corpus repeats are not retellings."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rich.console import Console

from retold import _formulaic, scan
from retold._compare import compare_prepared, prepare
from retold._embed import Embedder
from retold._formulaic import (
    PhraseCounter,
    PhraseFrequencies,
    SharedWording,
    copy_count,
    phrase_hashes,
    shared_wording,
)
from retold._scan_run import print_summary
from retold.model import DERIVED_RELATIONS, Document, ScanResult

COMPANIES = [
    ("Acme Tools", "makes hand tools for builders in Ohio", "ACMT"),
    ("Borealis Mining", "digs copper in northern Quebec", "BORM"),
    ("Cobalt Freight", "runs a fleet of trucks across Texas", "CBFR"),
    ("Delta Paper", "mills newsprint near the Mississippi delta", "DLPP"),
    ("Ember Foods", "bakes frozen pies for supermarkets", "EMBF"),
    ("Fjord Shipping", "operates tankers out of Bergen", "FJSH"),
    ("Granite Homes", "builds starter homes in Georgia", "GRNH"),
    ("Harbor Bancorp", "owns eleven savings banks in Maine", "HRBB"),
    ("Iris Optics", "grinds lenses for microscopes", "IRSO"),
    ("Juniper Health", "runs four clinics in Arizona", "JNPH"),
    ("Kestrel Air", "flies commuter routes in the Rockies", "KSTA"),
    ("Lumen Power", "sells solar panels to farms", "LUMP"),
]
"""Fewer companies than the template rule's 20 documents: only the phrase counts see the form."""


def listing(k: int) -> str:
    """A listing notice from one loose wire form: the same wording around another company."""
    name, business, symbol = COMPANIES[k]
    return (
        f"{name.upper()} BEGINS TRADING ON AMEX\n\n"
        f"The American Stock Exchange said the common stock of {name} began trading today "
        f"under the symbol {symbol}.\n"
        f"{name}, which {business}, previously traded on the Nasdaq national market system.\n"
    )


STORY = (
    "Harbour bridge shut after barge strike\n\n"
    "The Ashcreek harbour bridge was closed on Tuesday after a grain barge struck its "
    "northern pier during a gale, the port authority said.\n"
    "Engineers found a crack running two metres up the pier and ordered the span shut to all "
    "traffic until divers could inspect the footings.\n"
    "About 14,000 vehicles cross the bridge each day, and the detour through Millbrook adds "
    "forty minutes for commuters.\n"
    "The barge's owner, Tallis River Freight, said its captain had reported engine trouble "
    "minutes before the collision.\n"
)

RETOLD = (
    "Barge hits Ashcreek bridge, span closed\n\n"
    "Ashcreek's harbour bridge has been closed after a grain barge struck its northern pier "
    "in a gale on Tuesday, according to the port authority.\n"
    "A crack running two metres up the pier was found by engineers, who shut the span to all "
    "traffic until divers could inspect the footings.\n"
    "Some 14,000 vehicles use the bridge daily; the detour through Millbrook adds forty "
    "minutes for commuters.\n"
    "Tallis River Freight, which owns the barge, said the captain had reported engine trouble "
    "minutes before the collision.\n"
)


def frequencies(texts: list[str]) -> PhraseFrequencies:
    counter = PhraseCounter()
    for text in texts:
        counter.add(phrase_hashes(text))
    return counter.frequencies()


def judge(a: str, b: str, corpus: list[str]) -> SharedWording:
    return shared_wording(phrase_hashes(a), phrase_hashes(b), frequencies(corpus))


# --------------------------------------------------------------------------- counting


def test_each_document_counts_a_phrase_once() -> None:
    found = frequencies(["the storm closed the storm closed", "the storm closed", "nothing else"])
    hashes = phrase_hashes("the storm closed")
    assert found.df(hashes).tolist() == [2]
    assert found.df(phrase_hashes("nothing else here")).tolist() == [1]  # in no document


def test_counts_do_not_depend_on_when_the_counter_folds(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [listing(k) for k in range(len(COMPANIES))] + [STORY, RETOLD]
    once = frequencies(texts)
    monkeypatch.setattr(_formulaic, "_FLUSH", 10)  # fold after nearly every document
    often = frequencies(texts)
    assert np.array_equal(once.keys, often.keys)
    assert np.array_equal(once.counts, often.counts)
    assert once.counts.min() >= 2  # phrases of one document only are not kept


def test_an_empty_corpus_counts_nothing() -> None:
    empty = PhraseCounter().frequencies()
    assert empty.keys.size == 0
    assert empty.df(phrase_hashes("any words at all")).tolist() == [1, 1]


# --------------------------------------------------------------------------- judging pairs

FORMS = [listing(k) for k in range(len(COMPANIES))]


def test_two_fillings_of_a_form_share_only_formulaic_wording() -> None:
    wording = judge(FORMS[0], FORMS[1], [*FORMS, STORY, RETOLD])
    assert wording.judged
    assert wording.formulaic, wording


def test_the_same_two_notices_alone_are_not_formulaic() -> None:
    """The rule is about the corpus: with no other fillings, nothing shows the form."""
    assert not judge(FORMS[0], FORMS[1], FORMS[:2]).formulaic


def test_a_retelling_shares_its_own_wording() -> None:
    wording = judge(STORY, RETOLD, [*FORMS, STORY, RETOLD])
    assert wording.judged
    assert not wording.formulaic
    assert wording.distinctive >= 10


@pytest.mark.parametrize("retelling", [RETOLD, RETOLD[: RETOLD.index("Some 14,000")]])
def test_a_story_held_in_many_copies_keeps_its_retellings(retelling: str) -> None:
    """Twenty copies put every phrase of the story in twenty documents, so the phrases a
    retelling shares with it are in twenty-one. The bar rises with the story's copy count,
    whether the retelling is the longer text or the shorter."""
    corpus = [*FORMS, *[STORY] * 20, retelling]
    wording = judge(STORY, retelling, corpus)
    assert copy_count(phrase_hashes(STORY), frequencies(corpus)) == 20
    assert copy_count(phrase_hashes(retelling), frequencies(corpus)) == 1
    assert wording.judged
    assert wording.bar == 21
    assert not wording.formulaic


def test_a_form_filled_in_many_times_is_no_copy() -> None:
    """A filled-in form has words of its own (the company's name and business), so its copy
    count stays low however many other fillings the corpus holds."""
    found = frequencies(FORMS)
    assert all(copy_count(phrase_hashes(form), found) <= 2 for form in FORMS)


def test_copies_and_pairs_sharing_almost_nothing_are_not_judged() -> None:
    corpus = [*FORMS, STORY, RETOLD]
    edited = STORY.replace("Tuesday", "Wednesday")
    assert not judge(STORY, edited, [*corpus, edited]).judged
    paraphrase = "A barge collision shut a bridge in a port town; traffic was diverted."
    assert judge(STORY, paraphrase, [*corpus, paraphrase]).shared < _formulaic.MIN_SHARED
    assert not judge(STORY, paraphrase, [*corpus, paraphrase]).formulaic


def test_the_judgement_does_not_depend_on_argument_order() -> None:
    corpus = [*FORMS, STORY, RETOLD]
    assert judge(FORMS[2], FORMS[5], corpus) == judge(FORMS[5], FORMS[2], corpus)
    assert judge(STORY, RETOLD, corpus) == judge(RETOLD, STORY, corpus)


# --------------------------------------------------------------------------- in a scan


def test_without_the_corpus_two_notices_look_derived(embedder: Embedder) -> None:
    """The failure the rule exists for: the compare core, seeing one pair, calls two
    companies' notices from one loose form a retelling."""
    relations = [
        compare_prepared(
            prepare(Document("a", FORMS[0]), embedder), prepare(Document("b", f), embedder)
        ).relation
        for f in FORMS[1:4]
    ]
    assert any(r in DERIVED_RELATIONS for r in relations), relations


@pytest.fixture(scope="module")
def scanned(embedder: Embedder) -> ScanResult:
    documents = [Document(f"notice-{k}", text) for k, text in enumerate(FORMS)]
    documents += [Document("story", STORY), Document("retold", RETOLD)]
    return scan(documents, embedder=embedder)


def test_scan_drops_formulaic_pairs_and_keeps_the_retelling(scanned: ScanResult) -> None:
    derived = {frozenset((m.a, m.b)) for m in scanned.matches if m.relation in DERIVED_RELATIONS}
    assert frozenset(("story", "retold")) in derived
    assert not any(all(x.startswith("notice-") for x in pair) for pair in derived), derived
    assert scanned.stats["formulaic_pairs"] > 0


def test_the_terminal_summary_says_how_many_pairs_the_rule_dropped(
    scanned: ScanResult, tmp_path: Path
) -> None:
    console = Console(record=True, width=200)
    print_summary(scanned, tmp_path / "report.html", console)
    text = console.export_text()
    assert f"{scanned.stats['formulaic_pairs']:,} pairs not reported" in text
    assert "formulaic" in text


BANKS = ["Toronto Dominion", "Bank of Montreal", "Royal Bank", "Bank of Nova Scotia",
         "Canadian Imperial", "National Bank", "Laurentian Bank", "Hongkong Bank"]  # fmt: skip


def prime_cut(bank: str) -> str:
    """A tight form: two fillings share nearly every 3-gram, all but the bank's name."""
    return (
        f"{bank.upper()} CUTS PRIME RATE\n\n"
        f"{bank} said it is cutting its prime lending rate to 8-3/4 pct from 9-1/4 pct, "
        "effective tomorrow, following similar moves by other major banks.\n"
    )


def test_a_tight_form_refilled_is_formulaic_though_it_looks_like_a_copy() -> None:
    notices = [prime_cut(bank) for bank in BANKS]
    wording = judge(notices[1], notices[3], [*notices, STORY, RETOLD])
    assert wording.shared >= _formulaic.SLOT_MIN_SHARED_SHARE * wording.shorter
    assert wording.own_kept is not None
    assert wording.own_kept < _formulaic.SLOT_MAX_OWN_KEPT
    assert wording.refilled
    assert wording.formulaic


@pytest.mark.parametrize(
    "resent",
    [
        prime_cut("Bank of Montreal").replace("tomorrow", "on Monday"),  # a re-sent notice
        STORY.replace("Tuesday", "Wednesday"),  # a copy with a corrected day
        RETOLD,  # a retelling
    ],
)
def test_a_copy_or_retelling_keeps_its_own_wording(resent: str) -> None:
    """A copy, however tight the form, keeps the 3-grams that are its own (the bank's name),
    so it is no refilled form; neither is a retelling of a story the corpus holds once."""
    source = prime_cut("Bank of Montreal") if "PRIME" in resent else STORY
    corpus = [*(prime_cut(bank) for bank in BANKS), STORY, resent]
    wording = judge(source, resent, corpus)
    assert not wording.refilled, wording
    assert not wording.formulaic
