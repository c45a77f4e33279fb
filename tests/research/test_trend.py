"""Trends: matches and all articles per period."""

from __future__ import annotations

import pytest

from searcher import Filters, Index, OptionError


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
