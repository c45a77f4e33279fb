"""Feeding a cluster: the files under some paths, read by searcher's own ingest, compared with
the file records kept in the cluster's local folder, and only new and changed articles
written, each to its shard (``id % shards``) on every replica.

A cluster has no commit spanning shards, so a file is the unit: its articles are written and
acknowledged by every replica first, and only then is its record saved (atomically, in
``files.json``). Writes are ``REPLACE`` by id, so a run killed halfway leaves no duplicate:
the next run finds the file unrecorded, or recorded as it was, and writes it again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from searcher import ingest
from searcher.article import Article
from searcher.cluster.client import Connection, connect
from searcher.cluster.tables import ATTRIBUTES, FIELDS
from searcher.cluster.terms import EVERY, TermText
from searcher.documents import FileState, article_document, host_of
from searcher.errors import IngestError
from searcher.update.report import UpdateReport, duplicate_id

RECORDS = "files.json"
#: Ids and a day number for articles without a date (the columns are integers).
UNDATED = -(2**40)
#: The SphinxQL columns of a row, in order: the table's (``tables``).
COLUMNS = ("id", *FIELDS, *(name for name, _ in ATTRIBUTES))
#: The most bytes of rows one REPLACE carries (Sphinx's max_packet_size is 8 MB).
_BATCH_BYTES = 2_000_000
#: Precision of a date as the ``precision`` attribute holds it.
_UNDATED, _DAY, _TIME = 0, 1, 2


def row_id(article_id: str) -> int:
    """The cluster's document id of an article: 60 bits of a hash of searcher's id."""
    return int(hashlib.sha256(article_id.encode("utf-8", "surrogatepass")).hexdigest()[:15], 16)


@dataclass
class FileRecord:
    """What the feed knows of a file: its state, and its articles' ids with their digests."""

    state: FileState
    articles: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"state": json.loads(self.state.to_json()), "articles": self.articles}

    @classmethod
    def of(cls, found: dict[str, Any]) -> FileRecord:
        return cls(FileState(**found["state"]), dict(found["articles"]))


class Records:
    """The file records of a cluster, in its local folder; saved whole, atomically."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / RECORDS
        try:
            found = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            found = {}
        self.files = {path: FileRecord.of(one) for path, one in found.items()}

    def elsewhere(self, path: str, article_ids: list[str]) -> list[str]:
        """Those of ``article_ids`` no recorded file but ``path`` holds: what dropping them
        from ``path`` may delete (the cluster keeps one row per id)."""
        if not article_ids:
            return []
        held = {i for other, record in self.files.items() if other != path for i in record.articles}
        return [article_id for article_id in article_ids if article_id not in held]

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        staged = self.path.with_suffix(".tmp")
        whole = {path: record.to_dict() for path, record in self.files.items()}
        staged.write_text(json.dumps(whole), encoding="utf-8")
        os.replace(staged, self.path)


class Shards:
    """Writes to a cluster's shards: each row to its shard, on every replica."""

    def __init__(self, index: str, writers: Sequence[Sequence[str]]) -> None:
        self.index = index
        self.replicas: list[list[Connection]] = [list(map(connect, w)) for w in writers]
        self._terms = TermText()

    def row(self, article: Article) -> tuple:
        stored = article_document(article, sketched=False)  # no near-duplicates on a cluster
        moment = article.timestamp
        precision = (
            _UNDATED if moment is None else _TIME if isinstance(article.date, datetime) else _DAY
        )
        ts = UNDATED if moment is None else moment
        return (
            row_id(article.id),
            self._terms(article.title),
            self._terms(article.body),
            EVERY,
            article.source,
            host_of(article.url) or "",
            ts,
            UNDATED if moment is None else ts // 86400,
            precision,
            json.dumps(stored, ensure_ascii=True),
        )

    def replace(self, articles: Iterable[Article]) -> None:
        by_shard: dict[int, list[tuple]] = {}
        for article in articles:
            row = self.row(article)
            by_shard.setdefault(row[0] % len(self.replicas), []).append(row)
        for shard, rows in by_shard.items():
            for batch in _batches(rows):
                marks = ",".join(["(" + ",".join(["%s"] * len(COLUMNS)) + ")"] * len(batch))
                sql = f"REPLACE INTO {self.index}_{shard} ({','.join(COLUMNS)}) VALUES {marks}"
                args = [value for row in batch for value in row]
                for replica in self.replicas[shard]:
                    replica.execute(sql, args)

    def delete(self, article_ids: Iterable[str]) -> None:
        by_shard: dict[int, list[int]] = {}
        for article_id in article_ids:
            found = row_id(article_id)
            by_shard.setdefault(found % len(self.replicas), []).append(found)
        for shard, ids in by_shard.items():
            sql = f"DELETE FROM {self.index}_{shard} WHERE id IN ({','.join(map(str, ids))})"
            for replica in self.replicas[shard]:
                replica.execute(sql)

    def truncate(self) -> None:
        for shard, copies in enumerate(self.replicas):
            for replica in copies:
                replica.execute(f"TRUNCATE RTINDEX {self.index}_{shard}")

    def close(self) -> None:
        for copies in self.replicas:
            for replica in copies:
                replica.close()


