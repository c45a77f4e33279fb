"""Reading a whole index through, as Lucene's CheckIndex does: every segment opened, every
stored document, every posting of every word and every column read once.

Whoosh never verifies what it reads, so a segment file that lost its tail shows up as an odd
exception in the middle of some search. What the documents mean is the application's to
check: it hands in ``Rules``, told of each document and of the end. What an interrupted
update leaves behind is reported as a note, not a problem: the next update clears it.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC
from whoosh.reading import SegmentReader

from searcher.engine.storage import (
    NAME,
    SCRATCH,
    SEGMENT_FILE,
    STAGING_PREFIX,
    TOC_FILE,
    generation,
)

#: Tries when an update commits during the check and removes segments being read.
_ATTEMPTS = 3


@dataclass(slots=True)
class StoreReport:
    """What reading an index through found; the index is sound when ``problems`` is empty."""

    path: str
    generation: int = -1
    segments: int = 0
    documents: int = 0
    deleted: int = 0
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


class Rules(Protocol):
    """What the application promises of its documents, checked beside the engine's reading."""

    #: The indexed field that names each document's kind: exactly one term per document.
    kind_field: str
    #: Indexed and stored fields whose postings must agree with what documents store.
    key_fields: tuple[str, ...]

    def kind_of(self, stored: dict[str, Any]) -> str:
        """The kind a document's stored fields say it is."""

    def document(self, segment: str, stored: dict[str, Any], kind: str) -> None:
        """Told of every live document; records problems on the report it was made with."""

    def finish(self) -> None:
        """Told once every segment is read: the checks across segments."""


def read_through(path: Path, new_report: type[StoreReport], make_rules) -> StoreReport:
    """Read the index at ``path`` through; ``make_rules(report)`` gives the application's
    rules for one attempt. An update that commits meanwhile may remove segments being
    read; the reading then starts again on the new commit."""
    started = time.perf_counter()
    storage = FileStorage(str(path))
    for _ in range(_ATTEMPTS):
        report = new_report(str(path))
        _read(storage, report, make_rules(report))
        if report.ok or generation(path) == report.generation:
            break
    report.seconds = time.perf_counter() - started
    return report


def _read(storage: FileStorage, report: StoreReport, rules: Rules) -> None:
    try:
        toc = TOC.read(storage, NAME)
    except Exception as exc:  # a damaged table of contents can raise almost anything
        report.problems.append(f"the table of contents cannot be read: {_describe(exc)}")
        return
    report.generation, report.segments = toc.generation, len(toc.segments)
    held: dict[str, set[str]] = {}
    for segment in toc.segments:
        try:
            held[segment.segment_id()] = _read_segment(storage, toc.schema, segment, report, rules)
        except Exception as exc:
            name = segment.segment_id()
            report.problems.append(f"segment {name} cannot be read: {_describe(exc)}")
    _check_columns_held(held, report.problems)
    rules.finish()
    _note_leftovers(storage, {s.segment_id() for s in toc.segments}, toc.generation, report)


def _check_columns_held(held: dict[str, set[str]], problems: list[str]) -> None:
    """Every segment holds the columns any segment holds: Whoosh's multi-reader skips a
    segment without one, so each document before it reads a neighbour's value."""
    every = set().union(*held.values())
    for name, columns in held.items():
        if missing := sorted(every - columns):
            problems.append(
                f"segment {name} lacks the {', '.join(missing)} column(s) other segments hold, "
                "so plain Whoosh reads other documents' values there"
            )


def _read_segment(storage, schema, segment, report: StoreReport, rules: Rules) -> set[str]:
    """One segment: its stored documents, postings and columns agree with each other; the
    names of the columns it holds."""
    name = segment.segment_id()
    problems = report.problems
    reader = SegmentReader(storage, schema, segment)
    try:
        size = reader.doc_count_all()
        kinds: dict[int, str] = {}
        stored: dict[int, dict[str, Any]] = {}
        for docnum, fields in reader.iter_docs():
            stored[docnum] = fields
            kinds[docnum] = rules.kind_of(fields)
        if len(stored) != reader.doc_count():
            problems.append(
                f"segment {name} lists {reader.doc_count()} documents but holds {len(stored)}"
            )
        report.documents += len(stored)
        report.deleted += size - reader.doc_count()
        _read_postings(reader, name, size, stored, kinds, rules, problems)
        held = {fieldname for fieldname in schema.names() if reader.has_column(fieldname)}
        for fieldname in sorted(held):
            column = reader.column_reader(fieldname, translate=False)
            if len(column) != size:
                problems.append(f"segment {name}: column {fieldname} has {len(column)} rows")
            for _ in column:
                pass
    finally:
        reader.close()
    for docnum, fields in stored.items():
        rules.document(name, fields, kinds[docnum])
    return held


def _read_postings(
    reader: SegmentReader,
    name: str,
    size: int,
    stored: dict[int, dict[str, Any]],
    kinds: dict[int, str],
    rules: Rules,
    problems: list[str],
) -> None:
    """Every posting of every word points at a live document, in order; the postings of the
    kind and key fields agree with what those documents store."""
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
            if fieldname == rules.kind_field:
                seen_kind[docnum] += 1
                if kinds[docnum] != text:
                    problems.append(f"segment {name}: document {docnum} is no {text}")
            elif fieldname in rules.key_fields and stored[docnum].get(fieldname) != text:
                problems.append(
                    f"segment {name}: {fieldname} {text!r:.60} is indexed for document "
                    f"{docnum}, which stores {stored[docnum].get(fieldname)!r:.60}"
                )
    untyped = [docnum for docnum in stored if seen_kind[docnum] != 1]
    if untyped:
        problems.append(f"segment {name}: {len(untyped)} documents have no single kind")


def _note_leftovers(
    storage: FileStorage, segments: set[str], current: int, report: StoreReport
) -> None:
    """What interrupted updates and creations left in the folder: harmless, only disk space."""
    stale, size = report.leftovers, 0
    for entry in Path(storage.folder).iterdir():
        name = entry.name
        toc, segment = TOC_FILE.fullmatch(name), SEGMENT_FILE.fullmatch(name)
        ours = segment or name == SCRATCH or name.startswith((STAGING_PREFIX, f"_{NAME}_"))
        live = (toc and int(toc.group(1)) == current) or (segment and segment.group(1) in segments)
        if ours and not live:
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
