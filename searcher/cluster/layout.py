"""A local Sphinx/Manticore cluster for development and CI: its configuration, written from
one description (``Layout``), and its ``searchd`` processes, started and stopped by pid.

Every replica of a shard is a ``searchd`` of its own, holding one real-time index; the head
is a ``searchd`` with the distributed index over them, one ``agent`` line a shard with its
mirrors behind ``|``. Writes go to every replica of a shard (SphinxQL, port ``sql``); the head
reaches them with Sphinx's own protocol (port ``api``). Production clusters are the
operator's: searcher only needs the head's address and each shard's replicas (``cluster.json``).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from searcher.cluster import tables
from searcher.errors import ClusterError

#: The file of a cluster folder that describes it (what ``Index.open`` reads of it).
DESCRIPTION = "cluster.json"
#: The file of a cluster folder with its tables as Manticore's real-time mode creates them.
MANTICORE = "manticore.sql"
HOST = "127.0.0.1"
#: How long ``start`` waits for every ``searchd`` to answer, and ``stop`` for it to exit.
WAIT_SECONDS = 20.0

SEARCHD = """
searchd
{{
{listen}
    pid_file = {run}.pid
    log = {run}.log
    query_log = {run}.query.log
    binlog_path = {binlog}
    workers = threads
    collation_server = binary
    read_timeout = 5
    max_children = 64
    watchdog = 0
}}
"""


@dataclass(frozen=True)
class Replica:
    """One ``searchd`` holding one copy of a shard."""

    name: str
    sql: int
    api: int


@dataclass(frozen=True)
class Layout:
    """A cluster: its index name, the head's SphinxQL port and each shard's replicas."""

    index: str
    head: int
    shards: tuple[tuple[Replica, ...], ...]

    @classmethod
    def plan(cls, shards: int, mirrors: int, port: int, index: str = "news") -> Layout:
        """``shards`` shards of ``1 + mirrors`` replicas each, on ports from ``port`` up."""
        if shards < 1 or mirrors < 0:
            raise ClusterError("a cluster needs one shard or more, and no negative mirrors")
        replicas = []
        for shard in range(shards):
            copies = []
            for copy in range(1 + mirrors):
                at = port + 1 + 2 * (shard * (1 + mirrors) + copy)
                copies.append(Replica(f"shard{shard}_{copy}", at, at + 1))
            replicas.append(tuple(copies))
        return cls(index, port, tuple(replicas))

    @property
    def url(self) -> str:
        return f"sphinx://{HOST}:{self.head}/{self.index}"

    def shard_index(self, shard: int) -> str:
        return f"{self.index}_{shard}"

    def writers(self) -> list[list[str]]:
        """Each shard's replicas as SphinxQL addresses, where writes go."""
        return [[f"{HOST}:{r.sql}" for r in copies] for copies in self.shards]

    def to_json(self) -> str:
        return json.dumps(
            {"url": self.url, "writers": self.writers(), "layout": asdict(self)}, indent=2
        )

    @classmethod
    def load(cls, folder: Path) -> Layout:
        try:
            found = json.loads((folder / DESCRIPTION).read_text(encoding="utf-8"))["layout"]
        except (OSError, ValueError, KeyError) as exc:
            raise ClusterError(f"no cluster description at {folder / DESCRIPTION}") from exc
        shards = tuple(tuple(Replica(**r) for r in copies) for copies in found["shards"])
        return cls(found["index"], found["head"], shards)

    # -- configuration -------------------------------------------------------------------------

    def agents(self) -> list[str]:
        """The head's agent of each shard: its copies' API addresses, then the index."""
        return [
            "|".join(f"{HOST}:{r.api}" for r in copies) + f":{self.shard_index(shard)}"
            for shard, copies in enumerate(self.shards)
        ]

    def head_config(self, folder: Path) -> str:
        index = tables.head_config(self.index, self.agents())
        return index + self._searchd(folder, "head", [f"{HOST}:{self.head}:mysql41"])

    def replica_config(self, folder: Path, shard: int, replica: Replica) -> str:
        path = folder / "data" / replica.name / self.shard_index(shard)
        index = tables.shard_config(self.shard_index(shard), path)
        listen = [f"{HOST}:{replica.sql}:mysql41", f"{HOST}:{replica.api}"]
        return index + self._searchd(folder, replica.name, listen)

    @staticmethod
    def _searchd(folder: Path, name: str, listen: list[str]) -> str:
        binlog = folder / "data" / name
        return SEARCHD.format(
            listen="\n".join(f"    listen = {at}" for at in listen),
            run=folder / "run" / name,
            binlog=binlog,
        )

    def configs(self, folder: Path) -> dict[str, str]:
        """Each ``searchd``'s configuration file by name: the replicas', then the head's."""
        found = {
            replica.name: self.replica_config(folder, shard, replica)
            for shard, copies in enumerate(self.shards)
            for replica in copies
        }
        found["head"] = self.head_config(folder)
        return found

    def manticore_sql(self) -> str:
        """The same tables for Manticore in real-time mode: each node's statements, to run
        over its SphinxQL port."""
        parts = []
        for shard, copies in enumerate(self.shards):
            for r in copies:
                parts += [
                    f"-- {r.name}: mysql -h{HOST} -P{r.sql}",
                    tables.shard_table(self.shard_index(shard)),
                ]
        parts += [
            f"-- head: mysql -h{HOST} -P{self.head}",
            tables.head_table(self.index, self.agents()),
        ]
        return "\n".join(parts) + "\n"


