"""Tests of the HTML report: structure, content, row order, word diff and escaping."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

from builders import sentences
from retold._html import (
    alignment_rows,
    render_comparison_page,
    render_comparison_section,
    render_index_page,
    word_diff,
)
from retold.model import (
    Comparison,
    Direction,
    Document,
    FactChange,
    Link,
    Scores,
)

A_TEXTS = (
    "The council approved the budget on Monday.",
    "It includes 12 new schools.",
    "The mayor called it historic.",
    "Critics were not consulted.",
)
B_TEXTS = (
    "The council approved the budget on Monday.",
    "The plan pays for 15 new schools.",
    "Residents will vote in May.",
    "The mayor called the plan historic.",
)
PAYLOAD = '<script>alert("x")</script> "><img src=x onerror=alert(1)>'

VOID = {"meta", "col", "br", "hr", "img", "input", "link", "wbr"}


def make_comparison(
    a_texts: tuple[str, ...] = A_TEXTS, b_texts: tuple[str, ...] = B_TEXTS, **doc_fields: str
) -> Comparison:
    """The invented pair: a copied, a paraphrased and an edited link, one added, one dropped."""
    a = Document(
        id="a-council",
        text=" ".join(a_texts),
        title="Budget passes",
        date="2024-03-04",
        url="https://example.org/a",
        removed=("Subscribe now", "Share this"),
    )
    b = Document(id="b-council", text=" ".join(b_texts), title="Council budget", url="b.html")
    if doc_fields:
        a = dataclasses.replace(a, **doc_fields)
        b = dataclasses.replace(b, **doc_fields)
    return Comparison(
        a=a,
        b=b,
        a_sentences=sentences(a_texts),
        b_sentences=sentences(b_texts),
        relation="rewrite",
        direction=Direction("a_to_b", ("B is shorter", "A is dated earlier")),
        scores=Scores(0.75, 0.7, 0.31, 0.92, 0.84, 0.5, 0.81),
        links=(
            Link((0,), (0,), "copied", 1.0),
            Link((1,), (1,), "paraphrased", 0.71),
            Link((2,), (3,), "edited", 0.88),
        ),
        added=(2,),
        dropped=(3,),
        changes=(FactChange("number", "12", "15", 1),),
        reasons=("3 of 4 A sentences reused", "wording changed throughout"),
    )


class TagCollector(HTMLParser):
    """Records start tags and checks that every non-void element is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> TagCollector:
    """Parse a page, failing on any unclosed or mis-nested element."""
    collector = TagCollector()
    collector.feed(page)
    collector.close()
    assert collector.errors == []
    assert collector.stack == []
    return collector


def tags(collector: TagCollector, name: str) -> list[dict[str, str | None]]:
    """Attributes of every start tag called ``name``."""
    return [attrs for tag, attrs in collector.starts if tag == name]


# --------------------------------------------------------------------------- rows & diff


def test_rows_follow_b_order_with_dropped_after_preceding_a_sentence() -> None:
    rows = alignment_rows(make_comparison())
    assert [(r.kind, r.a, r.b) for r in rows] == [
        ("copied", (0,), (0,)),
        ("paraphrased", (1,), (1,)),
        ("added", (), (2,)),
        ("edited", (2,), (3,)),
        ("dropped", (3,), ()),
    ]


def test_dropped_sentence_at_start_and_in_the_middle() -> None:
    c = dataclasses.replace(
        make_comparison(),
        links=(Link((2,), (0,), "copied", 1.0), Link((3,), (1,), "edited", 0.9)),
        dropped=(0, 1),
        added=(2, 3),
        changes=(),
    )
    kinds = [(r.kind, r.a, r.b) for r in alignment_rows(c)]
    assert kinds == [
        ("dropped", (0,), ()),
        ("dropped", (1,), ()),
        ("copied", (2,), (0,)),
        ("edited", (3,), (1,)),
        ("added", (), (2,)),
        ("added", (), (3,)),
    ]


def test_word_diff_flags_only_changed_words() -> None:
    a_tokens, b_tokens = word_diff("It includes 12 new schools.", "It includes 15 NEW schools!")
    assert [w for w, changed in a_tokens if changed] == ["12"]
    assert [w for w, changed in b_tokens if changed] == ["15"]
    assert [w for w, _ in b_tokens] == ["It", "includes", "15", "NEW", "schools!"]


def test_word_diff_of_empty_text() -> None:
    assert word_diff("", "new words") == ([], [("new", True), ("words", True)])


# --------------------------------------------------------------------------- page content


