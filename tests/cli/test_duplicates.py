"""searcher duplicates and similar, against exact output."""

from __future__ import annotations

import json

from searcher import Index

from tests.conftest import WIRE


def test_duplicates_command(copies: Index, run) -> None:
    assert run("duplicates").output == (
        "1 group of near-copies, 3 articles\n"
        "\n"
        "1. UN convoy reaches besieged city\n"
        "   2023-11-07  1.00  w1  Wire One · UN convoy reaches besieged city\n"
        "   2023-11-07  0.80  w2  Daily Ledger · Convoy of forty trucks enters city\n"
        "   2023-11-08  0.73  w3  Evening Post · UN convoy reaches besieged city\n"
    )
    assert run("duplicates", "forty", "--format", "csv").output == (
        "group,id,title,date,source,url,similarity\n"
        "1,w1,UN convoy reaches besieged city,2023-11-07T08:00:00+00:00,Wire One,,1.0\n"
        "1,w2,Convoy of forty trucks enters city,2023-11-07T10:00:00+00:00,Daily Ledger,,0.797\n"
    )
    document = json.loads(run("duplicates", "--threshold", "0.9", "--format", "json").output)
    assert document == {"threshold": 0.9, "groups": []}
    assert run("duplicates", "--min-size", "4").output == "0 groups of near-copies, 0 articles\n"


def test_similar_command(copies: Index, run) -> None:
    assert run("similar", "w2", "--limit", "1").output == (
        "1 article like w2: Convoy of forty trucks enters city\n"
        "\n"
        "1. UN convoy reaches besieged city\n"
        "   2023-11-07 · Wire One · w1\n"
        f"   {WIRE}\n"
    )
    lines = run("similar", "w1", "--format", "jsonl").output.splitlines()
    assert [json.loads(line)["id"] for line in lines][:2] == ["w2", "w3"]