def _batches(rows: list[tuple]) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    size = 0
    for row in rows:
        length = len(row[1]) + len(row[2]) + len(row[9])
        if batch and size + length > _BATCH_BYTES:
            yield batch
            batch, size = [], 0
        batch.append(row)
        size += length
    if batch:
        yield batch


def feed(
    shards: Shards,
    records: Records,
    paths: Iterable[str | os.PathLike],
    *,
    rebuild: bool = False,
    limits: ingest.Limits = ingest.LIMITS,
    progress: Callable[[int, int], None] | None = None,
) -> UpdateReport:
    """Bring the cluster in line with the files under ``paths``, a file at a time."""
    report = UpdateReport()
    roots = [Path(p).resolve() for p in paths]
    unreadable: list[tuple[Path, str]] = []
    files = [str(f) for f in ingest.walk(roots, unreadable)]
    report.skipped += [(str(p), reason) for p, reason in unreadable]
    if rebuild:
        shards.truncate()
        records.files.clear()
        records.save()
    sizes = {path: _size(path) for path in files}
    total, done = sum(sizes.values()), 0
    seen: set[str] = set()  # ids this run gave an article: a later one of an id is skipped
    for path in files:
        _feed_file(shards, records, path, limits, report, seen)
        done += sizes[path]
        if progress is not None:
            progress(done, total)
    _remove_missing(shards, records, roots, set(files), report)
    return report


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _feed_file(
    shards: Shards,
    records: Records,
    path: str,
    limits: ingest.Limits,
    report: UpdateReport,
    seen: set[str],
) -> None:
    old = records.files.get(path)
    try:
        stat = os.stat(path)
    except OSError as exc:
        report.skipped.append((path, f"cannot read: {exc.strerror or exc}"))
        return
    if old is not None and old.state.same_stat(stat):
        report.unchanged.append(path)
        return
    try:
        state = FileState.digested(stat.st_size, stat.st_mtime_ns, _sha256(path))
        if old is not None and old.state.sha256 == state.sha256:
            records.files[path] = FileRecord(state, old.articles)
            records.save()
            report.unchanged.append(path)
            return
        parsed = ingest.read(Path(path), limits)
    except (OSError, IngestError) as exc:
        report.skipped.append((path, getattr(exc, "reason", None) or str(exc)))
        return
    report.warnings += [(path, message) for message in parsed.warnings]
    articles = []
    for article in parsed.articles:
        if article.id in seen:
            report.warnings.append((path, duplicate_id(article.id)))
        else:
            seen.add(article.id)
            articles.append(article)
    before = old.articles if old is not None else {}
    digests = {article.id: article.digest() for article in articles}
    changed = [a for a in articles if before.get(a.id) != digests[a.id]]
    gone = records.elsewhere(path, [i for i in before if i not in digests])
    shards.replace(changed)
    shards.delete(gone)
    records.files[path] = FileRecord(state, digests)
    records.save()
    (report.updated if old is not None else report.added).append(path)
    report.articles_added += len(changed)
    report.ids_added += [a.id for a in changed if a.id not in before]
    report.ids_changed += [a.id for a in changed if a.id in before]
    report.ids_removed += gone


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _remove_missing(
    shards: Shards, records: Records, roots: list[Path], seen: set[str], report: UpdateReport
) -> None:
    """Drop the articles of recorded files gone from a folder indexed now."""
    folders = [str(root) + os.sep for root in roots if root.is_dir()]
    for path in [p for p in records.files if p not in seen and p.startswith(tuple(folders))]:
        gone = records.elsewhere(path, list(records.files[path].articles))
        shards.delete(gone)
        del records.files[path]
        records.save()
        report.removed.append(path)
        report.ids_removed += gone
