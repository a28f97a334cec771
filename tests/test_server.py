"""``retold serve``: the JSON API, its guards and the HTML pages, over a real uvicorn server.

Each server runs in a background thread on 127.0.0.1 (a socket bound to a free port is handed
to uvicorn), over a real index in a temporary folder; requests go through the standard
library's HTTP client, so they are real HTTP. Nothing leaves the machine.

Two servers: ``server`` (no token, the real model) holds the invented articles below — a wire
story, a spun rewrite of it wrapped in page chrome, an unrelated story — added with linking so
stories form. ``guarded`` (a write token, a Host check, a small body limit) needs no sentence
model: its tests only add without linking, read, and get refused.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest
import uvicorn
from click.testing import CliRunner

from retold._embed import Embedder
from retold.index import Index
from retold.model import DERIVED_RELATIONS
from retold.server import create_app
from retold.server._command import serve
from retold.server._limits import LOOPBACK_NAMES

# --------------------------------------------------------------------------- invented articles

WIRE: dict[str, str] = {
    "id": "wire-ferry",
    "title": "Ferry runs aground off Harlow Bay, 212 passengers brought ashore",
    "date": "2025-03-04",
    "url": "https://wire.example/news/harlow-bay-ferry-aground",
    "source": "Coastal Wire",
    "text": """\
The passenger ferry Northern Tern ran aground on a sandbank off Harlow Bay on Monday evening, \
and all 212 passengers were brought ashore by lifeboats. The vessel struck the bank at about \
7:40 p.m. in strong winds and low visibility.

Coast guard commander Elena Varga said three lifeboats and a rescue helicopter took part in the \
operation, which lasted almost four hours. Two crew members were treated for minor injuries at \
Harlow General Hospital. "Everyone behaved calmly, and the crew did exactly what they were \
trained to do," Varga said.

The ferry is operated by Bluewater Lines, which runs four daily crossings between Harlow and the \
island of Skerry. The company said the hull was not breached and no fuel leaked into the bay. A \
spokeswoman, Grace Holm, said crossings would be suspended until at least Thursday.

Investigators from the national marine accident board will board the vessel on Tuesday. They \
will examine the ship's navigation records and interview the captain. Bluewater Lines said it \
would refund all passengers affected by the cancelled crossings.
""",
}

SPUN_TEXT = """\
Harlow Bay Ferry Drama: Hundreds Rescued After Vessel Hits Sandbank

Estimated read time 3 min

Share this article

On Monday night the Northern Tern, a passenger ferry, became stuck on a sandbank near Harlow \
Bay, and lifeboats carried all 212 people on board safely to shore. The ship hit the bank \
around 7:40 p.m. amid high winds and poor visibility.

According to coast guard commander Elena Varga, a rescue helicopter and three lifeboats were \
involved in the effort, which went on for nearly four hours. Harlow General Hospital treated \
two members of the crew for minor injuries. Varga said everyone stayed calm and the crew did \
precisely what they had been trained for.

Bluewater Lines, which operates four crossings a day between Harlow and Skerry island, runs the \
ferry. The firm said there was no breach in the hull and no fuel escaped into the water. \
Company spokeswoman Grace Holm said that sailings are suspended until Thursday at the earliest.

On Tuesday, the national marine accident board will send investigators aboard the ship. They \
plan to review its navigation records and question the captain. Passengers hit by the \
cancellations will get a full refund, Bluewater Lines said.

Harlow Bay has a long history of shipwrecks, and locals say the shifting sandbanks make winter \
crossings treacherous.

You May Also Like

Council approves new harbour car park

Five cosy cafes to try this winter

There are no comments

Add yours
"""

SPUN: dict[str, str] = {
    "id": "spun-ferry",
    "title": "Harlow Bay Ferry Drama: Hundreds Rescued After Vessel Hits Sandbank",
    "date": "2025-03-05",
    "url": "https://dailyscoopnow.example/harlow-bay-ferry-drama",
    "source": "Daily Scoop Now",
    "text": SPUN_TEXT,
}

UNRELATED: dict[str, str] = {
    "id": "apples",
    "title": "Orchard growers report record apple harvest in Ellisford valley",
    "date": "2025-09-20",
    "source": "Valley Farm News",
    "text": """\
Apple growers in the Ellisford valley picked a record 48,000 tonnes of fruit this season, the \
regional growers' cooperative said on Friday. A warm spring and steady summer rain produced \
large, sweet apples, and early frost held off until late October.

