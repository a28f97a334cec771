"""The on-disk index: add, query, remove, reopen, readers beside a writer, bad folders.

Real SQLite and usearch files under tmp; the invented fixture articles (see conftest.py). The
index holds the two wires, their independent reports and the unrelated story; queries are the
derived versions, which the index has never seen.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from retold import _load
from retold._embed import Embedder
from retold._prints import fingerprint_texts
from retold._static import load_static_embedder
from retold.index import Index, IndexFormatError, _query, _store, _vectors
from retold.index import _index as index_module
from retold.index._query import candidates
from retold.model import DERIVED_RELATIONS, Document

FIXTURES = Path(__file__).parent / "fixtures" / "pairs"

STORED = (
    "larkport-wire",
    "larkport-independent",
    "ashcreek-wire",
    "ashcreek-independent",
    "unrelated-robotics",
)


def fixture(name: str) -> Document:
    return _load.load_document(FIXTURES / f"{name}.txt")


@pytest.fixture
def folder(tmp_path: Path, embedder: Embedder) -> Path:
    """An index folder holding the stored fixture articles."""
    path = tmp_path / "index"
    with Index(path, embedder=embedder) as index:
        report = index.add(fixture(name) for name in STORED)
    assert report.added == STORED
    return path


def ids(results: list) -> list[str]:
    return [m.id for m in results]


@pytest.mark.model
@pytest.mark.parametrize("story", ["larkport", "ashcreek"])
@pytest.mark.parametrize("kind", ["copy", "edited", "spun"])
def test_a_derived_version_finds_its_wire_first(
    folder: Path, embedder: Embedder, story: str, kind: str
) -> None:
    with Index(folder, embedder=embedder) as index:
        results = index.query(fixture(f"{story}-{kind}"))
    assert results, "nothing found"
    best = results[0]
    assert best.id == f"{story}-wire"
    assert best.relation in DERIVED_RELATIONS
    # a = the stored wire, b = the query; the wire is dated earlier, so the query derives.
    assert best.direction.value == "a_to_b"
    assert best.comparison.a.id == f"{story}-wire"
    assert best.comparison.links, "no aligned sentences"
    assert "unrelated-robotics" not in ids(results)


@pytest.mark.model
def test_an_unrelated_text_finds_nothing(folder: Path, embedder: Embedder) -> None:
    text = (
        "The city orchestra announced its winter season on Monday, opening with a programme "
        "of Sibelius and closing with a new commission by a local composer. Tickets go on sale "
        "next week, and students will again be offered seats for five dollars."
    )
    with Index(folder, embedder=embedder) as index:
        assert index.query(text) == []


@pytest.mark.model
def test_results_serialise_with_the_stored_id_first(folder: Path, embedder: Embedder) -> None:
    with Index(folder, embedder=embedder) as index:
        data = index.query(fixture("larkport-spun"))[0].to_dict()
    assert data["id"] == "larkport-wire"
    assert data["comparison"]["a"]["id"] == "larkport-wire"
    assert data["relation"] in DERIVED_RELATIONS
    assert set(data) == {
        "id",
        "relation",
        "direction",
        "scores",
        "found_by",
        "screen",
        "comparison",
    }


def test_a_stored_id_is_never_overwritten(folder: Path, embedder: Embedder) -> None:
    original = fixture("larkport-wire")
    other = Document(id="larkport-wire", text="A different text with the same id, sent later.")
    with Index(folder, embedder=embedder) as index:
        report = index.add([other, Document(id="new", text="A new article arrives today.")])
        assert report.added == ("new",)
        assert len(report.skipped) == 1
        assert "already in the index" in report.skipped[0].reason
        assert index.get("larkport-wire").text == original.text
        assert len(index) == len(STORED) + 1


def test_duplicate_ids_within_one_call_keep_the_first(tmp_path: Path, embedder: Embedder) -> None:
    with Index(tmp_path / "i", embedder=embedder) as index:
        report = index.add(
            [Document(id="x", text="First text here."), Document(id="x", text="Second text.")]
        )
        assert report.added == ("x",)
        assert index.get("x").text == "First text here."


def test_empty_and_gigantic_documents_are_skipped_with_a_reason(
    tmp_path: Path, embedder: Embedder
) -> None:
    huge = "word " * (index_module.MAX_CHARS // 5 + 1)
    with Index(tmp_path / "i", embedder=embedder) as index:
        report = index.add(
            [
                Document(id="empty", text="   \n"),
                Document(id="huge", text=huge),
                Document(id="fine", text="A short real article about the harbour."),
            ]
        )
        assert report.added == ("fine",)
        reasons = {skip.location: skip.reason for skip in report.skipped}
        assert "no text" in reasons["empty"]
        assert "split it first" in reasons["huge"]
        assert "huge" not in index


def test_documents_survive_closing_and_reopening(folder: Path, embedder: Embedder) -> None:
    with Index(folder, embedder=embedder) as index:
        assert len(index) == len(STORED)
        wire = index.get("larkport-wire")
    assert wire == fixture("larkport-wire")
    with Index(folder, embedder=embedder) as index:
        assert [d.id for d in index.documents()] == list(reversed(STORED))
        assert index.stats().vectors == len(STORED)


@pytest.mark.model
def test_lost_ann_files_are_rebuilt_from_sqlite(
    folder: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Index(folder, embedder=embedder) as index:
        windows = index.stats().windows
        before = [(m.id, m.found_by) for m in index.query(fixture("larkport-spun"))]
    assert windows >= len(STORED)  # every stored text has at least one window
    (folder / "vectors.usearch").unlink()
    (folder / "windows.usearch").unlink()
    monkeypatch.setattr(_vectors, "_CATCH_UP_BATCH", 2)  # read back from SQLite in batches
    with Index(folder, embedder=embedder) as index:
        assert index.stats().vectors == len(STORED)
        assert index.stats().windows == windows
        after = [(m.id, m.found_by) for m in index.query(fixture("larkport-spun"))]
    assert after == before
    assert after[0][0] == "larkport-wire"


def _long_page() -> Document:
    """A roundup page of 40-odd sentences with the Larkport wire in its middle."""
    others = [fixture(name).text for name in ("unrelated-robotics", "ashcreek-independent")]
    later = [fixture(name).text for name in ("ashcreek-wire", "larkport-independent")]
    text = "\n\n".join([*others, fixture("larkport-wire").text, *later])
    return Document(id="roundup", text=text)


def test_a_story_inside_a_long_page_is_found_by_its_sentence_windows(tmp_path: Path) -> None:
    page = _long_page()
    with Index(tmp_path / "index") as index:
        index.add([page, *(fixture(name) for name in STORED if name != "larkport-wire")])
        query = fingerprint_texts(
            [fixture("larkport-spun").text], index._static, sentences=True, templates=True
        )[0]
        found = {c.pos: c.routes for c in candidates(index._db, index._vectors, query).found}
        routes = found[_store.position(index._db, "roundup")]
    # The spun story shares a window's worth of meaning with the page; the page's own vector
    # is about the robots, the bridge and the rest, so the document vectors miss it.
    assert "windows" in routes
    assert "vectors" not in routes


def test_a_window_pair_needs_a_text_longer_than_two_windows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As in scan, the window route keeps a pair only when one text has more than 16
    sentences: two shorter texts are the document vectors' to judge."""
    page = _long_page()
    with Index(tmp_path / "index") as index:
        index.add([page, fixture("unrelated-robotics")])
        short = _store.position(index._db, "unrelated-robotics")
        long = _store.position(index._db, "roundup")
        # Say the windows proposed both stored texts, and nothing else did.
        monkeypatch.setattr(_query, "_window_route", lambda *_: {short, long})
        monkeypatch.setattr(_query, "_word_route", lambda *_: set())
        monkeypatch.setattr(_query, "_shingle_route", lambda *_: set())
        monkeypatch.setattr(_query, "_minhash_route", lambda *_: set())
        nothing = (np.zeros(0, np.int64), np.zeros(0, np.float32))
        monkeypatch.setattr(index._vectors, "search", lambda *_: nothing)

        def proposed(text: str) -> set[int]:
            query = fingerprint_texts([text], index._static, sentences=True, templates=True)[0]
            found = _query.candidates(index._db, index._vectors, query).found
            assert all(c.routes == ("windows",) for c in found)
            return {c.pos for c in found}

        brief = fixture("larkport-spun")  # 16 sentences: only the long page stays
        assert proposed(brief.text) == {long}
        assert proposed(page.text + "\n\nOne more closing line.") == {short, long}


