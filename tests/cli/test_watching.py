"""searcher watch: standing queries saved in the index folder, against exact output."""

from __future__ import annotations

import json
from pathlib import Path

from searcher import Index

from tests.conftest import RECORDS

_NEW = [
    {
        "id": "n1",
        "title": "Aid trucks wait",
        "body": "More aid waits at the gate.",
        "date": "2023-12-20",
        "source": "Wire One",
    },
    {
        "id": "n2",
        "title": "Rates again",
        "body": "The bank spoke of rates.",
        "date": "2023-12-21",
        "source": "Daily Ledger",
    },
    {
        "id": "n3",
        "title": "Aid by sea",
        "body": "A ship brought aid.",
        "date": "2023-12-22",
        "source": "Daily Ledger",
    },
]


def _rows(output: str) -> list[tuple[str, str]]:
    return [(row["watch"], row["id"]) for row in map(json.loads, output.splitlines())]


def test_watch_run_since_last_prints_exactly_the_new_matches_then_nothing(
    indexed: Path, run
) -> None:
    assert run("watch", "add", "aid", "aid").text == "watching aid: aid (tz=UTC)\n"
    run("watch", "add", "ledger", "*", "--source", "daily ledger")
    assert run("watch", "run", "--since-last", "--format", "jsonl").output == ""
    (indexed / "more.jsonl").write_text("\n".join(json.dumps(r) for r in _NEW) + "\n")
    run("index", str(indexed))
    new = run("watch", "run", "--since-last", "--format", "jsonl").output
    assert _rows(new) == [("aid", "n3"), ("aid", "n1"), ("ledger", "n3"), ("ledger", "n2")]
    assert run("watch", "run", "--since-last", "--format", "jsonl").output == ""
    assert run("watch", "run", "--since-last").text == (
        "aid: 0 articles new for aid\nledger: 0 articles new for *\n"
    )
    every = run("watch", "run", "aid", "--format", "csv").output.splitlines()
    assert every[0] == "watch,id,title,date,source,url,score,snippet"
    aid = [r["id"] for r in [*RECORDS, *_NEW] if "aid" in (r["title"] + r["body"]).lower()]
    assert sorted(line.split(",")[1] for line in every[1:]) == sorted(aid)


def test_watches_live_in_the_index_folder_and_survive_a_rebuild(
    tmp_path: Path, indexed: Path, run
) -> None:
    run("watch", "add", "talks", "ceasefire talks", "--from", "2023-11")
    assert (tmp_path / "idx" / "watches.json").is_file()
    run("index", str(indexed), "--rebuild")
    listed = run("watch", "list").text
    assert listed.startswith("talks: ceasefire talks (date_from=2023-11 tz=UTC); last seen update ")
    assert run("watch", "run", "--since-last", "--format", "jsonl").output == ""
    with Index.open(tmp_path / "idx") as idx:
        assert [w.name for w in idx.watches()] == ["talks"]


def test_watch_errors_say_what_to_do(indexed: Path, run) -> None:
    run("watch", "add", "aid", "aid")
    assert run("watch", "add", "aid", "rates", exit_code=1).text == (
        "Error: there is a watch named 'aid' already\n"
        "  hint: remove it first: searcher watch remove aid\n"
    )
    assert run("watch", "add", "bad", "aid", "--source", "Nobody", exit_code=1).text.startswith(
        "Error: "
    )
    assert run("watch", "run", "nope", exit_code=1).text == (
        "Error: no watch named 'nope'\n  hint: 'searcher watch list' shows them (aid)\n"
    )
    assert run("watch", "remove", "aid").text == "removed aid\n"
    assert run("watch", "list").text == "no watches; add one with: searcher watch add NAME QUERY\n"