Cooperative chair Tomas Reinholt said prices had held up despite the bumper crop. Much of the \
harvest will be pressed into juice and cider at the cooperative's new plant in Marrow Bridge, \
which opened in June. The plant employs 65 people and can process 300 tonnes of apples a day.

Growers said finding enough pickers remained their biggest challenge. Several farms raised \
hourly wages and offered free housing to seasonal workers this year.
""",
}

TOKEN = "s3cret-token-for-tests"
LIMIT = 64_000
"""The guarded server's body limit: far above the articles, far below what the tests send."""

# --------------------------------------------------------------------------- server and client


@contextlib.contextmanager
def running_server(app: Any) -> Iterator[str]:
    """Run ``app`` with uvicorn on a free 127.0.0.1 port in a thread; yield its base URL.

    The listening socket is bound here and handed to uvicorn, so no other process can take
    the port in between; the context waits until the server accepts connections and stops it
    (and joins the thread) on exit.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="off", ws="none")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        _wait_until_accepting(port, thread, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
    assert not thread.is_alive(), "the server thread did not stop"


def _wait_until_accepting(port: int, thread: threading.Thread, server: uvicorn.Server) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if not thread.is_alive():
            raise RuntimeError("the server thread died while starting")
        if server.started:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                return
        time.sleep(0.02)
    raise TimeoutError("the server did not start accepting connections within 30 s")


@dataclass(frozen=True)
class Response:
    """What came back: status, headers (lowercase names) and the body."""

    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        assert self.headers.get("content-type", "").startswith("application/json"), self.headers
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def call(
    base: str,
    method: str,
    path: str,
    *,
    json_body: Any = None,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    chunks: list[bytes] | None = None,
) -> Response:
    """One HTTP request to the test server (``chunks`` sends a chunked body)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    sent = dict(headers or {})
    if json_body is not None:
        body = json.dumps(json_body).encode("utf-8")
        sent.setdefault("Content-Type", "application/json")
    try:
        if chunks is not None:
            sent["Transfer-Encoding"] = "chunked"
            connection.request(method, path, body=iter(chunks), headers=sent, encode_chunked=True)
        else:
            connection.request(method, path, body=body, headers=sent)
        answer = connection.getresponse()
        return Response(
            answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
        )
    finally:
        connection.close()


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def doc_path(doc_id: str) -> str:
    return "/api/documents/" + quote(doc_id, safe="")


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Index]:
    with Index(tmp_path_factory.mktemp("index"), embedder=embedder) as opened:
        yield opened


@pytest.fixture(scope="module")
def server(index: Index) -> Iterator[str]:
    with running_server(create_app(index)) as base:
        yield base


