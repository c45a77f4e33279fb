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

import json
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

from whoosh import query

from searcher import ingest
from searcher.article import Article
from searcher.documents import UNSTORED_COLUMNS, file_document, format_document, restored
from searcher.engine.segments import Document
from searcher.schema import FILE
from searcher.seam import Batch
from searcher.update.plan import FileState, Read, Task, chunks, storable
from searcher.update.report import UpdateReport
from searcher.update.workers import InProcess, read_files, start_pool, write_batch

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
        self.known = {} if rebuild else self._file_records()
        self.ids: set[str] = set()
        self.segments: list[Any] = []
        self._batch: list[Article | Document] = [format_document()] if rebuild else []
        self._chars = 0
        self._writes: deque[Future] = deque()
        self._merged: set[str] = set()  # ids of the segments written again

    def _file_records(self) -> dict[str, FileState]:
        records = map(self.view.stored, self.view.matches(query.Term("kind", FILE)))
        return {doc["path"]: FileState(**json.loads(doc["meta"])) for doc in records}

    def run(
        self,
        roots: list[Path],
        files: list[str],
        unreadable: list[tuple[Path, str]],
        progress: Callable[[int, int], None] | None,
    ) -> UpdateReport:
        """Bring the batch in line with ``files``; ``commit`` commits it."""
        report = self.report
        report.skipped.extend((str(folder), reason) for folder, reason in unreadable)
        tasks = self._plan(files)
        to_read = sum(task.size for task in tasks)
        small = self._small_segments()
        pooled = self.workers > 1 and (to_read >= POOL_FROM_BYTES or bool(small))
        pool = start_pool(self.workers, self.batch.lock) if pooled else InProcess()
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

    def _plan(self, files: list[str]) -> list[Task]:
        tasks = []
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
                continue
            known = old.sha256 if old is not None else None
            tasks.append(Task(path, stat.st_size, stat.st_mtime_ns, known))
        return tasks

    def _reads(self, pool: Executor, tasks: list[Task]) -> Iterator[Read]:
        """Results in file order, with a few chunks read ahead (memory stays bounded)."""
        pending = iter(chunks(tasks))
        ahead: deque[Future] = deque()
        for chunk in pending:
            ahead.append(pool.submit(read_files, chunk, self.limits))
            if len(ahead) > self.workers:
                break
        while ahead:
            results = ahead.popleft().result()
            chunk = next(pending, None)
            if chunk is not None:
                ahead.append(pool.submit(read_files, chunk, self.limits))
            yield from results

    def _collect(self, read: Read, pool: Executor) -> None:
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
        docnums = self.view.matches(q)
        self.batch.delete(docnums)
        return docnums

    def _replaced_ids(self, path: str) -> set[str]:
        """Delete what a changed file had in the index, and return its articles' ids."""
        stored = self.view.stored
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
                self._delete(query.Term("path", path))
                self.report.removed.append(path)

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
