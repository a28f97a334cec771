"""Which companies a text names by stock code, and when two texts are about different ones."""

from __future__ import annotations

import pytest

from retold._companies import Company, companies, companies_apart

PAYOUT = (
    "{name} <{code}> SETS QTLY DIV\nQtly div 15 cts vs 15 cts prior\nPay May 18\nRecord April 27"
)


def test_codes_in_angle_brackets_and_after_an_exchange_are_read_with_their_names() -> None:
    text = (
        "MARINE MIDLAND <MMB> RAISES PRIME RATE\n"
        "Marine Midland Banks Inc said, as did <Franklin Ohio Fund>, that Apple Inc. "
        "(NASDAQ: AAPL), IRDV <IRDV.O> and Phillips <P> agreed."
    )
    found = companies(text)
    assert [c.code for c in found] == ["MMB", "FRANKLIN OHIO FUND", "AAPL", "IRDV", "P"]
    assert found[0] == Company("MMB", frozenset({"marine", "midland"}))
    # the four words before a code (legal forms and short words left out), and a bracketed
    # name's own words
    assert found[1].name_words == {"said", "did", "franklin", "ohio", "fund"}
    assert {"apple"} <= found[2].name_words
    # a line break ends the name: the headline's words do not run into the body
    assert "prime" not in found[1].name_words
    assert companies("No codes here, only <3 and a < b > c.") == []


def test_one_form_filled_in_for_two_companies_is_about_different_companies() -> None:
    first = PAYOUT.format(name="PACIFIC LIGHTING CORP", code="PLT")
    second = PAYOUT.format(name="ALASKA AIR GROUP INC", code="ALK")
    assert companies_apart(first, second)
    assert companies_apart(second, first)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # a re-send with its ticker corrected, or given an exchange suffix
        (("MURRAY OHIO", "MUR"), ("MURRAY OHIO", "MYO")),
        (("INTERNATIONAL RESEARCH", "IRDV"), ("INT'L RESEARCH/DEVELOPMENT", "IRDV.O")),
        # the same listing, the name spelled differently
        (("WESTAMERICA BANCORP", "WAB"), ("WESTAMERICA BANCORPORATION", "WAB")),
    ],
)
def test_one_company_under_two_spellings_is_one_company(
    first: tuple[str, str], second: tuple[str, str]
) -> None:
    a = PAYOUT.format(name=first[0], code=first[1])
    b = PAYOUT.format(name=second[0], code=second[1])
    assert not companies_apart(a, b)


def test_a_text_that_mentions_the_other_company_or_names_none_is_left_alone() -> None:
    bidder = "DART GROUP <DARTA> BIDS FOR SUPERMARKETS GENERAL\nDart offered 41.75 dlrs a share."
    target = "SUPERMARKETS GENERAL <SGL> GETS BID\nThe company said Dart Group made the offer."
    assert not companies_apart(bidder, target)  # the target's story names the bidder
    plain = "Pacific Lighting set its quarterly dividend at 15 cents."
    assert not companies_apart(PAYOUT.format(name="ALASKA AIR", code="ALK"), plain)
    assert not companies_apart("", "")
    # a name with no word to look for may be in the other text under another code
    short_name = PAYOUT.format(name="PS GROUP INC", code="PSG")
    assert not companies_apart(short_name, PAYOUT.format(name="NEWHALL RESOURCES", code="NR"))