@pytest.fixture(scope="module")
def stored(server: str) -> dict[str, Any]:
    """The three articles added through the API, linked (so stories form)."""
    answer = call(
        server, "POST", "/api/documents", json_body={"documents": [WIRE, SPUN, UNRELATED]}
    )
    assert answer.status == 200, answer.body
    return answer.json()


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server with a write token, a Host check and a small body limit (no model needed)."""
    with Index(tmp_path_factory.mktemp("guarded")) as opened:
        app = create_app(
            opened,
            token=TOKEN,
            max_body_bytes=LIMIT,
            require_token_for_writes=True,
            allowed_hosts=LOOPBACK_NAMES,
        )
        with running_server(app) as base:
            yield base


# --------------------------------------------------------------------------- the JSON API


@pytest.mark.model
def test_add_reports_added_ids_and_skips(server: str, stored: dict[str, Any]) -> None:
    assert stored == {"added": ["wire-ferry", "spun-ferry", "apples"], "skipped": []}

    again = call(
        server,
        "POST",
        "/api/documents",
        json_body={"documents": [WIRE, {"id": "blank", "text": "   \n  "}], "link": False},
    ).json()
    assert again["added"] == []
    reasons = {skip["location"]: skip["reason"] for skip in again["skipped"]}
    assert len(reasons) == 2
    assert any("already in the index" in reason for reason in reasons.values())
    assert any("blank" in location and "empty" in reason for location, reason in reasons.items())


@pytest.mark.model
def test_query_finds_the_rewrite_with_a_derived_relation(
    server: str, stored: dict[str, Any]
) -> None:
    answer = call(server, "POST", "/api/query", json_body={"text": SPUN_TEXT, "k": 5})
    assert answer.status == 200
    results = answer.json()["results"]
    by_id = {result["id"]: result for result in results}
    assert "wire-ferry" in by_id
    assert "apples" not in by_id
    wire = by_id["wire-ferry"]
    assert set(wire) == {
        "id",
        "relation",
        "direction",
        "scores",
        "found_by",
        "screen",
        "comparison",
    }
    assert wire["relation"] in DERIVED_RELATIONS
    comparison = wire["comparison"]
    assert comparison["a"]["id"] == "wire-ferry"
    assert comparison["links"], "the rewrite's sentences are aligned"
    assert "Estimated read time 3 min" in comparison["b"]["removed"], "chrome cut on the server"


@pytest.mark.model
def test_query_with_the_wire_finds_the_stored_rewrite(server: str, stored: dict[str, Any]) -> None:
    answer = call(server, "POST", "/api/query", json_body={"text": WIRE["text"]})
    results = answer.json()["results"]
    relations = {result["id"]: result["relation"] for result in results}
    assert relations.get("spun-ferry") in DERIVED_RELATIONS
    assert "apples" not in relations


@pytest.mark.model
def test_query_of_a_text_that_retells_nothing_is_empty(server: str, stored: dict[str, Any]) -> None:
    text = (
        "The city library will extend its opening hours on weekends from next month. "
        "Readers asked for longer hours in a survey last spring, the head librarian said."
    )
    answer = call(server, "POST", "/api/query", json_body={"text": text})
    assert answer.status == 200
    assert answer.json() == {"results": []}


@pytest.mark.model
def test_get_delete_and_404(server: str, stored: dict[str, Any]) -> None:
    document = call(server, "GET", doc_path("wire-ferry")).json()
    assert document["id"] == "wire-ferry"
    assert document["title"] == WIRE["title"]
    assert document["date"] == "2025-03-04"
    assert document["text"].startswith("The passenger ferry Northern Tern")
    spun = call(server, "GET", doc_path("spun-ferry")).json()
    assert "Share this article" in spun["removed"]
    assert "Share this article" not in spun["text"]

    missing = call(server, "GET", doc_path("no-such-id"))
    assert missing.status == 404
    assert "no-such-id" in missing.json()["detail"]

    temporary = {"id": "a/b c?d", "text": "A short note about slashes in ids. It goes away."}
    added = call(
        server, "POST", "/api/documents", json_body={"documents": [temporary], "link": False}
    )
    assert added.json()["added"] == ["a/b c?d"]
    assert call(server, "GET", doc_path("a/b c?d")).json()["id"] == "a/b c?d"
    deleted = call(server, "DELETE", doc_path("a/b c?d"))
    assert (deleted.status, deleted.json()) == (200, {"removed": "a/b c?d"})
    assert call(server, "GET", doc_path("a/b c?d")).status == 404
    again = call(server, "DELETE", doc_path("a/b c?d"))
    assert again.status == 404
    assert "detail" in again.json()


@pytest.mark.model
def test_compare_two_stored_documents(server: str, stored: dict[str, Any]) -> None:
    query = urlencode({"a": "wire-ferry", "b": "spun-ferry"})
    comparison = call(server, "GET", f"/api/compare?{query}").json()
    assert comparison["a"]["id"] == "wire-ferry"
    assert comparison["b"]["id"] == "spun-ferry"
    assert comparison["relation"] in DERIVED_RELATIONS
    assert comparison["direction"]["value"] == "a_to_b", "the wire is dated a day earlier"

    missing = call(server, "GET", "/api/compare?" + urlencode({"a": "wire-ferry", "b": "nope"}))
    assert missing.status == 404
    assert "nope" in missing.json()["detail"]


@pytest.mark.model
def test_related_lists_the_other_version(server: str, stored: dict[str, Any]) -> None:
    results = call(server, "GET", "/api/related/wire-ferry").json()["results"]
    assert [result["id"] for result in results] == ["spun-ferry"]
    assert call(server, "GET", "/api/related/nope").status == 404


@pytest.mark.model
def test_stats_and_listing(server: str, stored: dict[str, Any]) -> None:
    stats = call(server, "GET", "/api/stats").json()
    assert stats["documents"] == 3
    assert stats["verdicts"] >= 1
    for key in ("bytes_on_disk", "bytes_per_document", "schema_version", "path"):
        assert key in stats
    listing = call(server, "GET", "/api/documents?limit=2").json()
    assert len(listing["documents"]) == 2
    assert {"id", "title", "chars"} <= set(listing["documents"][0])


@pytest.mark.model
def test_stories_group_the_wire_and_its_rewrite(server: str, stored: dict[str, Any]) -> None:
    stories = call(server, "GET", "/api/stories").json()["stories"]
    ferry = [story for story in stories if "wire-ferry" in story["members"]]
    assert len(ferry) == 1
    assert set(ferry[0]["members"]) == {"wire-ferry", "spun-ferry"}
    assert ferry[0]["origin"] == "wire-ferry"
    assert not any("apples" in story["members"] for story in stories)


# --------------------------------------------------------------------------- the web UI over HTTP


@pytest.mark.model
def test_search_page_shows_results_side_by_side(server: str, stored: dict[str, Any]) -> None:
    home = call(server, "GET", "/")
    assert home.status == 200
    assert '<form class="search" method="post" action="/search">' in home.text
    assert "script-src 'sha256-" in home.headers["content-security-policy"]

    form = urlencode({"text": SPUN_TEXT, "k": "5"}).encode()
    page = call(
        server,
        "POST",
        "/search",
        body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert page.status == 200
    assert 'href="/documents/wire-ferry"' in page.text
    assert 'id="result-1"' in page.text
    assert '<table class="align">' in page.text
    assert "Estimated read time 3 min" in page.text  # listed among the removed chrome lines


@pytest.mark.model
def test_document_pair_stories_and_stats_pages(server: str, stored: dict[str, Any]) -> None:
    document = call(server, "GET", "/documents/wire-ferry")
    assert document.status == 200
    assert "Ferry runs aground off Harlow Bay" in document.text
    pair_link = "/pair?" + urlencode({"a": "spun-ferry", "b": "wire-ferry"})
    assert f'href="{pair_link.replace("&", "&amp;")}"' in document.text

    pair = call(server, "GET", pair_link)
    assert pair.status == 200
    assert '<table class="align">' in pair.text

    assert call(server, "GET", "/documents/nope").status == 404
    assert call(server, "GET", "/pair?a=wire-ferry&b=nope").status == 404
    stories = call(server, "GET", "/stories")
    assert 'href="/documents/spun-ferry"' in stories.text
    assert call(server, "GET", "/stats").status == 200
    assert call(server, "GET", "/documents").status == 200


def test_empty_search_is_refused_with_the_form(guarded: str) -> None:
    page = call(
        guarded,
        "POST",
        "/search",
        body=b"text=+++",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert page.status == 422
    assert "Paste an article" in page.text


def test_openapi_docs_are_served(guarded: str) -> None:
    docs = call(guarded, "GET", "/docs")
    assert docs.status == 200
    assert "/_swagger/swagger-ui-bundle.js" in docs.text, "assets are served locally"
    assert call(guarded, "GET", "/_swagger/swagger-ui-bundle.js").status == 200
    paths = call(guarded, "GET", "/openapi.json").json()["paths"]
    for path in ("/api/documents", "/api/query", "/api/compare", "/api/stories", "/api/stats"):
        assert path in paths
    assert "/search" not in paths, "the HTML pages stay out of the API schema"


# --------------------------------------------------------------------------- guards


def test_bad_bodies_are_422(guarded: str) -> None:
    bad = [
        {"documents": []},
        {"documents": [{"id": "x"}]},
        {"documents": [{"id": "", "text": "Some text."}]},
        {"documents": [{"id": "x", "text": 5}]},
        {"documents": [{"id": "x", "text": "Some text."}], "colour": "red"},
    ]
    for body in bad:
        answer = call(guarded, "POST", "/api/documents", json_body=body, headers=auth(TOKEN))
        assert answer.status == 422, body
    for body in ({"k": 3}, {"text": "Some text.", "k": 0}, {"text": "x", "k": "many"}):
        assert call(guarded, "POST", "/api/query", json_body=body).status == 422, body
    broken = call(
        guarded,
        "POST",
        "/api/query",
        body=b"{not json",
        headers={"Content-Type": "application/json"},
    )
    assert broken.status == 422
    no_letters = call(guarded, "POST", "/api/query", json_body={"text": "12 34 56 !!"})
    assert no_letters.status == 422
    assert "no letters" in no_letters.json()["detail"]


def test_declared_oversized_body_is_refused_before_it_is_sent(guarded: str) -> None:
    parts = urlsplit(guarded)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(
            b"POST /api/query HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n"
        )
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413"), head
    detail = json.loads(body)["detail"]
    assert "too large" in detail
    assert str(LIMIT) in detail


def test_oversized_body_with_content_length_is_413(guarded: str) -> None:
    body = json.dumps({"text": "word " * (LIMIT // 4)}).encode()
    answer = call(
        guarded,
        "POST",
        "/api/query",
        body=body,
        headers={"Content-Type": "application/json"},
    )
    assert answer.status == 413
    assert "too large" in answer.json()["detail"]


def test_oversized_chunked_body_is_413(guarded: str) -> None:
    chunks = [b'{"text": "'] + [b"word " * 2000] * 8 + [b'"}']  # ~80 KB, no Content-Length
    answer = call(
        guarded,
        "POST",
        "/api/documents",
        chunks=chunks,
        headers={"Content-Type": "application/json", **auth(TOKEN)},
    )
    assert answer.status == 413
    assert "too large" in answer.json()["detail"]
    # a chunked body within the limit goes through to the endpoint
    small = [b'{"text": ', b'"Some text."', b', "k": 0}']
    within = call(
        guarded, "POST", "/api/query", chunks=small, headers={"Content-Type": "application/json"}
    )
    assert within.status == 422  # k=0 is refused by validation: the body arrived whole
    assert call(guarded, "GET", "/api/stats").status == 200, "the server is still serving"


def test_writes_need_the_token_and_reads_do_not(guarded: str) -> None:
    note = {"id": "note-1", "text": "A short note about the harbour. Nothing else happened."}
    body = {"documents": [note], "link": False}
    for headers in ({}, auth("wrong-token"), {"Authorization": f"Basic {TOKEN}"}):
        answer = call(guarded, "POST", "/api/documents", json_body=body, headers=headers)
        assert answer.status == 401, headers
        assert answer.headers["www-authenticate"] == "Bearer"
        assert "Bearer" in answer.json()["detail"]
    assert call(guarded, "GET", "/api/documents/note-1").status == 404, "nothing was stored"

    added = call(guarded, "POST", "/api/documents", json_body=body, headers=auth(TOKEN))
    assert added.status == 200
    assert added.json()["added"] == ["note-1"]

    # reads stay open
    assert call(guarded, "GET", "/api/documents/note-1").status == 200
    assert call(guarded, "GET", "/api/stats").json()["documents"] == 1
    assert call(guarded, "GET", "/").status == 200

    assert call(guarded, "DELETE", "/api/documents/note-1").status == 401
    assert call(guarded, "DELETE", "/api/documents/note-1", headers=auth("nope")).status == 401
    assert call(guarded, "DELETE", "/api/documents/note-1", headers=auth(TOKEN)).status == 200


def test_foreign_host_header_is_refused(guarded: str) -> None:
    answer = call(guarded, "GET", "/api/stats", headers={"Host": "rebind.example:8000"})
    assert answer.status == 400
    for host in ("localhost:1234", "127.0.0.1", "[::1]:8000"):
        assert call(guarded, "GET", "/api/stats", headers={"Host": host}).status == 200, host


def test_create_app_refuses_to_require_a_missing_token(tmp_path: Path) -> None:
    with Index(tmp_path / "index") as opened:
        with pytest.raises(ValueError, match="token"):
            create_app(opened, require_token_for_writes=True)
        with pytest.raises(ValueError, match="token"):
            create_app(opened, token="", require_token_for_writes=True)


# --------------------------------------------------------------------------- the command


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "example.org", "::"])
def test_serve_refuses_a_public_host_without_a_token(tmp_path: Path, host: str) -> None:
    folder = tmp_path / "index"
    result = CliRunner().invoke(
        serve, ["--index", str(folder), "--host", host], env={"RETOLD_TOKEN": ""}
    )
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert result.stderr.count("\n") == 1
    assert "RETOLD_TOKEN" in result.stderr
    assert "--token" in result.stderr
    assert not folder.exists(), "refused before the index was opened"


def test_serve_help_names_the_urls() -> None:
    result = CliRunner().invoke(serve, ["--help"])
    assert result.exit_code == 0
    for text in ("/docs", "RETOLD_TOKEN", "--max-body", "127.0.0.1", "Web UI"):
        assert text in result.output
