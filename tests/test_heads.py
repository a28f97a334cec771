"""Two texts on one form that lead with different subjects."""

from __future__ import annotations

import pytest

from retold._heads import Heads, subject_heads


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


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # a re-send with a typo corrected, or its head abbreviated
        ("LOMDON LIFFE STERLING CLOSE 1612 - APR 7", "LONDON LIFFE STERLING CLOSE 1612 - APR 7"),
        ("INTERNATIONAL HYDRON CORP 4TH QTR NET", "INT'L HYDRON CORP 4TH QTR NET"),
        # a correction puts a word before the head it keeps
        ("LILLY INDUSTRIAL COATINGS 1ST QTR NET", "CORRECTED-LILLY INDUSTRIAL COATINGS 1ST QTR NET"),
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
