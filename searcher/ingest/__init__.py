"""Files to articles: which files to index, and the articles each one holds.

Dispatch is by extension (after a ``.gz``), corrected by content where extensions lie: a
``.txt`` saved from a browser is HTML, a ``.json`` may hold JSON lines. A file of any other
name is read only when its content is an HTML page or JSON records (a crawler saves pages as
``story`` or ``article.php?id=5``); anything else is refused with what it holds, so that no
file of a folder goes unaccounted for. Only the standard
library is imported here; bs4 is imported when the first HTML file is parsed, so searching,
which imports this package through the index, never loads it.

JSON lines, CSV and TSV files are read record by record (``stream``), in bounded memory
whatever their size. Any other file is parsed whole, so what one may bring into memory is
capped (:class:`Limits`): a crawl's 100 MB "page" or a gzip bomb would otherwise take the
indexing run down with it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from searcher.article import Article
from searcher.engine import storage
from searcher.errors import IngestError
from searcher.ingest.common import megabytes

if TYPE_CHECKING:
    from searcher.ingest.stream import Piece

__all__ = [
    "LIMITS",
    "STREAM_FROM",
    "SUPPORTED",
    "Limits",
    "Parsed",
    "collect",
    "parse",
    "parse_piece",
    "read",
    "read_bytes",
    "streamed",
    "walk",
]

_TEXT = frozenset({".txt", ".text", ".md", ".markdown"})
_HTML = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_JSON_LINES = frozenset({".jsonl", ".ndjson"})
_JSON = frozenset({".json"})
_CSV = frozenset({".csv"})
_TSV = frozenset({".tsv"})
#: Extensions read by their name alone, each also with ``.gz`` after it.
SUPPORTED = _TEXT | _HTML | _JSON_LINES | _JSON | _CSV | _TSV

_HTML_START = ("<!doctype html", "<html", "<head", "<body")
_GZIP = b"\x1f\x8b"
_PLAIN_TEXT = "plain text; name it .txt to index it"
_SNIFF = 1024
_REASON_LIMIT = 200
_MB = 1_000_000
#: Records files from this size, and gzipped ones (of unknown size until read), are read by
#: the updater piece by piece (their pieces parsed by the workers); smaller ones whole, in a
#: worker's share of files.
STREAM_FROM = 8_000_000


@dataclass(frozen=True, slots=True)
class Limits:
    """The most one file read whole may bring into memory, in MB (after decompression).

    Such a file is parsed whole, which takes four to five times its size, so these bound an
    indexing run's memory whatever the files. A text or HTML file is one article (news pages
    run to 2 MB), and so is the text of one record; a JSON document (an array of records) or a
    file of another name holds many and gets the larger limit. JSON lines, CSV and TSV files
    are read record by record and have no limit but that of each record's text.
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
#: The command line's options that set them, named where a limit refuses something.
FILE_OPTION, ARTICLE_OPTION = "--max-file-mb", "--max-article-mb"


@dataclass
class Parsed:
    """The articles of one file, and problems with single records that did not stop it."""

    articles: list[Article]
    warnings: list[str] = field(default_factory=list)


def walk(
    paths: Iterable[str | os.PathLike[str]], unreadable: list[tuple[Path, str]] | None = None
) -> Iterator[Path]:
    """The files to index under ``paths``: absolute, resolved, each once, in sorted order.

    A path naming a file yields it whatever its name, and so do folders, for every entry but
    hidden ones (dot-files: ``.git``, ``.DS_Store``), symlinked folders (no loops) and Whoosh
    index folders (indexing the index would feed it to itself): a file the readers cannot
    read is reported with its reason, never left out in silence. Entries
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
    limit, option = _size_limit(path, limits)
    with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise IngestError("not a regular file")
        if not _supported(path.name):  # a video is refused as a video, not as too large
            head = file.read(_SNIFF)
            if not head.startswith(_GZIP) and (refused := _unsupported(path.name, head)):
                raise IngestError(refused)
            file.seek(0)
        data = file.read(limit + 1) if status.st_size <= limit else b""
    size = max(status.st_size, len(data))
    if size > limit:
        raise _too_large(size, limit, option)
    return data


def parse(path: Path, data: bytes, limits: Limits = LIMITS) -> Parsed:
    """The articles in ``data``, the content of the file at ``path``.

    Raises ``IngestError`` with a one-line reason when the file yields no article, and
    nothing else whatever the bytes, so one bad file never stops an indexing run. Records
    with more text than ``limits`` allow are dropped with a warning.
    """
    return _guarded(_parse, path, data, limits)


def read(path: Path, limits: Limits = LIMITS) -> Parsed:
    """The articles of the file at ``path``; a records file is read record by record."""
    from searcher.ingest import stream

    path = Path(path)
    if stream.kind_of(path.name):
        try:
            return collect(stream.Stream(path, limits.article_bytes), limits)
        except stream.Document:
            pass  # a JSON document: parsed whole
    try:
        data = read_bytes(path, limits)
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from exc
    return parse(path, data, limits)


def streamed(path: Path, size: int) -> bool:
    """Whether an update reads the file piece by piece (see :data:`STREAM_FROM`)."""
    from searcher.ingest import stream

    gzipped = path.name.lower().endswith(".gz")
    return stream.kind_of(path.name) is not None and (gzipped or size >= STREAM_FROM)


def collect(pieces: Iterable[Piece], limits: Limits = LIMITS) -> Parsed:
    """The articles of a records file's pieces (``stream.Stream``), read in this process."""
    return _guarded(_collect, pieces, limits)


