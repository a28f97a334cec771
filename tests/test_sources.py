"""Streaming corpus readers: every format, the id and location rules, skips and strict mode.

All inputs are real files built in ``tmp_path`` (WARC files with warcio's own writer), so the
tests exercise the same parsing paths a scan does. Nothing is mocked and nothing is fetched.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from retold._exceptions import InputError
from retold.model import Document, Skip
from retold.sources import Columns, iter_documents

STORY_1 = (
    "PORTVALE, Ore. — A three-alarm fire destroyed a cold-storage warehouse on the Portvale "
    "waterfront late Monday, injuring two firefighters."
)
STORY_2 = (
    "The Ashcreek city council voted 5-2 on Tuesday to spend $4.2 million repairing the Elm "
    "Street bridge, which has been closed to trucks since March."
)
STORY_3 = (
    "Transit workers in Millbrook walked off the job at dawn on Wednesday, halting bus service "
    "for an estimated 80,000 daily riders."
)
STORY_4 = (
    "A rare cave beetle unseen for sixty years was found last week by volunteers mapping the "
    "Hollow Ridge caverns, state biologists said."
)

Found = tuple[list[Document], list[Skip]]


def read(*paths: Path, **options: object) -> Found:
    """All documents and skips that ``iter_documents`` reports for ``paths``."""
    skips: list[Skip] = []
    documents = list(iter_documents(paths, on_skip=skips.append, **options))  # type: ignore[arg-type]
    return documents, skips


def write(path: Path, content: str | bytes) -> Path:
    """Write ``content`` (text as UTF-8), creating parent folders; return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def jsonl(*records: object) -> str:
    """JSON lines text; a str record is written as is (to make malformed or blank lines)."""
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    return "\n".join(lines) + "\n"


def page(title: str, paragraphs: list[str], *, date: str | None = None) -> str:
    """A news page with navigation and footer chrome around an article."""
    date_meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:title" content="{title}">{date_meta}</head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul>
