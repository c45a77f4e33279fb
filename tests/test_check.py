"""searcher check: a sound index passes, real damage fails with a clear message, leftovers pass."""

from __future__ import annotations

import gc
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from searcher import Index, IndexNotFound, SearcherError
from searcher.check import check_index
from searcher.engine import compat
from searcher.schema import ARTICLE, FILE

from tests.conftest import RECORDS


@pytest.fixture
def _collect_garbage() -> Iterator[None]:
    yield
    gc.collect()


def whoosh_leaks_a_file(test: Callable) -> Callable:
    """Whoosh does not close a file it fails to read (a table of contents or a segment cut
    short); the file is collected, with its warning, at the end of the test, not in another."""
    test = pytest.mark.usefixtures("_collect_garbage")(test)
    return pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")(test)


def _article_file(path: Path, extension: str) -> Path:
    """A file of the segment holding the articles: its postings (``pst``) or its terms
    (``trm``, read when the segment is opened)."""
    return max(path.glob(f"MAIN_*.{extension}"), key=lambda f: f.stat().st_size)


def test_a_sound_index_passes(index: Index, run) -> None:
    report = index.check()
    assert report.ok, report.problems
    assert (report.articles, report.files, report.notes) == (len(RECORDS) + 1, 2, [])
    assert report.documents == report.articles + report.files + 1  # and the format record
    output = run("check", "--index", str(index.path)).output
    assert output.splitlines()[-1].endswith("no problems")


def test_deleted_updates_count_as_deleted_not_damage(index: Index, corpus: Path) -> None:
    (corpus / "news.jsonl").write_text(json.dumps(RECORDS[0]))
    index.update([corpus])
    report = index.check()
    assert report.ok, report.problems
    assert report.articles == 2
    assert report.deleted > 0


def test_a_missing_index_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFound):
        check_index(tmp_path / "nothing")


@whoosh_leaks_a_file
def test_a_deleted_segment_file_fails(index: Index, run) -> None:
    segment = _article_file(index.path, "pst")
    segment.unlink()
    report = check_index(index.path)
    assert not report.ok
    assert report.problems == [
        f"segment {segment.stem} cannot be read: FileNotFoundError: [Errno 2] No such file or "
        f"directory: '{segment}'"
    ]
    output = run("check", "--index", str(index.path), exit_code=1).output
    assert f"Error: the index at {index.path} is damaged (1 problem)" in output
    assert "--rebuild" in output


@whoosh_leaks_a_file
@pytest.mark.parametrize("keep", [0.5, 0.99])
def test_a_truncated_segment_file_fails(index: Index, keep: float) -> None:
    segment = _article_file(index.path, "trm")
    os.truncate(segment, int(segment.stat().st_size * keep))
    report = check_index(index.path)
    first, *others = report.problems  # then what it held is missing: the file records
    assert first.split(":")[0] == f"segment {segment.stem} cannot be read"
    assert all("have no file record, so updates would not replace them" in p for p in others)
    with pytest.raises(SearcherError, match="cannot be read") as caught:
        Index.open(index.path)
    assert "searcher check" in caught.value.hint


@whoosh_leaks_a_file
def test_garbled_postings_fail(index: Index) -> None:
    """Zeros in the middle of the stored documents and postings, where no exception is
    raised on opening, are found by reading everything."""
    segment = _article_file(index.path, "pst")
    data = bytearray(segment.read_bytes())
    middle = int(len(data) * 0.75)
    data[middle : middle + 64] = bytes(64)
    segment.write_bytes(bytes(data))
    assert not check_index(index.path).ok


@whoosh_leaks_a_file
def test_a_truncated_table_of_contents_fails(index: Index, run) -> None:
    toc = next(index.path.glob("_MAIN_*.toc"))
    os.truncate(toc, 40)
    report = check_index(index.path)
    assert report.problems[0].startswith("the table of contents cannot be read: ")
    run("check", "--index", str(index.path), exit_code=1)


@whoosh_leaks_a_file
def test_an_unreadable_index_can_be_rebuilt(index: Index, corpus: Path) -> None:
    os.truncate(_article_file(index.path, "trm"), 100)
    with pytest.raises(SearcherError):
        Index.open(index.path, create=True)
    with Index.open(index.path, create=True, replace_unreadable=True) as fresh:
        assert len(fresh) == 0
        fresh.update([corpus], rebuild=True)
    assert check_index(index.path).ok


