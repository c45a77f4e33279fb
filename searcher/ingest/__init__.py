"""Files to articles: which files to index, and the articles each one holds.

Dispatch is by extension (after a ``.gz``), corrected by content where extensions lie: a
``.txt`` saved from a browser is HTML, a ``.json`` may hold JSON lines. Only the standard
library is imported here; bs4 is imported when the first HTML file is parsed, so searching,
which imports this package through the index, never loads it.

What one file may bring into memory is capped (:class:`Limits`): a file is parsed whole, so a
crawl's 100 MB "page" or a gzip bomb would otherwise take the indexing run down with it.
"""

from __future__ import annotations

import os
import stat
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from searcher.article import Article
from searcher.engine import storage
from searcher.errors import IngestError
from searcher.ingest.common import megabytes

__all__ = ["LIMITS", "SUPPORTED", "Limits", "Parsed", "parse", "read", "read_bytes", "walk"]

_TEXT = frozenset({".txt", ".text", ".md", ".markdown"})
_HTML = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_JSON_LINES = frozenset({".jsonl", ".ndjson"})
_JSON = frozenset({".json"})
_CSV = frozenset({".csv"})
_TSV = frozenset({".tsv"})
#: Extensions :func:`walk` picks up in folders, each also with ``.gz`` after it.
SUPPORTED = _TEXT | _HTML | _JSON_LINES | _JSON | _CSV | _TSV

_HTML_START = ("<!doctype html", "<html", "<head", "<body")
_SNIFF = 1024
_REASON_LIMIT = 200
_MB = 1_000_000


@dataclass(frozen=True, slots=True)
class Limits:
    """The most one file may bring into memory, in MB (after decompression).

    A file is parsed whole, which takes four to five times its size (the Reuters JSONL, 24 MB,
    takes 103 MB), so these bound an indexing run's memory whatever the files. Records files
    hold many articles and get the larger limit; a text or HTML file is one article (news
    pages run to 2 MB), and so is the text of one record.
    """

    file_mb: float = 128
    article_mb: float = 16

    @property
    def file_bytes(self) -> int:
        return int(self.file_mb * _MB)

    @property
    def article_bytes(self) -> int:
        return int(self.article_mb * _MB)

    def to_dict(self) -> dict[str, float]:
        return {"max_file_mb": self.file_mb, "max_article_mb": self.article_mb}


#: The limits an update uses unless told otherwise.
LIMITS = Limits()


@dataclass
class Parsed:
    """The articles of one file, and problems with single records that did not stop it."""

    articles: list[Article]
    warnings: list[str] = field(default_factory=list)


def walk(
    paths: Iterable[str | os.PathLike[str]], unreadable: list[tuple[Path, str]] | None = None
) -> Iterator[Path]:
    """The files to index under ``paths``: absolute, resolved, each once, in sorted order.

    A path naming a file yields it whatever its extension (the user asked for it). Folders
    yield entries with a supported extension, skipping hidden entries, symlinked folders (no
    loops) and Whoosh index folders (indexing the index would feed it to itself). Entries
    that are not readable files (a link loop, a dangling link, a pipe) are yielded too, so
    the reader reports them instead of them vanishing. Folders that cannot be listed are
    appended to ``unreadable`` with the reason. Every path is checked before the first file
    is yielded, so a typo fails fast.
    """
    roots = []
    for path in paths:
        candidate = Path(path)
        if not candidate.exists():
            raise IngestError(f"no such file or folder: {path}")
        roots.append(candidate.resolve())
    return _unique(roots, unreadable if unreadable is not None else [])


def read_bytes(path: Path, limits: Limits = LIMITS) -> bytes:
    """The bytes of the regular file at ``path``; ``IngestError`` instead for anything else (a
    pipe would block the run) or more than its kind may hold, decided before reading (and
    while: a file may grow meanwhile); ``OSError`` when it cannot be opened."""
    limit = _size_limit(path, limits)
    with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise IngestError("not a regular file")
        data = file.read(limit + 1) if status.st_size <= limit else b""
    size = max(status.st_size, len(data))
    if size > limit:
        raise _too_large(size, limit)
    return data


def parse(path: Path, data: bytes, limits: Limits = LIMITS) -> Parsed:
    """The articles in ``data``, the content of the file at ``path``.

    Raises ``IngestError`` with a one-line reason when the file yields no article, and
    nothing else whatever the bytes, so one bad file never stops an indexing run. Records
    with more text than ``limits`` allow are dropped with a warning.
    """
    try:
        return _parse(path, data, limits)
    except IngestError:
        raise
    except Exception as exc:  # a parser bug must cost one file, not the run
        reason = f"cannot parse: {type(exc).__name__}: {exc}"
        raise IngestError(reason[:_REASON_LIMIT]) from exc


def read(path: Path, limits: Limits = LIMITS) -> Parsed:
    """The articles of the file at ``path``."""
    try:
        data = read_bytes(path, limits)
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from exc
    return parse(Path(path), data, limits)