</nav></header>
<main><article><h1>{title}</h1>
{body}
</article></main>
<footer><p>© Cascadia Wire</p><a href="/privacy">Privacy policy</a></footer>
</body></html>
"""


LONG_1 = [
    STORY_1,
    "The blaze was reported at 10:47 p.m. at the Pier 7 warehouse operated by Halvorsen Cold "
    "Storage, according to the fire department.",
    "Fire Chief Dana Okafor said 42 firefighters and 14 engines from three departments "
    "responded to the scene overnight, and crews stayed until dawn.",
]
LONG_2 = [
    STORY_2,
    "Council member Rosa Lindqvist said the repairs would let trucks use the bridge again by "
    "the end of the year, ending a long detour through the town centre.",
    "The two members who voted against the plan said the city should replace the bridge "
    "instead of repairing a structure that is nearly a century old.",
]


# --------------------------------------------------------------------------- folders


def test_folder_reads_text_html_and_json_files_in_sorted_order(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write(corpus / "b-wire.txt", f"title: Warehouse fire\ndate 2023-11-14\n\n{STORY_1}\n")
    write(corpus / "a-story" / "page.html", page("Bridge repairs approved", LONG_2))
    write(corpus / "c.json", json.dumps({"id": "strike-1", "text": STORY_3, "source": "Wire"}))
    write(corpus / ".hidden.txt", STORY_4)
    write(corpus / ".git" / "notes.txt", STORY_4)

    documents, skips = read(corpus)

    assert skips == []
    assert [d.id for d in documents] == ["a-story/page", "b-wire", "strike-1"]
    html, text, record = documents
    assert html.title == "Bridge repairs approved"
    assert "voted 5-2" in html.text
    assert html.path == str(corpus / "a-story" / "page.html")
    assert (text.title, text.date, text.text) == ("Warehouse fire", "2023-11-14", STORY_1)
    assert text.path == str(corpus / "b-wire.txt")
    assert (record.text, record.source) == (STORY_3, "Wire")


def test_files_a_folder_cannot_read_are_skips(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write(corpus / "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    write(corpus / "empty.txt", b"")
    write(corpus / "good.txt", STORY_1)
    write(corpus / "latin.txt", "Café owners said the street was closed.".encode("latin-1"))
    write(corpus / "photo.png", b"\x89PNG\r\n")
    write(corpus / "no-article.html", "<html><head><title>x</title></head><body></body></html>")

    documents, skips = read(corpus)

    assert [d.id for d in documents] == ["good"]
    reasons = {Path(s.location).name: s.reason for s in skips}
    assert list(reasons) == [
        "binary.txt",
        "empty.txt",
        "latin.txt",
        "no-article.html",
        "photo.png",
    ]
    assert "binary" in reasons["binary.txt"]
    assert reasons["empty.txt"] == "file is empty"
    assert "not valid UTF-8 (byte 0xe9" in reasons["latin.txt"]
    assert "no article text" in reasons["no-article.html"]
    assert reasons["photo.png"] == "unsupported file type '.png'"


def test_encoding_option_decodes_a_legacy_file(tmp_path: Path) -> None:
    path = write(
        tmp_path / "latin.txt", "Café owners said the street was closed.".encode("latin-1")
    )

    documents, skips = read(path, encoding="latin-1")

    assert skips == []
    assert documents[0].text == "Café owners said the street was closed."


def test_files_without_suffix_are_sniffed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write(corpus / "article", STORY_1)
    write(corpus / "page", page("Bridge repairs approved", LONG_2))
    write(corpus / "records", jsonl({"text": STORY_3}, {"text": STORY_4}))

    documents, skips = read(corpus)

    assert skips == []
    assert [d.id for d in documents] == ["article", "page", "records:1", "records:2"]
    assert documents[1].title == "Bridge repairs approved"


def test_same_text_file_named_twice_is_a_duplicate(tmp_path: Path) -> None:
    path = write(tmp_path / "wire.txt", STORY_1)

    documents, skips = read(path, path)

    assert [d.id for d in documents] == ["wire"]
    assert skips == [Skip(str(path), f"duplicate id 'wire' (first seen at {path})")]


# --------------------------------------------------------------------------- JSON and JSONL


def test_jsonl_bad_lines_are_skipped_with_their_line_numbers(tmp_path: Path) -> None:
    path = write(
        tmp_path / "feed.jsonl",
        jsonl(
            {"id": "fire", "text": STORY_1},
            "",
            '{"id": "broken", "text": ',
            {"id": "no-text", "title": "Headline only"},
            {"text": STORY_2, "date": "2024-03-12"},
            {"id": "fire", "text": STORY_3},
            {"id": 7, "text": STORY_4},
            {"id": "blank", "text": "   "},
        ),
    )

    documents, skips = read(path)

    assert [d.id for d in documents] == ["fire", "feed:5", "7"]
    assert [d.path for d in documents] == [f"{path}:1", f"{path}:5", f"{path}:7"]
    assert documents[1].date == "2024-03-12"
    assert [s.location for s in skips] == [f"{path}:3", f"{path}:4", f"{path}:6", f"{path}:8"]
    assert "not valid JSON" in skips[0].reason
    assert "line 3" in skips[0].reason
    assert skips[1].reason == 'record has no "text" field'
    assert skips[2].reason == f"duplicate id 'fire' (first seen at {path}:1)"
    assert "empty" in skips[3].reason


def test_jsonl_columns_pick_the_fields(tmp_path: Path) -> None:
    path = write(
        tmp_path / "items.ndjson",
        jsonl({"guid": "g1", "body": STORY_1, "headline": "Fire", "link": "https://x.example/1"}),
    )
    columns = Columns(id="guid", text="body", title="headline", url="link")

    documents, skips = read(path, columns=columns)

    assert skips == []
    (document,) = documents
    assert (document.id, document.text, document.title) == ("g1", STORY_1, "Fire")
    assert document.url == "https://x.example/1"


def test_jsonl_record_over_the_limit_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    path = write(
        tmp_path / "big.jsonl",
        jsonl({"text": STORY_1}, {"text": STORY_2 * 40}, {"text": STORY_3}),
    )

    documents, skips = read(path, max_bytes=1000)

    assert [d.id for d in documents] == ["big:1", "big:3"]
    assert [s.location for s in skips] == [f"{path}:2"]
    assert "too large" in skips[0].reason


def test_gzipped_jsonl(tmp_path: Path) -> None:
    path = write(
        tmp_path / "feed.jsonl.gz",
        gzip.compress(jsonl({"text": STORY_1}, {"text": STORY_2}).encode()),
    )

    documents, skips = read(path)

    assert skips == []
    assert [d.id for d in documents] == ["feed:1", "feed:2"]


def test_truncated_gzip_keeps_what_came_before(tmp_path: Path) -> None:
    records = [{"text": f"{STORY_1} Report number {n}."} for n in range(2000)]
    data = gzip.compress(jsonl(*records).encode())
    path = write(tmp_path / "cut.jsonl.gz", data[: len(data) // 2])

    documents, skips = read(path)

    assert len(documents) > 100
    assert [d.id for d in documents] == [f"cut:{n}" for n in range(1, len(documents) + 1)]
    (skip,) = skips
    assert skip.location.startswith(f"{path}:")
    assert int(skip.location.rsplit(":", 1)[1]) >= len(documents) + 1
    assert "gzip" in skip.reason
    assert "rest of the file is skipped" in skip.reason


def test_json_file_with_a_list_of_records(tmp_path: Path) -> None:
    path = write(
        tmp_path / "batch.json",
        json.dumps([{"id": "one", "text": STORY_1}, {"text": STORY_2}, "not an object"]),
    )

    documents, skips = read(path)

    assert [d.id for d in documents] == ["one", "batch#2"]
    assert documents[1].path == f"{path}#2"
    assert skips == [Skip(f"{path}#3", "expected a JSON object, got a string")]


# --------------------------------------------------------------------------- CSV


def test_csv_with_custom_columns_and_a_multiline_quoted_field(tmp_path: Path) -> None:
    body = f'{STORY_2}\n\nCouncil member Rosa Lindqvist said, "Trucks will be back by winter."'
    rows = [
        "guid,headline,article,published",
        f'fire-1,Warehouse fire,"{STORY_1}",2023-11-14',
        'bridge-1,Bridge repairs,"' + body.replace('"', '""') + '",2024-03-12',
        f',Transit strike,"{STORY_3}",',
    ]
    path = write(tmp_path / "stories.csv", "\r\n".join(rows) + "\r\n")
    columns = Columns(id="guid", text="article", title="headline", date="published")

    documents, skips = read(path, columns=columns)

    assert skips == []
    assert [d.id for d in documents] == ["fire-1", "bridge-1", "stories:6"]
    assert [d.path for d in documents] == [f"{path}:2", f"{path}:3", f"{path}:6"]
    bridge = documents[1]
    assert bridge.title == "Bridge repairs"
    assert bridge.date == "2024-03-12"
    assert bridge.text.startswith(STORY_2)
    assert bridge.text.endswith('"Trucks will be back by winter."')
    assert documents[2].date is None


def test_csv_fields_above_the_csv_module_default_limit(tmp_path: Path) -> None:
    huge = " ".join([STORY_4] * 1500)  # ~200 000 characters, over csv's 131 072 default
    path = write(tmp_path / "long.csv", f'id,text\nlong,"{huge}"\nshort,"{STORY_1}"\n')

    documents, skips = read(path)

    assert skips == []
    assert [d.id for d in documents] == ["long", "short"]
    assert len(documents[0].text) > 131_072


def test_csv_record_over_the_limit_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "rows.csv", f'text\n"{STORY_1}"\n"{STORY_2 * 8}"\n"{STORY_3}"\n')

    documents, skips = read(path, max_bytes=600)

    assert [d.id for d in documents] == ["rows:2", "rows:4"]
    assert [s.location for s in skips] == [f"{path}:3"]
    assert "too large" in skips[0].reason


def test_malformed_csv_rows_are_skipped_with_their_line_numbers(tmp_path: Path) -> None:
    rows = [
        "id,text",
        f'fire,"{STORY_1}"',
        f'bad,"{STORY_2}" trailing text',
        f'bridge,"{STORY_3}"',
        'open,"a quote that is never closed',
        f"strike,{STORY_4}",
    ]
    path = write(tmp_path / "rows.csv", "\n".join(rows) + "\n")

    documents, skips = read(path)

    assert [d.id for d in documents] == ["fire", "bridge"]
    assert [s.location for s in skips] == [f"{path}:3", f"{path}:5"]
    assert all(s.reason.startswith("is not valid CSV") for s in skips)
    assert "quote left open" in skips[1].reason


def test_undecodable_csv_row_is_skipped_alone(tmp_path: Path) -> None:
    latin = "cafe,Café owners complained.\n".encode("latin-1")
    head, tail = f"id,text\nfire,{STORY_1}\n", f"bridge,{STORY_2}\n"
    path = write(tmp_path / "rows.csv", head.encode() + latin + tail.encode())

    documents, skips = read(path)

    assert [d.id for d in documents] == ["fire", "bridge"]
    assert [s.location for s in skips] == [f"{path}:3"]
    assert "not valid UTF-8" in skips[0].reason


def test_csv_without_the_text_column_is_one_skip(tmp_path: Path) -> None:
    path = write(tmp_path / "wrong.csv", f'id,body\n1,"{STORY_1}"\n')

    documents, skips = read(path)

    assert documents == []
    assert [s.location for s in skips] == [f"{path}:1"]
    assert 'no "text" column' in skips[0].reason
    assert "'body'" in skips[0].reason
    assert "--text-field" in skips[0].reason  # says how to map it


def test_utf16_tsv_as_spreadsheets_export_it(tmp_path: Path) -> None:
    text = f"id\ttext\nfire\t{STORY_1}\nbridge\t{STORY_2}\n"
    path = write(tmp_path / "export.tsv", text.encode("utf-16"))

    documents, skips = read(path)

    assert skips == []
    assert [(d.id, d.text) for d in documents] == [("fire", STORY_1), ("bridge", STORY_2)]


def test_gzipped_csv(tmp_path: Path) -> None:
    path = write(tmp_path / "rows.csv.gz", gzip.compress(f'text\n"{STORY_1}"\n'.encode()))

    documents, skips = read(path)

    assert skips == []
    assert [d.id for d in documents] == ["rows:2"]


# --------------------------------------------------------------------------- WARC


def _response(
    writer: WARCWriter, uri: str, body: bytes, *, status: str = "200 OK", ctype: str = "text/html"
) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        length=len(body),  # a known length keeps warcio from spooling to a temporary file
        http_headers=headers,
        warc_headers_dict={"WARC-Date": "2024-05-06T07:08:09Z"},
    )
    writer.write_record(record)


def build_warc(*, gzipped: bool) -> tuple[bytes, list[str]]:
    """A crawl: two good pages, a 404, an image, a request; with each record's offset."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    offsets: list[str] = []

    def mark() -> None:
        offsets.append(str(buffer.tell()))

    mark()
    dated = page("Fire destroys warehouse", LONG_1, date="2023-11-14T08:30:00Z")
    _response(writer, "https://wire.example/fire", dated.encode(), ctype="text/html; charset=utf-8")
    mark()
    _response(
        writer, "https://wire.example/gone", page("Gone", LONG_2).encode(), status="404 Not Found"
    )
    mark()
    _response(writer, "https://wire.example/logo.png", b"\x89PNG\r\n", ctype="image/png")
    mark()
    get = b"GET /bridge HTTP/1.1\r\nHost: wire.example\r\n\r\n"
    request = writer.create_warc_record(
        "https://wire.example/bridge", "request", payload=io.BytesIO(get), length=len(get)
    )
    writer.write_record(request)
    mark()
    _response(
        writer, "https://wire.example/bridge", page("Bridge repairs approved", LONG_2).encode()
    )
    return buffer.getvalue(), offsets


