"""A word analysis splits (``9/11``, ``U.S.``) means the same on every surface: its parts in
sequence, in searches, facets, trends and keyword-in-context lines alike."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from searcher import Index

from tests.conftest import build_index

RECORDS = [
    {"id": "attacks", "title": "After 9/11", "body": "Since the 9/11 attacks, little is the same."},
    {"id": "vote", "title": "Council vote", "body": "Of 11 members, 9 voted for it."},
    {"id": "elder", "title": "Assad's rule", "body": "Bashar al-Assad spoke on Monday."},
    {"id": "apart", "title": "Al Jazeera", "body": "Al Jazeera reported that Assad spoke."},
]


@pytest.fixture
def split_index(tmp_path: Path) -> Iterator[Index]:
    folder = tmp_path / "records"
    folder.mkdir()
    for i, record in enumerate(RECORDS):
        record = {**record, "date": f"2023-0{i + 1}-01", "source": "Wire"}
        (folder / f"{i}.jsonl").write_text(json.dumps(record) + "\n", "utf-8")
    with build_index(folder, tmp_path / "idx") as idx:
        yield idx


@pytest.mark.parametrize(("word", "ids"), [("9/11", ["attacks"]), ("al-Assad", ["elder"])])
def test_every_surface_reads_a_split_word_as_a_phrase(
    split_index: Index, word: str, ids: list[str]
) -> None:
    results = split_index.search(word, facets=["source"])
    assert sorted(hit.id for hit in results.hits) == ids
    assert results.facets["source"] == {"Wire": len(ids)}
    assert sum(split_index.trend(word, by="year").matches[word]) == len(ids)
    lines = list(split_index.kwic(word))
    assert {line.id for line in lines} == set(ids)
    assert {line.match.lower() for line in lines} == {word.lower()}
