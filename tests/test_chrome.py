"""Page-chrome removal on invented content-farm layouts, plus the safety guards."""

from __future__ import annotations

import pytest

from retold._chrome import chrome_reason, line_key, normalize_text, repeated_lines, strip_chrome

TITLE = "Fire destroys warehouse on Portvale waterfront"

P1 = (
    "PORTVALE, Ore. — A three-alarm fire destroyed a cold-storage warehouse on the Portvale "
    "waterfront late Monday, injuring two firefighters."
)
P2 = (
    "The blaze was reported at 10:47 p.m. at the Pier 7 warehouse operated by Halvorsen Cold "
    "Storage, according to the fire department."
)
P3 = (
    "Port Director Leonard Vasquez said the remaining piers would reopen Wednesday, though "
    "Harbor Road will stay closed."
)
SUBHEADING = "What happens next"

LAYOUT_A = f"""Home » News » Local
{TITLE}
By Jane Doe
Estimated read time 3 min
Share
Tweet
WhatsApp

{P1}

{P2}

{SUBHEADING}

{P3}

Tags: fire, Portvale, harbor
Share
There are no comments
You May Also Like
Mayor unveils new budget plan
Ferry service resumes after storm
Five things to do this weekend in Portvale
More From Author
Local bakery wins state award
"""

LAYOUT_B = f"""TRENDING NOW
Posted on March 12, 2024 by admin
4 min read
{TITLE.upper()}!

{P1}
{P2}
Copy link
Pin it
LinkedIn
Comments (3)
Related posts
Harbor crews clean up oil spill
City council approves new budget after months of heated debate over police funding
Sign up for our newsletter
© 2024 Daily Buzz Hub
"""


def test_layout_a_is_cleaned_and_subheading_kept() -> None:
    text, removed = strip_chrome(LAYOUT_A, title=TITLE)
    assert text == f"{P1}\n\n{P2}\n\n{SUBHEADING}\n\n{P3}"
    assert removed == (
        "Home » News » Local",
        TITLE,
        "By Jane Doe",
        "Estimated read time 3 min",
        "Share",
        "Tweet",
        "WhatsApp",
        "Tags: fire, Portvale, harbor",
        "Share",
        "There are no comments",
        "You May Also Like",
        "Mayor unveils new budget plan",
        "Ferry service resumes after storm",
        "Five things to do this weekend in Portvale",
        "More From Author",
        "Local bakery wins state award",
    )


def test_layout_b_with_other_widgets_is_cleaned() -> None:
    text, removed = strip_chrome(LAYOUT_B, title=TITLE)
    assert text == f"{P1}\n\n{P2}"
    assert removed == (
        "TRENDING NOW",
        "Posted on March 12, 2024 by admin",
        "4 min read",
        f"{TITLE.upper()}!",
        "Copy link",
        "Pin it",
        "LinkedIn",
        "Comments (3)",
        "Related posts",
        "Harbor crews clean up oil spill",
        "City council approves new budget after months of heated debate over police funding",
        "Sign up for our newsletter",
        "© 2024 Daily Buzz Hub",
    )


def test_removed_lines_keep_their_order() -> None:
    raw = f"Share\n{P1}\nAdvertisement\n{P2}\nPrint"
    text, removed = strip_chrome(raw)
    assert text == f"{P1}\n\n{P2}"
    assert removed == ("Share", "Advertisement", "Print")


def test_title_repeat_is_removed_even_inside_the_body() -> None:
    raw = f"{P1}\n\n{TITLE.lower()}.\n\n{P2}"
    text, removed = strip_chrome(raw, title=f"  {TITLE}  ")
    assert text == f"{P1}\n\n{P2}"
    assert removed == (f"{TITLE.lower()}.",)


def test_only_the_first_title_repeat_goes() -> None:
    raw = f"{TITLE}\n\n{P1}\n\n{TITLE}\n\n{P2}"
    text, removed = strip_chrome(raw, title=TITLE)
    assert removed == (TITLE,)
    assert text == f"{P1}\n\n{TITLE}\n\n{P2}"


def test_short_subheadings_inside_the_body_are_kept() -> None:
    raw = f"{P1}\n\nThe cause\n\n{P2}\n\nWhat comes next\n\n{P3}"
    text, removed = strip_chrome(raw)
    assert text == raw
    assert removed == ()


def test_prose_only_text_is_unchanged() -> None:
    raw = f"{P1}\n\n{P2}\n\n{P3}"
    assert strip_chrome(raw) == (raw, ())


def test_all_chrome_keeps_the_original() -> None:
    raw = "Share\nTweet\nThere are no comments\nYou May Also Like"
    text, removed = strip_chrome(raw)
    assert text == "Share\n\nTweet\n\nThere are no comments\n\nYou May Also Like"
    assert removed == ()


