"""The searcher command, through click's CliRunner, against exact output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from searcher.cli import cli
from searcher.update import updater

from conftest import RECORDS


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run ``searcher ARGS`` against an index in tmp_path; paths in output read ``TMP``."""
    monkeypatch.setenv("SEARCHER_INDEX", str(tmp_path / "idx"))

    def invoke(*args: str) -> Result:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
        result.text = result.output.replace(str(tmp_path), "TMP")
        return result

    return invoke


@pytest.fixture
def indexed(tmp_path: Path, run) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "news.jsonl").write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n")
    result = run("index", str(folder))
    assert result.exit_code == 0, result.output
    return folder


def test_index_prints_a_summary(tmp_path: Path, run) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "news.jsonl").write_text(json.dumps(RECORDS[0]))
    (folder / "empty.txt").write_bytes(b"")
    result = run("index", str(folder))
    assert result.exit_code == 0
    assert result.text.splitlines()[1:] == ["skipped TMP/corpus/empty.txt: empty file"]
    assert result.text.startswith(
        "1 added, 0 updated, 0 removed, 0 unchanged, 1 skipped; 1 article written in "
    )


def test_index_with_worker_processes(tmp_path: Path, run, monkeypatch) -> None:
    monkeypatch.setattr(updater, "POOL_FROM_BYTES", 0)  # a pool even for a small corpus
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n, record in enumerate(RECORDS):
        (folder / f"{n}.jsonl").write_text(json.dumps(record))
    result = run("index", str(folder), "--jobs", "2")
    assert result.exit_code == 0
    assert result.text.startswith("5 added, 0 updated, 0 removed, 0 unchanged, 0 skipped; ")
    assert run("search", "*", "--format", "json").output.count('"id"') == len(RECORDS)
    assert run("index", str(folder), "--jobs", "0").exit_code == 2


def test_index_json_report(indexed: Path, run) -> None:
    (indexed / "news.jsonl").unlink()
    report = json.loads(run("index", str(indexed), "--format", "json").output)
    assert report["removed"] == [str(indexed / "news.jsonl")]
    assert (report["added"], report["updated"], report["unchanged"]) == ([], [], 0)


def test_search_table(indexed: Path, run) -> None:
    result = run("search", "aid", "--facet", "source", "--facet", "month", "--limit", "2")
    assert result.exit_code == 0
    assert result.text == (
        "3 articles match aid (showing 1-2)\n"
        "\n"
        "1. Undated note on aid\n"
        "   undated · Wire One · a5\n"
        "   https://wire.example/a5\n"
        "   An archive note about aid deliveries, with no date.\n"
        "\n"
        "2. Aid convoy reaches Rafah\n"
        "   2023-10-30 · Wire One · a1\n"
        "   https://wire.example/a1\n"
        "   A convoy carrying humanitarian aid crossed the Rafah gate into Gaza on Monday.\n"
        "\n"
        "source:\n"
        "        3  Wire One\n"
        "\n"
        "month:\n"
        "        1  2023-10\n"
        "        1  2023-11\n"
        "        1  undated\n"
    )


def test_search_json(indexed: Path, run) -> None:
    result = run("search", '"central bank"', "--format", "json", "--facet", "day")
    document = json.loads(result.output)
    hit = document["hits"][0]
    assert hit.pop("score") > 0
    assert document == {
        "query": '"central bank"',
        "total": 1,
        "page": 1,
        "page_size": 10,
        "sort": "relevance",
        "hits": [
            {
                "id": "a2",
                "title": "Central bank holds rates",
                "date": "2023-11-02T09:30:00+00:00",
                "source": "Daily Ledger",
                "url": "https://ledger.example/a2",
                "snippet": "The central bank kept interest rates unchanged, citing inflation.",
                "highlights": [[4, 16]],
            }
        ],
        "facets": {"day": {"2023-11-02": 1}},
        "suggestion": None,
    }


def test_search_jsonl_and_csv(indexed: Path, run) -> None:
    lines = run("search", "aid", "--sort", "oldest", "--format", "jsonl").output.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a1", "a3", "a5"]
    assert json.loads(lines[0])["score"] is None
    assert run("search", "rates", "--sort", "newest", "--format", "csv").output == (
        "id,title,date,source,url,score,snippet\n"
        "a2,Central bank holds rates,2023-11-02T09:30:00+00:00,Daily Ledger,"
        "https://ledger.example/a2,,"
        '"The central bank kept interest rates unchanged, citing inflation."\n'
    )


def test_search_filters(indexed: Path, run) -> None:
    result = run("search", "aid", "--to", "2023-11-02", "--source", "Wire One", "--format", "jsonl")
    assert [json.loads(line)["id"] for line in result.output.splitlines()] == ["a1"]
    result = run("search", "aid", "--from", "2023-11", "--format", "jsonl")
    assert [json.loads(line)["id"] for line in result.output.splitlines()] == ["a3"]


def test_search_pages(indexed: Path, run) -> None:
    second = run("search", "aid", "--sort", "oldest", "--limit", "2", "--page", "2")
    assert second.text.splitlines()[:3] == [
        "3 articles match aid (showing 3-3)",
        "",
        "3. Undated note on aid",
    ]
    assert run("search", "aid", "--limit", "2", "--page", "9").text == (
        "3 articles match aid (page 9 is past the last page, 2)\n"
    )


