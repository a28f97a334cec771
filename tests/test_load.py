"""Loading documents from files, strings and JSON records, and every bad-input error."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from retold._exceptions import EmptyDocumentError, InputError
from retold._load import (
    document_from_string,
    load_document,
    looks_like_date,
    normalize_date,
    parse_html,
    parse_record,
    parse_text,
)

BODY_1 = (
    "PORTVALE, Ore. — A three-alarm fire destroyed a cold-storage warehouse on the Portvale "
    "waterfront late Monday, injuring two firefighters."
)
BODY_2 = (
    "The blaze was reported at 10:47 p.m. at the Pier 7 warehouse operated by Halvorsen Cold "
    "Storage, according to the fire department."
)
BODY = f"{BODY_1}\n\n{BODY_2}"
TITLE = "Fire destroys warehouse on Portvale waterfront"

PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{TITLE} | Cascadia Wire</title>
<meta property="og:title" content="{TITLE}">
<meta property="og:site_name" content="Cascadia Wire">
<meta property="og:url" content="https://cascadiawire.example/2023/11/14/portvale-fire">
<meta property="article:published_time" content="2023-11-14T08:30:00Z">
<meta name="author" content="Jane Doe">
</head>
<body>
<header><nav><ul>
<li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sports">Sports</a></li>
</ul></nav></header>
<main><article>
<h1>{TITLE}</h1>
<p class="byline">By Jane Doe</p>
<p>{BODY_1}</p>
<p>{BODY_2}</p>
<p>Fire Chief Dana Okafor said 42 firefighters and 14 engines from three departments
responded to the scene overnight, and crews stayed until dawn.</p>
<p>Two firefighters were taken to St. Brendan Medical Center with heat exhaustion and a minor
burn. Both were released Tuesday morning.</p>
</article></main>
<aside><h3>You May Also Like</h3><ul>
<li><a href="/a">Mayor unveils budget plan</a></li><li><a href="/b">Ferry service resumes</a></li>
</ul></aside>
<footer><p>© 2023 Cascadia Wire</p><a href="/privacy">Privacy policy</a></footer>
</body>
</html>
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    """Write a file into ``tmp_path`` (text as UTF-8) and return its path."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def assert_names_file(exc: InputError, path: Path) -> None:
    """The error's source and message both name the file."""
    assert exc.source == str(path)
    assert str(path) in str(exc)


# --------------------------------------------------------------------------- plain text


def test_txt_with_colon_metadata(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "wire.txt",
        f"title: {TITLE}\nDate: 2023-11-14\nurl: https://cascadiawire.example/fire\n"
        f"source: Cascadia Wire\nauthor: Jane Doe\n\n{TITLE}\n\nShare\n\n{BODY}\n",
    )
    doc = load_document(path)
    assert doc.id == "wire"
    assert doc.title == TITLE
    assert doc.date == "2023-11-14"
    assert doc.url == "https://cascadiawire.example/fire"
    assert doc.source == "Cascadia Wire"
    assert doc.path == str(path)
    assert doc.text == BODY
    assert doc.removed == (TITLE, "Share")


def test_txt_with_colonless_metadata(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "spun.text",
        f"title {TITLE}\ndate 2023-11-14\nsite Daily Buzz Hub\nid buzz-17\n{BODY}",
    )
    doc = load_document(path)
    assert doc.title == TITLE
    assert doc.date == "2023-11-14"
    assert doc.source == "Daily Buzz Hub"
    assert doc.id == "buzz-17"
    assert doc.text == BODY


def test_body_starting_like_a_key_is_not_metadata() -> None:
    raw = f"Title insurance rates rose again this year, brokers said.\n\n{BODY}"
    doc = document_from_string(raw, doc_id="t")
    assert doc.title is None
    assert doc.text.startswith("Title insurance rates rose")


def test_invalid_date_or_url_value_is_body_text() -> None:
    doc = document_from_string(f"date night returns to the harbor district this weekend.\n{BODY}")
    assert doc.date is None
    assert doc.text.startswith("date night returns")
    doc = document_from_string(f"url: not a url at all\n{BODY}")
    assert doc.url is None
    assert doc.removed == ("url: not a url at all",)  # body, then a short margin line


