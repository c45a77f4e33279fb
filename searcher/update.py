"""One update run: which files changed, what they hold now, and the segments that say so.

1. Plan (here): walk the paths and ``stat`` each file; a file whose size and mtime match its
   record is unchanged at the cost of that ``stat``.
2. Read (workers): read, hash and parse the other files, in chunks. A file whose hash matches
   its record is not parsed.
3. Collect (here, in file order): report each file, drop articles whose id an earlier file
   gave, delete what changed files held before, and batch the new documents.
4. Write (workers): each batch becomes a whole new segment (``searcher.segments``).
5. The caller commits: old segments stay (the small ones merged), new ones join, and one
   rename of the table of contents makes all of it visible at once.

Steps 2 and 4 run in a pool of processes when there is enough to read to pay for starting
one; a small update runs in this process. The order of results never depends on the pool.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import query, writing
from whoosh.codec.whoosh3 import W3Segment
from whoosh.reading import SegmentReader

from searcher import ingest
from searcher.article import Article, iso_date
from searcher.docsets import matching_docs
from searcher.duplicates import sketch
from searcher.errors import IngestError
from searcher.schema import ARTICLE, DAY, FILE, META, SCHEMA_VERSION, TIME
from searcher.segments import Document, write_segment

#: A file modified this close to when it was read may change again within the same
#: timestamp tick without its size or mtime showing it (git's "racy" files); such a
#: file is hashed again on the next run instead of trusted on its stat.
_RACY_NS = 2_000_000_000
#: Below this many bytes to read, an update runs in this process: forking a pool costs more
#: than it saves on a few files.
POOL_FROM_BYTES = 250_000
#: Files read by one task of the pool, and the most bytes they may add up to.
_CHUNK_FILES, _CHUNK_BYTES = 64, 8_000_000
#: Characters of text gathered before they are written, in one segment per worker (so the
#: workers share each batch): bounds memory (a worker holds its part's postings, about 15
#: times its text) and how many segments an index has.
BATCH_CHARS = 24_000_000
#: Less text than this is written as one segment (splitting it would only add segments).
_SPLIT_FROM_CHARS = 250_000
#: A segment is small under ``MERGE_SHARE`` of the largest one's documents (but always
#: under ``MERGE_FLOOR`` and never from ``MERGE_BELOW``); small segments are written again
#: as part of the run's new ones once there are ``MERGE_COUNT`` of them (``_rewrite``). A
#: first index of long articles can be two segments of 1,900: those are not small.
MERGE_BELOW, MERGE_FLOOR, MERGE_SHARE, MERGE_COUNT = 2_000, 200, 1 / 8, 6


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


@dataclass(slots=True)
class UpdateReport:
    """What an update changed; paths are absolute file paths."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    #: ``(path, reason)`` for each file that yielded no article; its old articles stay.
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: ``(path, message)`` for problems inside files that were still indexed.
    warnings: list[tuple[str, str]] = field(default_factory=list)
    articles_added: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": len(self.unchanged),
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "warnings": [{"path": p, "message": m} for p, m in self.warnings],
            "articles_added": self.articles_added,
            "seconds": round(self.seconds, 3),
        }


def article_document(article: Article) -> Document:
    """The Whoosh document for an article."""
    document: Document = {
        "kind": ARTICLE,
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "source": article.source,
        "url": article.url,
        "authors": ",".join(article.authors),
        "language": article.language,
        "path": article.path,
        "fingerprint": article.fingerprint,
        "sketch": sketch(article.title, article.body),
    }
    if article.date is not None:
        document["ts"] = article.timestamp
        document["precision"] = TIME if isinstance(article.date, datetime) else DAY
        document["date"] = iso_date(article.date)
    return document


