"""searcher extract: what indexing would store, no index, against exact output."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import BODY


def test_extract_jsonl(folder: Path, run) -> None:
    result = run("extract", str(folder / "a.html"), str(folder / "b.html"), "--format", "jsonl")
    assert result.exit_code == 0
    page, empty = map(json.loads, result.output.splitlines())
    assert {key: page[key] for key in ("path", "title", "date", "source", "authors")} == {
        "path": str(folder / "a.html"),
        "title": "Convoy reaches Rafah",
        "date": "2023-11-03",
        "source": "Wire One",
        "authors": ["Ann Lee"],
    }
    assert (page["language"], page["url"], page["body"]) == (
        "en",
        "https://wire.example/2023/11/03/convoy",
        BODY,
    )
    assert page["warnings"] == []
    assert empty == {"path": str(folder / "b.html"), "skipped": "no article text found"}


def test_extract_json_and_table(folder: Path, run) -> None:
    document = json.loads(run("extract", str(folder), "--format", "json").output)
    assert [row.get("title") for row in document["results"]] == [
        "Convoy reaches Rafah",
        None,
        "One",
        "Two",
    ]
    table = run("extract", str(folder / "a.html")).output
    assert table == (
        f"{folder / 'a.html'}\n"
        "  title:    Convoy reaches Rafah\n"
        "  date:     2023-11-03\n"
        "  source:   Wire One\n"
        "  url:      https://wire.example/2023/11/03/convoy\n"
        "  authors:  Ann Lee\n"
        "  language: en\n"
        "\n"
        "  A convoy carrying humanitarian aid crossed the Rafah gate on Monday.\n"
        "\n"
        "  Trucks carried food, water and medicine, officials said.\n"
        "\n"
    )
    assert run("extract", str(folder / "b.html")).output == (
        f"skipped {folder / 'b.html'}: no article text found\n"
    )


def test_extract_missing_path_is_an_error(tmp_path: Path, run) -> None:
    result = run("extract", str(tmp_path / "nope.html"), exit_code=1)
    assert result.output == f"Error: no such file or folder: {tmp_path / 'nope.html'}\n"
