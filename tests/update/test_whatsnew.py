"""What is new: record-by-record updates of records files, the ids an update reports, when
each article was indexed and changed, and forgetting files that have gone."""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
from pathlib import Path

import pytest

from searcher import Filters, Index, ingest
from searcher.errors import NothingIndexed

from tests.conftest import RECORDS, build_index, shared_data

_COLUMNS = ("id", "title", "body", "date", "source")


def _rows(first: int, last: int) -> list[dict]:
    return [
        {
            "id": f"r{n}",
            "title": f"Report {n}",
            "body": f"Story number {n} about {'refugees' if n % 3 else 'markets'}.",
            "date": f"2023-11-{1 + n % 28:02d}",
            "source": ("Wire One", "Daily Ledger")[n % 2],
        }
        for n in range(first, last)
    ]


def _write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def _ids(idx: Index, filters: Filters | None = None) -> list[str]:
    return sorted(hit.id for hit in idx.export("*", filters))


@pytest.fixture
def grown(tmp_path: Path) -> tuple[Index, dict, list[dict]]:
    """A CSV of 40 rows indexed as users do, then grown by 7 rows, one row edited and one
    deleted, and updated: the index, the last update's report and the rows."""
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "news.jsonl").write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n")
    rows = _rows(0, 40)
    _write_csv(folder / "wire.csv", rows)
    idx = build_index(folder, tmp_path / "idx")
    rows = [dict(rows[0], body="An edited story."), *rows[1:5], *rows[6:], *_rows(40, 47)]
    _write_csv(folder / "wire.csv", rows)
    return idx, idx.update([folder]), rows


def test_a_grown_csv_writes_only_its_new_and_changed_rows_and_reports_their_ids(grown) -> None:
    idx, report, rows = grown
    assert report.updated == [str(idx.get("r0").path)]
    assert report.articles_added == 7 + 1
    assert (report.ids_added, report.ids_changed, report.ids_removed) == (
        [f"r{n}" for n in range(40, 47)],
        ["r0"],
        ["r5"],
    )
    assert report.to_dict()["articles"] == {
        "added": report.ids_added,
        "changed": ["r0"],
        "removed": ["r5"],
    }
    assert _ids(idx, Filters(sources="Wire One")) == sorted(
        r["id"] for r in [*rows, *RECORDS] if r.get("source") == "Wire One"
    )
    assert idx.get("r0").body == "An edited story."
    assert idx.check().ok


def test_articles_keep_when_they_were_first_indexed_and_say_when_they_changed(grown) -> None:
    idx, _, _ = grown
    old, edited, new = idx.get("r1"), idx.get("r0"), idx.get("r40")
    assert old.indexed == old.changed == edited.indexed
    assert edited.changed == new.indexed == new.changed > old.indexed
    assert _ids(idx, Filters(new_since_last_update=True)) == [f"r{n}" for n in range(40, 47)]
    assert _ids(idx, Filters(indexed_since=new.indexed)) == [f"r{n}" for n in range(40, 47)]
    assert len(_ids(idx, Filters(indexed_since="1h"))) == len(idx)


def test_an_update_that_brings_nothing_leaves_nothing_new(grown) -> None:
    idx, _, _ = grown
    report = idx.update([Path(idx.get("r0").path).parent])
    assert (report.articles_added, report.ids_added, report.ids_removed) == (0, [], [])
    assert _ids(idx, Filters(new_since_last_update=True)) == []


def test_a_rebuild_keeps_when_each_article_was_first_indexed(grown) -> None:
    idx, _, _ = grown
    before = {i: (idx.get(i).indexed, idx.get(i).changed) for i in _ids(idx)}
    report = idx.update([Path(idx.get("r0").path).parent], rebuild=True)
    assert report.articles_added == len(before) and report.ids_added == []
    assert {i: (idx.get(i).indexed, idx.get(i).changed) for i in _ids(idx)} == before
    assert _ids(idx, Filters(new_since_last_update=True)) == []


def test_a_grown_file_read_piece_by_piece_writes_only_its_new_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest, "STREAM_FROM", 0)
    folder = tmp_path / "gz"
    folder.mkdir()
    path = folder / "wire.jsonl.gz"
    path.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in _rows(0, 30)).encode()))
    idx = Index.open(tmp_path / "idx", create=True)
    idx.update([folder])
    path.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in _rows(0, 33)).encode()))
    report = idx.update([folder])
    assert (report.articles_added, report.ids_added) == (3, ["r30", "r31", "r32"])
    assert len(idx) == 33


def test_forget_drops_exactly_a_moved_folders_articles(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    (root / "2017").mkdir(parents=True)
    (root / "2023").mkdir()
    _write_csv(root / "2017" / "old.csv", _rows(0, 12))
    (root / "2023" / "news.jsonl").write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n")
    idx = build_index(root / "2023", tmp_path / "idx")
    idx.update([root])
    kept = _ids(idx)
    shutil.move(root / "2017", tmp_path / "moved")
    report = idx.forget([root / "2017"])
    assert report.removed == [str(root / "2017" / "old.csv")]
    assert sorted(report.ids_removed) == sorted(f"r{n}" for n in range(12))
    assert (
        _ids(idx) == sorted(set(kept) - set(report.ids_removed)) == sorted(r["id"] for r in RECORDS)
    )
    assert idx.check().ok
    assert idx.update([root]).articles_added == 0  # nothing left to remove or add
    with pytest.raises(NothingIndexed, match="no file at or under"):
        idx.forget([root / "2017"])


@pytest.mark.slow
def test_the_2017_csv_grown_by_824_rows_writes_824_articles(tmp_path: Path) -> None:
    data = shared_data() / "news-articles-2017.csv.gz"
    with gzip.open(data, "rt", encoding="utf-8", newline="") as source:
        header, *rows = list(csv.reader(source))
    folder = tmp_path / "csv"
    folder.mkdir()
    path = folder / "news.csv"

    def write(count: int) -> None:
        buffer = io.StringIO()
        csv.writer(buffer).writerows([header, *rows[:count]])
        path.write_text(buffer.getvalue(), encoding="utf-8")

    first = len(rows) - 824
    write(first)
    idx = Index.open(tmp_path / "idx", create=True)
    idx.update([folder])
    before = set(_ids(idx))
    write(len(rows))
    report = idx.update([folder])
    every = {article.id for article in ingest.read(path).articles}
    assert report.articles_added == len(report.ids_added) == len(every - before) == 824
    assert set(report.ids_added) == every - before
    assert (report.ids_changed, report.ids_removed) == ([], [])
    assert set(_ids(idx, Filters(new_since_last_update=True))) == every - before
