"""Talking SphinxQL (the MySQL protocol, over ``pymysql``) to a Sphinx 2.2 or Manticore
cluster, with the subset of SphinxQL the two share; and where a cluster is and where its
local folder is.

A cluster index is named by a URL, ``sphinx://HOST:PORT/INDEX`` or ``manticore://…`` (both
speak SphinxQL; PORT is the head's SphinxQL port, INDEX its distributed index). Its local
folder holds what searcher keeps beside the cluster: the shards' write addresses
(``writers.json``) and the updater's file records (``files.json``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from searcher.errors import ClusterError, ExtraMissing

SCHEMES = ("sphinx", "manticore")
_URL = re.compile(r"(?P<scheme>sphinx|manticore)://(?P<host>[^:/]+):(?P<port>\d+)/(?P<index>\w+)$")
#: Where cluster folders live unless ``$SEARCHER_CLUSTERS`` says otherwise.
CLUSTERS_HOME = Path("~/.local/share/searcher/clusters")
WRITERS = "writers.json"


def is_cluster(location: object) -> bool:
    """Whether an index location names a cluster rather than a folder."""
    return isinstance(location, str) and location.split("://", 1)[0] in SCHEMES


@dataclass(frozen=True)
class Address:
    """A cluster index: the head's host and SphinxQL port, and the distributed index."""

    host: str
    port: int
    index: str

    @classmethod
    def parse(cls, url: str) -> Address:
        found = _URL.match(url.strip())
        if found is None:
            raise ClusterError(
                f"not a cluster address: {url}", hint="write it as sphinx://HOST:PORT/INDEX"
            )
        return cls(found["host"], int(found["port"]), found["index"])

    def __str__(self) -> str:
        return f"sphinx://{self.host}:{self.port}/{self.index}"

    @property
    def folder(self) -> Path:
        """The cluster's local folder (file records, write addresses)."""
        home = Path(os.environ.get("SEARCHER_CLUSTERS") or CLUSTERS_HOME).expanduser()
        return home / f"{self.host}-{self.port}-{self.index}"

    def writers(self) -> list[list[str]]:
        """Each shard's replicas (``host:port`` of their SphinxQL), as ``writers.json`` in
        the local folder lists them (``searcher cluster init`` writes it)."""
        path = self.folder / WRITERS
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ClusterError(
                f"no shards known for {self}: {path} is missing or unreadable",
                hint='write there each shard\'s replicas as JSON: [["host:port", …], …]',
            ) from exc
        return [list(copies) for copies in found]

    def remember(self, writers: Sequence[Sequence[str]]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / WRITERS).write_text(json.dumps([list(w) for w in writers]), "utf-8")


@dataclass
class Meta:
    """What ``SHOW META`` says of the last search: the total, and a warning when some shard
    did not answer (the rows are then those of the shards that did)."""

    total: int
    warning: str = ""


class Connection:
    """One SphinxQL connection, opened on first use."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._conn: Any = None

    def _cursor(self) -> Any:
        if self._conn is None:
            try:
                import pymysql
            except ImportError as exc:
                raise ExtraMissing(
                    "a cluster index needs pymysql", hint="pip install 'searcher[cluster]'"
                ) from exc
            try:
                self._conn = pymysql.connect(
                    host=self.host, port=self.port, user="", autocommit=True, connect_timeout=5
                )
            except pymysql.MySQLError as exc:
                raise ClusterError(f"cannot reach {self.host}:{self.port}: {exc}") from exc
        return self._conn.cursor()

    def execute(self, sql: str, args: Sequence[Any] = ()) -> list[tuple]:
        """Run one statement; a refusal or a lost connection is ``ClusterError``."""
        import pymysql

        cursor = self._cursor()
        try:
            cursor.execute(sql, tuple(args) or None)
            return list(cursor.fetchall())
        except pymysql.MySQLError as exc:
            self.close()
            raise ClusterError(f"{self.host}:{self.port} refused a query: {exc}") from exc

    def select(self, sql: str, args: Sequence[Any] = ()) -> tuple[list[tuple], Meta]:
        """The rows of a SELECT and its ``SHOW META``."""
        rows = self.execute(sql, args)
        meta = dict(self.execute("SHOW META"))
        return rows, Meta(int(meta.get("total_found", 0)), meta.get("warning", ""))

    def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            with contextlib.suppress(Exception):  # a connection already lost
                conn.close()


def connect(address: str) -> Connection:
    """A connection to ``host:port``."""
    host, _, port = address.rpartition(":")
    return Connection(host, int(port))