def test_date_normalization() -> None:
    doc = document_from_string(f"date: March 12, 2024\n\n{BODY}")
    assert doc.date == "2024-03-12"
    doc = document_from_string(f"date: 2024-03-12T08:30:00Z\n\n{BODY}")
    assert doc.date == "2024-03-12T08:30:00+00:00"
    doc = document_from_string(f"date: Spring 2024\n\n{BODY}")
    assert doc.date == "Spring 2024"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-11-14", "2023-11-14"),
        ("Nov. 14, 2023", "2023-11-14"),
        ("14 November 2023", "2023-11-14"),
        ("2023-11-14 09:15", "2023-11-14T09:15:00"),
        ("Tue, 14 Nov 2023 09:15:00 GMT", "2023-11-14T09:15:00+00:00"),
        ("November 2023", "November 2023"),
        ("sometime soon", "sometime soon"),
    ],
)
def test_normalize_date(value: str, expected: str) -> None:
    assert normalize_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2023-11-14", True), ("12/03/2024", True), ("March 5", True), ("night is back", False)],
)
def test_looks_like_date(value: str, expected: bool) -> None:
    assert looks_like_date(value) is expected


def test_document_from_string_default_id_and_chrome() -> None:
    doc = document_from_string(f"Estimated read time 2 min\n{BODY}\nThere are no comments")
    assert doc.id == "text"
    assert doc.path is None
    assert doc.text == BODY
    assert doc.removed == ("Estimated read time 2 min", "There are no comments")


def test_parse_text_errors_name_the_origin() -> None:
    with pytest.raises(EmptyDocumentError, match=r"^notes\.txt: has no text after its metadata"):
        parse_text("title: Only metadata\ndate: 2024-01-01\n", doc_id="n", path="notes.txt")
    with pytest.raises(EmptyDocumentError, match=r"^snippet: text is empty"):
        document_from_string("   \n", doc_id="snippet")


# --------------------------------------------------------------------------- html


def test_html_page(tmp_path: Path) -> None:
    path = write(tmp_path, "page.html", PAGE)
    doc = load_document(path)
    assert doc.id == "page"
    assert doc.title == TITLE
    assert doc.date == "2023-11-14"
    assert doc.url == "https://cascadiawire.example/2023/11/14/portvale-fire"
    assert doc.source == "Cascadia Wire"
    assert doc.text.startswith(BODY_1)
    assert "Both were released Tuesday morning." in doc.text
    for chrome in ("Sports", "Mayor unveils budget plan", "Privacy policy", "By Jane Doe"):
        assert chrome not in doc.text
    assert doc.text.count(TITLE) == 0


def test_html_sniffed_from_unknown_suffix(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "saved.page", PAGE))
    assert doc.title == TITLE
    assert doc.text.startswith(BODY_1)


def test_html_without_article_text(tmp_path: Path) -> None:
    path = write(tmp_path, "blank.htm", "<html><head><title>x</title></head><body></body></html>")
    with pytest.raises(EmptyDocumentError, match="no article text found") as info:
        load_document(path)
    assert_names_file(info.value, path)


def test_parse_html_url_fallback() -> None:
    page = PAGE.replace('<meta property="og:url" ', '<meta property="og:ignored" ')
    doc = parse_html(page, doc_id="p", url="https://example.org/story")
    assert doc.url == "https://example.org/story"


# --------------------------------------------------------------------------- json


def test_json_object(tmp_path: Path) -> None:
    record = {"id": "r1", "title": TITLE, "date": "Nov 14, 2023", "text": f"Share\n{BODY}"}
    doc = load_document(write(tmp_path, "one.json", json.dumps(record)))
    assert doc.id == "r1"
    assert doc.title == TITLE
    assert doc.date == "2023-11-14"
    assert doc.text == BODY
    assert doc.removed == ("Share",)


def test_json_list_of_one_and_default_id(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "single.json", json.dumps([{"text": BODY}])))
    assert doc.id == "single"
    assert doc.text == BODY


def test_json_list_of_many(tmp_path: Path) -> None:
    path = write(tmp_path, "many.json", json.dumps([{"text": BODY}, {"text": BODY}]))
    with pytest.raises(InputError, match=r"list of 2 records.*retold scan") as info:
        load_document(path)
    assert_names_file(info.value, path)


def test_json_sniffed_from_unknown_suffix(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "record.dat", json.dumps({"text": BODY})))
    assert doc.text == BODY


def test_json_record_with_html(tmp_path: Path) -> None:
    record = {"html": PAGE, "title": "Record title wins", "source": "Archive"}
    doc = load_document(write(tmp_path, "page.json", json.dumps(record)))
    assert doc.title == "Record title wins"
    assert doc.source == "Archive"
    assert doc.date == "2023-11-14"
    assert doc.text.startswith(BODY_1)


def test_json_record_with_empty_html_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "page.json", json.dumps({"html": "<html><body></body></html>"}))
    with pytest.raises(EmptyDocumentError, match="no article text found") as info:
        load_document(path)
    assert_names_file(info.value, path)


def test_jsonl_single_line(tmp_path: Path) -> None:
    line = json.dumps({"id": "j1", "text": BODY, "url": "https://example.org/a"})
    doc = load_document(write(tmp_path, "one.jsonl", f"\n{line}\n\n"))
    assert doc.id == "j1"
    assert doc.url == "https://example.org/a"
    assert doc.path == str(tmp_path / "one.jsonl")


