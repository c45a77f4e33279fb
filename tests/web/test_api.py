"""Each /api/ body is the CLI's --format json for the same arguments, on the real corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CASES = [
    ("search", {"q": "trump"}, ["search", "trump"]),
    (
        "search",
        {
            "q": '"white house"',
            "from": "2017-02",
            "to": "2017-03-10",
            "facet": ["source", "week"],
            "sort": "newest",
            "limit": "5",
            "page": "2",
        },
        [
            "search",
            '"white house"',
            "--from",
            "2017-02",
            "--to",
            "2017-03-10",
            "--facet",
            "source",
            "--facet",
            "week",
            "--sort",
            "newest",
            "--limit",
            "5",
            "--page",
            "2",
        ],
    ),
    (
        "search",
        {"q": "merkel", "source": ["dw.com", "BBC.co.uk"], "collapse": "1", "prefer": "recent"},
        [
            "search",
            "merkel",
            "--source",
            "dw.com",
            "--source",
            "BBC.co.uk",
            "--collapse",
            "--prefer",
            "recent",
        ],
    ),
    ("search", {"q": "trumpp putn"}, ["search", "trumpp putn"]),
    (
        "trend",
        {"q": ["trump", "merkel"], "by": "week"},
        ["trend", "trump", "merkel", "--by", "week"],
    ),
    ("trend", {"q": "korea", "split": "source"}, ["trend", "korea", "--split", "source"]),
    ("stats", {}, ["stats"]),
]


@pytest.mark.parametrize(("endpoint", "params", "args"), CASES)
def test_api_bodies_are_the_cli_json(client, run, archive_path: Path, endpoint, params, args):
    answer = client.get(f"/api/{endpoint}", params=params)
    assert answer.status_code == 200, answer.text
    printed = run(*args, "--index", str(archive_path), "--format", "json").output
    assert answer.json() == json.loads(printed)


def test_article_is_the_cli_show(client, run, archive_path: Path):
    answer = client.get("/api/article/1658")
    printed = run("show", "1658", "--index", str(archive_path), "--format", "json").output
    assert answer.status_code == 200 and answer.json() == json.loads(printed)


def test_a_missing_article_is_404(client):
    answer = client.get("/api/article/nope")
    assert answer.status_code == 404
    assert answer.json()["error"] == f"no article with id 'nope' in {client.app.state.archive.path}"


def test_a_bad_query_says_where(client):
    answer = client.get("/api/search", params={"q": "trump AND (korea"})
    assert answer.status_code == 400
    assert answer.json() == {
        "error": "this '(' is never closed",
        "hint": "add ')'",
        "query": "trump AND (korea",
        "position": 10,
    }


def test_no_query_is_an_error_not_everything(client):
    answer = client.get("/api/search")
    assert answer.status_code == 400 and answer.json()["error"] == "no query: give q=…"


def test_page_size_is_capped(client):
    assert client.get("/api/search", params={"q": "*", "limit": "5000"}).json()["page_size"] == 100


@pytest.mark.parametrize(
    ("params", "args"),
    [
        ({"q": "korea", "format": "csv"}, ["--format", "csv"]),
        ({"q": "korea", "format": "jsonl"}, ["--format", "jsonl"]),
        (
            {
                "q": "korea",
                "format": "csv",
                "fields": "id,date,source,title,url,highlights",
                "excel": "1",
            },
            ["--format", "csv", "--fields", "id,date,source,title,url,highlights", "--excel"],
        ),
    ],
)
def test_exports_are_the_cli_exports(client, run, archive_path: Path, params, args):
    answer = client.get("/api/export", params=params)
    assert answer.status_code == 200
    printed = run("search", "korea", "--all", "--index", str(archive_path), *args).output
    assert answer.text == printed and printed.count("\n") > 100


def test_trend_csv_is_the_cli_csv(client, run, archive_path: Path):
    answer = client.get("/api/trend", params={"q": ["trump", "merkel"], "format": "csv"})
    printed = run("trend", "trump", "merkel", "--index", str(archive_path), "--format", "csv")
    assert answer.text == printed.output


def test_openapi_lists_every_endpoint(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert sorted(paths) == [
        "/api/article/{id}",
        "/api/export",
        "/api/search",
        "/api/stats",
        "/api/trend",
    ]
