"""The update's worker processes: files read and parsed, segments written, side by side."""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from searcher import ingest
from searcher.analysis.words import WordPositions
from searcher.article import Article
from searcher.documents import article_document
from searcher.engine.batch import SegmentWrite
from searcher.engine.segments import Document
from searcher.errors import IngestError
from searcher.ingest import stream
from searcher.update import phases
from searcher.update.plan import FileState, Read, Task

#: The analysis of titles and bodies, its cache of terms kept per worker process.
_words = WordPositions()


def _analyse(text: str, document: Document) -> tuple[dict[str, list[int]], int]:
    """A title's or body's terms, stemmed in its article's language."""
    return _words(text, document.get("language") or "")


def read_files(tasks: Sequence[Task], limits: ingest.Limits) -> list[Read]:
    """Read, hash and parse a chunk of files (in a worker)."""
    return [_read_file(task, limits) for task in tasks]


def _read_file(task: Task, limits: ingest.Limits) -> Read:
    phases.enter("read")
    path = Path(task.path)
    if stream.kind_of(path.name):
        try:
            return _read_records(task, limits)
        except stream.Document:
            pass  # a JSON document: read whole
    try:
        data = ingest.read_bytes(path, limits)
    except OSError as exc:
        return Read(task.path, reason=f"cannot read: {exc.strerror or exc}", size=task.size)
    except IngestError as exc:
        return Read(task.path, reason=exc.reason, size=task.size)
    state = FileState.of(task.size, task.mtime_ns, data)
    if state.sha256 == task.known_sha256:
        return Read(task.path, state, size=task.size)
    try:
        parsed = ingest.parse(path, data, limits)
    except IngestError as exc:
        return Read(task.path, state, reason=exc.reason, size=task.size)
    phases.enter("add")
    return Read(task.path, state, parsed, size=task.size)


def _read_records(task: Task, limits: ingest.Limits) -> Read:
    """A small records file, read record by record all the same (a JSON lines file has no
    size limit), and hashed as it is read: parsed for nothing when its content is unchanged,
    which costs less than reading it twice."""
    records = stream.Stream(Path(task.path), limits.article_bytes)
    try:
        parsed = ingest.collect(records, limits)
    except IngestError as exc:
        return Read(task.path, reason=exc.reason, size=task.size)
    state = FileState.digested(task.size, task.mtime_ns, records.sha256)
    if state.sha256 == task.known_sha256:
        return Read(task.path, state, size=task.size)
    phases.enter("add")
    return Read(task.path, state, parsed, size=task.size)


def read_piece(piece: stream.Piece, limits: ingest.Limits, size: int) -> list[Read]:
    """Parse one piece of a file the updater reads piece by piece (in a worker); ``size`` is
    the bytes of the file it stands for."""
    phases.enter("read")
    parsed = ingest.parse_piece(piece, limits)
    phases.enter("add")
    return [Read(str(piece.path), parsed=parsed, size=size, part=True)]


def write_batch(write: SegmentWrite, items: Sequence[Article | Document]) -> Any:
    """Write a batch of articles and records as one segment (in a worker)."""
    phases.enter("write")
    documents = [item if isinstance(item, dict) else article_document(item) for item in items]
    return write(documents, _analyse)


class InProcess(Executor):
    """The pool's interface, run at once in this process: for updates too small for a pool."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def start_pool(workers: int, lock_fd: int | None) -> Executor:
    """Worker processes, forked where that is safe (no other threads to copy mid-lock)."""
    methods = multiprocessing.get_all_start_methods()
    single = threading.active_count() == 1
    method = "fork" if "fork" in methods and single else "spawn"
    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_worker_start,
        initargs=(lock_fd if method == "fork" else None, os.getpid()),
    )


def _worker_start(lock_fd: int | None, parent: int) -> None:
    """Let go of the index's write lock, and end with the updating process.

    A forked worker shares its parent's open files, and a file lock lasts as long as any of
    them holds it: killed with SIGKILL, ``searcher index`` left its idle workers waiting on
    their queue, holding the lock, and the next run could not start.
    """
    if lock_fd is not None:
        with contextlib.suppress(OSError):
            os.close(lock_fd)
    if sys.platform == "linux":  # and be killed with the parent rather than wait forever
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before that took effect
            os._exit(1)


_PR_SET_PDEATHSIG = 1


def default_workers() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
