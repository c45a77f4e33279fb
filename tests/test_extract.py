"""``searcher extract`` and ``searcher.ingest.extract``: what indexing would store, no index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from searcher.cli import cli
from searcher.errors import IngestError
from searcher.ingest.extract import extract

PAGE = (
    '<html lang="en"><head><title>Convoy reaches Rafah | Wire One</title>'
    '<meta property="og:site_name" content="Wire One">'
    '<meta name="author" content="Ann Lee">'
    '<link rel="canonical" href="https://wire.example/2023/11/03/convoy">'
    "</head><body><nav><a href='/'>Home</a></nav><article>"
    "<p>A convoy carrying humanitarian aid crossed the Rafah gate on Monday.</p>"
    "<p>Trucks carried food, water and medicine, officials said.</p>"
    "</article></body></html>"
)
BODY = (
    "A convoy carrying humanitarian aid crossed the Rafah gate on Monday.\n\n"
    "Trucks carried food, water and medicine, officials said."
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A page, a page without text and a JSON lines file of two records."""
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    records = [{"title": "One", "body": "First."}, {"title": "Two", "body": "Second."}]
    (tmp_path / "c.jsonl").write_text("\n".join(map(json.dumps, records)), encoding="utf-8")
    return tmp_path


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_extract_library_function(folder: Path) -> None:
    results = dict(extract([folder]))
    assert list(results) == [folder / "a.html", folder / "b.html", folder / "c.jsonl"]
    page = results[folder / "a.html"]
    assert not isinstance(page, IngestError)
    assert (page.articles[0].title, page.articles[0].body) == ("Convoy reaches Rafah", BODY)
    empty = results[folder / "b.html"]
    assert isinstance(empty, IngestError)
    assert empty.reason == "no article text found"
    records = results[folder / "c.jsonl"]
    assert [article.title for article in records.articles] == ["One", "Two"]


def test_extract_jsonl(folder: Path) -> None:
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


def test_extract_json_and_table(folder: Path) -> None:
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


def test_extract_missing_path_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "nope.html")])
    assert result.exit_code == 1
    assert result.output == f"Error: no such file or folder: {tmp_path / 'nope.html'}\n"
