"""The update run: batches become segments, small segments merge, a failed run leaves nothing."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from searcher import Filters, Index, ingest
from searcher.engine import batch
from searcher.engine.segments import write_segment
from searcher.ingest import stream
from searcher.update import updater

from tests.conftest import RECORDS, segment_sizes, shared_data


def _segments(idx: Index) -> list[int]:
    return sorted(segment_sizes(idx))


def _files(idx: Index) -> set[str]:
    return {f.name for f in idx.path.iterdir() if not f.name.endswith("WRITELOCK")}


def _everything(idx: Index) -> list[tuple[str, str, str]]:
    return sorted((h.id, h.title, h.source) for h in idx.search("*", page_size=1000).hits)


def test_batches_become_segments_that_search_as_one(tmp_path: Path, corpus: Path, monkeypatch):
    one = Index.create(tmp_path / "one")
    one.update([corpus])
    monkeypatch.setattr(updater, "BATCH_CHARS", 100)
    many = Index.create(tmp_path / "many")
    many.update([corpus])
    assert len(_segments(many)) > len(_segments(one))
    assert _everything(many) == _everything(one)
    assert many.search('"humanitarian aid"').total == one.search('"humanitarian aid"').total == 2


def test_a_batch_is_shared_among_the_workers(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    rows = [dict(RECORDS[0], id=f"n{n}", title=f"Story {n}") for n in range(40)]
    (folder / "n.jsonl").write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    monkeypatch.setattr(updater, "_SPLIT_FROM_CHARS", 0)
    idx = Index.create(tmp_path / "idx")
    idx.update([folder], workers=2)
    assert sum(_segments(idx)) == 40 + 2  # the articles, the file record and the format record
    assert len(_segments(idx)) >= 2
    assert idx.search("story").total == 40


def test_small_segments_merge_once_there_are_enough(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    idx = Index.create(tmp_path / "idx")
    for n in range(updater.MERGE_COUNT + 1):
        record = dict(RECORDS[0], id=f"n{n}", title=f"Story {n}")
        (folder / f"{n}.jsonl").write_text(json.dumps(record), "utf-8")
        idx.update([folder])
    assert len(_segments(idx)) <= 3
    assert idx.search("story").total == updater.MERGE_COUNT + 1


def test_a_failed_write_leaves_the_index_and_its_folder_as_they_were(
    tmp_path: Path, corpus: Path, monkeypatch
) -> None:
    idx = Index.create(tmp_path / "idx")
    idx.update([corpus])
    before, files = _everything(idx), _files(idx)
    (corpus / "more.jsonl").write_text(json.dumps(dict(RECORDS[0], id="new")), "utf-8")
    calls = []

    def second_fails(folder, indexname, schema, words, documents):
        calls.append(len(documents))
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return write_segment(folder, indexname, schema, words, documents)

    monkeypatch.setattr(batch, "write_segment", second_fails)
    monkeypatch.setattr(updater, "BATCH_CHARS", 100)
    with pytest.raises(Exception, match="No space left"):
        idx.update([corpus])
    assert len(calls) == 2
    assert _files(idx) == files
    assert _everything(Index.open(idx.path)) == before


def _write(path: Path, records: list[dict]) -> None:
    path.write_text("\n".join(json.dumps(r) for r in records), "utf-8")


def test_an_article_keeps_one_copy_when_its_id_moves_between_files(tmp_path: Path) -> None:
    """A changed file's own ids are replaced with it; an id new to a file replaces the
    article of that id in any other file."""
    folder = tmp_path / "news"
    folder.mkdir()
    first, second, third = (dict(r) for r in RECORDS[:3])
    _write(folder / "a.jsonl", [first, second])
    _write(folder / "b.jsonl", [third])
    idx = Index.create(tmp_path / "idx")
    idx.update([folder])
    moved = dict(third, title="Moved into a")
    _write(folder / "a.jsonl", [dict(first, title="Edited in a"), second, moved])
    idx.update([folder])
    titles = {hit.id: hit.title for hit in idx.search("*", page_size=100).hits}
    assert titles == {"a1": "Edited in a", "a2": second["title"], "a3": "Moved into a"}
    assert idx.search("*").total == 3


def test_merged_segments_keep_every_article_and_leave_deleted_ones_out(tmp_path: Path):
    folder = tmp_path / "news"
    folder.mkdir()
    idx = Index.create(tmp_path / "idx")
    for n in range(updater.MERGE_COUNT):
        records = [dict(r, id=f"{r['id']}-{n}") for r in RECORDS]
        _write(folder / f"{n}.jsonl", records)
        idx.update([folder])
    _write(folder / "0.jsonl", [dict(RECORDS[1], id="only")])  # four articles of 0 go
    before = {h.id: (h.date, h.source, h.title) for h in idx.search("*", page_size=100).hits}
    idx.update([folder])
    assert len(_segments(idx)) <= 3  # the merged one, this run's, and the index record
    after = {h.id: (h.date, h.source, h.title) for h in idx.search("*", page_size=100).hits}
    assert after == {k: v for k, v in before.items() if not k.endswith("-0")} | {
        "only": (before["a2-0"][0], RECORDS[1]["source"], RECORDS[1]["title"])
    }
    assert idx.search("aid", Filters("2023-10-30", "2023-10-30")).total == 5
    assert idx.check().ok


def _stream_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every records file read piece by piece, a piece per few records, by a pool."""
    monkeypatch.setattr(ingest, "STREAM_FROM", 0)
    monkeypatch.setattr(stream, "PIECE_CHARS", 300)
    monkeypatch.setattr(updater, "POOL_FROM_BYTES", 0)


