"""Which files an update must read: their recorded state against what is on disk."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass

from searcher import ingest

#: A file modified this close to when it was read may change again within the same
#: timestamp tick without its size or mtime showing it (git's "racy" files); such a
#: file is hashed again on the next run instead of trusted on its stat.
_RACY_NS = 2_000_000_000


@dataclass(frozen=True, slots=True)
class FileState:
    """What the updater records about a file: enough to tell, cheaply, that it changed."""

    size: int
    mtime_ns: int
    sha256: str
    racy: bool = False

    @classmethod
    def of(cls, size: int, mtime_ns: int, data: bytes) -> FileState:
        racy = time.time_ns() - mtime_ns < _RACY_NS
        return cls(size, mtime_ns, hashlib.sha256(data).hexdigest(), racy)

    def same_stat(self, stat: os.stat_result) -> bool:
        return not self.racy and (self.size, self.mtime_ns) == (stat.st_size, stat.st_mtime_ns)

    def to_json(self) -> str:
        return json.dumps(
            {"size": self.size, "mtime_ns": self.mtime_ns, "sha256": self.sha256, "racy": self.racy}
        )


@dataclass(frozen=True, slots=True)
class Task:
    """A file to read: its path and ``stat``, and the hash it had (if any) when recorded."""

    path: str
    size: int
    mtime_ns: int
    known_sha256: str | None


@dataclass(slots=True)
class Read:
    """What reading one file gave: its state, and its articles unless it was unchanged or
    failed (``reason`` says why)."""

    path: str
    state: FileState | None = None
    parsed: ingest.Parsed | None = None
    reason: str | None = None


#: Files read by one task of the pool, and the most bytes they may add up to.
_CHUNK_FILES, _CHUNK_BYTES = 64, 8_000_000


def chunks(tasks: list[Task]) -> Iterator[list[Task]]:
    chunk: list[Task] = []
    size = 0
    for task in tasks:
        if chunk and (len(chunk) >= _CHUNK_FILES or size + task.size > _CHUNK_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(task)
        size += task.size
    if chunk:
        yield chunk


def storable(path: str) -> bool:
    """Whether Whoosh can store the path: a name of undecodable bytes holds surrogates."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
