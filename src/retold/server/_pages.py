"""The web UI's HTML: pure functions from retold values to complete pages.

Pages use the head, stylesheet, script and Content-Security-Policy of :mod:`retold._html`
(plus a little CSS for the nav bar and form), and its renderers for the side-by-side view.
Everything that comes from an article or a client — ids, titles, dates, urls, text, reasons,
the pasted query — reaches the output only through :func:`retold._html._e` or a renderer of
:mod:`retold._html` that escapes it; hrefs are built from percent-encoded ids and then
escaped too. Class names never carry input (:func:`retold._html._css_token`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlencode

from retold._html import (
    _badge,
    _chrome_html,
    _e,
    _page,
    _url_html,
    format_score,
    plural,
    render_comparison_section,
)
from retold._scan_html import _badges_with_counts
from retold.index import IndexMatch
from retold.model import Comparison, Document, DocumentInfo, Story
from retold.server._schemas import MAX_K

NAV: tuple[tuple[str, str], ...] = (
    ("search", "Search"),
    ("documents", "Documents"),
    ("stories", "Stories"),
    ("stats", "Stats"),
    ("docs", "API docs"),
)
"""The nav bar: (page key, label); the key is also the path (``search`` is ``/``)."""

QUERY_DIRECTIONS: dict[str, str] = {
    "a_to_b": "the stored article is the likely source",
    "b_to_a": "your text is the likely source",
    "unknown": "direction unknown",
}
"""A query result's direction in words (its comparison's A is stored, B is the query)."""

RELATED_DIRECTIONS: dict[str, str] = {
    "a_to_b": "it is the likely source of this one",
    "b_to_a": "this one is its likely source",
    "unknown": "direction unknown",
}
"""A related document's direction in words (A is the related document, B this one)."""


# --------------------------------------------------------------------------- links and shell


def doc_href(doc_id: str) -> str:
    """The path of a stored document's page (the id percent-encoded, slashes included)."""
    return "/documents/" + quote(doc_id, safe="")


def pair_href(a_id: str, b_id: str) -> str:
    """The path of the side-by-side page of two stored documents."""
    return "/pair?" + urlencode({"a": a_id, "b": b_id})


_ACTIVE = ' class="active"'
"""The attribute marking the current page's nav link."""

_ORIGIN_TAG = ' <span class="origin-tag">origin</span>'
"""The tag after a story's origin among its members."""


def _nav_href(key: str) -> str:
    return "/" if key == "search" else f"/{key}"


def _nav(active: str) -> str:
    """The nav bar with the current page marked."""
    links = " · ".join(
        f'<a href="{_nav_href(key)}"{_ACTIVE if key == active else ""}>{label}</a>'
        for key, label in NAV
    )
    return f'<nav class="top"><a class="brand" href="/">retold</a> {links}</nav>'


def layout(title: str, body: str, *, active: str = "") -> str:
    """A complete page: nav bar, then ``body`` (already escaped); ``title`` is escaped."""
    return _page(f"{title} · retold", _nav(active) + body, extra_style=_UI_STYLE)


def _doc_link(doc_id: str, title: str | None) -> str:
    """A stored document's title (or id) linking to its page, with the id beside it."""
    label = _e(title) if title else f'<span class="doc-id">{_e(doc_id)}</span>'
    id_note = f' <span class="doc-id muted">{_e(doc_id)}</span>' if title else ""
    return f'<a href="{_e(doc_href(doc_id))}">{label}</a>{id_note}'


def _direction_words(value: str, words: Mapping[str, str]) -> str:
    return _e(words.get(value, value))


# --------------------------------------------------------------------------- search


def search_form(text: str = "", k: int = 5) -> str:
    """The paste-an-article form (``text`` refills the box, escaped)."""
    return (
        '<form class="search" method="post" action="/search">'
        '<label for="text">Article text</label>'
        f'<textarea id="text" name="text" rows="14" required '
        f'placeholder="Paste a news article here">{_e(text)}</textarea>'
        '<div class="form-row"><label>Results at most '
        f'<input type="number" name="k" min="1" max="{MAX_K}" value="{int(k)}"></label>'
        '<button type="submit">Find retellings</button></div>'
        '<p class="muted hint">Leading <code>title:</code>, <code>date:</code> and '
        "<code>url:</code> lines are read as metadata; page chrome (read-time badges, share "
        "widgets, “You May Also Like” blocks) is cut before comparing.</p></form>"
    )


