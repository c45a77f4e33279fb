"""Exports of chosen fields from the library: ``Index.export_rows``."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from searcher import Filters, Index, OptionError
from searcher.search import export, pipeline

from tests.conftest import build_index


def test_rows_hold_the_fields_asked_for_in_order(records_index: Index) -> None:
    table = records_index.export_rows("aid", ["title", "id", "body"], sort="oldest")
    assert (table.total, table.fields) == (3, ("title", "id", "body"))
    rows = list(table)
    assert [row["id"] for row in rows] == ["a1", "a3", "a5"]
    assert [list(row) for row in rows] == [["title", "id", "body"]] * 3
    assert rows[1]["body"] == records_index.get("a3").body


def test_dates_are_full_iso_with_their_zone_and_a_day_stays_a_day(records_index: Index) -> None:
    rows = records_index.export_rows("*", ["id", "date"], Filters(tz="Asia/Tokyo"))
    dates = {row["id"]: row["date"] for row in rows}
    assert dates == {
        "a1": "2023-10-30",
        "a2": "2023-11-02T09:30:00+00:00",
        "a3": "2023-11-03T23:30:00+00:00",
        "a4": "2023-12-15",
        "a5": None,
    }


def test_an_export_without_snippets_does_no_snippet_work(
    records_index: Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("snippet work in an export that asked for no snippet")

    monkeypatch.setattr(export, "snippet", refuse)
    monkeypatch.setattr(export, "find_spans", refuse)
    monkeypatch.setattr(pipeline, "patterns", refuse)
    assert len(list(records_index.export_rows("aid", ["id", "date", "title", "score"]))) == 3
    with pytest.raises(AssertionError, match="snippet work"):
        list(records_index.export_rows("aid", ["id", "snippet"]))


def test_an_unknown_field_is_refused_with_the_nearest(records_index: Index) -> None:
    with pytest.raises(OptionError, match="unknown field 'titel'") as refused:
        records_index.export_rows("aid", ["id", "titel"])
    assert refused.value.hint.startswith("did you mean 'title'?")
    with pytest.raises(OptionError, match="no field to export"):
        records_index.export_rows("aid", [])


def test_a_records_own_fields_export_by_name_and_a_source_as_its_outlet(tmp_path) -> None:
    """``topics`` is kept in the article's JSON of fields; a host source shows its outlet."""
    folder = tmp_path / "wire"
    folder.mkdir()
    records = [
        {"id": "w1", "body": "Oil rose.", "url": "https://www.wire.example/1", "topics": ["crude"]},
        {"id": "w2", "body": "Oil fell.", "url": "https://www.wire.example/2", "places": "usa"},
        {"id": "w3", "body": "Oil held.", "url": "https://www.wire.example/3"},
    ]
    (folder / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (folder / "world.jsonl").write_text(json.dumps({"id": "w4", "body": "Gas.", "source": "W"}))
    with build_index(folder, tmp_path / "idx") as idx:
        idx.name_host("wire.example", "Wire")
        rows = list(idx.export_rows("oil", ["id", "source", "topics", "places", "indexed"]))
    assert sorted((r["id"], r["source"], r["topics"], r["places"]) for r in rows) == [
        ("w1", "Wire", ["crude"], None),
        ("w2", "Wire", None, "usa"),
        ("w3", "Wire", None, None),
    ]
    assert all(datetime.fromisoformat(row["indexed"]).tzinfo for row in rows)
