"""An index folder on disk: its file names, creation, opening, the writer lock, failed writes.

Safety rests on Whoosh's commit: new segments are written first and the table of contents
is swapped by a rename, so readers and a crash see either the old or the new state. An
index is created in a hidden folder and moved in table of contents last, so a creation
killed halfway leaves no index rather than one without its first documents.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import writing
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex
from whoosh.util.filelock import FileLock, try_for

from searcher.engine import compat
from searcher.errors import IndexDamaged, IndexExists, IndexLocked, IndexWriteError

#: Whoosh's default index name, which every index uses; the file names below follow from it.
NAME = "MAIN"
#: A table of contents: ``_MAIN_12.toc``.
TOC_FILE = re.compile(rf"_{NAME}_(\d+)\.toc")
#: Any Whoosh index's table of contents, whatever the index's name.
_ANY_TOC_FILE = re.compile(r"_.*_.*\.toc")
#: A file of a segment: ``MAIN_a1b2c3.seg``, ``MAIN_a1b2c3.pst``, …
SEGMENT_FILE = re.compile(rf"({NAME}_[0-9a-z]+)\..+")
#: The scratch folder of the segment writers, and the staging folders of creations.
SCRATCH, STAGING_PREFIX = f"{NAME}.tmp", ".creating-"
_LOCK = "WRITELOCK"

#: Adds an index's first documents to the writer of a new, empty index.
Seed = Callable[[writing.IndexWriter], None]


def exists(path: str | os.PathLike) -> bool:
    """Whether ``path`` holds an index (a table of contents), readable or not.

    Unlike Whoosh's ``exists_in``, which opens the index and raises what a damaged one
    raises, this only looks, so a damaged index is reported as damaged, not as a crash.
    """
    return Path(path).is_dir() and generation(path) >= 0


def generation(path: str | os.PathLike) -> int:
    """The number of the latest table of contents in ``path`` (-1 if there is none)."""
    return compat.latest_generation(FileStorage(os.fspath(path)), NAME)


def holds_index(names: Iterable[str]) -> bool:
    """Whether a folder with entries of these names holds a Whoosh index (of any name)."""
    return any(_ANY_TOC_FILE.fullmatch(name) for name in names)


def create(path: Path, schema: Schema, seed: Seed) -> FileIndex:
    """Make a new index at ``path`` holding what ``seed`` adds; an index there is an error."""
    if exists(path):
        raise IndexExists(f"an index already exists at {path}")
    try:
        path.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=path))
        try:
            _commit_new(staging, schema, seed)
            made = [f for f in staging.iterdir() if not f.name.endswith(_LOCK)]
            for file in sorted(made, key=lambda f: f.suffix == ".toc"):
                os.replace(file, path / file.name)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return whoosh_index.open_dir(str(path))
    except OSError as exc:
        raise IndexWriteError(
            f"cannot create an index at {path}: {exc.strerror or exc}",
            hint="choose a folder you can write to with --index DIR",
        ) from exc


def replace(path: Path, schema: Schema, seed: Seed) -> None:
    """Replace the index at ``path``, readable or not, by a new one holding what ``seed`` adds.

    Whoosh's ``create_in`` drops the old tables of contents; the commit drops the old segments.
    """
    try:
        _commit_new(path, schema, seed)
    except OSError as exc:
        raise IndexWriteError(f"cannot replace the index at {path}: {exc}") from exc


def _commit_new(folder: Path, schema: Schema, seed: Seed) -> None:
    writer = whoosh_index.create_in(str(folder), schema).writer()
    compat.hold_every_column(writer.perdocwriter, schema)
    seed(writer)
    writer.commit()


def open_index(path: Path) -> FileIndex:
    """The index at ``path``; one whose table of contents cannot be read is ``IndexDamaged``."""
    try:
        return whoosh_index.open_dir(str(path))
    except Exception as exc:  # a damaged file can make Whoosh raise almost anything
        raise damaged(path, exc) from exc


def damaged(path: Path, exc: Exception) -> IndexDamaged:
    """The error for an index that Whoosh fails to read with ``exc``."""
    return IndexDamaged(f"the index at {path} cannot be read: {type(exc).__name__}: {exc}")


def writer(ix: FileIndex, path: Path, timeout: float) -> writing.SegmentWriter:
    """A writer holding the lock, tables of contents of killed writers removed.

    The lock is taken here, not by Whoosh's writer, which keeps it when it fails after
    taking it (no room for its first file) until collected.
    """
    lock = ix.lock(_LOCK)
    try:
        if not try_for(lock.acquire, timeout=timeout, delay=0.1):
            raise IndexLocked(
                f"another process is updating the index at {path} (waited {timeout:g}s)"
            )
        try:
            _remove_unfinished_tables(path)
            found = compat.unlocked_writer(ix)
        except BaseException:
            lock.release()
            raise
    except OSError as exc:
        raise write_error(path, exc) from exc
    found.writelock = lock  # released by its commit or cancel
    return found


def _remove_unfinished_tables(path: Path) -> None:
    """Delete the tables of contents that killed updates were writing: Whoosh's clean-up
    never matches their names, and as only the lock holder writes one, all are stale."""
    for unfinished in path.glob(f"_{NAME}_*.toc.*"):
        unfinished.unlink(missing_ok=True)


def committed(path: Path) -> None:
    """Tidy up after a commit: the segment writers' scratch folder, if it is empty."""
    with contextlib.suppress(OSError):
        (path / SCRATCH).rmdir()


def abandon(writer: writing.SegmentWriter) -> None:
    """Cancel a failed write and delete the files of its unfinished segment; a writer too
    broken to cancel (its disk is full) still gives up the lock, so a long-lived process
    can write again."""
    try:
        writer.cancel()
    except Exception:
        with contextlib.suppress(Exception):  # released already, or never taken
            writer.writelock.release()
    with contextlib.suppress(OSError):
        for name in writer.newsegment.list_files(writer.storage):
            writer.storage.delete_file(name)


def write_error(path: Path, exc: OSError) -> IndexWriteError:
    """The error for a write to the index at ``path`` that the system refused."""
    return IndexWriteError(
        f"cannot write to the index at {path}: {exc.strerror or exc}; it is left as it was",
        hint="check the folder's permissions and free disk space, then run it again",
    )


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (made if missing) for the block: two processes
    changing one small file beside the index at once (read, change, write back) would lose
    one's change. The system drops the lock with its process, so none is ever stale."""
    lock = FileLock(str(path))
    lock.acquire(blocking=True)
    try:
        yield
    finally:
        lock.release()


def segment_sizes(ix: FileIndex) -> list[int]:
    """The number of documents (deleted ones included) of each segment of the latest commit."""
    return [segment.doc_count_all() for segment in compat.toc_segments(ix)]
