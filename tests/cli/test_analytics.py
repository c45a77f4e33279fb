"""searcher trend and kwic, against exact output."""

from __future__ import annotations

import json

from searcher import Index


def test_trend_cli_table_and_csv(records_index: Index, run) -> None:
    where = ("--index", str(records_index.path))
    assert run("trend", "aid", "bank", *where).output == (
        "month    all       aid                                   bank\n"
        "2023-10    1         1  100.0% ████████████████████         0    0.0%\n"
        "2023-11    2         1   50.0% ██████████                   1   50.0% ██████████\n"
        "2023-12    1         0    0.0%                              1  100.0% "
        "████████████████████\n"
        "undated    1         1  100.0% ████████████████████         0    0.0%\n"
    )
    assert run("trend", "aid", "--by", "year", "--format", "csv", *where).output == (
        "period,total,aid,aid share\n2023,4,2,0.5\nundated,1,1,1.0\n"
    )


def test_kwic_cli_table_and_jsonl(records_index: Index, run) -> None:
    where = ("--index", str(records_index.path))
    assert run("kwic", "rates", "--width", "10", *where).output == (
        "2023-11-02   ank holds rates             a2\n2023-11-02    interest rates unchanged   a2\n"
    )
    line = json.loads(run("kwic", "convoy", "--format", "jsonl", *where).output.splitlines()[0])
    assert line == {
        "id": "a1",
        "date": "2023-10-30",
        "source": "Wire One",
        "field": "title",
        "left": "Aid ",
        "match": "convoy",
        "right": " reaches Rafah",
    }
