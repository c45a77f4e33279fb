"""The update run: batches become segments, small segments merge, a failed run leaves nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from searcher import Filters, Index
from searcher.engine import batch
from searcher.engine.segments import write_segment
from searcher.update import updater

from tests.conftest import RECORDS, segment_sizes


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
    assert len(_segments(idx)) <= 2
    after = {h.id: (h.date, h.source, h.title) for h in idx.search("*", page_size=100).hits}
    assert after == {k: v for k, v in before.items() if not k.endswith("-0")} | {
        "only": (before["a2-0"][0], RECORDS[1]["source"], RECORDS[1]["title"])
    }
    assert idx.search("aid", Filters("2023-10-30", "2023-10-30")).total == 5
    assert idx.check().ok
