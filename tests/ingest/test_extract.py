"""searcher.ingest.extract: what indexing would store, no index."""

from __future__ import annotations

from pathlib import Path

from searcher.errors import IngestError
from searcher.ingest.extract import extract

from tests.conftest import BODY


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