def search_page(stored: int, *, text: str = "", k: int = 5, error: str | None = None) -> str:
    """``/``: what the tool does, and the form."""
    problem = f'<p class="error">{_e(error)}</p>' if error else ""
    body = (
        "<h1>Find retellings of an article</h1>"
        "<p>Paste a news article to see which of the "
        f"{plural(stored, 'stored article')} it copies, spins or lifts passages from — or "
        "which retell it — with each pair aligned sentence by sentence.</p>"
        f"{problem}{search_form(text, k)}"
    )
    return layout("Search", body, active="search")


def results_page(text: str, k: int, matches: Sequence[IndexMatch]) -> str:
    """The answer to a search: a summary table, then each pair side by side."""
    if not matches:
        found = (
            '<p class="empty-note">No related stored article: nothing in the index copies, '
            "rewrites or reports the same story as this text.</p>"
        )
        sections = ""
    else:
        found = (
            f"<p>{plural(len(matches), 'related stored article')}, best first. In each pair "
            "<strong>A is the stored article</strong> and <strong>B is your text</strong>.</p>"
            f"{_results_table(matches)}"
        )
        sections = "".join(
            render_comparison_section(match.comparison, anchor=f"result-{n}")
            for n, match in enumerate(matches, 1)
        )
    body = (
        f'<h1>Results</h1>{found}<div class="sections">{sections}</div>'
        f"<h2>Search again</h2>{search_form(text, k)}"
    )
    return layout("Results", body, active="search")


