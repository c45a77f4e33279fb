"""The one open index a server shares, and the bound on searches running at once."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from searcher.index import Index, Stats

T = TypeVar("T")

#: Searches admitted at once (one runs, the rest wait for it); more get 503.
MAX_SEARCHES = 16
#: Seconds a refused client is told to wait before trying again.
RETRY_AFTER = 1


class Busy(Exception):
    """More searches were asked for than the server admits at once."""


class Archive:
    """An ``Index`` opened once and used by one request at a time.

    The index's snapshot moves to the latest commit on its own (``Index.snapshot`` checks
    ``View.up_to_date``), so a server answers from the old state during an update and from
    the new one after its commit, with no restart. Searches hold the lock because that move
    closes the old readers; Whoosh is pure Python, so one at a time costs no throughput.
    """

    def __init__(self, path: Path, max_searches: int = MAX_SEARCHES) -> None:
        self.path = path
        self._index = Index.open(path)
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(max_searches)
        self._stats: tuple[object, Stats] | None = None

    def run(self, work: Callable[[Index], T]) -> T:
        """``work(index)`` once a slot is free now, else ``Busy``."""
        if not self._slots.acquire(blocking=False):
            raise Busy
        try:
            with self._lock:
                return work(self._index)
        finally:
            self._slots.release()

    def stats(self) -> Stats:
        """``Index.stats()``, worked out once per commit: every page shows the outlets."""

        def latest(idx: Index) -> Stats:
            snapshot = idx.snapshot()
            if self._stats is None or self._stats[0] is not snapshot:
                self._stats = (snapshot, idx.stats())
            return self._stats[1]

        return self.run(latest)

    def stream(self, work: Callable[[Index], Iterable[T]]) -> Iterator[T]:
        """The items of ``work(index)`` on an index of its own, opened now and closed when the
        stream ends: a long export neither blocks searches nor loses its readers to an update.
        ``work`` runs now, so a bad query fails before any byte is sent; the stream takes a
        slot for as long as it runs."""
        if not self._slots.acquire(blocking=False):
            raise Busy
        index = None
        try:
            index = Index.open(self.path)
            items = work(index)
        except BaseException:
            if index is not None:
                index.close()
            self._slots.release()
            raise
        return self._drain(index, items)

    def _drain(self, index: Index, items: Iterable[T]) -> Iterator[T]:
        try:
            yield from items
        finally:
            index.close()
            self._slots.release()

    def close(self) -> None:
        with self._lock:
            self._index.close()