def test_removed_documents_leave_the_window_graph(folder: Path, embedder: Embedder) -> None:
    with Index(folder, embedder=embedder) as index:
        before = index.stats().windows
        pos = _store.position(index._db, "larkport-wire")
        index.remove("larkport-wire")
        after = index.stats().windows
    assert after < before
    with Index(folder, embedder=embedder) as index:  # the saved graph, caught up from SQLite
        assert index.stats().windows == after
        owners = index._vectors._windows.keys() >> _vectors.WINDOW_BITS
    assert pos not in owners.tolist()


def test_an_ann_file_behind_sqlite_is_caught_up(folder: Path, embedder: Embedder) -> None:
    """A writer killed between its SQLite commit and the ANN write leaves the file behind."""
    for name in ("vectors.usearch", "windows.usearch"):
        shutil.copy(folder / name, folder.parent / name)
    with Index(folder, embedder=embedder) as index:
        index.add([Document(id="later", text="The harbour authority approved a new pier.")])
        windows = index.stats().windows
    for name in ("vectors.usearch", "windows.usearch"):
        shutil.copy(folder.parent / name, folder / name)
    with Index(folder, embedder=embedder) as index:
        assert index.stats().vectors == len(STORED) + 1
        assert index.stats().windows == windows


@pytest.mark.model
def test_removed_documents_are_gone_for_good(folder: Path, embedder: Embedder) -> None:
    with Index(folder, embedder=embedder) as index:
        assert index.remove("larkport-wire") is True
        assert index.remove("larkport-wire") is False
        assert "larkport-wire" not in index
        assert "larkport-wire" not in ids(index.query(fixture("larkport-spun")))
    with Index(folder, embedder=embedder) as index:
        assert len(index) == len(STORED) - 1
        assert index.stats().vectors == len(STORED) - 1
        with pytest.raises(KeyError):
            index.get("larkport-wire")


