"""A local cluster's configuration, and its searchd processes started and stopped by pid."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from searcher.cluster import layout
from searcher.cluster.client import Connection
from searcher.errors import ClusterError

from tests.conftest import running_cluster


def test_the_head_names_each_shard_with_its_mirrors_and_the_replicas_hold_rt_indexes(
    tmp_path: Path,
) -> None:
    made = layout.init(tmp_path / "c", shards=2, mirrors=1, port=20000)
    head = (tmp_path / "c" / "conf" / "head.conf").read_text()
    assert "agent = 127.0.0.1:20002|127.0.0.1:20004:news_0" in head
    assert "agent = 127.0.0.1:20006|127.0.0.1:20008:news_1" in head
    assert "listen = 127.0.0.1:20000:mysql41" in head
    replica = (tmp_path / "c" / "conf" / "shard1_1.conf").read_text()
    assert "index news_1" in replica and "type = rt" in replica
    assert "charset_table = 0..9, a..z, _" in replica
    assert "listen = 127.0.0.1:20007:mysql41" in replica
    assert made.writers() == [
        ["127.0.0.1:20001", "127.0.0.1:20003"],
        ["127.0.0.1:20005", "127.0.0.1:20007"],
    ]
    assert layout.Layout.load(tmp_path / "c") == made


def test_a_folder_holding_a_cluster_is_not_written_over(tmp_path: Path) -> None:
    layout.init(tmp_path / "c", shards=1, mirrors=0, port=20000)
    with pytest.raises(ClusterError, match="already holds a cluster"):
        layout.init(tmp_path / "c", shards=3, mirrors=0, port=21000)


def test_a_two_shard_cluster_with_a_mirror_starts_answers_and_stops_by_pid(tmp_path: Path) -> None:
    folder = tmp_path / "cluster"
    started = time.monotonic()
    with running_cluster(folder) as made:
        took = time.monotonic() - started
        running = layout.pids(folder)
        assert sorted(running) == ["head", "shard0_0", "shard0_1", "shard1_0", "shard1_1"]
        head = Connection("127.0.0.1", made.head)
        assert head.execute("SHOW TABLES") == [("news", "distributed")]
        head.close()
        assert took < 20
    assert layout.pids(folder) == {}
    for pid in running.values():
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_stopping_a_cluster_that_is_not_running_stops_nothing(tmp_path: Path) -> None:
    layout.init(tmp_path / "c", shards=1, mirrors=0, port=20000)
    assert layout.stop(tmp_path / "c") == []


def test_the_same_tables_are_written_for_manticore_s_real_time_mode(tmp_path: Path) -> None:
    layout.init(tmp_path / "c", shards=1, mirrors=1, port=20000)
    table = (
        "CREATE TABLE news_0 (title text indexed, body text indexed, every text indexed, "
        "source string, host string, ts bigint, day bigint, precision uint, doc string) "
        "charset_table='0..9, a..z, _' min_word_len='1' dict='keywords' "
        "index_field_lengths='1' rt_mem_limit='256M';"
    )
    assert (tmp_path / "c" / "manticore.sql").read_text().splitlines() == [
        "-- shard0_0: mysql -h127.0.0.1 -P20001",
        table,
        "-- shard0_1: mysql -h127.0.0.1 -P20003",
        table,
        "-- head: mysql -h127.0.0.1 -P20000",
        "CREATE TABLE news type='distributed' agent='127.0.0.1:20002|127.0.0.1:20004:news_0' "
        "agent_connect_timeout='500' agent_query_timeout='10000' ha_strategy='noerrors';",
    ]
    replica = (tmp_path / "c" / "conf" / "shard0_1.conf").read_text()
    for line in ("rt_field = every", "rt_attr_string = doc", "index_field_lengths = 1"):
        assert f"    {line}\n" in replica
