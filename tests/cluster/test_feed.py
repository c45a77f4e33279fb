"""Feeding a cluster: only new and changed articles written, file records beside the cluster
saved after the shards acknowledge, and a killed run finished by the next without duplicates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from searcher import Index
from searcher.cluster import feed
from searcher.cluster.client import Address, Connection
from searcher.cluster.layout import Layout

from tests.conftest import RECORDS


def _shard_ids(cluster: Layout) -> list[list[list[int]]]:
    """The ids each replica of each shard holds."""
    found = []
    for shard, copies in enumerate(cluster.shards):
        replicas = []
        for replica in copies:
            conn = Connection("127.0.0.1", replica.sql)
            rows = conn.execute(f"SELECT id FROM news_{shard} LIMIT 0, 1000")
            conn.close()
            replicas.append(sorted(row[0] for row in rows))
        found.append(replicas)
    return found


def _write(folder: Path, records: list[dict], name: str = "news.jsonl") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_each_article_goes_to_its_shard_on_every_replica(cluster: Layout, tmp_path: Path) -> None:
    _write(tmp_path / "in", RECORDS)
    with Index.open(cluster.url) as idx:
        report = idx.update([tmp_path / "in"])
        assert report.articles_added == len(RECORDS) == len(idx)
    ids = {feed.row_id(r["id"]) for r in RECORDS}
    held = _shard_ids(cluster)
    for shard, replicas in enumerate(held):
        assert replicas[0] == replicas[1] == sorted(i for i in ids if i % 2 == shard)


def test_an_update_writes_only_what_changed_and_drops_what_went(
    cluster: Layout, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    _write(folder, RECORDS)
    _write(folder, RECORDS[:1], "other.jsonl")
    with Index.open(cluster.url) as idx:
        idx.update([folder])
        again = idx.update([folder])
        assert (again.articles_added, len(again.unchanged)) == (0, 2)
        edited = [dict(RECORDS[0], body="A new body about aid."), *RECORDS[1:4]]
        _write(folder, edited)
        (folder / "other.jsonl").unlink()
        report = idx.update([folder])
        assert (report.ids_changed, report.ids_added) == (["a1"], [])
        assert report.ids_removed == ["a5"]
        assert report.removed == [str((folder / "other.jsonl").resolve())]
        assert {hit.id for hit in idx.search("*").hits} == {"a1", "a2", "a3", "a4"}
        assert idx.search('"new body"').total == 1, "news.jsonl still holds a1"
    records = json.loads((Address.parse(cluster.url).folder / feed.RECORDS).read_text())
    assert list(records) == [str((folder / "news.jsonl").resolve())]


def test_a_feed_killed_halfway_is_finished_by_the_next_run_without_duplicates(
    cluster: Layout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    halves = [dict(r, id=f"{r['id']}-{n}") for n in range(2) for r in RECORDS]
    _write(folder, halves[:5], "a.jsonl")
    _write(folder, halves[5:], "b.jsonl")
    replace = feed.Shards.replace
    written: list[int] = []

    def dies_on_the_second_file(self: feed.Shards, articles: list) -> None:
        if written:
            articles = list(articles)[:2]  # part of b.jsonl reaches the shards, then the end
            replace(self, articles)
            raise KeyboardInterrupt
        replace(self, articles)
        written.append(1)

    monkeypatch.setattr(feed.Shards, "replace", dies_on_the_second_file)
    with Index.open(cluster.url) as idx:
        with pytest.raises(KeyboardInterrupt):
            idx.update([folder])
        monkeypatch.setattr(feed.Shards, "replace", replace)
        assert len(idx) == 7
        report = idx.update([folder])
        assert (report.added, len(report.unchanged)) == ([str((folder / "b.jsonl").resolve())], 1)
        assert len(idx) == 10
        assert {hit.id for hit in idx.search("*", page_size=50).hits} == {r["id"] for r in halves}
    assert sum(len(replicas[0]) for replicas in _shard_ids(cluster)) == 10


def test_an_id_two_files_give_keeps_the_first_article_as_a_whoosh_index_does(
    cluster: Layout, tmp_path: Path
) -> None:
    """Two outlets' files numbering their articles alike: found by hand with the 2017
    corpus and Reuters, whose later file replaced the earlier one's articles on a cluster."""
    folder = tmp_path / "in"
    _write(folder, RECORDS[:3], "a.jsonl")
    other = [dict(r, title="Another outlet's story", body="Different words.") for r in RECORDS]
    _write(folder, other[1:], "b.jsonl")
    with Index.open(cluster.url) as fed, Index.create(tmp_path / "whoosh") as whoosh:
        found = fed.update([folder])
        expected = whoosh.update([folder])
        assert found.warnings == expected.warnings
        assert [w for _, w in found.warnings] == [
            "duplicate id 'a2': kept the first article",
            "duplicate id 'a3': kept the first article",
        ]
        for text in ("*", '"different words"', "aid"):
            hits = {h.id: h.title for h in fed.search(text, page_size=50).hits}
            assert hits == {h.id: h.title for h in whoosh.search(text, page_size=50).hits}
        assert len(fed) == len(RECORDS)
        again = fed.update([folder])
        assert (again.articles_added, len(again.unchanged)) == (0, 2)