@pytest.mark.model
def test_a_reader_sees_what_a_writer_adds_after_it_opened(folder: Path, embedder: Embedder) -> None:
    with Index(folder, embedder=embedder) as reader, Index(folder, embedder=embedder) as writer:
        assert "larkport-spun" not in ids(reader.query(fixture("larkport-copy")))
        writer.add([fixture("larkport-spun")])
        assert "larkport-spun" in ids(reader.query(fixture("larkport-copy")))


@pytest.mark.model
def test_linking_builds_stories_with_the_wire_as_origin(tmp_path: Path, embedder: Embedder) -> None:
    names = ["larkport-wire", "larkport-copy", "larkport-spun", "unrelated-robotics"]
    with Index(tmp_path / "i", embedder=embedder) as index:
        index.add((fixture(n) for n in names), link=True)
        stories = index.stories()
        assert index.stats().verdicts >= 2
    assert len(stories) == 1
    assert set(stories[0].members) == {"larkport-wire", "larkport-copy", "larkport-spun"}
    assert stories[0].origin == "larkport-wire"


@pytest.mark.model
def test_link_later_gives_the_same_verdicts(tmp_path: Path, embedder: Embedder) -> None:
    names = ["larkport-wire", "larkport-copy", "larkport-spun"]
    with Index(tmp_path / "now", embedder=embedder) as now:
        now.add((fixture(n) for n in names), link=True)
        linked_now = now.stories()
    with Index(tmp_path / "later", embedder=embedder) as later:
        later.add(fixture(n) for n in names)
        assert later.stories() == []
        assert later.link() == len(names)
        assert later.link() == 0
        assert later.stories() == linked_now


