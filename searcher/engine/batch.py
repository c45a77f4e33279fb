"""The Whoosh engine's write side of the seam (``searcher.seam.Batch``): one update of an
index over Whoosh's writer, committed once or not at all.

New documents become whole segments (``engine.segments``), written by worker processes
through ``write``; the commit lists them beside the segments kept, drops the segments whose
documents were written again, and swaps the table of contents by one rename.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from whoosh.codec.whoosh3 import W3Segment
from whoosh.fields import Schema
from whoosh.index import FileIndex
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from searcher.engine import storage
from searcher.engine.segments import Document, Words, live_documents, write_segment
from searcher.engine.view import WhooshView


class SegmentWrite:
    """Writes a batch of documents as one new segment of the index: small and picklable, for
    workers, which bring their own analysis of words (and its cache)."""

    def __init__(self, folder: str, indexname: str, schema: Schema) -> None:
        self.folder, self.indexname, self.schema = folder, indexname, schema

    def __call__(self, documents: Sequence[Document], words: Words) -> W3Segment:
        return write_segment(self.folder, self.indexname, self.schema, words, documents)


class WhooshBatch:
    """One update of a Whoosh index, holding its writer (and so its lock)."""

    def __init__(self, writer: SegmentWriter) -> None:
        self._writer = writer
        #: The committed state the update changes.
        self.view = WhooshView(writer.searcher())
        #: The lock's file descriptor, which forked workers must let go of.
        self.lock: int | None = getattr(writer.writelock, "fd", None)
        self.write = SegmentWrite(writer.storage.folder, writer.indexname, writer.schema)

    @classmethod
    def start(cls, ix: FileIndex, path: Path, lock_timeout: float) -> WhooshBatch:
        """An update of the index at ``path``, its writer lock taken (``engine.storage``)."""
        writer = storage.writer(ix, path, lock_timeout)
        try:
            return cls(writer)
        except OSError as exc:
            storage.abandon(writer)
            raise storage.write_error(path, exc) from exc
        except BaseException:
            storage.abandon(writer)
            raise

    def segments(self) -> list[tuple[str, int]]:
        """Each committed segment's id and number of documents (deleted ones included)."""
        return [(s.segment_id(), s.doc_count_all()) for s in self._writer.segments]

    def documents(
        self, segment: str, columns: Sequence[str]
    ) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        """A committed segment's live documents: stored fields, and values of ``columns``."""
        found = next(s for s in self._writer.segments if s.segment_id() == segment)
        reader = SegmentReader(self._writer.storage, self._writer.schema, found)
        try:
            yield from live_documents(reader, columns)
        finally:
            reader.close()

    def delete(self, docnums: Iterable[int]) -> None:
        """Delete committed documents (numbered as in ``view``) in the commit to come."""
        for docnum in docnums:
            self._writer.delete_document(docnum)

    def commit(self, written: list[W3Segment], dropped: Collection[str], only_new: bool) -> None:
        """Commit: the segments kept (none when ``only_new``) but ``dropped``, then ``written``.

        Whoosh's own merge (``add_reader``) copies every posting through its writer: 30 s
        for 3,800 long articles here, where writing them again in bulk takes about one. A
        segment whose documents are all deleted is dropped too (an update deletes and writes
        the index record again each time, which would otherwise leave one behind).
        """

        def policy(writer: SegmentWriter, segments: list) -> list:
            kept = [] if only_new else [s for s in segments if s.segment_id() not in dropped]
            return [s for s in kept if s.doc_count()] + written

        self._writer.commit(mergetype=policy)
        storage.committed(Path(self._writer.storage.folder))

    def discard(self, written: Iterable[W3Segment]) -> None:
        """Delete the files of segments written for a commit that will not come."""
        for segment in written:
            for name in segment.list_files(self._writer.storage):
                self._writer.storage.delete_file(name)

    def abandon(self) -> None:
        """Give up the update: cancel the writer, delete its unfinished files, free the lock."""
        storage.abandon(self._writer)
