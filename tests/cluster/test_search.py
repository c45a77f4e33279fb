"""Searching a cluster: the same results as a Whoosh index of the same files, partial results
flagged when a shard is down (and complete with its mirror up), refusals that say why."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from searcher import Index
from searcher.cluster import layout
from searcher.cluster.client import Address
from searcher.cluster.index import UNSUPPORTED, ClusterIndex
from searcher.errors import ClusterUnsupported, QueryError

from tests.conftest import build_index, running_cluster

QUERIES = ["aid", '"central bank"', "aid NOT ceasefire", "NOT aid", "title:aid", "*"]


@pytest.fixture
def fed(cluster: layout.Layout, corpus: Path) -> Iterator[ClusterIndex]:
    with Index.open(cluster.url) as idx:
        idx.update([corpus])
        yield idx


@pytest.mark.parametrize("text", QUERIES)
def test_hits_totals_and_snippets_are_the_whoosh_index_s(
    fed: ClusterIndex, corpus: Path, tmp_path: Path, text: str
) -> None:
    whoosh = build_index(corpus, tmp_path / "idx")
    expected = whoosh.search(text, facets=["source", "month"])
    found = fed.search(text, facets=["source", "month"])
    assert found.total == expected.total > 0
    assert found.facets == expected.facets
    by_id = {hit.id: hit for hit in expected.hits}
    assert set(by_id) == {hit.id for hit in found.hits}
    for hit in found.hits:
        assert (hit.title, hit.date, hit.source, hit.snippet, hit.highlights) == (
            by_id[hit.id].title,
            by_id[hit.id].date,
            by_id[hit.id].source,
            by_id[hit.id].snippet,
            by_id[hit.id].highlights,
        )
    whoosh.close()


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ('="aid convoy"', "exact quotes"),
        ("humanit*", "wildcards"),
        ('"aid gaza"~5', "within a distance"),
        ("aid OR NOT rafah", "NOT inside OR"),
        ("authors:smith", "the field 'authors'"),
    ],
)
def test_what_the_cluster_cannot_do_is_a_typed_error(
    fed: ClusterIndex, text: str, refused: str
) -> None:
    with pytest.raises(ClusterUnsupported, match=refused) as caught:
        fed.search(text)
    assert caught.value.hint


def test_options_and_methods_the_cluster_lacks_are_refused(fed: ClusterIndex) -> None:
    with pytest.raises(ClusterUnsupported, match="--collapse"):
        fed.search("aid", collapse=True)
    with pytest.raises(ClusterUnsupported, match="'trend' is not available"):
        fed.trend("aid")
    with pytest.raises(QueryError):
        fed.search("aid AND")


def _wait(done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 30
    while not done():
        assert time.monotonic() < deadline
        time.sleep(0.01)


def _kill(folder: Path, name: str) -> None:
    os.kill(layout.pids(folder)[name], signal.SIGKILL)
    while name in layout.pids(folder):
        time.sleep(0.02)


def test_with_a_shard_s_mirror_up_every_result_is_complete(
    fed: ClusterIndex, cluster: layout.Layout, tmp_path: Path
) -> None:
    expected = fed.search("aid").total
    _kill(tmp_path / "cluster", "shard0_0")
    for _ in range(6):  # round after round, whichever replica the head would ask
        found = fed.search("aid")
        assert (found.total, found.partial) == (expected, False)


def test_a_shard_killed_during_searches_makes_them_complete_or_flagged(
    tmp_path: Path, corpus: Path
) -> None:
    with running_cluster(tmp_path / "bare", mirrors=0) as made, Index.open(made.url) as idx:
        idx.update([corpus])
        expected = idx.search("aid").total
        seen: list[tuple[int, bool]] = []
        stop = threading.Event()

        def search() -> None:
            with Index.open(made.url) as mine:
                while not stop.is_set():
                    found = mine.search("aid")
                    seen.append((found.total, found.partial))

        searching = threading.Thread(target=search)
        searching.start()
        _wait(lambda: len(seen) >= 3)
        _kill(tmp_path / "bare", "shard1_0")
        killed = len(seen)
        _wait(lambda: len(seen) >= killed + 3)
        stop.set()
        searching.join()
        assert all(total == expected for total, partial in seen if not partial)
        assert (expected, False) in seen
        after = idx.search("aid")
        assert after.partial and after.total < expected


def test_the_cli_warns_of_a_partial_result_and_fails_unless_allowed(
    tmp_path: Path, corpus: Path, run
) -> None:
    with running_cluster(tmp_path / "bare", mirrors=0) as made:
        run("index", str(corpus), "--index", made.url)
        _kill(tmp_path / "bare", "shard0_0")
        failed = run("search", "aid", "--index", made.url, exit_code=4)
        assert (
            "warning: a shard of the cluster did not answer: results are partial" in failed.output
        )
        allowed = run("search", "aid", "--index", made.url, "--allow-partial", "--format", "json")
        assert '"partial": true' in allowed.output


@pytest.mark.parametrize("sort", ["oldest", "newest"])
def test_dated_hits_are_in_the_whoosh_index_s_order_and_the_undated_last(
    fed: ClusterIndex, corpus: Path, tmp_path: Path, sort: str
) -> None:
    with build_index(corpus, tmp_path / "idx") as whoosh:
        expected = [hit.id for hit in whoosh.search("aid", sort=sort).hits]
    found = [hit.id for hit in fed.search("aid", sort=sort).hits]
    assert found == expected
    assert found[-1] == "a5"  # the undated note


def test_every_method_of_an_index_is_on_a_cluster_index_or_refused_by_name() -> None:
    def public(cls: type) -> set[str]:
        return {name for name in dir(cls) if not name.startswith("_")}

    made_elsewhere = {"create"}  # by 'searcher cluster init', or by the cluster's operator
    assert public(Index) - public(ClusterIndex) == UNSUPPORTED | made_elsewhere
    assert not hasattr(ClusterIndex(Address.parse("sphinx://127.0.0.1:1/news")), "no_such")
