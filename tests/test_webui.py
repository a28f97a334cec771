"""The web UI in a real browser: Debian's headless Chromium driven by Playwright.

A real uvicorn server (see ``test_server.py``) serves a real index holding the invented wire
story and an article whose title, source, url and text carry script and event-handler markup.
The tests paste text into the form as a person would and check what the browser shows — and,
for the markup, that nothing ran and it is shown as text. Playwright's own browser download
is not used (it cannot work here): the browser is ``/usr/bin/chromium`` from apt, which
``scripts/setup.sh`` installs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from retold._embed import Embedder
from retold.index import Index
from retold.server import create_app
from test_server import SPUN_TEXT, WIRE, call, running_server

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (scripts/setup.sh installs it)",
    ),
]

XSS_SCRIPT = "<script>window.__xss=1</script>"
XSS_IMG = '<img src=x onerror="window.__xss=1">'

XSS_DOC: dict[str, str] = {
    "id": 'evil"><b>id</b>',
    "title": f"Lantern festival lights up Quayside {XSS_SCRIPT} {XSS_IMG}",
    "date": "2025-06-14",
    "url": "javascript:window.__xss=1",
    "source": f"Quay News {XSS_IMG}",
    "text": f"""\
Thousands of people gathered on the Quayside on Saturday night for the town's first lantern \
festival. Organisers said about 6,000 paper lanterns were released over the water. {XSS_SCRIPT}

The festival was funded by a grant of 40,000 pounds from the regional arts council. Volunteers \
spent three months building the lanterns in a disused boat shed. {XSS_IMG}

Mayor Petra Lindqvist said the town hoped to make the festival an annual event. Police said \
the crowds were good-natured and no arrests were made.
""",
}

QUERY_WITH_MARKUP = f"""\
{XSS_SCRIPT} Thousands of people gathered on the Quayside on Saturday night for the town's \
first lantern festival. Organisers said about 6,000 paper lanterns were released over the water.

The festival was funded by a grant of 40,000 pounds from the regional arts council. Volunteers \
spent three months building the lanterns in a disused boat shed. {XSS_IMG}

Mayor Petra Lindqvist said the town hoped to make the festival an annual event. Police said \
the crowds were good-natured and no arrests were made.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[str]:
    """A server over an index holding the wire story and the article full of markup."""
    with (
        Index(tmp_path_factory.mktemp("webui"), embedder=embedder) as index,
        running_server(create_app(index)) as base,
    ):
        answer = call(base, "POST", "/api/documents", json_body={"documents": [WIRE, XSS_DOC]})
        assert answer.json()["added"] == [WIRE["id"], XSS_DOC["id"]]
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records console errors (a CSP violation would be one)."""
    context = browser.new_context()
    opened = context.new_page()
    opened.console_errors = []
    opened.on(
        "console",
        lambda message: (
            opened.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    yield opened
    context.close()


def _search(page: Any, site: str, text: str) -> None:
    page.goto(site + "/")
    page.fill("textarea#text", text)
    with page.expect_navigation():
        page.click("button[type=submit]")


def test_pasting_a_rewrite_shows_the_pair_side_by_side(page: Any, site: str) -> None:
    from playwright.sync_api import expect

    _search(page, site, SPUN_TEXT)
    assert page.url.endswith("/search")
    badge = page.locator("table.results .badge").first
    expect(badge).to_be_visible()
    assert badge.inner_text() in {"Rewrite", "Near duplicate", "Partial reuse", "Duplicate"}
    expect(page.locator("table.results")).to_contain_text(WIRE["title"])

    section = page.locator("section#result-1")
    expect(section.locator("table.align")).to_be_visible()
    row = section.locator("tr.row", has_text="ran aground on a sandbank off Harlow Bay")
    expect(row.first).to_contain_text("became stuck on a sandbank near Harlow")  # both texts
    expect(section).to_contain_text("Estimated read time 3 min")  # in the removed chrome
    assert page.console_errors == [], "the page script runs under the CSP"

    # the stored article's title leads to its page, which lists nothing related yet
    with page.expect_navigation():
        page.locator("table.results a", has_text=WIRE["title"]).click()
    expect(page.locator("h1")).to_have_text(WIRE["title"])
    expect(page.locator(".article")).to_contain_text("Northern Tern ran aground")


def test_markup_in_articles_and_queries_is_shown_as_text(page: Any, site: str) -> None:
    from playwright.sync_api import expect

    _search(page, site, QUERY_WITH_MARKUP)
    expect(page.locator("section#result-1 table.align")).to_be_visible()
    _assert_inert(page)
    shown = page.inner_text("main")
    assert XSS_SCRIPT in shown
    assert XSS_IMG in shown
    assert page.input_value("textarea#text").startswith(XSS_SCRIPT), "the query is refilled"

    # the stored article's own page, the listing and the pair page
    with page.expect_navigation():
        page.locator("table.results a", has_text="Lantern festival").click()
    expect(page.locator("h1")).to_contain_text(XSS_SCRIPT)
    _assert_inert(page)
    assert page.locator("a[href^='javascript:']").count() == 0, "only http(s) urls are links"
    assert 'evil"><b>id</b>' in page.inner_text("main")

    page.goto(site + "/documents")
    expect(page.locator("table.documents")).to_contain_text(XSS_SCRIPT)
    _assert_inert(page)
    assert page.console_errors == []


def _assert_inert(page: Any) -> None:
    """No injected script ran, and no element was made from the markup."""
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("main script, main img, main b").count() == 0


def test_the_api_docs_render_without_internet(page: Any, site: str) -> None:
    """Swagger UI is served from the package's local files: it renders the endpoints."""
    from playwright.sync_api import expect

    page.goto(site + "/docs")
    expect(page.locator(".opblock-summary-path", has_text="/api/query").first).to_be_visible()
