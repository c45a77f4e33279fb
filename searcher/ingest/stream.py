"""Records files read piece by piece, so that a dump of any size indexes in bounded memory.

A JSON lines, CSV or TSV file is read a block at a time (hashed, decompressed and decoded on
the way) and cut into pieces of whole records, each record numbered as in the whole file, so
that an article's id never depends on how its file was read. Each piece is parsed on its own
(``records.parse_rows``): in a worker process, while the updater reads the next one. A
problem after the first record (gzip data that ends early, a broken CSV row) ends the file
with a warning and keeps the records before it; a JSON line too long for one article is
skipped with a warning.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from searcher.errors import IngestError
from searcher.ingest import records
from searcher.ingest.common import megabytes
from searcher.ingest.decode import Decoder

__all__ = ["PIECE_CHARS", "Document", "Piece", "Stream", "gunzip", "kind_of"]

#: Characters of records in a piece: parsing one takes about five times this in memory.
PIECE_CHARS = 4_000_000
_BLOCK = 1 << 20
_GZIP = b"\x1f\x8b"
_KINDS = {".jsonl": "lines", ".ndjson": "lines", ".json": "json", ".csv": "csv", ".tsv": "tsv"}


def kind_of(name: str) -> str | None:
    """How a file of this name is cut into records: ``lines`` (JSON lines), ``json`` (JSON
    lines unless it holds one document), ``csv`` or ``tsv``; None for other files."""
    return _KINDS.get(Path(name.lower().removesuffix(".gz")).suffix)


class Document(Exception):
    """The file holds one JSON document (an array, an object), not JSON lines: parse it whole."""


@dataclass(frozen=True, slots=True)
class Piece:
    """Whole records of one file, as ``(number, where, value)``: the value a JSON line's text,
    a CSV row, or None for a JSON line too long to read. ``header`` names a CSV's columns (None
    for JSON lines); ``end`` is a warning that ends the file early."""

    path: Path
    rows: list[tuple[int, str, Any]]
    header: tuple[str, ...] | None = None
    end: str = ""


class Stream:
    """The pieces of one records file, read from disk or from ``data``.

    ``size`` counts the file's bytes read so far and ``sha256`` is their hash, the file's once
    every piece is out. Raises ``IngestError`` before the first piece for a file that holds no
    records (binary, empty, no CSV header), and :class:`Document` for a JSON document.
    """

    def __init__(self, path: Path, max_text: int, data: bytes | None = None) -> None:
        self.path = path
        self.max_text = max_text
        self.size = 0
        self._data = data
        self._hash = hashlib.sha256()

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def digest(self) -> str:
        """The hash of the whole file, read without parsing it."""
        for _ in self._blocks():
            pass
        return self.sha256

    def __iter__(self) -> Iterator[Piece]:
        kind = kind_of(self.path.name)
        if kind in ("csv", "tsv"):
            return self._table(tabs=kind == "tsv")
        return self._json_lines(one_document=kind == "json")

    def _json_lines(self, one_document: bool) -> Iterator[Piece]:
        """Pieces of JSON lines; blank lines are not records. A ``.json`` file whose first line
        is not an object by itself, or that holds only one, is a :class:`Document`."""
        rows: list[tuple[int, str, Any]] = []
        chars = number = line_number = 0
        end = ""
        lines = _lines(self._texts(), records.line_cap(self.max_text), ends=False)
        try:
            for line_number, line in enumerate(lines, 1):
                if line is not None and not line.strip():
                    continue
                if number == 0 and (line is None or not _is_object(line)):
                    raise Document
                number += 1
                rows.append((number, f"line {line_number}: ", line))
                chars += len(line or "")
                if chars >= PIECE_CHARS and (number > 1 or not one_document):
                    yield Piece(self.path, rows)
                    rows, chars = [], 0
        except IngestError as exc:
            if number == 0:
                raise
            end = f"after line {line_number}: {exc.reason}; rest of file skipped"
        if number == 0:
            raise IngestError("empty file")
        if number == 1 and one_document:
            raise Document
        if rows or end:
            yield Piece(self.path, rows, end=end)

    def _table(self, tabs: bool) -> Iterator[Piece]:
        """Pieces of CSV or TSV rows under the header row, which names the columns."""
        lines = _lines(self._texts(), records.line_cap(self.max_text), ends=True)
        first = next((line for line in lines if line is None or line.strip()), "")
        if first is None:
            raise IngestError(f"broken CSV header: its line is over {_cap(self.max_text)}")
        if not first:
            raise IngestError("empty file")
        first = first.lstrip()
        heading = first.rstrip("\n")
        delimiter = "\t" if tabs and "\t" in heading else max(records.DELIMITERS, key=heading.count)
        csv.field_size_limit(self.max_text)
        reader = csv.reader(itertools.chain([first], _no_long_lines(lines)), delimiter=delimiter)
        try:
            header = tuple(next(reader, None) or ())
        except csv.Error as exc:
            raise IngestError(f"broken CSV header: {exc}") from None
        if not records.has_text_column(header):
            raise IngestError("no title or text column in the CSV header")
        rows: list[tuple[int, str, Any]] = []
        chars = number = 0
        end = ""
        try:
            for number, row in enumerate(reader, 1):
                if any(row):
                    rows.append((number, f"record {number}: ", row))
                    chars += sum(map(len, row))
                    if chars >= PIECE_CHARS:
                        yield Piece(self.path, rows, header)
                        rows, chars = [], 0
        except csv.Error as exc:
            end = records.broken_row(number + 1, exc, self.max_text)
        except _LongLine:
            found = f"a line is over {_cap(self.max_text)}"
            end = f"record {number + 1}: {found}; rest of file skipped"
        except IngestError as exc:
            end = f"after record {number}: {exc.reason}; rest of file skipped"
        if rows or end:
            yield Piece(self.path, rows, header, end)

    def _texts(self) -> Iterator[str]:
        """The file's text, a block at a time."""
        blocks = self._blocks()
        first = next(blocks, b"")
        blocks = itertools.chain([first], blocks)
        if self.path.name.lower().endswith(".gz") or first.startswith(_GZIP):
            blocks = gunzip(blocks)
        decoder = Decoder()
        for block in blocks:
            if text := decoder.decode(block):
                yield text
        if text := decoder.decode(b"", final=True):
            yield text

    def _blocks(self) -> Iterator[bytes]:
        """The file's bytes, a block at a time, counted and hashed."""
        for block in self._raw():
            self.size += len(block)
            self._hash.update(block)
            yield block

    def _raw(self) -> Iterator[bytes]:
        if self._data is not None:
            for start in range(0, len(self._data), _BLOCK):
                yield self._data[start : start + _BLOCK]
            return
        try:
            with open(os.open(self.path, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:
                if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                    raise IngestError("not a regular file")  # a pipe would block the run
                while block := file.read(_BLOCK):
                    yield block
        except OSError as exc:
            raise IngestError(f"cannot read: {exc.strerror or exc}") from exc


def gunzip(blocks: Iterable[bytes], limit: int | None = None, option: str = "") -> Iterator[bytes]:
    """Every gzip member of the data given in ``blocks``, decompressed a megabyte at a time;
    with a ``limit``, refused as soon as it grows past it (a gzip bomb never fills memory),
    ``option`` naming the option that sets the limit."""
    member: Any = None
    size = 0
    for data in blocks:
        while data:
            if member is None:
                data = data.lstrip(b"\x00")  # gzip allows zero padding after a member
                if not data:
                    break
                member = zlib.decompressobj(wbits=31)
            try:
                chunk = member.decompress(data, _BLOCK)
            except zlib.error:
                raise IngestError("not valid gzip data") from None
            size += len(chunk)
            if limit is not None and size > limit:
                found = f"it decompresses to over {megabytes(limit)}"
                raise IngestError(f"file too large: {found} (raise {option})")
            if chunk:
                yield chunk
            if member.eof:
                data, member = member.unused_data, None
            else:
                data = member.unconsumed_tail
    if member is not None:
        while chunk := member.decompress(b"", _BLOCK):  # what the last block left inside
            yield chunk
        if not member.eof:
            raise IngestError("not valid gzip data")


class _LongLine(Exception):
    """A line of a CSV file longer than any record may be."""


def _no_long_lines(lines: Iterator[str | None]) -> Iterator[str]:
    for line in lines:
        if line is None:
            raise _LongLine
        yield line


def _lines(texts: Iterable[str], cap: int, *, ends: bool) -> Iterator[str | None]:
    """The lines of the text given in ``texts`` (with their ``\\n`` when ``ends``; the last
    may have none), and None for a line over ``cap`` characters, dropped as it is read."""
    held: list[str] = []
    size = 0
    dropping = False
    end = "\n" if ends else ""
    for text in texts:
        parts = text.split("\n")
        tail = parts.pop()
        if parts:
            first = parts[0]
            if dropping:
                dropping = False
            elif size + len(first) > cap:
                yield None
            else:
                yield "".join(held) + first + end
            held, size = [], 0
            for line in itertools.islice(parts, 1, None):
                yield line + end if len(line) <= cap else None
        if tail and not dropping:
            size += len(tail)
            if size > cap:
                held, size, dropping = [], 0, True
                yield None
            else:
                held.append(tail)
    if held:
        yield "".join(held)


def _is_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def _cap(max_text: int) -> str:
    return f"{megabytes(records.line_cap(max_text))} (raise --max-article-mb)"
