"""The web interface on a cluster: its API bodies are the CLI's JSON on the cluster and its
counts the Whoosh index's; what a cluster cannot do is said on the page, never guessed."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from searcher import Index
from searcher.cluster import layout

from tests.cluster.test_search import _kill
from tests.conftest import build_index, running_cluster
from tests.web.conftest import served

REFUSED = "is not available on a cluster index"


@pytest.fixture
def client(cluster: layout.Layout, corpus: Path) -> Iterator:
    """A test client of the app serving the cluster, fed with the corpus."""
    from starlette.testclient import TestClient

    from searcher.web.app import make_app

    with Index.open(cluster.url) as idx:
        idx.update([corpus])
    with TestClient(make_app(cluster.url)) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("endpoint", "params", "args"),
    [
        (
            "search",
            {"q": "aid", "facet": ["source", "month"]},
            ["search", "aid", "--facet", "source", "--facet", "month"],
        ),
        ("stats", {}, ["stats"]),
        ("article", {}, ["show", "a1"]),
    ],
)
def test_api_bodies_are_the_cli_json_on_the_cluster(
    client, run, cluster: layout.Layout, endpoint: str, params: dict, args: list[str]
) -> None:
    path = f"/api/{endpoint}/a1" if endpoint == "article" else f"/api/{endpoint}"
    answer = client.get(path, params=params)
    assert answer.status_code == 200, answer.text
    printed = run(*args, "--index", cluster.url, "--format", "json").output
    assert answer.json() == json.loads(printed)


def test_counts_are_the_whoosh_index_s(client, corpus: Path, tmp_path: Path) -> None:
    with build_index(corpus, tmp_path / "idx") as whoosh:
        expected = whoosh.stats()
    found = client.get("/api/stats").json()
    assert (found["articles"], found["sources"], found["undated"]) == (
        expected.articles,
        expected.sources,
        expected.undated,
    )
    assert (found["first_date"], found["last_date"]) == (
        expected.first_date.isoformat(),
        expected.last_date.isoformat(),
    )
    assert found["size_bytes"] is None  # the shards' own


def test_pages_show_what_the_cluster_answers_and_say_what_it_cannot(client) -> None:
    page = client.get("/", params={"q": "aid"})
    assert page.status_code == 200 and 'id="total"' in page.text
    assert 'id="partial"' not in page.text
    article = client.get("/article/a1", params={"q": "aid"})
    assert article.status_code == 200 and "<mark>" in article.text
    assert 'aria-label="Similar articles"' not in article.text  # a cluster finds none
    trend = client.get("/trend", params={"q": "aid"})
    assert trend.status_code == 400 and f"&#39;trend&#39; {REFUSED}" in trend.text
    export = client.get("/api/export", params={"q": "aid"})
    assert export.status_code == 400 and f"'export' {REFUSED}" in export.json()["error"]


def test_a_partial_result_is_flagged_on_the_page(tmp_path: Path, corpus: Path) -> None:
    from starlette.testclient import TestClient

    from searcher.web.app import make_app

    with running_cluster(tmp_path / "bare", mirrors=0) as made:
        with Index.open(made.url) as idx:
            idx.update([corpus])
        _kill(tmp_path / "bare", "shard0_0")
        with TestClient(make_app(made.url)) as client:
            assert client.get("/api/search", params={"q": "aid"}).json()["partial"] is True
            assert 'id="partial"' in client.get("/", params={"q": "aid"}).text


def test_several_server_processes_serve_a_cluster(cluster: layout.Layout, corpus: Path) -> None:
    with Index.open(cluster.url) as idx:
        idx.update([corpus])
        total = idx.search("aid").total
    with served(cluster.url, "--workers", "2") as (url, _):
        found = json.load(urllib.request.urlopen(f"{url}/api/search?q=aid", timeout=10))
    assert found["total"] == total > 0