def test_search_large_limit(indexed: Path, run) -> None:
    lines = run("search", "*", "--limit", "100000", "--format", "jsonl").output.splitlines()
    assert len(lines) == len(RECORDS)


def test_no_match(indexed: Path, run) -> None:
    result = run("search", "nothingatall")
    assert (result.exit_code, result.text) == (0, "0 articles match nothingatall\n")


def test_show(indexed: Path, run) -> None:
    assert run("show", "a2").text == (
        "Central bank holds rates\n"
        "2023-11-02T09:30:00+00:00 · Daily Ledger · https://ledger.example/a2\n"
        "\n"
        "The central bank kept interest rates unchanged, citing inflation.\n"
    )
    article = json.loads(run("show", "a2", "--format", "json").output)
    assert article["path"] == str(indexed / "news.jsonl")
    assert article["body"] == RECORDS[1]["body"]


def test_stats(indexed: Path, run) -> None:
    lines = run("stats").text.splitlines()
    assert lines[0].startswith("index     TMP/idx (")
    assert lines[1:] == [
        "articles  5 from 1 file",
        "dates     2023-10-30 to 2023-12-15",
        "undated   1",
        "sources",
        "        3  Wire One",
        "        2  Daily Ledger",
    ]
    stats = json.loads(run("stats", "--format", "json").output)
    assert stats["sources"] == {"Wire One": 3, "Daily Ledger": 2}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("search", "aid)"),
            "Error: this ')' closes nothing\n  aid)\n     ^\n  hint: remove it or add '('\n",
        ),
        (
            ("search", "aid", "--from", "soon"),
            "Error: cannot understand the date 'soon'\n"
            "  hint: use a year (2023), a month (2023-11), a day (2023-11-03), or a relative "
            "day (today, yesterday, 7d, 2w, 3m, 1y, 30 days ago)\n",
        ),
        (
            ("show", "zzz"),
            "Error: no article with id 'zzz' in TMP/idx\n"
            "  hint: find ids with: searcher search QUERY\n",
        ),
        (
            ("search", "aid", "--index", "TMP/none"),
            "Error: no searcher index at TMP/none\n"
            "  hint: build one with: searcher index PATH... --index DIR\n",
        ),
        (
            ("index", "TMP/missing"),
            "Error: no such file or folder: TMP/missing\n",
        ),
    ],
)
def test_errors_are_one_message_with_a_hint(
    indexed: Path, run, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(*(arg.replace("TMP", str(tmp_path)) for arg in args))
    assert (result.exit_code, result.text) == (1, message)


def test_unexpected_errors_do_not_show_a_traceback(indexed: Path, run, monkeypatch) -> None:
    monkeypatch.setattr("searcher.index.Index.stats", lambda self: 1 / 0)
    result = run("stats")
    assert result.exit_code == 1
    assert result.text == (
        "Error: internal error: ZeroDivisionError: division by zero\n"
        "  rerun with SEARCHER_DEBUG=1 for the traceback, and please report it\n"
    )


def test_help_shows_examples(run) -> None:
    assert "searcher search '\"humanitarian aid\"'" in run("search", "--help").output


def test_search_suggests_a_corrected_query(indexed: Path, run) -> None:
    assert run("search", "convoi").text == ("0 articles match convoi\nDid you mean: convoy\n")


def test_search_explain(indexed: Path, run) -> None:
    assert run("search", "aid NOT title:rafah date:>2023-11", "--explain", "--to", "2024").text == (
        "query     aid NOT title:rafah date:>2023-11\n"
        "parsed    ((title:aid OR body:aid) AND NOT title:rafah AND ts:[1701388800 TO ])\n"
        "words     title:aid, body:aid\n"
        "dates     2023-12-01 to …\n"
        "excluded  title:rafah\n"
        "filters   to 2024-12-31; time zone UTC\n"
    )


def test_search_all_streams_every_hit(indexed: Path, run) -> None:
    assert run("search", "aid", "--all", "--sort", "oldest", "--format", "csv").text == (
        "id,title,date,source,url,score,snippet\n"
        "a1,Aid convoy reaches Rafah,2023-10-30,Wire One,https://wire.example/a1,,"
        "A convoy carrying humanitarian aid crossed the Rafah gate into Gaza on Monday.\n"
        "a3,Ceasefire talks resume,2023-11-03T23:30:00+00:00,Wire One,https://wire.example/a3,,"
        '"Diplomats said ceasefire talks would resume, and aid groups asked for access."\n'
        "a5,Undated note on aid,,Wire One,https://wire.example/a5,,"
        '"An archive note about aid deliveries, with no date."\n'
    )
    lines = run("search", "*", "--all", "--format", "jsonl").text.splitlines()
    assert sorted(json.loads(line)["id"] for line in lines) == ["a1", "a2", "a3", "a4", "a5"]
    table = run("search", "rates", "--all").text.splitlines()
    assert table[:3] == ["1 article matches rates", "", "1. Central bank holds rates"]
