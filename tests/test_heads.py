"""Two texts on one form that lead with different subjects."""

from __future__ import annotations

import pytest

from retold._heads import Heads, subject_heads, title_swap


def test_two_subjects_before_one_form_are_found_with_their_heads() -> None:
    first = "CHEMICAL BANK CUTS PRIME RATE TO 9.25 PCT FROM 9.75 PCT, EFFECTIVE IMMEDIATELY"
    second = "FIRST REPUBLIC BANK DALLAS CUTS PRIME RATE TO 9.25 PCT FROM 9.75 PCT, TODAY"
    assert subject_heads(first, second) == Heads(
        "chemical bank", "first republic bank dallas", "cuts prime rate to 9.25 pct from 9.75 pct"
    )
    mixed = (
        "Bank of France added money market liquidity at 7-3/4 pct - dealers",
        "Bundesbank adds money market liquidity at 3.70-3.80 pct - dealers",
    )
    assert subject_heads(*mixed) is not None
    # a headline in capitals with a unit in lower case is still no prose naming anything
    unit = (
        "SUN RAISES CRUDE POSTINGS 50 CTS, WTI TO 17.50 dlrs/bbl",
        "CITGO RAISES CRUDE POSTINGS 50 CTS",
    )
    assert subject_heads(*unit) == Heads("sun", "citgo", "raises crude postings 50 cts")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # a re-send with a typo corrected, or its head abbreviated
        ("LOMDON LIFFE STERLING CLOSE 1612 - APR 7", "LONDON LIFFE STERLING CLOSE 1612 - APR 7"),
        ("INTERNATIONAL HYDRON CORP 4TH QTR NET", "INT'L HYDRON CORP 4TH QTR NET"),
        # a correction puts a word before the head it keeps
        (
            "LILLY INDUSTRIAL COATINGS 1ST QTR NET",
            "CORRECTED-LILLY INDUSTRIAL COATINGS 1ST QTR NET",
        ),
        # a new head, but the other text names the old one
        (
            "SUPERMARKETS GENERAL GETS BID OF 41.75 DLRS A SHARE",
            "DART GROUP MAKES BID OF 41.75 DLRS A SHARE FOR SUPERMARKETS GENERAL",
        ),
        # the subject renamed, but the name that follows is the same company (a name inside
        # a sentence of the body, or a stock code)
        (
            "ITALY'S AGIP PETROLI BUYS STAKE\nThe state firm Agip Petroli said it bought it.",
            "ENI UNIT AGIP PETROLI BUYS STAKE\nA subsidiary of ENI said it bought the stake.",
        ),
        ("FIELDCOR <FICR.O> TO ADD TO LOAN LOSSES", "FIDELCOR INC <FICR.O> TO ADD TO LOAN LOSSES"),
        # the same words right from the start, or too long a head before them
        ("Sun raises crude postings 50 cts", "Sun Co raises crude postings 50 cts"),
        (
            "The oil company in the south of Texas said it raises crude postings 50 cts",
            "Murphy raises crude postings 50 cts",
        ),
        # heads followed by fewer than three shared words
        ("PHILLIPS RAISES CRUDE PRICES", "MURPHY RAISES CRUDE POSTINGS"),
        ("", "MURPHY RAISES CRUDE POSTINGS"),
    ],
)
def test_one_subject_or_no_shared_form_is_left_alone(first: str, second: str) -> None:
    assert subject_heads(first, second) is None


COCOA = "LONDON COCOA {when} - APR 7\n\nMTH BYR SLR HIGH LOW SALES\n\nTOTAL SALES {sales}"


def test_one_table_at_another_hour_or_market_has_its_own_title_words() -> None:
    swapped = title_swap(
        COCOA.format(when="1300", sales="1013"), COCOA.format(when="CLOSING", sales="2227")
    )
    assert swapped == Heads("1300", "closing", "london cocoa apr 7")
    aluminium = "N.Y. COMEX ALUMINUM OFFICIAL VOLUME FOR APRIL 6\n\nAPL 0\n\nJNE 0\n\nJLY 2"
    silver = "N.Y. COMEX SILVER OFFICIAL VOLUME FOR APRIL 6\n\nAPL 0\n\nJne 9\n\nJLY 6188"
    assert title_swap(aluminium, silver) == Heads(
        "aluminum", "silver", "n.y comex official volume for april 6"
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # re-sent, corrected or revised: only one title gains a word
        (COCOA.format(when="CLOSING", sales="2227"), COCOA.format(when="CLOSING", sales="2227")),
        (
            COCOA.format(when="CLOSING", sales="2227"),
            "CORRECTED - " + COCOA.format(when="CLOSING", sales="2272"),
        ),
        # a ticker corrected, or the name abbreviated, in a re-sent results table
        (
            "WESTAMERICA BANCORP <WAB> 1ST QTR NET\nShr 98 cts vs 63 cts\nNet 2,602,000",
            "WESTAMERICA BANCORPORATION <WSAM> 1ST QTR NET\nShr 98 cts vs 63 cts\nNet 2,602,000",
        ),
        (
            "INTERNATIONAL HYDRON <HYD> 4TH QTR NET\nOper shr profit six cts\nOper net 1.2 mln",
            "INT'L HYDRON <HYD> 4TH QTR OPER NET\nOper shr profit six cts\nOper net 1.2 mln",
        ),
        # prose is no table: long lines ending sentences
        (
            "Cocoa rose at the opening.\nTraders said buying came from producers in the west.",
            "Coffee fell at the close.\nDealers said selling came from roasters in the east.",
        ),
    ],
)
def test_the_same_table_or_no_table_is_left_alone(first: str, second: str) -> None:
    assert title_swap(first, second) is None