def test_page_is_well_formed_and_self_contained() -> None:
    page = render_comparison_page(make_comparison())
    parsed = parse(page)
    assert page.startswith("<!DOCTYPE html>")
    csp = [m for m in tags(parsed, "meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert csp
    assert "default-src 'none'" in (csp[0]["content"] or "")
    assert len(tags(parsed, "script")) == 1
    assert all("src" not in attrs for attrs in tags(parsed, "script"))
    assert tags(parsed, "link") == []
    assert tags(parsed, "img") == []
    assert "Page chrome removed (2 lines)" in page


def test_page_shows_sentences_kinds_and_fact_change() -> None:
    page = render_comparison_page(make_comparison(), title="Report")
    text = " ".join(parse(page).text)
    assert "<title>Report</title>" in page
    assert "Rewrite" in text
    assert "A is the likely source" in text
    assert "B is shorter" in text
    assert "3 of 4 A sentences reused" in text
    for sentence in A_TEXTS + B_TEXTS:
        assert all(word in text for word in sentence.split())
    assert "Residents will vote in May." in text
    assert "Critics were not consulted." in text
    assert 'class="row r-added"' in page
    assert 'class="row r-dropped"' in page
    assert "Facts that changed" in text
    assert '<span class="fa">12</span> → <span class="fb">15</span>' in page
    assert '<td class="fa">12</td>' in page
    assert "<del>It includes 12</del>" in page
    assert "<ins>The plan pays for 15</ins>" in page
    assert "<del>it</del>" in page
    assert "<ins>the plan</ins>" in page
    assert "75%" in text
    assert "0.81" in text


def test_plain_url_is_text_and_http_url_is_link() -> None:
    parsed = parse(render_comparison_page(make_comparison()))
    hrefs = [attrs["href"] for attrs in tags(parsed, "a")]
    assert "https://example.org/a" in hrefs
    assert "b.html" not in hrefs


def test_section_is_a_fragment() -> None:
    fragment = render_comparison_section(make_comparison(), anchor="pair-7")
    parse(fragment)
    assert fragment.startswith('<section class="comparison" id="pair-7">')
    assert "<html" not in fragment
    assert "<script" not in fragment


# --------------------------------------------------------------------------- escaping


def hostile_comparison() -> Comparison:
    """The pair with the payload in every place article text can reach."""
    c = make_comparison(
        a_texts=(PAYLOAD, *A_TEXTS[1:]),
        b_texts=(B_TEXTS[0], B_TEXTS[1], PAYLOAD, B_TEXTS[3]),
        id=PAYLOAD,
        title=PAYLOAD,
        url='javascript:alert(1)"><img src=x onerror=alert(1)>',
        source=PAYLOAD,
        removed=(PAYLOAD,),
    )
    b = dataclasses.replace(c.b, url='https://x.example/"><img src=x onerror=alert(1)>')
    return dataclasses.replace(
        c,
        b=b,
        links=(Link((0,), (0,), "edited", 0.5), *c.links[1:]),
        changes=(FactChange("quote", PAYLOAD, PAYLOAD + "!", 0), *c.changes),
        reasons=(PAYLOAD,),
        direction=Direction("a_to_b", (PAYLOAD,)),
    )


def assert_no_injection(page: str) -> None:
    """Only our own script tag, no img tag, no event handlers, no javascript: links."""
    parsed = parse(page)
    assert "<script>alert" not in page
    assert "<img" not in page
    assert tags(parsed, "img") == []
    assert len(tags(parsed, "script")) <= 1
    for _, attrs in parsed.starts:
        assert not any(name.startswith("on") for name in attrs)
    for attrs in tags(parsed, "a"):
        assert (attrs["href"] or "").startswith(("#", "http://", "https://"))
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_page_escapes_article_text_everywhere() -> None:
    page = render_comparison_page(hostile_comparison())
    assert_no_injection(page)
    assert len(tags(parse(page), "script")) == 1
    assert "javascript:alert(1)&quot;&gt;" in page
    assert 'href="javascript' not in page


def test_index_page_escapes_too() -> None:
    page = render_index_page([hostile_comparison()], title=PAYLOAD, subtitle=PAYLOAD)
    assert_no_injection(page)
    assert len(tags(parse(page), "script")) == 1


def test_custom_page_title_is_escaped() -> None:
    assert_no_injection(render_comparison_page(make_comparison(), title=PAYLOAD))


def test_anchor_cannot_break_out_of_its_attribute() -> None:
    fragment = render_comparison_section(make_comparison(), anchor='x" onmouseover="alert(1)')
    parsed = parse(fragment)
    assert all(not name.startswith("on") for _, attrs in parsed.starts for name in attrs)
    assert tags(parsed, "section")[0]["id"] == 'x" onmouseover="alert(1)'


# --------------------------------------------------------------------------- index page


def test_index_page_links_to_each_section_grouped_by_relation() -> None:
    base = make_comparison()
    comparisons = [
        dataclasses.replace(base, relation="same_story"),
        dataclasses.replace(base, relation="duplicate"),
        dataclasses.replace(base, relation="rewrite"),
    ]
    page = render_index_page(comparisons, title="Demo", subtitle="three pairs")
    parsed = parse(page)
    links = {attrs["href"] for attrs in tags(parsed, "a") if (attrs["href"] or "").startswith("#")}
    assert {"#pair-1", "#pair-2", "#pair-3"} <= links
    ids = {attrs.get("id") for _, attrs in parsed.starts}
    assert {"pair-1", "pair-2", "pair-3"} <= ids
    details = tags(parsed, "details")
    pairs = [attrs for attrs in details if attrs.get("class") == "pair"]
    assert len(pairs) == 3
    assert sum("open" in attrs for attrs in pairs) == 1
    # duplicate first, then rewrite, then same_story
    assert page.index('id="pair-2"') < page.index('id="pair-3"') < page.index('id="pair-1"')
    assert len(tags(parsed, "script")) == 1


def test_index_page_of_no_comparisons() -> None:
    page = render_index_page([], title="Empty")
    parse(page)
    assert "No comparisons." in page