def _collect(pieces: Iterable[Piece], limits: Limits) -> Parsed:
    parsed = Parsed([])
    for piece in pieces:
        part = parse_piece(piece, limits)
        parsed.articles += part.articles
        parsed.warnings += part.warnings
    if not parsed.articles:
        from searcher.ingest import records

        raise IngestError(records.nothing_usable(parsed.warnings))
    return parsed


def parse_piece(piece: Piece, limits: Limits = LIMITS) -> Parsed:
    """The articles of one piece of a records file; a bad record costs a warning, never the
    piece, and a parser bug the piece, never the run."""
    from searcher.ingest import records

    try:
        parsed = Parsed(
            *records.parse_rows(piece.path, piece.rows, piece.header, limits.article_bytes)
        )
    except Exception as exc:
        first, last = piece.rows[0][0], piece.rows[-1][0]
        reason = f"records {first} to {last}: cannot parse: {type(exc).__name__}: {exc}"
        parsed = Parsed([], [reason[:_REASON_LIMIT]])
    if piece.end:
        parsed.warnings.append(piece.end)
    return parsed


def _guarded(parser: Callable[..., Parsed], *args: Any) -> Parsed:
    """What ``parser`` gives; any error but ``IngestError`` (and a JSON document found where
    records were expected) turned into one."""
    from searcher.ingest import stream

    try:
        return parser(*args)
    except (IngestError, stream.Document):
        raise
    except Exception as exc:  # a parser bug must cost one file, not the run
        reason = f"cannot parse: {type(exc).__name__}: {exc}"
        raise IngestError(reason[:_REASON_LIMIT]) from exc


def _unique(roots: list[Path], unreadable: list[tuple[Path, str]]) -> Iterator[Path]:
    seen: set[Path] = set()
    for root in roots:
        for path in _files_under(root, unreadable) if root.is_dir() else [root]:
            if path not in seen:
                seen.add(path)
                yield path


def _files_under(folder: Path, unreadable: list[tuple[Path, str]]) -> Iterator[Path]:
    """The files under ``folder``, depth first in name order, without recursion."""
    stack = [iter(_entries(folder, unreadable))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
        elif entry.name.startswith("."):
            continue
        elif entry.is_dir(follow_symlinks=False):
            stack.append(iter(_entries(entry.path, unreadable)))
        else:  # a link to a folder too: it is reported, not entered
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


def _unsupported(name: str, data: bytes) -> str | None:
    """Why a file of a name no reader claims is refused, from what its first bytes hold; None
    for an HTML page or what may be JSON records, which are read."""
    if data.startswith(b"%PDF-"):
        found = "a PDF document"
    else:
        from searcher.ingest import decode

        try:
            start = decode.decode(data[:_SNIFF]).lstrip().lower()
        except IngestError:
            start, found = "", "binary data"
        else:
            found = _PLAIN_TEXT
        if _is_html(start) or start.startswith(("{", "[")):
            return None
        if start.startswith(("<?xml", "<rss", "<feed")):
            found = "XML, not an HTML page"
    return _refusal(name, found)


def _refusal(name: str, found: str) -> str:
    suffix = Path(name.lower().removesuffix(".gz")).suffix
    return f"unsupported type {suffix or '(no extension)'}: {found}"


def _is_html(start: str) -> bool:
    """Whether lower-cased text starting a file is an HTML page: it opens with a tag of one, or
    with markup (an XML declaration, a comment a browser saved) before one."""
    head = start[:_SNIFF]
    return head.startswith(_HTML_START) or (
        head.startswith("<") and any(tag in head for tag in _HTML_START)
    )


def _size_limit(path: Path, limits: Limits) -> tuple[int, str]:
    """Bytes a file read whole may hold, and the option that sets it: one article's worth for
    text and HTML, more for records."""
    suffix = Path(path.name.lower().removesuffix(".gz")).suffix
    if suffix in _TEXT | _HTML:
        return limits.article_bytes, ARTICLE_OPTION
    return limits.file_bytes, FILE_OPTION


def _too_large(size: int, limit: int, option: str) -> IngestError:
    found = f"{megabytes(size)}; the limit is {megabytes(limit)}"
    return IngestError(f"file too large ({found}; raise {option})")


def _parse(path: Path, data: bytes, limits: Limits) -> Parsed:
    # The readers are imported on first use: searches import this module for its limits
    # and types, and a cold `searcher search` should not pay for them.
    from searcher.ingest import decode, html, records, stream, text

    name = path.name.lower()
    if stream.kind_of(name):
        try:
            return collect(stream.Stream(path, limits.article_bytes, data), limits)
        except stream.Document:
            pass  # a JSON document: parsed whole
    if name.endswith(".gz") or data.startswith(_GZIP):
        data = b"".join(stream.gunzip([data], *_size_limit(path, limits)))
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
    if _is_html(start):
        return _article(html.parse, path, data, limits)
    if suffix not in SUPPORTED and (refused := _unsupported(name, data)):
        raise IngestError(refused)
    max_text = limits.article_bytes
    if suffix in _JSON_LINES or suffix in _JSON:
        lines = suffix in _JSON_LINES
        return Parsed(*records.parse_json(path, content, lines=lines, max_text=max_text))
    if suffix not in _TEXT and start.startswith(("{", "[")):
        try:
            return Parsed(*records.parse_json(path, content, lines=True, max_text=max_text))
        except IngestError:
            if suffix not in SUPPORTED:
                raise IngestError(_refusal(name, _PLAIN_TEXT)) from None
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
        raise _too_large(size, limits.article_bytes, ARTICLE_OPTION)
    article, warnings = parser(path, content)
    return Parsed([article], warnings)