def test_jsonl_many_lines(tmp_path: Path) -> None:
    line = json.dumps({"text": BODY})
    path = write(tmp_path, "corpus.jsonl", f"{line}\n{line}\n{line}\n")
    with pytest.raises(InputError) as info:
        load_document(path)
    message = str(info.value)
    assert "3 JSON lines" in message
    assert "retold compare` takes one document per file" in message
    assert "retold scan" in message
    assert_names_file(info.value, path)


# --------------------------------------------------------------------------- collections of one


def csv_of(*rows: tuple[str, str, str]) -> str:
    lines = ["id,title,date,text"]
    lines += [f'{doc_id},{title},2023-11-14,"{text}"' for doc_id, title, text in rows]
    return "\n".join(lines) + "\n"


def test_csv_with_one_row_is_that_record(tmp_path: Path) -> None:
    # a collection file a scan reads record by record gives compare its one record, read the
    # same way (it used to be read as plain text, header row and all)
    path = write(tmp_path, "one.csv", csv_of(("w1", TITLE, BODY)))
    doc = load_document(path)
    assert (doc.id, doc.title, doc.date) == ("w1", TITLE, "2023-11-14")
    assert doc.text == BODY
    assert doc.path == f"{path}:2"


def test_csv_with_more_rows_names_the_second(tmp_path: Path) -> None:
    path = write(tmp_path, "many.csv", csv_of(("w1", "A", BODY_1), ("w2", "B", BODY_2)))
    with pytest.raises(InputError) as info:
        load_document(path)
    assert "takes one document per file" in str(info.value)
    assert f"{path}:3" in str(info.value)
    assert "retold scan" in str(info.value)
    assert_names_file(info.value, path)


def test_csv_with_only_a_header_holds_no_document(tmp_path: Path) -> None:
    path = write(tmp_path, "header.csv", "id,title,date,text\n")
    with pytest.raises(EmptyDocumentError, match="holds no document") as info:
        load_document(path)
    assert_names_file(info.value, path)


def test_csv_without_a_text_column_says_which_columns_it_has(tmp_path: Path) -> None:
    path = write(tmp_path, "body.csv", f'id,headline,body\nw1,{TITLE},"{BODY}"\n')
    with pytest.raises(InputError) as info:
        load_document(path)
    message = str(info.value)
    assert "no \"text\" column in the header (columns: 'id', 'headline', 'body')" in message
    # the way out named for compare is one compare has (it has no --text-field of its own)
    assert 'retold compare` reads a column named "text"' in message
    assert f"{path}:1" in message  # the file and the header's line


def test_gzipped_json_lines_of_one_record(tmp_path: Path) -> None:
    line = json.dumps({"id": "g1", "text": BODY})
    doc = load_document(write(tmp_path, "one.jsonl.gz", gzip.compress(line.encode())))
    assert (doc.id, doc.text) == ("g1", BODY)


def rss(*titles: str) -> str:
    items = "".join(
        f"<item><title>{title}</title><link>https://wire.example/{k}</link>"
        f"<pubDate>Tue, 14 Nov 2023 08:30:00 GMT</pubDate><description>{BODY_1}</description>"
        "</item>"
        for k, title in enumerate(titles)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Cascadia Wire</title>{items}</channel></rss>"
    )


def test_feed_with_one_entry_is_that_entry(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "wire.rss", rss(TITLE)))
    assert (doc.title, doc.url) == (TITLE, "https://wire.example/0")
    assert doc.date == "2023-11-14T08:30:00+00:00"
    assert doc.text == BODY_1


def test_feed_with_more_entries_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "wire.rss", rss("One", "Two"))
    with pytest.raises(InputError, match="takes one document per file"):
        load_document(path)


def test_malformed_json_reports_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.json", '{\n  "text": "hello",\n  "title": oops\n}')
    with pytest.raises(InputError, match=r"not valid JSON .*line 3, column 12") as info:
        load_document(path)
    assert_names_file(info.value, path)


