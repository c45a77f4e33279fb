"""One update run: which files changed, what they hold now, and the segments that say so.

1. Plan (here): walk the paths and ``stat`` each file; a file whose size and mtime match its
   record is unchanged at the cost of that ``stat``.
2. Read (workers): read, hash and parse the other files, in chunks. A file whose hash matches
   its record is not parsed. A large or gzipped records file is read here instead, piece by
   piece (``searcher.ingest.stream``), and the workers parse the pieces: memory stays bounded
   whatever its size, and progress moves with the bytes read.
3. Collect (here, in file order): report each file, drop articles whose id an earlier file
   gave, and compare a changed file's articles with those it held before, one by one (by id,
   then by ``Article.digest``): only new and changed articles are batched and only changed
   and vanished ones deleted, so a CSV grown by 824 rows writes 824 articles. Each article
   keeps when it was first indexed (``indexed``) and gets this run's stamp when it changes
   (``changed``); the stamp (seconds, one per run, always later than the last run's) is
   written in the META record too, so "new since the last update" is exact.
4. Write (workers): each batch becomes a whole new segment (``searcher.segments``).
5. The caller commits: old segments stay (the small ones merged), new ones join, and one
   rename of the table of contents makes all of it visible at once.

Steps 2 and 4 run in a pool of processes when there is enough to read to pay for starting
one; a small update runs in this process. The order of results never depends on the pool.
"""

from __future__ import annotations

import itertools
import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import query

from searcher import ingest
from searcher.article import Article
from searcher.documents import (
    UNSTORED_COLUMNS,
    file_document,
    format_document,
    moment_of,
    restored,
    stored_article,
    updated_of,
)
from searcher.engine.segments import Document
from searcher.errors import IngestError, NothingIndexed
from searcher.ingest import stream
from searcher.ingest.records import nothing_usable
from searcher.schema import FILE, META
from searcher.seam import Batch
from searcher.update.plan import FileState, Read, Task, chunks, storable
from searcher.update.report import UpdateReport, duplicate_id
from searcher.update.workers import InProcess, read_files, read_piece, start_pool, write_batch

#: Characters of text gathered before they are written, in one segment per worker (so the
#: workers share each batch): bounds memory (a worker holds its part's postings, about 15
#: times its text) and how many segments an index has.
BATCH_CHARS = 24_000_000
#: Below this many bytes to read, an update runs in this process: forking a pool costs more
#: than it saves on a few files.
POOL_FROM_BYTES = 250_000
#: Less text than this is written as one segment (splitting it would only add segments).
_SPLIT_FROM_CHARS = 250_000
#: A segment is small under ``MERGE_SHARE`` of the largest one's documents (but always
#: under ``MERGE_FLOOR`` and never from ``MERGE_BELOW``); small segments are written again
#: as part of the run's new ones once there are ``MERGE_COUNT`` of them (``_rewrite``). A
#: first index of long articles can be two segments of 1,900: those are not small.
MERGE_BELOW, MERGE_FLOOR, MERGE_SHARE, MERGE_COUNT = 2_000, 200, 1 / 8, 6


