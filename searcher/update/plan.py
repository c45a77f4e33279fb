"""Which files an update must read: their recorded state against what is on disk."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from searcher import ingest
from searcher.documents import FileState


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
    failed (``reason`` says why). A file read piece by piece gives a ``part`` for each piece,
    with its articles, then one without, with its state. ``size`` is the bytes of the file
    this accounts for (the progress made)."""

    path: str
    state: FileState | None = None
    parsed: ingest.Parsed | None = None
    reason: str | None = None
    size: int = 0
    part: bool = False


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
