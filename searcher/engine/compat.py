"""Every use of Whoosh's private members, in one place: what a Whoosh upgrade must check.

Each reaches past Whoosh's public API for a reason given beside it: speed (reading a whole
posting list or column as bytes), safety (the lock, files held open) or writing Whoosh's
own format without its writer.
"""

from __future__ import annotations

import mmap
from collections.abc import Callable, Iterator
from pickle import dumps, loads
from typing import Any
from zlib import decompress

from whoosh import query
from whoosh.analysis import PyStemmerFilter
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, STORED_COLUMN, W3TermInfo
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, FileIndex
from whoosh.reading import IndexReader
from whoosh.writing import SegmentWriter


def latest_generation(storage: FileStorage, indexname: str) -> int:
    """The newest table of contents' number, without opening it (a damaged one would raise)."""
    return TOC._latest_generation(storage, indexname)


def toc_segments(ix: FileIndex) -> list:
    """The segments the latest table of contents lists."""
    return ix._read_toc().segments


def unlocked_writer(ix: FileIndex) -> SegmentWriter:
    """A writer that leaves the lock to its caller (Whoosh's keeps it after a failed start)."""
    return ix.writer(_lk=False)


def term_table(reader: IndexReader) -> Any:
    """A segment's terms table, to read a term's info and its postings' bytes directly."""
    return reader._terms


def posting_bytes(terms: Any, offset: int, length: int) -> bytes:
    """The bytes of a term's posting blocks, read at once rather than block by block."""
    return terms._postfile.get(offset, length)


def length_bytes(reader: IndexReader, fieldname: str) -> bytes:
    """Each document's length byte for ``fieldname``, read as one string (b"" if none)."""
    column = reader._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    return b"" if column is None else column._dbfile.get(column._basepos, column._count)


def stored_reader(reader: IndexReader) -> Callable[[int], dict[str, Any]]:
    """A segment's stored fields by document number, read straight from the bytes of their
    column: an export of every hit reads thousands, and Whoosh's ``stored_fields`` spends half
    its time in layers of readers and in checking each field against the schema (which
    never drops one). The column is a pickle of each document's fields, zlib-compressed.
    """
    column = reader._perdoc._cached_reader("_stored", STORED_COLUMN)._child
    lengths, offsets, base = column._lengths, column._offsets, column._basepos
    dbfile = column._dbfile
    if dbfile.is_real:  # mapped: a slice per document, not a seek and a read
        data = mmap.mmap(dbfile.fileno(), 0, access=mmap.ACCESS_READ)

        def get(position: int, length: int) -> bytes:
            return data[position : position + length]
    else:
        get = dbfile.get

    def stored(docnum: int) -> dict[str, Any]:
        length = lengths[docnum]
        return loads(decompress(get(base + offsets[docnum], length))) if length else {}

    return stored


def has_stored_fields(reader: IndexReader) -> bool:
    """Whether a segment's stored fields are still on disk (Whoosh would read None)."""
    return reader._perdoc.has_column("_stored")


def trust_held_columns(reader: IndexReader) -> None:
    """Make a segment answer "has this column" from the files it holds open: Whoosh asks the
    folder before each read, and takes a deleted file for an empty column."""
    perdoc = reader._perdoc
    held, exists = perdoc._colfiles, perdoc.has_column
    perdoc.has_column = lambda name, held=held, exists=exists: name in held or exists(name)


def expansions(leaf: query.Query, reader: IndexReader) -> Iterator[bytes]:
    """The index terms a wildcard or a range of words stands for, lazily, in order."""
    return leaf._btexts(reader)


def stemmer(language: str) -> Callable[[str], str]:
    """PyStemmer's stem function as Whoosh's filter builds it, without a cache or tokens."""
    return PyStemmerFilter(language, cachesize=0)._stem


def add_block_stats(
    info: W3TermInfo,
    weight: float,
    count: int,
    first: int,
    last: int,
    lengths: tuple[int | None, int],
    heaviest: float,
) -> None:
    """Add one posting block's statistics to a term's info, as Whoosh's writer does."""
    minimum, maximum = lengths
    info._weight += weight
    info._df += count
    if info._minid is None:
        info._minid, info._minlength = first, minimum
    elif minimum is not None:
        info._minlength = min(info._minlength, minimum)
    info._maxid = last
    info._maxlength = max(info._maxlength, maximum)
    info._maxweight = max(info._maxweight, heaviest)


def set_extent(info: W3TermInfo, offset: int, length: int) -> None:
    """Where a term's posting blocks lie in the postings file."""
    info._offset, info._length = offset, length


def inlined_entry(info: W3TermInfo) -> bytes:
    """A term's info with its postings inlined: Whoosh's statistics, the postings pickled in
    protocol 3 (see ``segments.block_data``)."""
    return info.to_bytes()[: W3TermInfo._struct.size] + dumps(info._inlined, 3)


def with_offsets(writer: Any) -> Any:
    """A variable-length column's writer that keeps its offsets whatever its size: Whoosh
    writes them only past 32,768 documents (and reads them either way), else a reader
    derives them from the lengths in a Python loop each time a segment is opened. It also
    fills the documents after the last value before writing its arrays: Whoosh's ``finish``
    takes the arrays first, and when that fill needs a wider type it writes the narrower
    array, without those documents, so every value reads shifted."""
    finish = writer.finish

    def filled(doccount: int) -> None:
        writer.fill(doccount)
        writer._count = max(writer._count, doccount)
        finish(doccount)

    writer.cutoff = 0
    writer.finish = filled
    return writer


def write_stored_offsets(writer: Any) -> None:
    """Make a segment being written keep the offsets of its stored fields (``with_offsets``):
    every cold search opens the segments it reads."""
    with_offsets(writer._colwriters["_stored"]._child)


def hold_every_column(writer: Any, schema: Any) -> None:
    """Give a segment being written every column of ``schema``, its documents without a
    value taking the column's default. Whoosh's multi-reader skips a segment without a
    column, so every document before it would read a neighbour's value (``_create_column``
    is the per-document writer's own step when a first value comes)."""
    for name, field in schema.items():
        if field.column_type and not writer._has_column(name):
            writer._create_column(name, field.column_type)