def segment_documents(reader: SegmentReader) -> Iterator[Document]:
    """A segment's live documents as they were written: the stored fields, with the kind
    and the columns that are not stored (an article's sketch, and its ``ts`` and precision
    when it has a date)."""
    columns = {
        name: reader.column_reader(name)
        for name in ("ts", "precision", "sketch")
        if reader.has_column(name)
    }
    for docnum in range(reader.doc_count_all()):
        if reader.is_deleted(docnum):
            continue
        document: Document = dict(reader.stored_fields(docnum))
        if "id" in document:
            document["kind"] = ARTICLE
            document["sketch"] = columns["sketch"][docnum]
            if "date" in document:
                document["ts"] = columns["ts"][docnum]
                document["precision"] = columns["precision"][docnum]
        else:
            document["kind"] = FILE if "path" in document else META
        yield document


def format_document() -> Document:
    """The index's one META record: the schema version it was written with."""
    return {"kind": META, "meta": json.dumps({"schema_version": SCHEMA_VERSION})}


def file_document(path: str, state: FileState) -> Document:
    return {"kind": FILE, "path": path, "meta": state.to_json()}


@dataclass(frozen=True, slots=True)
class _Task:
    """A file to read: its path and ``stat``, and the hash it had (if any) when recorded."""

    path: str
    size: int
    mtime_ns: int
    known_sha256: str | None


@dataclass(slots=True)
class _Read:
    """What reading one file gave: its state, and its articles unless it was unchanged or
    failed (``reason`` says why)."""

    path: str
    state: FileState | None = None
    parsed: ingest.Parsed | None = None
    reason: str | None = None


def _read_files(tasks: Sequence[_Task], limits: ingest.Limits) -> list[_Read]:
    """Read, hash and parse a chunk of files (in a worker)."""
    return [_read_file(task, limits) for task in tasks]


def _read_file(task: _Task, limits: ingest.Limits) -> _Read:
    path = Path(task.path)
    try:
        data = ingest.read_bytes(path, limits)
    except OSError as exc:
        return _Read(task.path, reason=f"cannot read: {exc.strerror or exc}")
    except IngestError as exc:
        return _Read(task.path, reason=exc.reason)
    state = FileState.of(task.size, task.mtime_ns, data)
    if state.sha256 == task.known_sha256:
        return _Read(task.path, state)
    try:
        return _Read(task.path, state, ingest.parse(path, data, limits))
    except IngestError as exc:
        return _Read(task.path, state, reason=exc.reason)


def _write_batch(folder: str, indexname: str, items: Sequence[Article | Document]) -> W3Segment:
    """Write a batch of articles and records as one segment (in a worker)."""
    documents = [item if isinstance(item, dict) else article_document(item) for item in items]
    return write_segment(folder, indexname, documents)