def _unique(roots: list[Path], unreadable: list[tuple[Path, str]]) -> Iterator[Path]:
    seen: set[Path] = set()
    for root in roots:
        for path in _files_under(root, unreadable) if root.is_dir() else [root]:
            if path not in seen:
                seen.add(path)
                yield path


def _files_under(folder: Path, unreadable: list[tuple[Path, str]]) -> Iterator[Path]:
    """Supported entries under ``folder``, depth first in name order, without recursion."""
    stack = [iter(_entries(folder, unreadable))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
        elif entry.name.startswith("."):
            continue
        elif entry.is_dir(follow_symlinks=False):
            stack.append(iter(_entries(entry.path, unreadable)))
        elif _supported(entry.name):  # a link to a folder too: it is reported, not entered
            path = Path(entry.path)
            yield _resolved(path) if entry.is_symlink() else path


def _resolved(link: Path) -> Path:
    """Where a link to a file leads; any other link (a loop, dangling, to a folder) as it
    is, for the reader to report."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        return link
    return target if target.is_file() else link


def _entries(folder: str | Path, unreadable: list[tuple[Path, str]]) -> list[os.DirEntry[str]]:
    """A folder's entries by name; none for an index folder or one we may not read."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        unreadable.append((Path(folder), f"cannot read the folder: {exc.strerror or exc}"))
        return []
    if storage.holds_index(entry.name for entry in entries):
        return []
    return entries


def _supported(name: str) -> bool:
    return Path(name.lower().removesuffix(".gz")).suffix in SUPPORTED


def _size_limit(path: Path, limits: Limits) -> int:
    """Bytes a file may hold: one article's worth for text and HTML, more for records."""
    suffix = Path(path.name.lower().removesuffix(".gz")).suffix
    return limits.article_bytes if suffix in _TEXT | _HTML else limits.file_bytes


def _too_large(size: int, limit: int) -> IngestError:
    return IngestError(f"file too large ({megabytes(size)}; the limit is {megabytes(limit)})")


def _parse(path: Path, data: bytes, limits: Limits) -> Parsed:
    # The readers are imported on first use: searches import this module for its limits
    # and types, and a cold `searcher search` should not pay for them.
    from searcher.ingest import decode, html, records, text

    name = path.name.lower()
    if name.endswith(".gz") or data.startswith(b"\x1f\x8b"):
        data = _gunzip(data, _size_limit(path, limits))
        name = name.removesuffix(".gz")
    if not data.strip():
        raise IngestError("empty file")
    suffix = Path(name).suffix
    if suffix in _HTML:
        return _article(html.parse, path, data, limits)
    content = decode.decode(data)
    if not content.strip():
        raise IngestError("empty file")
    start = content[:_SNIFF].lstrip().lower()
    if start.startswith(_HTML_START) or (start.startswith("<?xml") and "<html" in start):
        return _article(html.parse, path, data, limits)
    max_text = limits.article_bytes
    if suffix in _JSON_LINES or suffix in _JSON:
        lines = suffix in _JSON_LINES
        return Parsed(*records.parse_json(path, content, lines=lines, max_text=max_text))
    if suffix in _CSV or suffix in _TSV:
        return Parsed(*records.parse_csv(path, content, tabs=suffix in _TSV, max_text=max_text))
    if suffix not in _TEXT and start.startswith(("{", "[")):
        try:
            return Parsed(*records.parse_json(path, content, lines=True, max_text=max_text))
        except IngestError:
            pass  # not JSON after all: read it as text
    return _article(text.parse, path, content, limits, len(data))


def _article(
    parser: Callable[[Path, Any], tuple[Article, list[str]]],
    path: Path,
    content: bytes | str,
    limits: Limits,
    size: int | None = None,
) -> Parsed:
    """The one article of a text or HTML file, refused unparsed when it is too large for one."""
    size = len(content) if size is None else size
    if size > limits.article_bytes:
        raise _too_large(size, limits.article_bytes)
    article, warnings = parser(path, content)
    return Parsed([article], warnings)


def _gunzip(data: bytes, limit: int) -> bytes:
    """Every gzip member of ``data``, decompressed a megabyte at a time and refused as soon
    as it grows past ``limit``, so a gzip bomb never fills memory."""
    chunks: list[bytes] = []
    size = 0
    while data:
        member = zlib.decompressobj(wbits=31)
        while not member.eof:
            try:
                chunk = member.decompress(data, _MB)
            except zlib.error:
                raise IngestError("not valid gzip data") from None
            data = member.unconsumed_tail
            if not (chunk or data or member.eof):  # the data ends before the member does
                raise IngestError("not valid gzip data")
            size += len(chunk)
            if size > limit:
                raise IngestError(f"file too large: it decompresses to over {megabytes(limit)}")
            chunks.append(chunk)
        data = member.unused_data.lstrip(b"\x00")  # gzip allows zero padding after a member
    return b"".join(chunks)