def _results_table(matches: Sequence[IndexMatch]) -> str:
    rows = []
    for n, match in enumerate(matches, 1):
        scores = match.scores
        a = match.comparison.a
        found_by = ", ".join(match.found_by)
        rows.append(
            f'<tr class="result"><td class="numcell">{n}</td><td>{_badge(match.relation)}</td>'
            f"<td>{_doc_link(match.id, a.title)}</td>"
            f"<td>{_direction_words(match.direction.value, QUERY_DIRECTIONS)}</td>"
            f'<td class="numcell">{format_score(scores.coverage_a, True)} / '
            f"{format_score(scores.coverage_b, True)}</td>"
            f'<td class="numcell">{format_score(scores.retelling, False)}</td>'
            f'<td class="muted">{_e(found_by)}</td>'
            f'<td><a href="#result-{n}">side by side</a></td></tr>'
        )
    return (
        '<table class="results"><thead><tr><th>#</th><th>Relation</th><th>Stored article</th>'
        "<th>Direction</th><th>Coverage stored / yours</th><th>Retelling</th><th>Found by</th>"
        f"<th></th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


# --------------------------------------------------------------------------- documents


def document_page(document: Document, related: Sequence[IndexMatch]) -> str:
    """``/documents/{id}``: the document and everything related to it."""
    rows = [("Id", f'<span class="doc-id">{_e(document.id)}</span>')]
    for label, value in (("Title", document.title), ("Date", document.date)):
        if value:
            rows.append((label, _e(value)))
    if document.source:
        rows.append(("Source", _e(document.source)))
    if document.url:
        rows.append(("URL", _url_html(document.url)))
    rows.append(("Characters", f"{len(document.text):,}"))
    meta = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    body = (
        f"<h1>{_e(document.title or document.id)}</h1>"
        f'<dl class="meta">{meta}</dl>'
        f"<h2>Related stored articles</h2>{_related_table(document.id, related)}"
        f'<h2>Text</h2><div class="article">{_e(document.text)}</div>'
        f"{_chrome_html(document.removed)}"
    )
    return layout(document.title or document.id, body, active="documents")


def _related_table(doc_id: str, related: Sequence[IndexMatch]) -> str:
    if not related:
        return '<p class="empty-note">No related stored article.</p>'
    rows = []
    for match in related:
        scores = match.scores
        rows.append(
            f'<tr class="related"><td>{_badge(match.relation)}</td>'
            f"<td>{_doc_link(match.id, match.comparison.a.title)}</td>"
            f"<td>{_direction_words(match.direction.value, RELATED_DIRECTIONS)}</td>"
            f'<td class="numcell">{format_score(scores.retelling, False)}</td>'
            f'<td><a href="{_e(pair_href(match.id, doc_id))}">side by side</a></td></tr>'
        )
    return (
        '<table class="related-list"><thead><tr><th>Relation</th><th>Document</th>'
        "<th>Direction</th><th>Retelling</th><th></th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def documents_page(infos: Sequence[DocumentInfo], *, offset: int, limit: int, total: int) -> str:
    """``/documents``: one page of the stored documents, newest first."""
    if not infos:
        table = '<p class="empty-note">No stored documents here.</p>'
    else:
        rows = "".join(
            f"<tr><td>{_doc_link(info.id, info.title)}</td><td>{_e(info.date)}</td>"
            f'<td>{_e(info.source)}</td><td class="numcell">{info.chars:,}</td></tr>'
            for info in infos
        )
        table = (
            '<table class="documents"><thead><tr><th>Document</th><th>Date</th><th>Source</th>'
            f"<th>Characters</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    pager = _pager("/documents", offset, limit, more=offset + len(infos) < total)
    body = (
        f"<h1>Stored documents</h1><p>{plural(total, 'document')}, newest first.</p>{table}{pager}"
    )
    return layout("Documents", body, active="documents")


def _pager(path: str, offset: int, limit: int, *, more: bool) -> str:
    """Previous/next links for an offset listing (only numbers go into the hrefs)."""
    links = []
    if offset > 0:
        links.append(f'<a href="{path}?offset={max(0, offset - limit)}">← previous</a>')
    if more:
        links.append(f'<a href="{path}?offset={offset + limit}">next →</a>')
    return f'<p class="pager">{" · ".join(links)}</p>' if links else ""


# --------------------------------------------------------------------------- pairs, stories


def pair_page(c: Comparison) -> str:
    """``/pair``: two stored documents side by side."""
    a, b = c.a, c.b
    title = f"{a.title or a.id} vs {b.title or b.id}"
    body = (
        f"<h1>{_e(title)}</h1>"
        f"<p>A: {_doc_link(a.id, a.title)} · B: {_doc_link(b.id, b.title)} · "
        f'<a href="{_e(pair_href(b.id, a.id))}">swap sides</a></p>'
        f"{render_comparison_section(c, anchor='pair')}"
    )
    return layout(title, body)


def stories_page(
    stories: Sequence[Story],
    titles: Mapping[str, str | None],
    *,
    offset: int,
    limit: int,
    total: int,
) -> str:
    """``/stories``: a page of stories, each with its members and provenance edges."""
    if not stories:
        listing = (
            '<p class="empty-note">No stories yet: they form when related documents are '
            "added with linking on (the API's default).</p>"
        )
    else:
        listing = "".join(
            _story_html(story, titles, number) for number, story in enumerate(stories, offset + 1)
        )
    pager = _pager("/stories", offset, limit, more=offset + len(stories) < total)
    body = (
        f"<h1>Stories</h1><p>{plural(total, 'story')}: documents telling one story, with the "
        f"likely origin and who derived from whom.</p>{listing}{pager}"
    )
    return layout("Stories", body, active="stories")


def _story_html(story: Story, titles: Mapping[str, str | None], number: int) -> str:
    members = "".join(
        f"<li>{_doc_link(member, titles.get(member))}"
        f"{_ORIGIN_TAG if member == story.origin else ''}</li>"
        for member in story.members
    )
    edges = "".join(
        f"<li>{_doc_link(edge.source, titles.get(edge.source))} "
        f"{'→' if edge.directed else '—'} {_doc_link(edge.target, titles.get(edge.target))} "
        f'{_badge(edge.relation)} <a href="{_e(pair_href(edge.source, edge.target))}">'
        "side by side</a></li>"
        for edge in story.edges
    )
    return (
        f'<section class="story" id="story-{number}"><h2>Story {number}: '
        f"{_doc_link(story.origin, titles.get(story.origin))}</h2>"
        f'<p class="stats">{plural(len(story.members), "member")} · '
        f"{_badges_with_counts(edge.relation for edge in story.edges)}</p>"
        f'<div class="story-cols"><div><h3>Members</h3><ol>{members}</ol></div>'
        f"<div><h3>Edges</h3><ul>{edges}</ul></div></div></section>"
    )


# --------------------------------------------------------------------------- stats, errors


def stats_page(stats: Mapping[str, Any]) -> str:
    """``/stats``: the index's counts and sizes."""
    rows = "".join(
        f"<tr><th>{_e(key.replace('_', ' '))}</th><td>{_stat_value(key, value)}</td></tr>"
        for key, value in stats.items()
    )
    body = f'<h1>Index statistics</h1><table class="stats-table"><tbody>{rows}</tbody></table>'

    return layout("Stats", body, active="stats")


def _stat_value(key: str, value: object) -> str:
    """A stats value for people: counts with separators, byte counts also in KB/MB."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _e(value)
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    if "bytes" in key and value >= 1024:
        text += f' <span class="muted">({_e(_human_bytes(float(value)))})</span>'
    return text


def _human_bytes(n: float) -> str:
    for unit in ("KB", "MB", "GB"):
        n /= 1024
        if n < 1024:
            return f"{n:.1f} {unit}"
    return f"{n:.1f} TB"


def message_page(title: str, message: str, *, active: str = "") -> str:
    """A page holding one message, for errors such as an unknown document id."""
    return layout(title, f'<h1>{_e(title)}</h1><p class="error">{_e(message)}</p>', active=active)


_UI_STYLE = """
nav.top { display: flex; flex-wrap: wrap; gap: .4rem; align-items: baseline;
  border-bottom: 1px solid var(--line); padding: .5rem 0 .6rem; margin-bottom: .6rem; }
nav.top a { color: var(--ink); text-decoration: none; }
nav.top a:hover { text-decoration: underline; }
nav.top a.brand { font-weight: 700; margin-right: .8rem; color: #9c36b5; }
nav.top a.active { font-weight: 600; border-bottom: 2px solid #9c36b5; }
form.search label { font-weight: 600; display: block; margin: .3rem 0; }
form.search .form-row label { display: inline; font-weight: normal; margin-right: 1rem; }
form.search textarea { width: 100%; padding: .5rem .7rem; border: 1px solid var(--line);
  border-radius: 6px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
form.search input[type=number] { width: 4.5rem; }
.form-row { margin: .5rem 0; display: flex; align-items: center; flex-wrap: wrap; gap: .5rem; }
button { background: #9c36b5; color: #fff; border: 0; border-radius: 6px;
  padding: .45rem 1.1rem; font-size: .95rem; cursor: pointer; }
button:hover { background: #862e9c; }
.hint { font-size: .85rem; }
.error { background: #fff5f5; border-left: 3px solid #c92a2a; padding: .3rem .6rem; }
.empty-note { background: #f8f9fa; border-left: 3px solid #adb5bd; padding: .4rem .7rem; }
.article { white-space: pre-wrap; overflow-wrap: anywhere; border: 1px solid var(--line);
  border-radius: 6px; padding: .6rem .9rem; background: #fcfcfd; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; }
dl.meta dt { color: var(--muted); } dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.results td, .related-list td { vertical-align: middle; }
.sections > section.comparison { border-top: 3px solid var(--line); margin-top: 1.6rem;
  padding-top: .3rem; }
.story { border: 1px solid var(--line); border-radius: 6px; padding: .2rem .9rem;
  margin: .8rem 0; }
.story-cols { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.origin-tag { display: inline-block; padding: 0 .4rem; border-radius: 4px; font-size: .8rem;
  background: #fff3bf; border: 1px solid #e67700; }
.relcount { white-space: nowrap; margin-right: .3rem; } .count { font-weight: 600; }
.stats-table { width: auto; } .stats-table th { font-weight: normal; color: var(--muted); }
.pager { margin: .8rem 0; }
@media (max-width: 800px) { .story-cols { grid-template-columns: 1fr; } }
"""
"""The UI's extra rules (static: no input ever goes into it)."""