def test_leftovers_of_a_killed_update_are_notes(index: Index, corpus: Path, run) -> None:
    (index.path / "MAIN.tmp").mkdir()
    (index.path / "MAIN.tmp" / "abc.run").write_bytes(b"x" * 1000)
    (index.path / "MAIN_0123456789abcdef.seg").write_bytes(b"half a segment")
    (index.path / "_MAIN_9.toc.1732000000.5").write_bytes(b"half a table")
    (index.path / ".creating-x1y2").mkdir()
    report = check_index(index.path)
    assert report.ok, report.problems
    assert len(report.notes) == 1
    assert report.notes == [
        "not part of the index, 0.0 MB left by an update that is running or was interrupted "
        "(the next update removes most of it): .creating-x1y2, MAIN.tmp, "
        "MAIN_0123456789abcdef.seg …"
    ]
    assert len(report.leftovers) == 4
    output = run("check", "--index", str(index.path)).output
    assert "note      not part of the index, 0.0 MB left by an update" in output
    (corpus / "news.jsonl").write_text(json.dumps(RECORDS[0]))
    index.update([corpus])  # removes all but the folder of an interrupted creation
    assert check_index(index.path).leftovers == [".creating-x1y2"]


def _write_raw(path: Path, *documents: dict, columns: bool = True) -> None:
    """Add documents behind searcher's back, as a bug or a foreign tool might, in a segment
    of their own (with every column of the schema, unless told otherwise)."""
    ix = whoosh_index.open_dir(str(path))
    writer = ix.writer()
    if columns:
        compat.hold_every_column(writer.perdocwriter, ix.schema)
    for document in documents:
        writer.add_document(**document)
    writer.commit(merge=False)


def test_every_segment_of_an_index_built_as_users_do_holds_every_column(
    records_index: Index,
) -> None:
    """A new index's format record is a segment of its own: it holds the columns too."""
    ix = whoosh_index.open_dir(str(records_index.path))
    names = [n for n, f in ix.schema.items() if f.column_type]
    with ix.reader() as reader:
        leaves = [leaf for leaf, _ in reader.leaf_readers()]
        assert len(leaves) > 2
        assert all(leaf.has_column(n) for leaf in leaves for n in names)
    assert check_index(records_index.path).ok


def test_a_segment_without_a_column_others_hold_fails(index: Index) -> None:
    state = json.dumps({"size": 1, "mtime_ns": 2, "sha256": "ab"})
    _write_raw(index.path, {"kind": FILE, "path": "/x.txt", "meta": state}, columns=False)
    problems = check_index(index.path).problems
    assert len(problems) == 1
    assert problems[0].endswith(
        "lacks the body, changed, indexed, precision, sketch, source, ts column(s) other "
        "segments hold, so plain Whoosh reads other documents' values there"
    )


def test_a_doubled_article_id_fails(index: Index) -> None:
    path = index.get("a1").path
    _write_raw(index.path, {"kind": ARTICLE, "id": "a1", "title": "again", "path": path})
    assert check_index(index.path).problems == [
        "1 article ids are held by more than one article: 'a1'"
    ]


def test_an_article_without_a_file_record_fails(index: Index) -> None:
    _write_raw(index.path, {"kind": ARTICLE, "id": "z", "title": "stray", "path": "/gone.txt"})
    assert check_index(index.path).problems == [
        "articles from 1 files have no file record, so updates would not replace them: /gone.txt"
    ]


def test_a_broken_file_record_fails(index: Index) -> None:
    _write_raw(index.path, {"kind": FILE, "path": "/x.txt", "meta": "{not json"})
    problems = check_index(index.path).problems
    assert len(problems) == 1
    assert problems[0].endswith("the record of /x.txt cannot be read")


def test_a_missing_format_record_fails(tmp_path: Path, index: Index) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(index.path, copy)
    writer = whoosh_index.open_dir(str(copy)).writer()
    writer.delete_by_term("kind", "meta")
    writer.commit()
    assert check_index(copy).problems == ["the index holds 0 format records instead of one"]
