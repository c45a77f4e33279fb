"""Keyword-in-context lines: every occurrence of a query, as written."""

from __future__ import annotations

import json

from searcher import Filters, Index
from searcher.research.kwic import columns

from tests.conftest import build_index


def test_kwic_lists_every_occurrence_as_written(records_index: Index) -> None:
    lines = list(records_index.kwic("aid", width=12))
    assert [(line.id, line.field, line.left, line.match, line.right) for line in lines] == [
        ("a1", "title", "", "Aid", " convoy reac"),
        ("a1", "body", "umanitarian ", "aid", " crossed the"),
        ("a3", "body", "resume, and ", "aid", " groups aske"),
        ("a5", "title", "ted note on ", "aid", ""),
        ("a5", "body", " note about ", "aid", " deliveries,"),
    ]


def test_kwic_dates_sort_as_one_type_and_days_stay_days(records_index: Index) -> None:
    lines = [line for line in records_index.kwic("aid OR bank") if line.date]
    assert sorted(line.date for line in lines) == [line.date for line in lines]
    assert [(line.id, line.day_only, line.to_dict()["date"]) for line in lines[:3]] == [
        ("a1", True, "2023-10-30"),
        ("a1", True, "2023-10-30"),
        ("a2", False, "2023-11-02T09:30:00+00:00"),
    ]


def test_a_title_that_repeats_the_body_start_lists_its_occurrences_once(index: Index) -> None:
    """The seed text has no title line, so its first sentence is both title and body start;
    a1's title is its own text and keeps its line."""
    (seed,) = index.search("blinken").hits
    assert seed.title.startswith("Secretary of State Antony Blinken")
    body = index.get(seed.id).body
    lines = [line for line in index.kwic("blinken") if line.id == seed.id]
    assert [line.field for line in lines] == ["body"] * body.count("Blinken")
    assert [line.field for line in index.kwic("convoy") if line.id == "a1"] == ["title", "body"]


def test_kwic_matches_phrases_as_phrases(records_index: Index) -> None:
    lines = list(records_index.kwic('"central bank"', width=5))
    assert [(line.match, line.right) for line in lines] == [
        ("Central bank", " hold"),
        ("central bank", " kept"),
    ]


def test_kwic_respects_filters_and_order(records_index: Index) -> None:
    lines = records_index.kwic("aid", Filters(date_from="2023-10-31"), sort="newest")
    assert [line.id for line in lines] == ["a3"]


def test_kwic_cuts_between_letters_and_counts_wide_characters(tmp_path) -> None:
    folder = tmp_path / "kwic"
    folder.mkdir()
    vowelled = "قَالَتِ الحُكُومَةُ العِرَاقِيَّةُ إِنَّ المُسَاعَدَاتِ وَصَلَتْ"
    records = [
        {"id": "ar", "title": "t", "body": vowelled, "language": "ar"},
        {"id": "zh", "title": "t", "body": "联合国宣布向加沙地带运送援助物资", "language": "zh"},
    ]  # fmt: skip
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    (folder / "k.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    with build_index(folder, tmp_path / "idx") as idx:
        (arabic,) = idx.kwic("مساعدات", width=9)
        (chinese,) = idx.kwic("加沙", width=5)
    assert arabic.match == "المُسَاعَدَاتِ"
    assert arabic.left == "رَاقِيَّةُ إِنَّ "  # 9 letters and spaces, with their marks
    assert (chinese.left, chinese.right) == ("布向", "地带")  # two columns each
    assert columns(chinese.left) == 4
    assert columns(arabic.left) == 9
