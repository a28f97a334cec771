"""Corpus template sentences: forms filled with different figures are never reuse evidence."""

from __future__ import annotations

import numpy as np
import pytest

from retold import scan
from retold._compare import block_sentences, compare_prepared, prepare
from retold._embed import Embedder
from retold._templates import MIN_DOCS, MIN_VARIANTS, TemplateCounter, sentence_keys
from retold.model import DERIVED_RELATIONS, Document

COMPANIES = [
    "Acme Tools", "Borealis Mining", "Cobalt Freight", "Delta Paper", "Ember Foods",
    "Fjord Shipping", "Granite Homes", "Harbor Bancorp", "Iris Optics", "Juniper Health",
    "Kestrel Air", "Lumen Power", "Marlow Textiles", "Nimbus Software", "Orchard Farms",
    "Pillar Insurance", "Quarry Cement", "Redwood Timber", "Summit Hotels", "Tidewater Gas",
    "Umber Chemicals", "Vantage Retail", "Willow Media", "Yarrow Pharma",
]  # fmt: skip


FILLINGS = 6
"""Distinct fillings of the notice form: notices ``k`` and ``k + FILLINGS`` have equal figures."""


def notice(k: int, company: str) -> str:
    """A dividend notice from one nameless form, its figures one of :data:`FILLINGS` sets.

    Two companies often declare the same dividend on the same dates, so two notices can share
    every figure: then nothing but the corpus-wide count of fillings tells a form from a copy.
    """
    m = k % FILLINGS
    return (
        f"{company} raises quarterly dividend\n\n"
        f"The board declared a quarterly dividend of {10 + m} cts a share, against "
        f"{8 + m} cts in the prior quarter.\n"
        f"The dividend is payable April {1 + m} to shareholders of record "
        f"March {2 + m}.\n"
        f"Earnings per share were {30 + 2 * m} cts for the quarter, compared with "
        f"{25 + m} cts a year earlier.\n"
    )


def keys(*texts: str) -> tuple[np.ndarray, np.ndarray]:
    return sentence_keys(list(texts))


def test_fillings_of_one_form_share_a_shape_but_not_a_wording() -> None:
    shapes, exact = keys("Qtly div 30 cts vs 30 cts prior", "Qtly div eight cts vs seven cts prior")
    assert shapes[0] == shapes[1] != 0
    assert exact[0] != exact[1]


def test_different_words_make_different_shapes() -> None:
    shapes, _ = keys("Qtly div 30 cts vs 30 cts prior", "Qtly div 30 cts vs 30 cts later")
    assert shapes[0] != shapes[1]


def test_names_are_masked_like_figures() -> None:
    shapes, exact = keys("Acme Tools raises its dividend", "Borealis Mining raises its dividend")
    assert shapes[0] == shapes[1]
    assert exact[0] != exact[1]


def test_a_lone_figure_or_word_is_not_counted() -> None:
    shapes, _ = keys("Reuter", "April 15, 1987", "Pay 30 cts", "Pay 30 cts now")
    assert shapes.tolist()[:3] == [0, 0, 0]
    assert shapes[3] != 0  # two lower-case words around the figures make a form


def test_keys_are_the_same_in_every_call() -> None:
    first = keys("Shr loss 28 cts vs loss 29 cts")
    second = keys("Shr loss 28 cts vs loss 29 cts")
    assert first[0].tolist() == second[0].tolist()
    assert first[1].tolist() == second[1].tolist()


def count(texts: list[str]) -> frozenset[int]:
    counter = TemplateCounter()
    for text in texts:
        counter.add(*keys(text))
    return counter.templates()


def test_a_form_filled_differently_across_many_documents_is_a_template() -> None:
    texts = [f"Qtly div {k} cts vs {k + 1} cts prior" for k in range(MIN_DOCS)]
    assert count(texts) == {int(keys(texts[0])[0][0])}


def test_a_sentence_copied_word_for_word_into_many_documents_is_not() -> None:
    texts = ["The storm closed the harbour bridge for 12 hours on Tuesday."] * (MIN_DOCS + 10)
    assert count(texts) == frozenset()


def test_too_few_documents_or_fillings_make_no_template() -> None:
    few_docs = [f"Qtly div {k} cts vs {k + 1} cts prior" for k in range(MIN_DOCS - 1)]
    few_fillings = [f"Qtly div {k % (MIN_VARIANTS - 1)} cts prior" for k in range(MIN_DOCS * 2)]
    assert count(few_docs) == frozenset()
    assert count(few_fillings) == frozenset()


def test_an_empty_corpus_has_no_templates() -> None:
    assert TemplateCounter().templates() == frozenset()
    assert count(["", "Reuter"]) == frozenset()


@pytest.fixture(scope="module")
def notices() -> list[Document]:
    return [
        Document(id=f"notice-{k}", text=notice(k, company)) for k, company in enumerate(COMPANIES)
    ]


def test_without_blocking_two_notices_look_derived(
    notices: list[Document], embedder: Embedder
) -> None:
    """The failure this module exists for: the compare core alone calls two companies'
    notices from one form, filled with the same figures, a retelling (their body sentences are
    the same; only the corpus shows the form filled in other ways)."""
    a, b = prepare(notices[0], embedder), prepare(notices[FILLINGS], embedder)
    assert compare_prepared(a, b).relation in DERIVED_RELATIONS


def test_notices_filled_with_other_figures_are_not_derived(
    notices: list[Document], embedder: Embedder
) -> None:
    """Filled with other figures, the compare core itself sees a form (figures disagree)."""
    a, b = prepare(notices[0], embedder), prepare(notices[1], embedder)
    assert compare_prepared(a, b).relation not in DERIVED_RELATIONS


def test_blocked_template_sentences_are_never_linked(
    notices: list[Document], embedder: Embedder
) -> None:
    a, b = prepare(notices[0], embedder), prepare(notices[FILLINGS], embedder)
    body = np.array([False, True, True, True])
    assert len(a.sentences) == len(body)
    comparison = compare_prepared(block_sentences(a, body), block_sentences(b, body))
    assert [(link.a, link.b) for link in comparison.links] == [((0,), (0,))]  # the title only


def test_an_empty_mask_changes_nothing(notices: list[Document], embedder: Embedder) -> None:
    a = prepare(notices[0], embedder)
    assert block_sentences(a, np.zeros(len(a.sentences), bool)) is a


def test_scan_reports_no_retelling_between_notices_of_one_form(
    notices: list[Document], embedder: Embedder
) -> None:
    copy = Document(id="notice-0-copy", text=notices[0].text)
    result = scan([*notices, copy], embedder=embedder)
    assert result.stats["template_shapes"] == 4  # "# raises quarterly dividend" is one
    assert result.stats["template_sentences"] == 4 * len(notices) + 4
    derived = [(m.a, m.b, m.relation) for m in result.matches if m.relation in DERIVED_RELATIONS]
    assert derived == [("notice-0", "notice-0-copy", "duplicate")]