def test_headline_only_text_survives_by_dropping_only_widgets() -> None:
    text, removed = strip_chrome("Share\nFire destroys warehouse\nTweet")
    assert text == "Fire destroys warehouse"
    assert removed == ("Share", "Tweet")


def test_you_may_also_like_tail_is_removed() -> None:
    raw = (
        f"{P1}\n\n{P2}\n\nYou might also like:\n\n"
        "Ten habits that could lower your grocery bill\n\n"
        "Should you ever skip breakfast?\n\n"
        "Celebrity chef opens floating restaurant on the coast\n\n"
        "Leave a reply\n\nYour email address will not be published *"
    )
    text, removed = strip_chrome(raw)
    assert text == f"{P1}\n\n{P2}"
    assert removed[0] == "You might also like:"
    assert removed[-1] == "Your email address will not be published *"
    assert len(removed) == 6


def test_tail_keeps_a_protected_headline_but_drops_the_rest() -> None:
    question = "Why do experts say you should never skip breakfast?"
    raw = (
        f"{P1}\n\n{P2}\n\nYou May Also Like\n\nTen habits that could lower your grocery bill"
        f"\n\n{question}\n\nCelebrity chef opens floating restaurant on the coast"
    )
    text, removed = strip_chrome(raw)
    assert text == f"{P1}\n\n{P2}\n\n{question}"
    assert len(removed) == 3


def test_tail_with_real_prose_after_the_header_is_not_cut_wholesale() -> None:
    raw = f"{P1}\n\nRelated\n\nMayor unveils budget\n\n{P2}"
    text, removed = strip_chrome(raw)
    assert text == f"{P1}\n\n{P2}"
    assert removed == ("Related", "Mayor unveils budget")


def test_long_sentence_is_never_removed_even_if_a_pattern_matches() -> None:
    pitch = "Subscribe to our newsletter to get the latest harbor news every morning."
    text, removed = strip_chrome(f"{P1}\n\n{pitch}", extra_chrome=frozenset({line_key(pitch)}))
    assert pitch in text
    assert removed == ()


def test_margin_duplicates_and_short_margin_lines_go() -> None:
    raw = f"Cascadia Wire\n{P1}\n{P2}\nCascadia Wire\nPhoto gallery"
    text, removed = strip_chrome(raw)
    assert text == f"{P1}\n\n{P2}"
    assert removed == ("Cascadia Wire", "Cascadia Wire", "Photo gallery")


def test_extra_chrome_lines_are_removed_anywhere() -> None:
    raw = f"{P1}\n\nPortvale Daily Deals Club\n\n{P2}"
    text, removed = strip_chrome(raw, extra_chrome=frozenset({"portvale daily deals club"}))
    assert text == f"{P1}\n\n{P2}"
    assert removed == ("Portvale Daily Deals Club",)


def test_normalization_of_spaces_blank_lines_and_unicode() -> None:
    raw = f"  {P1}\u00a0 \r\n\r\n\r\n\r\nCafe\u0301 owners said the fire hurt trade.\t\n"
    text, _ = strip_chrome(raw)
    assert text == f"{P1}\n\nCafé owners said the fire hurt trade."
    assert "\u0301" not in text
    assert normalize_text("a\u00a0\u00a0b.  \nc\u200b") == "a b.\nc"
    # a line that breaks off mid-sentence and goes on in lower case is one wrapped line
    assert normalize_text("a\u00a0\u00a0b  \nc\u200b") == "a b c"


def test_empty_text() -> None:
    assert strip_chrome("") == ("", ())
    assert strip_chrome(" \n\n ") == ("", ())


@pytest.mark.parametrize(
    ("line", "family"),
    [
        ("Estimated read time 3 min", "read-time"),
        ("3 min read", "read-time"),
        ("Reading time: 4 minutes", "read-time"),
        ("Share this article", "share"),
        ("Facebook Twitter WhatsApp Email", "share"),
        ("Pin it", "share"),
        ("No comments yet", "comments"),
        ("Leave a comment", "comments"),
        ("Add yours", "comments"),
        ("0 Comments", "comments"),
        ("Comments (3)", "comments"),
        ("You May Also Like", "recirculation"),
        ("More from Jane Doe", "recirculation"),
        ("Related articles", "recirculation"),
        ("Popular posts", "recirculation"),
        ("Recommended", "recirculation"),
        ("Trending", "recirculation"),
        ("Read more", "promo"),
        ("Read more: Mayor resigns after audit", "promo"),
        ("Advertisement", "promo"),
        ("Sponsored", "promo"),
        ("Subscribe now for $1", "promo"),
        ("Sign up for our newsletter", "promo"),
        ("By Jane Doe", "byline"),
        ("By JANE DOE and LI WEI | Staff", "byline"),
        ("Updated 3 hours ago", "timestamp"),
        ("Tuesday, March 12, 2024 at 10:47 a.m. PT", "timestamp"),
        ("Tags: fire, harbor, Portvale", "tags"),
        ("Home » News » World", "breadcrumb"),
        ("Politics | World | Business", "breadcrumb"),
    ],
)
def test_pattern_families(line: str, family: str) -> None:
    assert chrome_reason(line) == family