@pytest.mark.parametrize("gzipped", [False, True], ids=["warc", "warc.gz"])
def test_warc_keeps_only_ok_html_responses(tmp_path: Path, gzipped: bool) -> None:
    data, offsets = build_warc(gzipped=gzipped)
    path = write(tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc"), data)

    documents, skips = read(path)

    assert skips == []
    assert [d.url for d in documents] == [
        "https://wire.example/fire",
        "https://wire.example/bridge",
    ]
    assert [d.path for d in documents] == [f"{path}@{offsets[0]}", f"{path}@{offsets[4]}"]
    fire, bridge = documents
    assert fire.date == "2023-11-14"  # the page's own date
    assert bridge.date == "2024-05-06T07:08:09+00:00"  # the WARC-Date fallback
    assert all(d.id.startswith("urn:uuid:") for d in documents)
    assert "voted 5-2" in bridge.text


@pytest.mark.parametrize("gzipped", [False, True], ids=["warc", "warc.gz"])
@pytest.mark.parametrize("kept", [10, 100, 200, 400], ids=lambda n: f"{n}-bytes-of-last")
def test_truncated_warc_keeps_earlier_pages(tmp_path: Path, gzipped: bool, kept: int) -> None:
    data, offsets = build_warc(gzipped=gzipped)
    last = int(offsets[4])
    assert last + kept < len(data)
    path = write(tmp_path / ("cut.warc.gz" if gzipped else "cut.warc"), data[: last + kept])

    documents, skips = read(path)

    assert [d.url for d in documents] == ["https://wire.example/fire"]
    (skip,) = skips
    assert skip.location == f"{path}@{last}"
    assert skip.reason.startswith("malformed WARC data")
    assert skip.reason.endswith("the rest of the file is skipped")


def test_not_a_warc_is_one_skip_at_offset_zero(tmp_path: Path) -> None:
    path = write(tmp_path / "fake.warc", "this is not a WARC file\n\n")

    documents, skips = read(path)

    assert documents == []
    assert [s.location for s in skips] == [f"{path}@0"]
    assert "malformed WARC" in skips[0].reason


# --------------------------------------------------------------------------- feeds

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Cascadia Wire</title><link>https://wire.example/</link><description>News</description>
<item>
  <title>Fire destroys warehouse</title>
  <link>https://wire.example/fire</link>
  <guid isPermaLink="false">wire-fire-2023</guid>
  <pubDate>Tue, 14 Nov 2023 08:30:00 GMT</pubDate>
  <description>&lt;p&gt;{STORY_1}&lt;/p&gt;&lt;p&gt;Crews stayed until dawn.&lt;/p&gt;</description>
</item>
<item>
  <title>Bridge repairs approved</title>
  <link>https://wire.example/bridge</link>
  <description>{STORY_2}</description>
</item>
<item>
  <title>Headline only</title>
  <link>https://wire.example/empty</link>
</item>
</channel></rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Millbrook Ledger</title>
  <id>urn:ledger</id>
  <updated>2024-02-01T12:00:00Z</updated>
  <entry>
    <title>Transit workers strike</title>
    <id>urn:ledger:strike</id>
    <link href="https://ledger.example/strike"/>
    <updated>2024-02-01T06:00:00Z</updated>
    <content type="html">&lt;p&gt;{STORY_3}&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Beetle found</title>
    <id>urn:ledger:beetle</id>
    <link href="https://ledger.example/beetle"/>
    <published>2024-01-20T09:15:00Z</published>
    <updated>2024-01-21T10:00:00Z</updated>
    <summary type="text">{STORY_4}</summary>
  </entry>
</feed>
"""


def test_rss_feed_entries(tmp_path: Path) -> None:
    path = write(tmp_path / "wire.rss", RSS)

    documents, skips = read(path)

    assert [d.id for d in documents] == ["wire-fire-2023", "https://wire.example/bridge"]
    fire, bridge = documents
    assert fire.text == f"{STORY_1}\n\nCrews stayed until dawn."
    assert (fire.title, fire.url, fire.source) == (
        "Fire destroys warehouse",
        "https://wire.example/fire",
        "Cascadia Wire",
    )
    assert fire.date == "2023-11-14T08:30:00+00:00"
    assert fire.path == f"{path}#1"
    assert bridge.text == STORY_2
    assert bridge.date is None
    assert skips == [Skip(f"{path}#3", "entry has no content or summary")]


def test_atom_feed_sniffed_from_xml(tmp_path: Path) -> None:
    path = write(tmp_path / "ledger.xml", ATOM)

    documents, skips = read(path)

    assert skips == []
    assert [(d.id, d.text) for d in documents] == [
        ("urn:ledger:strike", STORY_3),
        ("urn:ledger:beetle", STORY_4),
    ]
    strike, beetle = documents
    assert strike.date == "2024-02-01T06:00:00+00:00"
    assert beetle.date == "2024-01-20T09:15:00+00:00"  # published wins over updated
    assert {d.source for d in documents} == {"Millbrook Ledger"}


def test_long_feed_content_goes_through_article_extraction(tmp_path: Path) -> None:
    sidebar = (
        "<aside><h3>Most read</h3><p>Ferry service resumes after a long winter break for the "
        "island route, officials said.</p></aside>"
    )
    article = "".join(f"<p>{p}</p>" for p in LONG_1 * 5) + sidebar
    assert len(article) > 2000  # long enough for trafilatura, which drops the sidebar
    escaped = article.replace("<", "&lt;").replace(">", "&gt;")
    path = write(tmp_path / "ledger.atom", ATOM.replace(f"&lt;p&gt;{STORY_3}&lt;/p&gt;", escaped))

    documents, skips = read(path)

    assert skips == []
    assert documents[0].text.startswith(STORY_1)
    assert "Ferry service" not in documents[0].text
    assert documents[0].title == "Transit workers strike"  # the entry's title, not the page's


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    sitemap = write(corpus / "sitemap.xml", '<?xml version="1.0"?><urlset><url/></urlset>')

    documents, skips = read(corpus)

    assert documents == []
    assert skips == [
        Skip(str(sitemap), "unsupported file type: .xml that is not an RSS or Atom feed")
    ]
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        iter_documents([sitemap])


# --------------------------------------------------------------------------- errors and strict


def test_nonexistent_path_raises_before_any_reading(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", STORY_1)
    missing = tmp_path / "missing.jsonl"

    with pytest.raises(InputError) as caught:
        iter_documents([good, missing])

    assert caught.value.source == str(missing)
    assert "no such file" in str(caught.value)


def test_unsupported_file_given_by_name_raises_listing_the_formats(tmp_path: Path) -> None:
    path = write(tmp_path / "report.pdf", b"%PDF-1.7")

    with pytest.raises(InputError, match=r"unsupported file type '\.pdf'") as caught:
        iter_documents([path])

    assert ".jsonl" in str(caught.value)
    assert ".warc.gz" in str(caught.value)


def test_strict_mode_raises_naming_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "feed.jsonl", jsonl({"text": STORY_1}, {"title": "no text"}))

    with pytest.raises(InputError) as caught:
        list(iter_documents([path], strict=True))

    assert caught.value.source == f"{path}:2"
    assert str(caught.value).startswith(f"{path}:2: ")


def test_strict_mode_in_a_folder_raises_for_an_unreadable_file(tmp_path: Path) -> None:
    write(tmp_path / "corpus" / "empty.txt", b"")

    with pytest.raises(InputError, match="file is empty"):
        list(iter_documents([tmp_path / "corpus"], strict=True))


def test_documents_stream_out_before_a_later_bad_line_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "feed.jsonl", jsonl({"text": STORY_1}, {"text": STORY_2}, "{not json"))
    documents = iter_documents([path], strict=True)

    first, second = next(documents), next(documents)

    assert (first.text, second.text) == (STORY_1, STORY_2)
    with pytest.raises(InputError, match=r"feed\.jsonl:3"):
        next(documents)


def test_jsonl_is_read_no_further_than_what_was_yielded(tmp_path: Path) -> None:
    path = write(tmp_path / "growing.jsonl", jsonl({"text": STORY_1}))
    documents: Iterator[Document] = iter_documents([path])

    first = next(documents)
    with path.open("a", encoding="utf-8") as stream:  # written after the first document
        stream.write(jsonl({"text": STORY_2}))
    rest = list(documents)

    assert first.text == STORY_1
    assert [d.text for d in rest] == [STORY_2]


def test_skips_are_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = write(tmp_path / "feed.jsonl", jsonl("{oops", {"text": STORY_1}))

    with caplog.at_level(logging.WARNING, logger="retold.sources"):
        documents = list(iter_documents([path]))

    assert len(documents) == 1
    assert [r.name for r in caplog.records] == ["retold.sources"]
    assert f"{path}:1" in caplog.records[0].getMessage()


def test_unknown_encoding_raises_at_once(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", STORY_1)

    with pytest.raises(InputError, match="unknown encoding"):
        iter_documents([path], encoding="no-such-codec")
