"""Groups of near-copies in an index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from searcher import Filters, Index, OptionError, ingest
from searcher.analysis.sketch import groups, sketch

from tests.conftest import COPIES, shared_data


def test_duplicates_lists_groups_earliest_first(copies: Index) -> None:
    found = copies.duplicates()
    assert [group.to_dict() for group in found] == [
        {
            "size": 3,
            "copies": [
                {
                    "id": "w1",
                    "title": "UN convoy reaches besieged city",
                    "date": "2023-11-07T08:00:00+00:00",
                    "source": "Wire One",
                    "url": "",
                    "similarity": 1.0,
                },
                {
                    "id": "w2",
                    "title": "Convoy of forty trucks enters city",
                    "date": "2023-11-07T10:00:00+00:00",
                    "source": "Daily Ledger",
                    "url": "",
                    "similarity": 0.797,
                },
                {
                    "id": "w3",
                    "title": "UN convoy reaches besieged city",
                    "date": "2023-11-08",
                    "source": "Evening Post",
                    "url": "",
                    "similarity": 0.734,
                },
            ],
        }
    ]


def test_near_copies_dates_sort_as_one_type(copies: Index) -> None:
    (group,) = copies.duplicates()
    assert [copy.day_only for copy in group.copies] == [False, False, True]
    assert sorted(copy.date for copy in group.copies) == [copy.date for copy in group.copies]


def test_duplicates_of_matching_articles_only(copies: Index) -> None:
    def ids(**options) -> list[list[str]]:
        return [[copy.id for copy in group.copies] for group in copies.duplicates(**options)]

    assert ids(text="welcomed OR monday") == [["w2", "w3"]]
    assert ids(filters=Filters(date_from="2023-11-08")) == []
    assert ids(filters=Filters(sources=["Wire One", "Evening Post"])) == [["w1", "w3"]]
    assert ids(min_size=3) == [["w1", "w2", "w3"]]
    assert ids(min_size=4) == []
    assert ids(threshold=0.75) == [["w1", "w2"]]
    with pytest.raises(OptionError):
        copies.duplicates(min_size=1)
    with pytest.raises(OptionError):
        copies.duplicates(threshold=0)


def test_groups_are_worked_out_once_per_index_state(copies: Index, corpus: Path) -> None:
    first = copies.duplicates()
    assert copies.snapshot().memo  # kept for the next call while the index does not change
    more = {**COPIES[0], "id": "w4", "source": "Late Post", "date": "2023-11-09"}
    (corpus / "late.jsonl").write_text(json.dumps(more) + "\n")
    copies.update([corpus])
    assert len(first[0].copies) == 3
    assert [copy.id for copy in copies.duplicates()[0].copies] == ["w1", "w2", "w3", "w4"]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["news-articles-2017.csv.gz", "reuters21578.jsonl.gz"])
def test_duplicates_of_real_corpora_indexed_as_users_do(tmp_path: Path, name: str) -> None:
    """Indexed with the default workers, the format record is a segment of its own, without
    the sketch and date columns: the groups are still those of the articles' sketches."""
    path = shared_data() / name
    articles = ingest.parse(path, path.read_bytes()).articles
    expected = groups({article.id: sketch(article.title, article.body) for article in articles})
    with Index.open(tmp_path / "idx", create=True) as idx:
        idx.update([path])
        assert len(idx.searcher().leaf_searchers()) > 1
        found = [sorted(copy.id for copy in group.copies) for group in idx.duplicates()]
    assert sorted(found) == sorted(expected)
    assert found


def test_copies_of_one_article_are_its_group(copies: Index) -> None:
    group = copies.copies("w3")
    assert group is not None
    assert group == copies.duplicates()[0]
    assert [copy.id for copy in group.copies] == ["w1", "w2", "w3"]
    assert copies.copies("a1") is None