def test_a_records_file_read_piece_by_piece_indexes_what_a_whole_read_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    path = folder / "n.jsonl"
    rows = [dict(RECORDS[n % 5], id=f"n{n}", title=f"Story {n}") for n in range(60)]
    rows[7] = {"title": "", "body": ""}
    _write(path, rows)
    whole = ingest.read(path)
    _stream_everything(monkeypatch)
    idx = Index.create(tmp_path / "idx")
    report = idx.update([folder], workers=2)
    assert (report.added, report.articles_added) == ([str(path)], 59)
    assert report.warnings == [(str(path), "line 8: no title or text, skipped")]
    assert report.warnings == [(str(path), warning) for warning in whole.warnings]
    assert _everything(idx) == sorted((a.id, a.title, a.source) for a in whole.articles)

    os.utime(path)  # touched, the same bytes: hashed, not parsed
    touched = idx.update([folder], workers=2)
    assert (touched.unchanged, touched.articles_added) == ([str(path)], 0)

    _write(path, [dict(rows[0], title="Edited"), *rows[2:7]])
    edited = idx.update([folder], workers=2)
    assert (edited.updated, edited.articles_added) == ([str(path)], 1)  # only the edited one
    kept = {"n0", *(row["id"] for row in rows[2:7])}
    gone = sorted(row["id"] for row in rows if "id" in row and row["id"] not in kept)
    assert (edited.ids_added, edited.ids_changed, sorted(edited.ids_removed)) == ([], ["n0"], gone)
    assert idx.search("*").total == 6 and idx.search("title:edited").total == 1

    path.write_text('{"title": ""}\n{"x": 1}\n')  # nothing usable: the old articles stay
    broken = idx.update([folder], workers=2)
    assert broken.skipped == [(str(path), "no usable record (line 1: no title or text, skipped)")]
    assert idx.search("*").total == 6

    path.unlink()
    assert idx.update([folder], workers=2).removed == [str(path)]
    assert idx.search("*").total == 0


def test_a_file_read_piece_by_piece_that_is_no_records_file_is_read_whole_or_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "array.json").write_text(json.dumps(RECORDS, indent=2))  # a JSON document
    (folder / "binary.jsonl.gz").write_bytes(gzip.compress(bytes(range(256)) * 64))
    _stream_everything(monkeypatch)
    report = Index.create(tmp_path / "idx").update([folder], workers=2)
    assert (report.added, report.articles_added) == ([str(folder / "array.json")], 5)
    assert report.skipped == [(str(folder / "binary.jsonl.gz"), "binary data, not text")]


def test_progress_moves_with_the_bytes_read_of_one_big_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    rows = [dict(RECORDS[0], id=f"n{n}", body=f"{RECORDS[0]['body']} {n}") for n in range(400)]
    _write(folder / "big.jsonl", rows)
    size = (folder / "big.jsonl").stat().st_size
    monkeypatch.setattr(ingest, "STREAM_FROM", size)
    monkeypatch.setattr(stream, "PIECE_CHARS", 5_000)
    monkeypatch.setattr(stream, "_BLOCK", 4_096)
    seen: list[tuple[int, int]] = []
    Index.create(tmp_path / "idx").update([folder], progress=lambda *done: seen.append(done))
    assert len(seen) > 10
    assert all(total == size for _, total in seen)
    done = [count for count, _ in seen]
    assert done == sorted(done) and done[0] < size / 10 and done[-1] == size


@pytest.mark.slow
@pytest.mark.parametrize("name", ["reuters21578.jsonl.gz", "news-articles-2017.csv.gz"])
def test_the_real_records_files_index_piece_by_piece_as_they_read_whole(
    tmp_path: Path, name: str
) -> None:
    path = shared_data() / name
    assert ingest.streamed(path, path.stat().st_size)  # gzipped: read piece by piece
    whole = ingest.parse(path, path.read_bytes())
    idx = Index.create(tmp_path / "idx")
    report = idx.update([path])
    assert report.articles_added == len(whole.articles) == idx.stats().articles
    assert report.warnings == [(str(path), warning) for warning in whole.warnings]
    sample = whole.articles[:: len(whole.articles) // 50]
    assert [idx.get(a.id).title for a in sample] == [a.title for a in sample]