class _InProcess(Executor):
    """The pool's interface, run at once in this process: for updates too small for a pool."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def _pool(workers: int, lock_fd: int | None) -> Executor:
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


class Updater:
    """One update run: compares files with their records and writes the differences."""

    def __init__(
        self,
        writer: writing.SegmentWriter,
        *,
        rebuild: bool,
        limits: ingest.Limits,
        workers: int,
    ) -> None:
        self.writer = writer
        self.rebuild = rebuild
        self.limits = limits
        self.workers = max(1, workers)
        self.report = UpdateReport()
        self.searcher = writer.searcher()
        self.known = {} if rebuild else self._file_records()
        self.ids: set[str] = set()
        self.segments: list[W3Segment] = []
        self._batch: list[Article | Document] = [format_document()] if rebuild else []
        self._chars = 0
        self._writes: deque[Future] = deque()
        self._merged: set[str] = set()  # ids of the segments written again

    def _file_records(self) -> dict[str, FileState]:
        return {
            doc["path"]: FileState(**json.loads(doc["meta"]))
            for doc in self.searcher.documents(kind=FILE)
        }

    def run(
        self,
        roots: list[Path],
        files: list[str],
        unreadable: list[tuple[Path, str]],
        progress: Callable[[int, int], None] | None,
    ) -> UpdateReport:
        """Bring the writer in line with ``files``; the caller commits ``merge_policy``."""
        report = self.report
        report.skipped.extend((str(folder), reason) for folder, reason in unreadable)
        tasks = self._plan(files)
        to_read = sum(task.size for task in tasks)
        small = self._small_segments()
        pooled = self.workers > 1 and (to_read >= POOL_FROM_BYTES or bool(small))
        lock = getattr(self.writer.writelock, "fd", None)
        pool = _pool(self.workers, lock) if pooled else _InProcess()
        try:
            with pool:
                done = len(files) - len(tasks)
                if progress and done:
                    progress(done, len(files))
                for read in self._reads(pool, tasks):
                    self._collect(read, pool)
                    done += 1
                    if progress:
                        progress(done, len(files))
                self._remove_missing(roots, files, unreadable)
                for segment in small:  # after every deletion of this run
                    self._rewrite(segment, pool)
                self._flush(pool)
                while self._writes:
                    self.segments.append(self._writes.popleft().result())
        except BaseException:
            self.discard()
            raise
        return report

    def _small_segments(self) -> list[W3Segment]:
        """The index's small segments, once there are ``MERGE_COUNT`` of them (else none):
        many small updates leave many small segments, and each costs every search a little."""
        if self.rebuild or not self.writer.segments:
            return []
        largest = max(s.doc_count_all() for s in self.writer.segments)
        below = min(MERGE_BELOW, max(MERGE_SHARE * largest, MERGE_FLOOR))
        small = [s for s in self.writer.segments if s.doc_count_all() < below]
        return small if len(small) >= MERGE_COUNT else []

    def _rewrite(self, segment: W3Segment, pool: Executor) -> None:
        """Add a segment's live documents to the batch, so that they are written again in
        the new segments (by the workers, in bulk) and the commit can drop the segment."""
        reader = SegmentReader(self.writer.storage, self.writer.schema, segment)
        try:
            for document in segment_documents(reader):
                self._add(document, pool)
        finally:
            reader.close()
        self._merged.add(segment.segment_id())

    def _plan(self, files: list[str]) -> list[_Task]:
        tasks = []
        for path in files:
            if not _storable(path):
                shown = os.fsencode(path).decode("utf-8", "backslashreplace")
                self.report.skipped.append(
                    (shown, "the file name is not valid UTF-8; rename the file")
                )
                continue
            try:
                stat = os.stat(path)
            except OSError as exc:
                self.report.skipped.append((path, f"cannot read: {exc.strerror or exc}"))
                continue
            old = self.known.get(path)
            if old is not None and old.same_stat(stat):
                self.report.unchanged.append(path)
                continue
            known = old.sha256 if old is not None else None
            tasks.append(_Task(path, stat.st_size, stat.st_mtime_ns, known))
        return tasks

    def _reads(self, pool: Executor, tasks: list[_Task]) -> Iterator[_Read]:
        """Results in file order, with a few chunks read ahead (memory stays bounded)."""
        chunks = iter(_chunks(tasks))
        ahead: deque[Future] = deque()
        for chunk in chunks:
            ahead.append(pool.submit(_read_files, chunk, self.limits))
            if len(ahead) > self.workers:
                break
        while ahead:
            results = ahead.popleft().result()
            chunk = next(chunks, None)
            if chunk is not None:
                ahead.append(pool.submit(_read_files, chunk, self.limits))
            yield from results

    def _collect(self, read: _Read, pool: Executor) -> None:
        report, path = self.report, read.path
        old = self.known.get(path)
        if read.state is None or read.reason is not None:
            report.skipped.append((path, read.reason or "unreadable"))
            return
        if read.parsed is None:  # same content, touched: only its record changes
            if read.state != old:
                self._delete(query.And([query.Term("kind", FILE), query.Term("path", path)]))
                self._add(file_document(path, read.state), pool)
            report.unchanged.append(path)
            return
        # An id may move here from another file: each new id is looked up in every segment.
        replaced = self._replaced_ids(path) if old is not None else set()
        parsed = read.parsed
        for article in parsed.articles:
            if article.id in self.ids:
                parsed.warnings.append(f"duplicate id '{article.id}': kept the first article")
                continue
            self.ids.add(article.id)
            if article.id not in replaced:
                self._delete(query.Term("id", article.id))
            self._add(article, pool)
            report.articles_added += 1
        report.warnings.extend((path, message) for message in parsed.warnings)
        self._add(file_document(path, read.state), pool)
        (report.updated if old is not None else report.added).append(path)

    def _delete(self, q: query.Query) -> set[int]:
        """Delete the committed documents ``q`` matches (a set lookup per segment, where
        Whoosh's ``delete_by_query`` builds a matcher over the whole index)."""
        if self.rebuild:
            return set()
        docnums = matching_docs(self.searcher, q)
        for docnum in docnums:
            self.writer.delete_document(docnum)
        return docnums

    def _replaced_ids(self, path: str) -> set[str]:
        """Delete what a changed file had in the index, and return its articles' ids."""
        stored = self.searcher.stored_fields
        return {stored(n).get("id") for n in self._delete(query.Term("path", path))}

    def _add(self, item: Article | Document, pool: Executor) -> None:
        self._batch.append(item)
        if isinstance(item, Article):
            self._chars += len(item.title) + len(item.body)
        else:
            self._chars += len(item.get("title", "")) + len(item.get("body", ""))
        if self._chars >= BATCH_CHARS:
            self._flush(pool)

    def _flush(self, pool: Executor) -> None:
        """Send the batch to be written, a part to each worker."""
        batch, self._batch, chars, self._chars = self._batch, [], self._chars, 0
        if not batch:
            return
        parts = self.workers if chars >= _SPLIT_FROM_CHARS else 1
        size = -(-len(batch) // parts)
        for start in range(0, len(batch), size):
            while len(self._writes) > self.workers:  # bound the batches held in memory
                self.segments.append(self._writes.popleft().result())
            folder = self.writer.storage.folder
            part = batch[start : start + size]
            self._writes.append(pool.submit(_write_batch, folder, self.writer.indexname, part))

    def _remove_missing(
        self, roots: list[Path], files: list[str], unreadable: list[tuple[Path, str]]
    ) -> None:
        """Files recorded under a folder given, and gone from it, lose their articles."""
        present = set(files)
        folders = tuple(str(root) + os.sep for root in roots if root.is_dir())
        unlisted = tuple(str(folder) + os.sep for folder, _ in unreadable)
        for path in sorted(self.known):
            if path not in present and path.startswith(folders) and not path.startswith(unlisted):
                self._delete(query.Term("path", path))
                self.report.removed.append(path)

    def merge_policy(self) -> Callable[[writing.SegmentWriter, list], list]:
        """Whoosh's merge hook for the commit: the old segments (none on a rebuild) but those
        whose documents were written again (see ``_rewrite``), then the new segments.

        Whoosh's own merge (``add_reader``) copies every posting through its writer: 30 s
        for 3,800 long articles here, where writing them again in bulk takes about one.
        """
        new, merged, rebuild = list(self.segments), set(self._merged), self.rebuild

        def policy(writer: writing.SegmentWriter, segments: list) -> list:
            if rebuild:
                return new
            return [s for s in segments if s.segment_id() not in merged] + new

        return policy

    def discard(self) -> None:
        """Delete the segments written so far (an update that fails never commits them)."""
        for future in self._writes:
            if future.done() and future.exception() is None:
                self.segments.append(future.result())
        for segment in self.segments:
            for name in segment.list_files(self.writer.storage):
                self.writer.storage.delete_file(name)
        self.segments.clear()


def _chunks(tasks: list[_Task]) -> Iterator[list[_Task]]:
    chunk: list[_Task] = []
    size = 0
    for task in tasks:
        if chunk and (len(chunk) >= _CHUNK_FILES or size + task.size > _CHUNK_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(task)
        size += task.size
    if chunk:
        yield chunk


def _storable(path: str) -> bool:
    """Whether Whoosh can store the path: a name of undecodable bytes holds surrogates."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