class Updater:
    """One update run: compares files with their records and writes the differences."""

    def __init__(
        self,
        batch: Batch,
        *,
        rebuild: bool,
        limits: ingest.Limits,
        workers: int,
    ) -> None:
        self.batch = batch
        self.rebuild = rebuild
        self.limits = limits
        self.workers = max(1, workers)
        self.report = UpdateReport()
        self.view = batch.view
        #: The files the committed index records; those an update compares with (none on a
        #: rebuild, which reads every file but still keeps its articles' ``indexed``).
        self.recorded = self._file_records()
        self.known = {} if rebuild else self.recorded
        self.stamp = self._stamp()
        self.ids: set[str] = set()
        self.segments: list[Any] = []
        self._batch: list[Article | Document] = []
        self._chars = 0
        self._writes: deque[Future] = deque()
        self._merged: set[str] = set()  # ids of the segments written again
        self._open: _OpenFile | None = None  # the file whose articles are being collected
        self._delete(query.Term("kind", META))  # before any rewrite; ``_close`` writes it

    def _file_records(self) -> dict[str, FileState]:
        records = map(self.view.stored, self.view.matches(query.Term("kind", FILE)))
        return {doc["path"]: FileState(**json.loads(doc["meta"])) for doc in records}

    def _stamp(self) -> int:
        """This run's stamp: now, in seconds, but always after the last run's."""
        meta = self.view.document_number(kind=META)
        last = updated_of(self.view.stored(meta)) if meta is not None else None
        return max(int(time.time()), (last or 0) + 1)

    def run(
        self,
        roots: list[Path],
        files: list[str],
        unreadable: list[tuple[Path, str]],
        progress: Callable[[int, int], None] | None,
    ) -> UpdateReport:
        """Bring the batch in line with ``files``; ``commit`` commits it. ``progress(done,
        total)`` is told the bytes of the files read so far, and of all of them."""
        report = self.report
        report.skipped.extend((str(folder), reason) for folder, reason in unreadable)
        tasks, done = self._plan(files)
        to_read = sum(task.size for task in tasks)
        total = done + to_read
        small = self._small_segments()
        pooled = self.workers > 1 and (to_read >= POOL_FROM_BYTES or bool(small))
        pool = start_pool(self.workers, self.batch.lock) if pooled else InProcess()
        try:
            with pool:
                if progress and done:
                    progress(done, total)
                for read in self._reads(pool, tasks):
                    self._collect(read, pool)
                    done += read.size
                    if progress and read.size:
                        progress(min(done, total), total)
                self._remove_missing(roots, files, unreadable)
                for segment in small:  # after every deletion of this run
                    self._rewrite(segment, pool)
                self._close(pool)
        except BaseException:
            self.discard()
            raise
        return report

    def forget(self, roots: list[Path]) -> UpdateReport:
        """Drop what the index holds of these files, or of the files under these folders,
        whether or not they are still on disk; ``commit`` commits it."""
        for root in roots:
            folder = str(root) + os.sep
            held = [p for p in sorted(self.recorded) if p == str(root) or p.startswith(folder)]
            if not held:
                raise NothingIndexed(f"the index holds no file at or under {root}")
            for path in held:
                self._drop_file(path)
        try:
            self._close(InProcess())
        except BaseException:
            self.discard()
            raise
        return self.report

    def _close(self, pool: Executor) -> None:
        """Write the last batch, and the META record again with this run's stamp, as a
        segment of its own (as a new index's is): damage to a segment of articles leaves it."""
        self._flush(pool)
        self._wait()  # a failed write stops the run before the record is written
        self._writes.append(
            pool.submit(write_batch, self.batch.write, [format_document(self.stamp)])
        )
        self._wait()

    def _wait(self) -> None:
        while self._writes:
            self.segments.append(self._writes.popleft().result())

    def _small_segments(self) -> list[str]:
        """The index's small segments, once there are ``MERGE_COUNT`` of them (else none):
        many small updates leave many small segments, and each costs every search a little."""
        sizes = self.batch.segments()
        if self.rebuild or not sizes:
            return []
        largest = max(size for _, size in sizes)
        below = min(MERGE_BELOW, max(MERGE_SHARE * largest, MERGE_FLOOR))
        small = [segment for segment, size in sizes if size < below]
        return small if len(small) >= MERGE_COUNT else []

    def _rewrite(self, segment: str, pool: Executor) -> None:
        """Add a segment's live documents to the batch, so that they are written again in
        the new segments (by the workers, in bulk) and the commit can drop the segment."""
        for stored, columns in self.batch.documents(segment, UNSTORED_COLUMNS):
            self._add(restored(stored, columns), pool)
        self._merged.add(segment)

    def _plan(self, files: list[str]) -> tuple[list[Task], int]:
        """The files to read, and the bytes of those unchanged."""
        tasks = []
        unchanged = 0
        for path in files:
            if not storable(path):
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
                unchanged += stat.st_size
                continue
            known = old.sha256 if old is not None else None
            tasks.append(Task(path, stat.st_size, stat.st_mtime_ns, known))
        return tasks, unchanged

    def _reads(self, pool: Executor, tasks: list[Task]) -> Iterator[Read]:
        """Results in file order, with a few jobs read ahead (memory stays bounded)."""
        ahead: deque[Future] = deque()
        for job in self._jobs(pool, tasks):
            ahead.append(job)
            if len(ahead) > self.workers:
                yield from ahead.popleft().result()
        while ahead:
            yield from ahead.popleft().result()

    def _jobs(self, pool: Executor, tasks: list[Task]) -> Iterator[Future]:
        """The reads, submitted in file order (lazily, as ``_reads`` asks): chunks of files
        read whole by the workers, and a job for each piece of a file read piece by piece."""
        for pieces, group in itertools.groupby(tasks, key=_by_piece):
            if pieces:
                for task in group:
                    yield from self._pieces(pool, task)
            else:
                for chunk in chunks(list(group)):
                    yield pool.submit(read_files, chunk, self.limits)

    def _pieces(self, pool: Executor, task: Task) -> Iterator[Future]:
        """Jobs that parse the pieces of a file read here, then its state; a file whose bytes
        are as recorded is hashed and not parsed."""
        path = Path(task.path)
        if task.known_sha256 is not None:
            try:
                same = stream.Stream(path, 0).digest() == task.known_sha256
            except IngestError:
                same = False  # the read below says why
            if same:
                state = FileState.digested(task.size, task.mtime_ns, task.known_sha256)
                yield _done(Read(task.path, state, size=task.size))
                return
        records = stream.Stream(path, self.limits.article_bytes)
        read = 0
        try:
            for piece in records:
                size, read = records.size - read, records.size
                yield pool.submit(read_piece, piece, self.limits, size)
        except stream.Document:  # before any piece: the workers read it whole
            yield pool.submit(read_files, [task], self.limits)
            return
        except IngestError as exc:  # before any piece too: later problems end it with a warning
            yield _done(Read(task.path, reason=exc.reason, size=task.size))
            return
        state = FileState.digested(task.size, task.mtime_ns, records.sha256)
        yield _done(Read(task.path, state, size=max(task.size - read, 0)))

    def _collect(self, read: Read, pool: Executor) -> None:
        report, path = self.report, read.path
        if read.part:
            self._take(read, pool)
            return
        if read.state is None or read.reason is not None:
            report.skipped.append((path, read.reason or "unreadable"))
            return
        opened = self._open is not None and self._open.path == path
        if read.parsed is None and not opened:  # same content, touched: only its record changes
            if read.state != self.known.get(path):
                self._delete(query.And([query.Term("kind", FILE), query.Term("path", path)]))
                self._add(file_document(path, read.state), pool)
            report.unchanged.append(path)
            return
        if read.parsed is not None:
            self._take(read, pool)
        self._finish(read, pool)

    def _take(self, read: Read, pool: Executor) -> None:
        """Add the articles a file (or a piece of one) gave that are new or changed; what it
        held before is looked up at the first of them, so a file that gives none keeps it."""
        if self._open is None or self._open.path != read.path:
            self._open = _OpenFile(read.path)
        opened, parsed = self._open, read.parsed
        for article in parsed.articles:
            if opened.held is None:
                opened.held = self._held(read.path)
            opened.found += 1
            if article.id in self.ids:
                opened.warnings.append(duplicate_id(article.id))
                continue
            self.ids.add(article.id)
            self._put(article, opened.held.pop(article.id, None), pool)
        opened.warnings += parsed.warnings

    def _held(self, path: str) -> dict[str, int]:
        """The ids of the articles a file has in the committed index, and their numbers."""
        if path not in self.recorded:
            return {}
        stored = self.view.stored
        found = ((stored(n).get("id"), n) for n in self.view.matches(query.Term("path", path)))
        return {article_id: n for article_id, n in found if article_id is not None}

    def _put(self, article: Article, held: int | None, pool: Executor) -> None:
        """Write an article unless the index holds it as it is; ``held`` is the number of
        the version its file had in the index, if any."""
        report, now = self.report, moment_of(self.stamp)
        if held is None:
            self._delete(query.Term("id", article.id))  # an id may move here from another file
            article = article.with_(indexed=now, changed=now)
            report.ids_added.append(article.id)
        else:
            old = stored_article(self.view.stored(held))
            if old.digest() != article.digest():
                self._drop({held})
                article = article.with_(indexed=old.indexed, changed=now)
                report.ids_changed.append(article.id)
            elif self.rebuild:  # written again, as everything is, with its times
                article = article.with_(indexed=old.indexed, changed=old.changed)
            else:
                return
        self._add(article, pool)
        report.articles_added += 1

    def _finish(self, read: Read, pool: Executor) -> None:
        """Record a file whose articles are all in: its state, what it added or why not."""
        opened, self._open = self._open, None
        report, path = self.report, read.path
        if not opened.found:  # a file read piece by piece, with no usable record
            report.skipped.append((path, nothing_usable(opened.warnings)))
            return
        report.warnings.extend((path, message) for message in opened.warnings)
        gone = {i: n for i, n in (opened.held or {}).items() if i not in self.ids}
        self._drop(set(gone.values()))  # an id taken by another file is that file's now
        report.ids_removed.extend(gone)
        self._delete(query.And([query.Term("kind", FILE), query.Term("path", path)]))
        self._add(file_document(path, read.state), pool)
        (report.updated if path in self.known else report.added).append(path)

    def _delete(self, q: query.Query) -> set[int]:
        """Delete the committed documents ``q`` matches (a set lookup per segment, where
        Whoosh's ``delete_by_query`` builds a matcher over the whole index)."""
        if self.rebuild:
            return set()
        docnums = self.view.matches(q)
        self._drop(docnums)
        return docnums

    def _drop(self, docnums: set[int]) -> None:
        """Delete these committed documents (nothing to delete on a rebuild)."""
        if docnums and not self.rebuild:
            self.batch.delete(docnums)

    def _drop_file(self, path: str) -> None:
        """Delete what the index holds of a file: its articles (reported) and its record."""
        stored = self.view.stored
        for n in sorted(self._delete(query.Term("path", path))):
            if (article_id := stored(n).get("id")) is not None:
                self.report.ids_removed.append(article_id)
        self.report.removed.append(path)

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
            part = batch[start : start + size]
            self._writes.append(pool.submit(write_batch, self.batch.write, part))

    def _remove_missing(
        self, roots: list[Path], files: list[str], unreadable: list[tuple[Path, str]]
    ) -> None:
        """Files recorded under a folder given, and gone from it, lose their articles."""
        present = set(files)
        folders = tuple(str(root) + os.sep for root in roots if root.is_dir())
        unlisted = tuple(str(folder) + os.sep for folder, _ in unreadable)
        for path in sorted(self.known):
            if path not in present and path.startswith(folders) and not path.startswith(unlisted):
                self._drop_file(path)

    def commit(self) -> None:
        """Commit the run: the old segments (none on a rebuild) but those whose documents
        were written again (see ``_rewrite``), then the new segments; a failed commit
        deletes the new segments."""
        try:
            self.batch.commit(self.segments, self._merged, only_new=self.rebuild)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        """Delete the segments written so far (an update that fails never commits them)."""
        for future in self._writes:
            if future.done() and future.exception() is None:
                self.segments.append(future.result())
        self.batch.discard(self.segments)
        self.segments.clear()


@dataclass(slots=True)
class _OpenFile:
    """A file whose articles are being collected: ``found`` so far, the articles it had in
    the index and has not given yet (id: number; None until its first article) and its
    warnings."""

    path: str
    found: int = 0
    held: dict[str, int] | None = None
    warnings: list[str] = field(default_factory=list)


def _by_piece(task: Task) -> bool:
    return ingest.streamed(Path(task.path), task.size)


def _done(read: Read) -> Future:
    """A job already done: a read this process made itself."""
    future: Future = Future()
    future.set_result([read])
    return future
