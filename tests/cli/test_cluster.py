"""``searcher cluster init|start|stop`` and the other commands given a cluster's address."""

from __future__ import annotations

from pathlib import Path

import pytest

from searcher.cluster import layout

from tests.conftest import free_ports, has_searchd


def test_init_start_index_search_and_stop_a_cluster_from_the_command_line(
    run, tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    has_searchd()
    monkeypatch.setenv("SEARCHER_CLUSTERS", str(tmp_path / "clusters"))
    port = free_ports(10)
    folder = tmp_path / "c"
    url = f"sphinx://127.0.0.1:{port}/news"
    made = run(
        "cluster", "init", "--shards", "2", "--mirrors", "1", "--port", str(port), str(folder)
    )
    assert made.text == f"TMP/c: 2 shards, 4 searchd and a head; index {url}\n"
    assert run("cluster", "start", str(folder)).output == f"started {url}\n"
    try:
        indexed = run("index", str(corpus), "--index", url)
        assert "6 articles written (6 new, 0 changed, 0 removed)" in indexed.output
        found = run("search", "title:aid", "--index", url, "--format", "csv")
        lines = sorted(found.output.splitlines()[1:])
        assert lines[0].startswith("a1,Aid convoy reaches Rafah,2023-10-30,Wire One,")
        assert lines[1].startswith("a5,Undated note on aid,,Wire One,") and len(lines) == 2
        refused = run("trend", "aid", "--index", url, exit_code=1)
        assert "'trend' is not available on a cluster index" in refused.output
    finally:
        stopped = run("cluster", "stop", str(folder))
    assert stopped.output == "stopped 5 searchd\n"
    assert layout.pids(folder) == {}
    assert run("cluster", "stop", str(folder)).output == "nothing was running\n"


def test_a_cluster_that_does_not_answer_is_one_line_with_a_hint(run, tmp_path: Path) -> None:
    port = free_ports(1)
    failed = run("search", "aid", "--index", f"sphinx://127.0.0.1:{port}/news", exit_code=1)
    assert failed.output.startswith(f"Error: cannot reach 127.0.0.1:{port}")
    assert "hint: check that the cluster runs" in failed.output
