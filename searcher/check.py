"""Checking an index: the engine reads everything through (``engine.check``); here, what
searcher itself promises of its documents (one format record, unique article ids, a file
record for every article's file)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from searcher.documents import kind_of
from searcher.engine import storage
from searcher.engine.check import StoreReport, read_through
from searcher.errors import IndexNotFound
from searcher.schema import ARTICLE, FILE, META, SCHEMA_VERSION

__all__ = ["CheckReport", "check_index"]


@dataclass(slots=True)
class CheckReport(StoreReport):
    """What ``check_index`` found; the index is sound when ``problems`` is empty."""

    articles: int = 0
    files: int = 0

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


def check_index(path: str | Path) -> CheckReport:
    """Read the whole index at ``path`` and report damage; raises only ``IndexNotFound``."""
    path = Path(path)
    if not storage.exists(path):
        raise IndexNotFound(f"no searcher index at {path}")
    return read_through(path, CheckReport, _NewsRules)


class _NewsRules:
    """The kinds of documents, and what searcher promises across segments."""

    kind_field = "kind"
    key_fields = ("id", "path")

    def __init__(self, report: CheckReport) -> None:
        self.report = report
        self.ids: Counter[str] = Counter()
        self.records: set[str] = set()
        self.article_paths: set[str] = set()
        self.metas: list[str] = []

    def kind_of(self, stored: dict[str, Any]) -> str:
        return kind_of(stored)

    def document(self, segment: str, stored: dict[str, Any], kind: str) -> None:
        report = self.report
        if kind == ARTICLE:
            report.articles += 1
            self.ids[stored["id"]] += 1
            self.article_paths.add(stored.get("path", ""))
        elif kind == FILE:
            report.files += 1
            self.records.add(stored["path"])
            _check_file_record(stored, segment, report.problems)
        elif kind == META:
            self.metas.append(stored["meta"])
        else:
            report.problems.append(
                f"segment {segment} holds a document of no known kind: {stored!r:.80}"
            )

    def finish(self) -> None:
        """One format record, unique article ids, and a file record for every file articles
        came from."""
        problems = self.report.problems
        if len(self.metas) != 1:
            problems.append(f"the index holds {len(self.metas)} format records instead of one")
        else:
            try:
                version = json.loads(self.metas[0]).get("schema_version")
            except (ValueError, AttributeError):
                version = None
            if version != SCHEMA_VERSION:
                problems.append(
                    f"the index has format {version}; this searcher reads {SCHEMA_VERSION}"
                )
        doubled = sorted(article_id for article_id, n in self.ids.items() if n > 1)
        if doubled:
            shown = ", ".join(repr(article_id) for article_id in doubled[:5])
            problems.append(
                f"{len(doubled)} article ids are held by more than one article: {shown}"
            )
        unrecorded = sorted(self.article_paths - self.records)
        if unrecorded:
            problems.append(
                f"articles from {len(unrecorded)} files have no file record, so updates would "
                f"not replace them: {unrecorded[0]}"
            )


def _check_file_record(fields: dict[str, Any], segment: str, problems: list[str]) -> None:
    try:
        state = json.loads(fields["meta"])
        assert {"size", "mtime_ns", "sha256"} <= state.keys()
    except (ValueError, TypeError, AttributeError, AssertionError):
        problems.append(f"segment {segment}: the record of {fields['path']} cannot be read")
