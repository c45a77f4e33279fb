"""The index's documents: articles, file records and the format record, and the one mapping
between an Article and its stored fields (both ways).

Articles and the updater's per-file bookkeeping share one index (one commit, one truth); a
document's kind is indexed, not stored, so ``kind_of`` tells it from the stored fields.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from searcher.analysis.sketch import sketch
from searcher.article import Article, from_iso, iso_date
from searcher.engine.segments import Document
from searcher.fields import Value, index_fields
from searcher.schema import ARTICLE, DAY, FILE, META, SCHEMA_VERSION, TIME

#: A file modified this close to when it was read may change again within the same
#: timestamp tick without its size or mtime showing it (git's "racy" files); such a
#: file is hashed again on the next run instead of trusted on its stat.
_RACY_NS = 2_000_000_000


@dataclass(frozen=True, slots=True)
class FileState:
    """What the updater records about a file: enough to tell, cheaply, that it changed."""

    size: int
    mtime_ns: int
    sha256: str
    racy: bool = False

    @classmethod
    def of(cls, size: int, mtime_ns: int, data: bytes) -> FileState:
        return cls.digested(size, mtime_ns, hashlib.sha256(data).hexdigest())

    @classmethod
    def digested(cls, size: int, mtime_ns: int, sha256: str) -> FileState:
        """The state of a file whose bytes were hashed as they were read."""
        racy = time.time_ns() - mtime_ns < _RACY_NS
        return cls(size, mtime_ns, sha256, racy)

    def same_stat(self, stat: os.stat_result) -> bool:
        return not self.racy and (self.size, self.mtime_ns) == (stat.st_size, stat.st_mtime_ns)

    def to_json(self) -> str:
        return json.dumps(
            {"size": self.size, "mtime_ns": self.mtime_ns, "sha256": self.sha256, "racy": self.racy}
        )


def host_of(url: str | None) -> str | None:
    """A URL's host as people name an outlet: lower-case, without ``www.``."""
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def article_document(article: Article, *, sketched: bool = True) -> Document:
    """The Whoosh document for an article; without its near-duplicate sketch when not
    ``sketched`` (a cluster stores no sketch, and it costs a third of feeding one)."""
    document: Document = {
        "kind": ARTICLE,
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "source": article.source,
        "url": article.url,
        "authors": ",".join(article.authors),
        "language": article.language,
        "path": article.path,
        "fingerprint": article.fingerprint,
    }
    if sketched:
        document["sketch"] = sketch(article.title, article.body)
    if host := host_of(article.url):
        document["host"] = host
    if article.fields:
        document["fields"] = json.dumps(article.fields, ensure_ascii=False)
        document.update(index_fields(article.fields))
    for name in ("indexed", "changed"):
        if (moment := getattr(article, name)) is not None:
            document[name] = int(moment.timestamp())
    if article.date is not None:
        document["ts"] = article.timestamp
        document["precision"] = TIME if isinstance(article.date, datetime) else DAY
        document["date"] = iso_date(article.date)
    return document


#: The columns a document holds beside its stored fields, to write it again as it was.
UNSTORED_COLUMNS = ("ts", "precision", "sketch")


def restored(stored: dict[str, Any], columns: dict[str, Any]) -> Document:
    """A document as it was written, from its stored fields and its ``UNSTORED_COLUMNS``:
    with its kind, and an article's sketch (and ``ts`` and precision when it has a date)."""
    document: Document = dict(stored)
    document["kind"] = kind_of(document)
    if document["kind"] == ARTICLE:
        document["sketch"] = columns["sketch"]
        if host := host_of(document.get("url")):
            document["host"] = host
        document.update(index_fields(own_fields(document)))
        if "date" in document:
            document["ts"] = columns["ts"]
            document["precision"] = columns["precision"]
    return document


def format_document(updated: int | None = None) -> Document:
    """The index's one META record: the schema version it was written with, and the stamp of
    the last update (``updated``: seconds), which every update writes again."""
    meta: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    if updated is not None:
        meta["updated"] = updated
    return {"kind": META, "meta": json.dumps(meta)}


def updated_of(stored: dict[str, Any]) -> int | None:
    """The last update's stamp from the META record's stored fields (None before any)."""
    return json.loads(stored["meta"]).get("updated") if stored else None


def moment_of(stamp: int | None) -> datetime | None:
    """An update's stamp as an aware datetime."""
    return None if stamp is None else datetime.fromtimestamp(stamp, UTC)


def file_document(path: str, state: FileState) -> Document:
    return {"kind": FILE, "path": path, "meta": state.to_json()}


def kind_of(stored: dict[str, Any]) -> str:
    """Which kind of document stored fields belong to (ARTICLE, FILE or META; "" if none)."""
    if "id" in stored:
        return ARTICLE
    if "path" in stored and "meta" in stored:
        return FILE
    if "meta" in stored:
        return META
    return ""


def stored_article(stored: dict[str, Any]) -> Article:
    """The article whose stored fields these are (the inverse of ``article_document``)."""
    return Article(
        id=stored["id"],
        title=stored.get("title", ""),
        body=stored.get("body", ""),
        date=from_iso(stored.get("date")),
        source=stored.get("source", ""),
        url=stored.get("url", ""),
        authors=tuple(a for a in stored.get("authors", "").split(",") if a),
        language=stored.get("language", ""),
        path=stored.get("path", ""),
        fingerprint=stored.get("fingerprint", ""),
        fields=own_fields(stored),
        indexed=moment_of(stored.get("indexed")),
        changed=moment_of(stored.get("changed")),
    )


def own_fields(stored: dict[str, Any]) -> dict[str, Value]:
    """An article's own record fields from its stored ones, lists as tuples again."""
    found = json.loads(stored.get("fields") or "{}")
    return {k: v if isinstance(v, str) else tuple(v) for k, v in found.items()}
