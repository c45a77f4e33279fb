"""Trends: matches and all articles per period."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from searcher import Filters, Index, OptionError

from tests.conftest import build_index


def test_trend_counts_matches_and_all_articles_per_period(records_index: Index) -> None:
    result = records_index.trend(["aid", "bank"], by="month")
    assert result.periods == ["2023-10", "2023-11", "2023-12", "undated"]
    assert result.totals == [1, 2, 1, 1]
    assert result.matches == {"aid": [1, 1, 0, 1], "bank": [0, 1, 1, 0]}
    assert result.share("aid", 1) == 0.5


def test_one_query_may_be_given_as_a_string(records_index: Index) -> None:
    assert records_index.trend("aid").matches == records_index.trend(["aid"]).matches


def test_trend_fills_empty_periods_over_the_filter_range(records_index: Index) -> None:
    result = records_index.trend(["aid"], Filters("2023-10-20", "2023-11-12"), by="week")
    assert result.periods == ["2023-W42", "2023-W43", "2023-W44", "2023-W45"]
    assert result.totals == [0, 0, 3, 0]
    assert result.matches == {"aid": [0, 0, 2, 0]}


def test_trend_by_day_and_year_and_source(records_index: Index) -> None:
    days = records_index.trend(["rates"], Filters(sources=["Daily Ledger"]), by="day")
    assert days.periods[:2] == ["2023-11-02", "2023-11-03"] and len(days.periods) == 44
    assert sum(days.totals) == 2 and sum(days.matches["rates"]) == 1
    years = records_index.trend(["*"], by="year")
    assert (years.periods, years.totals, years.matches["*"]) == (
        ["2023", "undated"],
        [4, 1],
        [4, 1],
    )


def test_trend_rows_for_export(records_index: Index) -> None:
    rows = records_index.trend(["aid"], by="year").rows()
    assert rows == [
        {"period": "2023", "total": 4, "aid": 2, "aid share": 0.5},
        {"period": "undated", "total": 1, "aid": 1, "aid share": 1.0},
    ]


def test_trend_rejects_unknown_periods(records_index: Index) -> None:
    with pytest.raises(OptionError, match="unknown period 'hour'"):
        records_index.trend(["aid"], by="hour")


def test_a_split_trend_counts_each_outlet_beside_its_own_articles(outlets: Index) -> None:
    outlets.name_host("paper.example", "The Paper")
    result = outlets.trend("aid", by="month", split="source")
    assert (result.split, result.periods) == ("source", ["2023-10", "2023-11"])
    assert {name: (part.totals, part.matches["aid"]) for name, part in result.groups.items()} == {
        "The Paper": ([0, 2], [0, 1]),
        "Wire One": ([2, 0], [2, 0]),
        "news.other.example": ([0, 1], [0, 1]),
    }
    assert list(result.groups) == ["The Paper", "Wire One", "news.other.example"]
    assert result.rows()[1] == {
        "source": "The Paper", "period": "2023-11", "total": 2, "aid": 1, "aid share": 0.5
    }  # fmt: skip
    assert result.series()["The Paper"] == [None, 0.5]


def test_a_trend_splits_by_collection_and_keeps_to_the_filters(outlets: Index) -> None:
    outlets.set_collection("papers", ["paper.example", "news.other.example"])
    outlets.set_collection("wires", ["Wire One"])
    by_collection = outlets.trend(["aid", "rates"], by="year", split="collection")
    assert {name: part.matches for name, part in by_collection.groups.items()} == {
        "papers": {"aid": [2], "rates": [1]},
        "wires": {"aid": [2], "rates": [0]},
    }
    assert set(by_collection.series()) == {
        "aid · papers",
        "rates · papers",
        "aid · wires",
        "rates · wires",
    }
    within = outlets.trend("aid", Filters(collections="papers"), by="year", split="source")
    assert list(within.groups) == ["paper.example", "news.other.example"]


def test_a_trend_splits_by_a_keyword_field_and_refuses_others(records_index: Index) -> None:
    """Each language is a group; a field that is no keyword (title) cannot split."""
    result = records_index.trend("*", by="year", split="language")
    assert sum(sum(part.totals) for part in result.groups.values()) == len(records_index)
    with pytest.raises(OptionError, match="cannot split by 'title'") as error:
        records_index.trend("aid", split="title")
    assert error.value.hint == "split by one of: source, collection, authors, language"


def test_a_trend_splits_by_a_records_own_keyword_field(tmp_path: Path) -> None:
    """A field only the records carry (``topics``) splits as a schema field does."""
    folder = tmp_path / "wire"
    folder.mkdir()
    records = [
        {"id": "c1", "body": "Oil rose.", "date": "2023-01-05", "topics": ["crude", "gas"]},
        {"id": "c2", "body": "Oil fell.", "date": "2023-02-05", "topics": ["crude"]},
        {"id": "c3", "body": "Oil held.", "date": "2023-02-06"},
    ]
    (folder / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (folder / "world.jsonl").write_text(json.dumps({"id": "c4", "body": "Gas.", "topics": "gas"}))
    with build_index(folder, tmp_path / "idx") as idx:
        result = idx.trend("oil", by="month", split="topics")
    by_month = {
        name: {p: n for p, n in zip(part.periods, part.matches["oil"], strict=True) if n}
        for name, part in result.groups.items()
    }
    assert by_month == {"crude": {"2023-01": 1, "2023-02": 1}, "gas": {"2023-01": 1}}
