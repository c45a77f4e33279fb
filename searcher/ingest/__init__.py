"""Files to articles: which files to index, and the articles each one holds.

Dispatch is by extension (after a ``.gz``), corrected by content where extensions lie: a
``.txt`` saved from a browser is HTML, a ``.json`` may hold JSON lines. Only the standard
library is imported here; bs4 is imported when the first HTML file is parsed, so searching,
which imports this package through the index, never loads it.
"""

from __future__ import annotations

import gzip
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from searcher.article import Article
from searcher.errors import IngestError
from searcher.ingest import decode, html, records, text

__all__ = ["SUPPORTED", "Parsed", "parse", "read", "walk"]

_TEXT = frozenset({".txt", ".text", ".md", ".markdown"})
_HTML = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_JSON_LINES = frozenset({".jsonl", ".ndjson"})
_JSON = frozenset({".json"})
_CSV = frozenset({".csv"})
_TSV = frozenset({".tsv"})
#: Extensions :func:`walk` picks up in folders, each also with ``.gz`` after it.
SUPPORTED = _TEXT | _HTML | _JSON_LINES | _JSON | _CSV | _TSV

_INDEX_FILE = re.compile(r"_.*_.*\.toc")  # Whoosh's table of contents, e.g. _MAIN_1.toc
_HTML_START = ("<!doctype html", "<html", "<head", "<body")
_SNIFF = 1024
_REASON_LIMIT = 200


@dataclass
class Parsed:
    """The articles of one file, and problems with single records that did not stop it."""

    articles: list[Article]
    warnings: list[str] = field(default_factory=list)


def walk(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """The files to index under ``paths``: absolute, resolved, each once, in sorted order.

    A path naming a file yields it whatever its extension (the user asked for it). Folders
    yield files with a supported extension, skipping hidden entries, symlinked folders (no
    loops) and Whoosh index folders (indexing the index would feed it to itself). Every
    path is checked before the first file is yielded, so a typo fails fast.
    """
    roots = []
    for path in paths:
        candidate = Path(path)
        if not candidate.exists():
            raise IngestError(f"no such file or folder: {path}")
        roots.append(candidate.resolve())
    return _unique(roots)


def parse(path: Path, data: bytes) -> Parsed:
    """The articles in ``data``, the content of the file at ``path``.

    Raises ``IngestError`` with a one-line reason when the file yields no article, and
    nothing else whatever the bytes, so one bad file never stops an indexing run.
    """
    try:
        return _parse(path, data)
    except IngestError:
        raise
    except Exception as exc:  # a parser bug must cost one file, not the run
        reason = f"cannot parse: {type(exc).__name__}: {exc}"
        raise IngestError(reason[:_REASON_LIMIT]) from exc


def read(path: Path) -> Parsed:
    """The articles of the file at ``path``."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from exc
    return parse(Path(path), data)


def _unique(roots: list[Path]) -> Iterator[Path]:
    seen: set[Path] = set()
    for root in roots:
        for path in _files_under(root) if root.is_dir() else [root]:
            if path not in seen:
                seen.add(path)
                yield path


def _files_under(folder: Path) -> Iterator[Path]:
    """Supported files under ``folder``, depth first in name order, without recursion."""
    stack = [iter(_entries(folder))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
        elif entry.name.startswith("."):
            continue
        elif entry.is_dir(follow_symlinks=False):
            stack.append(iter(_entries(entry.path)))
        elif entry.is_file() and _supported(entry.name):
            path = Path(entry.path)
            yield path.resolve() if entry.is_symlink() else path


def _entries(folder: str | Path) -> list[os.DirEntry[str]]:
    """A folder's entries by name; none for an index folder or one we may not read."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError:
        return []
    if any(_INDEX_FILE.fullmatch(entry.name) for entry in entries):
        return []
    return entries


def _supported(name: str) -> bool:
    return Path(name.lower().removesuffix(".gz")).suffix in SUPPORTED


def _parse(path: Path, data: bytes) -> Parsed:
    name = path.name.lower()
    if name.endswith(".gz") or data.startswith(b"\x1f\x8b"):
        data = _gunzip(data)
        name = name.removesuffix(".gz")
    if not data.strip():
        raise IngestError("empty file")
    suffix = Path(name).suffix
    if suffix in _HTML:
        return Parsed(*_single(html.parse(path, data)))
    content = decode.decode(data)
    if not content.strip():
        raise IngestError("empty file")
    start = content[:_SNIFF].lstrip().lower()
    if start.startswith(_HTML_START) or (start.startswith("<?xml") and "<html" in start):
        return Parsed(*_single(html.parse(path, data)))
    if suffix in _JSON_LINES or suffix in _JSON:
        return Parsed(*records.parse_json(path, content, lines=suffix in _JSON_LINES))
    if suffix in _CSV or suffix in _TSV:
        return Parsed(*records.parse_csv(path, content, tabs=suffix in _TSV))
    if suffix not in _TEXT and start.startswith(("{", "[")):
        try:
            return Parsed(*records.parse_json(path, content, lines=True))
        except IngestError:
            pass  # not JSON after all: read it as text
    return Parsed(*_single(text.parse(path, content)))


def _single(found: tuple[Article, list[str]]) -> tuple[list[Article], list[str]]:
    article, warnings = found
    return [article], warnings


def _gunzip(data: bytes) -> bytes:
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error):
        raise IngestError("not valid gzip data") from None
