"""A searcher on one commit with every file of its segments held open.

Whoosh opens a segment's columns on first use, and an update deletes the files of the
segments it replaces: held open, they stay readable while a search of the older commit runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from whoosh.index import FileIndex
from whoosh.searching import Searcher

from searcher.engine import compat

T = TypeVar("T")
_OPEN_ATTEMPTS = 3


def open_held(ix: FileIndex, build: Callable[[Searcher], T]) -> T:
    """``build(searcher)`` on the latest commit of ``ix``, with every file of its segments open.

    Whoosh opens a segment's columns (stored fields, lengths, dates) on first use, and an
    update deletes the files of the segments it replaces: a search of an older commit
    would find them gone. Held open, they stay readable (POSIX keeps a deleted file for
    its open handles). A commit while the files are being opened may delete some of them
    first; then the new commit is opened instead.
    """
    for _ in range(_OPEN_ATTEMPTS - 1):
        try:
            return build(_held_searcher(ix, current=True))
        except (FileNotFoundError, _Replaced):
            continue
    return build(_held_searcher(ix, current=False))


class _Replaced(Exception):
    """A commit came while a searcher's files were being opened: some may be gone."""


def _held_searcher(ix: FileIndex, current: bool) -> Searcher:
    """A searcher with its files held; with ``current``, of a commit still the latest once
    they are held (so none was deleted before it could be opened)."""
    searcher = ix.searcher()
    try:
        _hold_files(searcher)
        if current and not searcher.up_to_date():
            raise _Replaced
    except BaseException:
        searcher.close()
        raise
    return searcher


def _hold_files(searcher: Searcher) -> None:
    for leaf, _ in searcher.leaf_searchers():
        reader = leaf.reader()
        if reader.doc_count_all():
            if not compat.has_stored_fields(reader):  # Whoosh would read None as the column
                segment = reader.segment().segment_id()
                raise FileNotFoundError(f"the stored fields of segment {segment} are gone")
            reader.stored_fields(0)
            for name in reader.schema.scorable_names():
                reader.doc_field_length(0, name)
        for name, fieldtype in reader.schema.items():
            if fieldtype.column_type and reader.has_column(name):
                reader.column_reader(name)
        compat.trust_held_columns(reader)
