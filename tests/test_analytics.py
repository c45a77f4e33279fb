"""Trends and keyword-in-context lines, through the library and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from searcher import Filters, Index, OptionError
from searcher.cli import cli

from conftest import RECORDS


@pytest.fixture
def records_index(tmp_path: Path) -> Index:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "news.jsonl").write_text("\n".join(json.dumps(r) for r in RECORDS))
    idx = Index.create(tmp_path / "idx")
    idx.update([folder])
    yield idx
    idx.close()


def test_trend_counts_matches_and_all_articles_per_period(records_index: Index) -> None:
    result = records_index.trend(["aid", "bank"], by="month")
    assert result.periods == ["2023-10", "2023-11", "2023-12", "undated"]
    assert result.totals == [1, 2, 1, 1]
    assert result.matches == {"aid": [1, 1, 0, 1], "bank": [0, 1, 1, 0]}
    assert result.share("aid", 1) == 0.5


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


def test_kwic_lists_every_occurrence_as_written(records_index: Index) -> None:
    lines = list(records_index.kwic("aid", width=12))
    assert [(line.id, line.field, line.left, line.match, line.right) for line in lines] == [
        ("a1", "title", "", "Aid", " convoy reac"),
        ("a1", "body", "umanitarian ", "aid", " crossed the"),
        ("a3", "body", "resume, and ", "aid", " groups aske"),
        ("a5", "title", "ted note on ", "aid", ""),
        ("a5", "body", " note about ", "aid", " deliveries,"),
    ]


def test_kwic_matches_phrases_as_phrases(records_index: Index) -> None:
    lines = list(records_index.kwic('"central bank"', width=5))
    assert [(line.match, line.right) for line in lines] == [
        ("Central bank", " hold"),
        ("central bank", " kept"),
    ]


def test_kwic_respects_filters_and_order(records_index: Index) -> None:
    lines = records_index.kwic("aid", Filters(date_from="2023-10-31"), sort="newest")
    assert [line.id for line in lines] == ["a3"]


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_trend_cli_table_and_csv(records_index: Index) -> None:
    where = ("--index", str(records_index.path))
    assert _run("trend", "aid", "bank", *where) == (
        "month    all       aid                                   bank\n"
        "2023-10    1         1  100.0% ████████████████████         0    0.0%\n"
        "2023-11    2         1   50.0% ██████████                   1   50.0% ██████████\n"
        "2023-12    1         0    0.0%                              1  100.0% "
        "████████████████████\n"
        "undated    1         1  100.0% ████████████████████         0    0.0%\n"
    )
    assert _run("trend", "aid", "--by", "year", "--format", "csv", *where) == (
        "period,total,aid,aid share\n2023,4,2,0.5\nundated,1,1,1.0\n"
    )


def test_kwic_cli_table_and_jsonl(records_index: Index) -> None:
    where = ("--index", str(records_index.path))
    assert _run("kwic", "rates", "--width", "10", *where) == (
        "2023-11-02   ank holds rates             a2\n2023-11-02    interest rates unchanged   a2\n"
    )
    line = json.loads(_run("kwic", "convoy", "--format", "jsonl", *where).splitlines()[0])
    assert line == {
        "id": "a1",
        "date": "2023-10-30",
        "source": "Wire One",
        "field": "title",
        "left": "Aid ",
        "match": "convoy",
        "right": " reaches Rafah",
    }