def init(folder: Path, shards: int, mirrors: int, port: int, index: str = "news") -> Layout:
    """Write a cluster's configuration into ``folder`` (which must not hold one yet)."""
    if (folder / DESCRIPTION).exists():
        raise ClusterError(
            f"{folder} already holds a cluster", hint="use another folder, or remove it first"
        )
    layout = Layout.plan(shards, mirrors, port, index)
    folder = folder.resolve()
    for sub in ("conf", "run"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for name, text in layout.configs(folder).items():
        (folder / "data" / name).mkdir(parents=True, exist_ok=True)
        (folder / "conf" / f"{name}.conf").write_text(text, encoding="utf-8")
    (folder / MANTICORE).write_text(layout.manticore_sql(), encoding="utf-8")
    (folder / DESCRIPTION).write_text(layout.to_json(), encoding="utf-8")
    return layout


def _searchd() -> str:
    found = shutil.which("searchd")
    if found is None:
        raise ClusterError(
            "searchd is not installed", hint="install Sphinx: apt-get install sphinxsearch"
        )
    return found


def start(folder: Path) -> Layout:
    """Start every ``searchd`` of the cluster in ``folder`` (replicas first), and wait until
    each answers; one that fails stops those already started."""
    layout = Layout.load(folder)
    folder = folder.resolve()
    binary = _searchd()
    names = list(layout.configs(folder))
    try:
        for name in names:
            done = subprocess.run(
                [binary, "--config", str(folder / "conf" / f"{name}.conf")],
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                last = (done.stdout + done.stderr).strip().splitlines()[-1:]
                raise ClusterError(
                    f"searchd {name} did not start: {' '.join(last)}",
                    hint=f"see {folder / 'run' / name}.log",
                )
        for name in names:
            _wait_for_pid(folder, name)
    except BaseException:
        stop(folder)
        raise
    return layout


def pids(folder: Path) -> dict[str, int]:
    """The pid of each running ``searchd`` of the cluster, by name."""
    found = {}
    for pid_file in sorted((folder / "run").glob("*.pid")):
        try:
            pid = int(pid_file.read_text().strip())
        except (OSError, ValueError):
            continue
        if _alive(pid):
            found[pid_file.stem] = pid
    return found


def stop(folder: Path) -> list[str]:
    """Stop every ``searchd`` of the cluster by its pid; returns the names stopped."""
    running = pids(folder)
    for pid in running.values():
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + WAIT_SECONDS
    while any(_alive(pid) for pid in running.values()):
        if time.monotonic() > deadline:
            for pid in running.values():
                if _alive(pid):
                    os.kill(pid, signal.SIGKILL)
            break
        time.sleep(0.05)
    return list(running)


def _wait_for_pid(folder: Path, name: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while name not in pids(folder):
        if time.monotonic() > deadline:
            raise ClusterError(f"searchd {name} did not come up", hint=f"see its log in {folder}")
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a stopped searchd this process started stays a zombie until reaped
        waited, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return waited == 0
