"""A cluster's relevance order is searcher's own: its best hits scored again with searcher's
model from the cluster's statistics, the same scores a Whoosh index of the same articles
gives them.

The Whoosh index here is made in one update: its scores count deleted articles until they
merge away, so an index with an update on top scores the same live articles a little apart.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from searcher import Index
from searcher.cluster import layout, rerank, tables
from searcher.cluster.index import ClusterIndex
from searcher.errors import ClusterError

from tests.conftest import NOTES, note, running_cluster

WORDS = ["zebra", "lion", "giraffe", "hippo", "market", "report", "budget", "house", "white"]
QUERIES = [
    "zebra",
    "zebra lion",
    "zebra OR giraffe",
    '"white house"',
    '"white house" OR budget',
    "market NOT report",
    "(zebra NOT lion) OR hippo",
    "title:budget",
    "budget OR market OR tariff",
]


def _records() -> list[dict]:
    """NOTES, whose orders the ranking tests know, and notes of many lengths and repeats."""
    pick = random.Random(7)
    made = []
    for i in range(60):
        body = " ".join(pick.choices(WORDS, k=pick.randint(3, 60)))
        made.append(note(f"r{i}", body, title=pick.choice(WORDS)))
    return [*NOTES, *made]


@pytest.fixture
def both(cluster: layout.Layout, tmp_path: Path) -> Iterator[tuple[ClusterIndex, Index]]:
    records = tmp_path / "records" / "notes.jsonl"
    records.parent.mkdir()
    records.write_text("".join(json.dumps(r) + "\n" for r in _records()), encoding="utf-8")
    with Index.open(cluster.url) as fed, Index.create(tmp_path / "whoosh") as whoosh:
        fed.update([records.parent])
        whoosh.update([records.parent])
        yield fed, whoosh


@pytest.mark.parametrize("text", QUERIES)
def test_relevance_scores_and_order_are_the_whoosh_index_s(
    both: tuple[ClusterIndex, Index], text: str
) -> None:
    fed, whoosh = both
    expected = whoosh.search(text, page_size=100)  # every match: equal scores tie apart
    found = fed.search(text, page_size=100)
    assert found.total == expected.total > 0
    assert {h.id: h.score for h in found.hits} == pytest.approx(
        {h.id: h.score for h in expected.hits}
    )
    scores = [h.score for h in found.hits]
    assert scores == sorted(scores, reverse=True)


def test_pages_past_the_reordered_best_follow_in_the_cluster_s_order(
    both: tuple[ClusterIndex, Index], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the best ``depth`` are reordered, so pages of any size cut one order: no hit on
    two pages, none skipped."""
    monkeypatch.setattr(rerank.Rescorer, "depth", 4)
    fed, _ = both
    text = "budget OR market OR zebra"
    pages = [h.id for page in (1, 2, 3) for h in fed.search(text, page=page, page_size=3).hits]
    whole = fed.search(text, page_size=9).hits
    assert pages == [h.id for h in whole]
    assert len(set(pages)) == 9
    best = [h.score for h in whole[:4]]
    assert best == sorted(best, reverse=True)


def test_a_cluster_without_field_lengths_is_told_how_to_get_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cluster made before its tables kept field lengths cannot rank as searcher does."""
    kept = [pair for pair in tables.SETTINGS if pair[0] != "index_field_lengths"]
    monkeypatch.setattr(tables, "SETTINGS", tuple(kept))
    with running_cluster(tmp_path / "old") as made, Index.open(made.url) as old:
        with pytest.raises(ClusterError, match="keeps no field lengths") as refused:
            old.search("zebra")
        assert "index_field_lengths = 1" in refused.value.hint
        assert old.search("zebra", sort="newest").total == 0
