"""Checking an index: every segment opened and read through, documents counted, ids cross-checked.

Whoosh never verifies what it reads, so a segment file that lost its tail shows up as an odd
exception in the middle of some search. ``searcher check`` reads everything once instead:
each segment's stored documents, every posting of every word, every column, and then what
searcher itself promises (one format record, unique article ids, a file record for every
article's file). What an interrupted update leaves behind (its temporary folder, segments
no table of contents lists) is reported as a note, not a problem: the next update clears it.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC
from whoosh.reading import SegmentReader

from searcher.errors import IndexNotFound
from searcher.schema import ARTICLE, FILE, META, SCHEMA_VERSION

__all__ = ["CheckReport", "check_index", "exists"]

_NAME = "MAIN"  # Whoosh's default index name, which searcher uses
_TOC = re.compile(rf"_{_NAME}_(\d+)\.toc")
_SEGMENT_FILE = re.compile(rf"({_NAME}_[0-9a-z]+)\..+")
#: Tries when an update commits during the check and removes segments being read.
_ATTEMPTS = 3


@dataclass(slots=True)
class CheckReport:
    """What ``check_index`` found; the index is sound when ``problems`` is empty."""

    path: str
    generation: int = -1
    segments: int = 0
    documents: int = 0
    deleted: int = 0
    articles: int = 0
    files: int = 0
    #: Damage: the index, or part of it, cannot be trusted.
    problems: list[str] = field(default_factory=list)
    #: Harmless findings, such as what an interrupted update left behind.
    notes: list[str] = field(default_factory=list)
    #: Names of the files and folders in the index folder that are not part of the index.
    leftovers: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "ok": self.ok,
            "generation": self.generation,
            "segments": self.segments,
            "documents": self.documents,
            "deleted": self.deleted,
            "articles": self.articles,
            "files": self.files,
            "problems": self.problems,
            "notes": self.notes,
            "leftovers": self.leftovers,
            "seconds": round(self.seconds, 3),
        }


def exists(path: str | Path) -> bool:
    """Whether ``path`` holds an index (a table of contents), readable or not.

    Unlike Whoosh's ``exists_in``, which opens the index and raises what a damaged one
    raises, this only looks, so a damaged index is reported as damaged, not as a crash.
    """
    return Path(path).is_dir() and TOC._latest_generation(FileStorage(str(path)), _NAME) >= 0


def check_index(path: str | Path) -> CheckReport:
    """Read the whole index at ``path`` and report damage; raises only ``IndexNotFound``.

    An update that commits meanwhile may remove segments this check is reading; the check
    then starts again on the new commit.
    """
    path = Path(path)
    if not exists(path):
        raise IndexNotFound(f"no searcher index at {path}")
    started = time.perf_counter()
    storage = FileStorage(str(path))
    for _ in range(_ATTEMPTS):
        report = _check(storage, CheckReport(str(path)))
        if report.ok or TOC._latest_generation(storage, _NAME) == report.generation:
            break
    report.seconds = time.perf_counter() - started
    return report


class _Tally:
    """What the segments hold, gathered for the checks across segments."""

    def __init__(self) -> None:
        self.ids: Counter[str] = Counter()
        self.records: set[str] = set()
        self.article_paths: set[str] = set()
        self.metas: list[str] = []


def _check(storage: FileStorage, report: CheckReport) -> CheckReport:
    try:
        toc = TOC.read(storage, _NAME)
    except Exception as exc:  # a damaged table of contents can raise almost anything
        report.problems.append(f"the table of contents cannot be read: {_describe(exc)}")
        return report
    report.generation, report.segments = toc.generation, len(toc.segments)
    tally = _Tally()
    for segment in toc.segments:
        try:
            _check_segment(storage, toc.schema, segment, report, tally)
        except Exception as exc:
            name = segment.segment_id()
            report.problems.append(f"segment {name} cannot be read: {_describe(exc)}")
    _check_records(tally, report)
    _note_leftovers(storage, {s.segment_id() for s in toc.segments}, toc.generation, report)
    return report


def _check_segment(storage, schema, segment, report: CheckReport, tally: _Tally) -> None:
    """One segment: its stored documents, postings and columns agree with each other."""
    name = segment.segment_id()
    problems = report.problems
    reader = SegmentReader(storage, schema, segment)
    try:
        size = reader.doc_count_all()
        kinds: dict[int, str] = {}
        stored: dict[int, dict[str, Any]] = {}
        for docnum, fields in reader.iter_docs():
            stored[docnum] = fields
            kinds[docnum] = _kind(fields)
        if len(stored) != reader.doc_count():
            problems.append(
                f"segment {name} lists {reader.doc_count()} documents but holds {len(stored)}"
            )
        report.documents += len(stored)
        report.deleted += size - reader.doc_count()
        _check_postings(reader, name, size, stored, kinds, problems)
        for fieldname in schema.names():
            if reader.has_column(fieldname):
                column = reader.column_reader(fieldname, translate=False)
                if len(column) != size:
                    problems.append(f"segment {name}: column {fieldname} has {len(column)} rows")
                for _ in column:
                    pass
    finally:
        reader.close()
    for docnum, fields in stored.items():
        kind = kinds[docnum]
        if kind == ARTICLE:
            report.articles += 1
            tally.ids[fields["id"]] += 1
            tally.article_paths.add(fields.get("path", ""))
        elif kind == FILE:
            report.files += 1
            tally.records.add(fields["path"])
            _check_file_record(fields, name, problems)
        elif kind == META:
            tally.metas.append(fields["meta"])
        else:
            problems.append(f"segment {name} holds a document of no known kind: {fields!r:.80}")


def _check_postings(
    reader: SegmentReader,
    name: str,
    size: int,
    stored: dict[int, dict[str, Any]],
    kinds: dict[int, str],
    problems: list[str],
) -> None:
    """Every posting of every word points at a live document, in order; the postings of
    ``kind``, ``id`` and ``path`` agree with what those documents store."""
    seen_kind: Counter[int] = Counter()
    for fieldname, btext in reader.all_terms():
        text = btext.decode("utf-8", "replace")
        last = -1
        for docnum in reader.postings(fieldname, btext).all_ids():
            if not last < docnum < size or docnum not in stored:
                problems.append(
                    f"segment {name}: {fieldname}:{text!r:.40} points at document {docnum}, "
                    f"which it does not hold"
                )
                break
            last = docnum
            if fieldname == "kind":
                seen_kind[docnum] += 1
                if kinds[docnum] != text:
                    problems.append(f"segment {name}: document {docnum} is no {text}")
            elif fieldname in ("id", "path") and stored[docnum].get(fieldname) != text:
                problems.append(
                    f"segment {name}: {fieldname} {text!r:.60} is indexed for document "
                    f"{docnum}, which stores {stored[docnum].get(fieldname)!r:.60}"
                )
    untyped = [docnum for docnum in stored if seen_kind[docnum] != 1]
    if untyped:
        problems.append(f"segment {name}: {len(untyped)} documents have no single kind")


def _kind(fields: dict[str, Any]) -> str:
    """Which kind of document stored fields belong to: an article, a file record, the format
    record; ``kind`` itself is indexed, not stored."""
    if "id" in fields:
        return ARTICLE
    if "path" in fields and "meta" in fields:
        return FILE
    if "meta" in fields:
        return META
    return ""


def _check_file_record(fields: dict[str, Any], segment: str, problems: list[str]) -> None:
    try:
        state = json.loads(fields["meta"])
        assert {"size", "mtime_ns", "sha256"} <= state.keys()
    except (ValueError, TypeError, AttributeError, AssertionError):
        problems.append(f"segment {segment}: the record of {fields['path']} cannot be read")


def _check_records(tally: _Tally, report: CheckReport) -> None:
    """What searcher promises across segments: one format record, unique article ids, and a
    file record for every file articles came from."""
    problems = report.problems
    if len(tally.metas) != 1:
        problems.append(f"the index holds {len(tally.metas)} format records instead of one")
    else:
        try:
            version = json.loads(tally.metas[0]).get("schema_version")
        except (ValueError, AttributeError):
            version = None
        if version != SCHEMA_VERSION:
            problems.append(f"the index has format {version}; this searcher reads {SCHEMA_VERSION}")
    doubled = sorted(article_id for article_id, n in tally.ids.items() if n > 1)
    if doubled:
        shown = ", ".join(repr(article_id) for article_id in doubled[:5])
        problems.append(f"{len(doubled)} article ids are held by more than one article: {shown}")
    unrecorded = sorted(tally.article_paths - tally.records)
    if unrecorded:
        problems.append(
            f"articles from {len(unrecorded)} files have no file record, so updates would "
            f"not replace them: {unrecorded[0]}"
        )


def _note_leftovers(
    storage: FileStorage, segments: set[str], generation: int, report: CheckReport
) -> None:
    """What interrupted updates and creations left in the folder: harmless, only disk space."""
    stale, size = report.leftovers, 0
    for entry in Path(storage.folder).iterdir():
        name = entry.name
        toc, segment = _TOC.fullmatch(name), _SEGMENT_FILE.fullmatch(name)
        ours = segment or name == f"{_NAME}.tmp" or name.startswith((".creating-", f"_{_NAME}_"))
        current = (toc and int(toc.group(1)) == generation) or (
            segment and segment.group(1) in segments
        )
        if ours and not current:
            stale.append(name)
            size += _size(entry)
    stale.sort()
    if stale:
        report.notes.append(
            f"not part of the index, {size / 1e6:,.1f} MB left by an update that is running or "
            "was interrupted (the next update removes most of it): "
            f"{', '.join(stale[:3])}{' …' if len(stale) > 3 else ''}"
        )


def _size(entry: Path) -> int:
    if entry.is_dir():
        return sum(f.stat().st_size for f in entry.rglob("*") if f.is_file())
    return entry.stat().st_size


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]