def test_malformed_jsonl_reports_the_file_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.jsonl", '\n\n{"text": }\n')
    with pytest.raises(InputError, match=r"line 3, column 10"):
        load_document(path)


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"title": "no text"}, 'record has no "text" field'),
        ({"text": 42}, 'field "text" must be a string, got a number'),
        ({"text": BODY, "title": ["a"]}, 'field "title" must be a string, got an array'),
        ({"text": BODY, "date": True}, 'field "date" must be a string, got a boolean'),
        ({"text": BODY, "id": 7}, 'field "id" must be a string, got a number'),
        ({"text": BODY, "url": {"href": "x"}}, 'field "url" must be a string, got an object'),
        ({"text": BODY, "source": 1.5}, 'field "source" must be a string, got a number'),
        (["not", "an", "object"], "expected a JSON object, got an array"),
    ],
)
def test_record_type_errors(record: object, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_record(record, doc_id_default="d", origin="feed.json")  # type: ignore[arg-type]
    assert str(info.value).startswith("feed.json: ")
    assert message in str(info.value)


def test_record_nulls_count_as_absent() -> None:
    doc = parse_record({"text": BODY, "title": None}, doc_id_default="d", origin="o")
    assert doc.title is None
    assert doc.id == "d"


def test_record_with_empty_text() -> None:
    with pytest.raises(EmptyDocumentError, match=r'^o: the "text" field is empty'):
        parse_record({"text": "  "}, doc_id_default="d", origin="o")


# --------------------------------------------------------------------------- bad files


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(InputError, match="no such file") as info:
        load_document(path)
    assert_names_file(info.value, path)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory") as info:
        load_document(tmp_path)
    assert_names_file(info.value, tmp_path)


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", "\ufeff \n".encode()])
def test_empty_or_whitespace_file(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path, "empty.txt", content)
    with pytest.raises(EmptyDocumentError, match="file is empty") as info:
        load_document(path)
    assert_names_file(info.value, path)


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        b"text then a NUL\x00 byte",
        bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 20 + b"some words",
    ],
)
def test_binary_file(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path, "image.txt", content)
    with pytest.raises(InputError, match="looks like a binary file, not text") as info:
        load_document(path)
    assert_names_file(info.value, path)


def test_binary_file_even_with_forced_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, "blob.bin", b"\x00\x01\x02binary\x00")
    with pytest.raises(InputError, match="binary"):
        load_document(path, encoding="latin-1")


def test_latin1_file_needs_an_encoding(tmp_path: Path) -> None:
    text = "Café owners on the waterfront said the fire hurt trade at the pier on Monday."
    path = write(tmp_path, "latin.txt", text.encode("latin-1"))
    with pytest.raises(InputError) as info:
        load_document(path)
    message = str(info.value)
    assert "is not valid UTF-8 (byte 0xe9 at offset 3)" in message
    assert "re-save it as UTF-8 or pass --encoding" in message
    assert info.value.hint == "re-save it as UTF-8 or pass --encoding"
    assert_names_file(info.value, path)
    doc = load_document(path, encoding="latin-1")
    assert doc.text.startswith("Café owners")


def test_cp1252_smart_quotes_with_encoding(tmp_path: Path) -> None:
    text = f"“We will rebuild,” the owner said on Tuesday morning at the pier.\n\n{BODY}"
    path = write(tmp_path, "quotes.txt", text.encode("cp1252"))
    assert load_document(path, encoding="cp1252").text.startswith("“We will rebuild,”")


def test_unknown_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", BODY)
    with pytest.raises(InputError, match="unknown encoding 'klingon'") as info:
        load_document(path, encoding="klingon")
    assert_names_file(info.value, path)


def test_utf8_bom_file(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", f"\ufefftitle: {TITLE}\n\n{BODY}".encode())
    doc = load_document(path)
    assert doc.title == TITLE
    assert doc.text == BODY


def test_utf8_bom_file_with_bad_byte_reports_file_offset(tmp_path: Path) -> None:
    path = write(tmp_path, "bombad.txt", b"\xef\xbb\xbfabc\xffdef")
    with pytest.raises(InputError, match=r"byte 0xff at offset 6"):
        load_document(path)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_bom_files(tmp_path: Path, codec: str) -> None:
    raw = f"title: {TITLE}\n\nCafé {BODY}"
    data = raw.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    doc = load_document(write(tmp_path, f"{codec}.txt", data))
    assert doc.title == TITLE
    assert doc.text.startswith("Café PORTVALE")


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", "word " * 300)
    with pytest.raises(InputError, match=r"too large \(1\.5 KB; the limit is 1\.0 KB\)") as info:
        load_document(path, max_bytes=1024)
    assert_names_file(info.value, path)


def test_text_without_letters_after_cleaning(tmp_path: Path) -> None:
    path = write(tmp_path, "numbers.txt", "12 34 56\n\n--- 7.8 ---\n")
    with pytest.raises(EmptyDocumentError, match="no letters") as info:
        load_document(path)
    assert_names_file(info.value, path)


def test_markdown_and_crlf(tmp_path: Path) -> None:
    path = write(tmp_path, "note.md", f"title: {TITLE}\r\n\r\n{BODY_1}\r\n{BODY_2}\r\n")
    doc = load_document(path)
    assert doc.title == TITLE
    assert doc.text == BODY


def test_string_path_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "s.txt", BODY)
    assert load_document(str(path)).path == str(path)