@pytest.mark.model
def test_two_stored_documents_compare(folder: Path, embedder: Embedder) -> None:
    with Index(folder, embedder=embedder) as index:
        comparison = index.compare("larkport-wire", "larkport-independent")
        with pytest.raises(KeyError):
            index.compare("larkport-wire", "nope")
    assert comparison.relation == "same_story"


def test_stats_count_and_size(folder: Path, embedder: Embedder) -> None:
    with Index(folder, embedder=embedder) as index:
        stats = index.stats()
    assert stats.documents == len(STORED)
    assert stats.text_bytes == sum(len(fixture(n).text.encode()) for n in STORED)
    assert stats.bytes_on_disk > stats.text_bytes
    assert stats.to_dict()["bytes_per_document"] > 0


def test_an_index_of_another_schema_version_is_refused(folder: Path) -> None:
    db = sqlite3.connect(folder / "index.sqlite")
    db.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with pytest.raises(IndexFormatError, match=r"schema version 999.*new index"):
        Index(folder)


def test_an_index_of_another_static_model_is_refused(folder: Path) -> None:
    db = sqlite3.connect(folder / "index.sqlite")
    db.execute("UPDATE meta SET value = 'static-other-000' WHERE key = 'static_model'")
    db.commit()
    db.close()
    with pytest.raises(IndexFormatError, match="static-other-000"):
        Index(folder)


def test_folders_that_are_not_indexes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(IndexFormatError, match="no retold index"):
        Index(tmp_path / "missing", create=False)
    other = tmp_path / "other"
    other.mkdir()
    db = sqlite3.connect(other / "index.sqlite")
    db.execute("CREATE TABLE notes (x)")
    db.commit()
    db.close()
    with pytest.raises(IndexFormatError, match="not a retold index"):
        Index(other)
    garbage = tmp_path / "garbage"
    garbage.mkdir()
    (garbage / "index.sqlite").write_bytes(b"\x00\x01 not a database " * 100)
    with pytest.raises(IndexFormatError, match="not a readable SQLite"):
        Index(garbage)
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(IndexFormatError, match="not a folder"):
        Index(a_file)


def test_the_static_model_identity_is_recorded(folder: Path) -> None:
    db = sqlite3.connect(folder / "index.sqlite")
    recorded = db.execute("SELECT value FROM meta WHERE key = 'static_model'").fetchone()[0]
    db.close()
    assert recorded == load_static_embedder().identity


def test_duplicate_ids_across_batches_keep_the_first(
    tmp_path: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches are fingerprinted ahead of storing: an id seen in an earlier, not yet stored
    batch of the same add must still count as taken."""
    monkeypatch.setattr(index_module, "BATCH", 2)
    texts = ["First harbour story.", "A bridge story.", "Second harbour story.", "Another."]
    documents = [Document(id=i, text=t) for i, t in zip(["a", "b", "a", "c"], texts, strict=True)]
    with Index(tmp_path / "i", embedder=embedder) as index:
        report = index.add(documents)
        assert report.added == ("a", "b", "c")
        assert index.get("a").text == "First harbour story."


@pytest.mark.model
def test_notices_of_one_form_are_not_retellings_of_each_other(
    tmp_path: Path, embedder: Embedder
) -> None:
    """Corpus templates, as in scan: the index counts sentence shapes and their wordings, and
    a query's template sentences (and the stored ones') are never linked."""
    from test_templates import COMPANIES, notice

    notices = [Document(id=f"notice-{k}", text=notice(k, c)) for k, c in enumerate(COMPANIES)]
    with Index(tmp_path / "i", embedder=embedder) as index:
        index.add(notices)
        newcomer = notice(len(COMPANIES), "Zephyr Robotics")
        assert [m for m in index.query(newcomer) if m.relation in DERIVED_RELATIONS] == []
        copy = index.query(Document(id="copy", text=notices[3].text))
        assert [(m.id, m.relation) for m in copy if m.relation in DERIVED_RELATIONS] == [
            ("notice-3", "duplicate")
        ]
