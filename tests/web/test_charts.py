"""The histogram's periods, chosen by the span of the matches."""

from __future__ import annotations

from datetime import date

from searcher.web.charts import histogram


def test_a_short_span_has_a_bar_per_day_empty_days_included():
    by, bars = histogram({"2017-02-01": 2, "2017-02-03": 4, "undated": 9})
    assert by == "day"
    assert [(b.first, b.count) for b in bars] == [
        (date(2017, 2, 1), 2),
        (date(2017, 2, 2), 0),
        (date(2017, 2, 3), 4),
    ]
    assert bars[2].height == 120 and bars[0].height == 60


def test_weeks_run_monday_to_sunday():
    by, bars = histogram({"2017-01-04": 1, "2017-04-01": 2})
    assert by == "week"
    assert (bars[0].first, bars[0].last) == (date(2017, 1, 2), date(2017, 1, 8))
    assert (bars[-1].first, bars[-1].last, bars[-1].count) == (
        date(2017, 3, 27),
        date(2017, 4, 2),
        2,
    )


def test_a_long_span_has_a_bar_per_month():
    by, bars = histogram({"2016-01-19": 2, "2017-03-30": 5})
    assert by == "month"
    assert len(bars) == 15 and (bars[-1].first, bars[-1].last) == (
        date(2017, 3, 1),
        date(2017, 3, 31),
    )


def test_no_dated_match_has_no_bars():
    assert histogram({"undated": 3}) == ("day", [])
