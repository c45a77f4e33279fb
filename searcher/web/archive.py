"""The one open index a server shares, and the bound on searches running at once."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from searcher.index import Index
from searcher.stats import Stats

T = TypeVar("T")

#: Searches admitted at once (one runs, the rest wait for it); more get 503.
MAX_SEARCHES = 16
#: Answers kept for reuse until the next commit (a results page is a few kB).
KEPT_ANSWERS = 512
#: Seconds a refused client is told to wait before trying again.
RETRY_AFTER = 1


class Busy(Exception):
    """More searches were asked for than the server admits at once."""


class Archive:
    """An ``Index`` opened once and used by one request at a time, with the answers to the
    latest searches kept until the next commit.

    The index's snapshot moves to the latest commit on its own (``Index.snapshot`` checks
    ``View.up_to_date``), so a server answers from the old state during an update and from
    the new one after its commit, with no restart; the kept answers go with the old state.
    Searches hold the lock because that move closes the old readers; Whoosh is pure Python,
    so one at a time costs no throughput.
    """

    def __init__(
        self, path: Path | str, max_searches: int = MAX_SEARCHES, kept: int = KEPT_ANSWERS
    ) -> None:
        self.path = path
        self._index = Index.open(path)
        #: A cluster changes under the server without a commit it could see: nothing kept.
        self._keeps = isinstance(self._index, Index)
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(max_searches)
        self._kept = kept
        self._answers: OrderedDict[Hashable, Any] = OrderedDict()
        self._answers_of: object = None

    def run(self, work: Callable[[Index], T], key: Hashable | None = None) -> T:
        """``work(index)`` once a slot is free now, else ``Busy``. With a ``key`` (what the
        answer depends on besides the index), an answer kept for the same commit is reused:
        callers must not change it."""
        if not self._slots.acquire(blocking=False):
            raise Busy
        try:
            with self._lock:
                if key is None or not self._keeps:
                    return work(self._index)
                return self._kept_answer(work, (key, date.today()))
        finally:
            self._slots.release()

    def _kept_answer(self, work: Callable[[Index], T], key: Hashable) -> T:
        snapshot = self._index.snapshot()
        if snapshot is not self._answers_of:
            self._answers.clear()
            self._answers_of = snapshot
        if key in self._answers:
            self._answers.move_to_end(key)
            return self._answers[key]
        answer = self._answers[key] = work(self._index)
        if len(self._answers) > self._kept:
            self._answers.popitem(last=False)
        return answer

    def stats(self) -> Stats:
        """``Index.stats()``, worked out once per commit (on a cluster, each time): every
        page shows the outlets."""
        return self.run(lambda index: index.stats(), key="stats")

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