@pytest.mark.parametrize(
    "line",
    [
        "By Tuesday the fire was out",
        "Share prices fell sharply",
        "Related charges were filed against the owner",
        "12 34 56",
        "Subscribers will pay more starting in May.",
        "The cause",
        "",
    ],
)
def test_ordinary_lines_match_no_pattern(line: str) -> None:
    assert chrome_reason(line) is None


def test_line_key_ignores_case_space_and_punctuation() -> None:
    assert line_key("  SHARE   this! ") == line_key("Share this") == "share this"


def test_repeated_lines_finds_corpus_chrome_but_not_shared_sentences() -> None:
    shared_sentence = "No one was injured in the fire, officials said."
    docs = [
        f"Daily Buzz Hub Exclusive\n{P1}\n{shared_sentence}\nFollow the Buzz" for _ in range(4)
    ] + [f"{P2}\n{P3}" for _ in range(6)]
    found = repeated_lines(docs, min_docs=3, min_share=0.2)
    assert found == frozenset({"daily buzz hub exclusive", "follow the buzz"})


def test_repeated_lines_thresholds() -> None:
    docs = ["Widget line\nThe body text is here."] * 2 + ["Another story is told here."] * 8
    assert repeated_lines(docs, min_docs=3) == frozenset()
    assert repeated_lines(docs, min_docs=2, min_share=0.3) == frozenset()
    assert repeated_lines(docs, min_docs=2, min_share=0.2) == frozenset({"widget line"})
    assert repeated_lines([]) == frozenset()


def test_repeated_lines_counts_each_document_once() -> None:
    docs = ["Buy now\nBuy now\nBuy now"] + ["Plain story text here."] * 3
    assert repeated_lines(docs, min_docs=2, min_share=0.0) == frozenset()


def test_a_dividend_notice_keeps_its_rows() -> None:
    title = "DOW CHEMICAL CO <DOW> REGULAR DIVIDEND"
    rows = "Qtly div 50 cts vs 50 cts prior\nPay April 30\nRecord March 31"
    cleaned, removed = strip_chrome(f"{title}\n\n{rows}\nReuter", title=title)
    assert cleaned.split("\n\n") == [
        "Qtly div 50 cts vs 50 cts prior",
        "Pay April 30",
        "Record March 31",
    ]
    assert removed == ("DOW CHEMICAL CO <DOW> REGULAR DIVIDEND", "Reuter")


def test_a_results_table_keeps_its_spelled_out_first_row_and_section_labels() -> None:
    rows = [
        "Shr six cts vs eight cts",
        "Net 155,764 vs 98,000",
        "Revs 6,506,792 vs 5,120,003",
        "Year",
        "Shr 21 cts vs 30 cts",
        "Net 612,000 vs 701,000",
    ]
    # as on the wire: the first row flush left, the others indented like new paragraphs
    table = "\n    ".join(rows)
    cleaned, _ = strip_chrome(f"DONEGAL GROUP INC YEAR NET\n\n{table}\n Share this")
    assert cleaned.split("\n\n") == rows


def test_widget_lines_with_numbers_are_not_a_table() -> None:
    cleaned, removed = strip_chrome(f"3 min read\n12 Comments\n{P1}")
    assert cleaned == P1
    assert removed == ("3 min read", "12 Comments")


def test_a_figures_only_body_keeps_its_title_rather_than_nothing() -> None:
    title = "PRS ADD PARIS SUGAR CLOSING - APR 07"
    cleaned, _ = strip_chrome(f"{title}\n\n1010", title=title)
    assert cleaned == f"{title}\n\n1010"


def test_a_price_table_is_not_a_column_of_dates() -> None:
    rows = [
        "APR 122.3 122.3 122.3 1,613",
        "MAY 124.3 123.5 123.6 3,832",
        "JUN 125.2 124.6 124.6 2,640",
    ]
    # as on the wire: each row indented under a flush-left heading
    cleaned, _ = strip_chrome("\n".join(["LIVE CATTLE FUTURES", "", *(" " + row for row in rows)]))
    assert cleaned.split("\n\n")[-3:] == rows
    assert chrome_reason("Tuesday, July 15, 2008 at 11:27 AM") == "timestamp"
    assert chrome_reason("15.07.2008 11:27") == "timestamp"
