"""searcher trend and kwic, against exact output."""

from __future__ import annotations

import json
import re

from searcher import Index
from searcher.cli.analytics import KWIC_COLUMNS


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


def test_trend_cli_draws_every_column_against_one_scale(records_index: Index, run) -> None:
    """rates peaks at 50%: its bar is half of aid's 100%, not as long."""
    assert run("trend", "aid", "rates").output == (
        "month    all       aid                                  rates\n"
        "2023-10    1         1  100.0% ████████████████████         0    0.0%\n"
        "2023-11    2         1   50.0% ██████████                   1   50.0% ██████████\n"
        "2023-12    1         0    0.0%                              0    0.0%\n"
        "undated    1         1  100.0% ████████████████████         0    0.0%\n"
    )


def test_kwic_cli_table_shows_the_text_as_written_and_the_counts(records_index: Index, run) -> None:
    """Date, source and id in columns, then the text as written, the match at one column."""
    assert run("kwic", "aid", "--width", "12").text == (
        "5 occurrences of aid in 3 articles\n"
        "2023-10-30  Wire One  a1              Aid convoy reac\n"
        "2023-10-30  Wire One  a1  umanitarian aid crossed the\n"
        "2023-11-03  Wire One  a3  resume, and aid groups aske\n"
        "undated     Wire One  a5  ted note on aid\n"
        "undated     Wire One  a5   note about aid deliveries,\n"
    )
    assert run("kwic", "nowhere").text == "0 occurrences of nowhere\n"
    assert run("kwic", "nowhere", "--format", "csv").text == ",".join(KWIC_COLUMNS) + "\n"


def test_kwic_cli_lists_each_occurrence_once_with_its_punctuation(index: Index, run) -> None:
    """The seed text's title is its body's first sentence: "Israel" in it is listed once.
    A match followed by punctuation keeps it ("Israel,")."""
    (seed,) = index.search("blinken").hits
    assert "Israel" in seed.title
    lines = run("kwic", "israel", "--width", "8").text.splitlines()
    count = len(re.findall(r"\bIsrael\b", index.get(seed.id).body))
    assert lines[0] == f"{count} occurrences of israel in 1 article"
    assert len(lines) == count + 1
    assert {"Israel, Blinke", "Israel last mo"} <= {line[-14:] for line in lines}


def test_kwic_cli_table_and_jsonl(records_index: Index, run) -> None:
    where = ("--index", str(records_index.path))
    assert run("kwic", "rates", "--width", "10", *where).output == (
        "2 occurrences of rates in 1 article\n"
        "2023-11-02  Daily Ledger  a2  ank holds rates\n"
        "2023-11-02  Daily Ledger  a2   interest rates unchanged\n"
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


def test_trend_cli_splits_by_outlet_on_one_scale_and_draws_a_chart(
    outlets: Index, run, tmp_path
) -> None:
    run("sources", "set", "paper.example", "The Paper")
    assert run("trend", "aid", "--split", "source", "--by", "year").output == (
        "source: The Paper\n"
        "year  all       aid\n"
        "2023    2         1   50.0% ██████████\n"
        "\n"
        "source: Wire One\n"
        "year  all       aid\n"
        "2023    2         2  100.0% ████████████████████\n"
        "\n"
        "source: news.other.example\n"
        "year  all       aid\n"
        "2023    1         1  100.0% ████████████████████\n"
    )
    chart = tmp_path / "aid.svg"
    drawn = run("trend", "aid", "--split", "source", "--format", "csv", "--chart", str(chart))
    assert drawn.stdout == (
        "source,period,total,aid,aid share\n"
        "The Paper,2023-10,0,0,0.0\n"
        "The Paper,2023-11,2,1,0.5\n"
        "Wire One,2023-10,2,2,1.0\n"
        "Wire One,2023-11,0,0,0.0\n"
        "news.other.example,2023-10,0,0,0.0\n"
        "news.other.example,2023-11,1,1,1.0\n"
    )
    assert drawn.stderr == f"chart written to {chart}\n"
    assert chart.read_text().count('id="series-') == 3
    assert run("trend", "aid", "--chart", "aid.gif", exit_code=1).text == (
        "Error: cannot draw a chart as '.gif'\n"
        "  hint: name the file with one of: .svg, .png (e.g. --chart trend.svg)\n"
    )
