"""The one document model used everywhere: ingest produces it, the index stores it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any


def make_id(key: str) -> str:
    """A stable article id from a url or path, so re-indexing never duplicates an article."""
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def fingerprint(title: str, body: str) -> str:
    """A content fingerprint: equal for texts that differ only in case and white space."""
    text = " ".join(f"{title}\n{body}".split()).casefold()
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def iso_date(value: date | datetime | None, day_only: bool = False) -> str | None:
    """ISO 8601 text of a date: a day (or a moment marked ``day_only``) is ``YYYY-MM-DD``, a
    time keeps its zone."""
    if value is None:
        return None
    if day_only and isinstance(value, datetime):
        return value.date().isoformat()
    return value.isoformat()


def as_moment(value: date | datetime | None) -> tuple[datetime | None, bool]:
    """A date as one sortable type, and whether it is a day only: an aware ``datetime`` stays
    as it is, a day becomes its midnight UTC (the day its timestamp and every display keep)."""
    if value is None or isinstance(value, datetime):
        return value, False
    return datetime(value.year, value.month, value.day, tzinfo=UTC), True


def from_iso(value: str | None) -> date | datetime | None:
    """The inverse of ``iso_date``: a day stays a ``date``, a time becomes a ``datetime``."""
    if not value:
        return None
    return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)


@dataclass(frozen=True, slots=True)
class Article:
    """A news article.

    ``date`` is an aware ``datetime`` when the time of day is known, a ``date``
    when only the day is, and ``None`` when the article is undated: what the source says.
    Lists (``Listed``: hits, near-copies) give every date as one sortable type instead.
    """

    id: str
    title: str
    body: str
    date: date | datetime | None = None
    source: str = ""
    url: str = ""
    authors: tuple[str, ...] = ()
    language: str = ""
    path: str = ""
    fingerprint: str = field(default="", compare=False)
    #: The record's own fields beyond these, by name (``topics``, ``dateline``: see
    #: ``searcher.fields``), each one text or a tuple of them.
    fields: dict[str, str | tuple[str, ...]] = field(default_factory=dict, hash=False)
    indexed: datetime | None = field(default=None, compare=False)
    changed: datetime | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.date, datetime) and self.date.tzinfo is None:
            object.__setattr__(self, "date", self.date.replace(tzinfo=UTC))
        if not self.fingerprint:
            object.__setattr__(self, "fingerprint", fingerprint(self.title, self.body))

    @property
    def timestamp(self) -> int | None:
        """Seconds since the epoch (UTC); a day-only date counts from its midnight UTC."""
        moment, _ = as_moment(self.date)
        return None if moment is None else int(moment.timestamp())

    def with_(self, **changes: Any) -> Article:
        """A copy with some fields changed (the fingerprint follows title and body)."""
        if "title" in changes or "body" in changes:
            changes.setdefault("fingerprint", "")
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready fields, dates as ISO 8601 text; ``indexed`` and ``changed`` only
        for an article of an index."""
        found = {
            "id": self.id,
            "title": self.title,
            "date": iso_date(self.date),
            "source": self.source,
            "url": self.url,
            "authors": list(self.authors),
            "language": self.language,
            "path": self.path,
            "fingerprint": self.fingerprint,
            "fields": {k: v if isinstance(v, str) else list(v) for k, v in self.fields.items()},
            "body": self.body,
        }
        for name in ("indexed", "changed"):
            if (moment := getattr(self, name)) is not None:
                found[name] = moment.isoformat()
        return found

    def digest(self) -> str:
        """A hash of everything the article says (not when it was indexed): equal digests,
        nothing to write again."""
        said = {k: v for k, v in self.to_dict().items() if k not in ("indexed", "changed")}
        text = json.dumps(said, sort_keys=True, ensure_ascii=False)
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


#: What names an article in a list, and finds it again.
_LISTED = ("id", "title", "date", "source", "url")


@dataclass(frozen=True, slots=True)
class Listed:
    """An article as lists show it (a search hit, a near-copy): its id, title, date, source
    and address, each kind of list adding its own fields.

    ``date`` is one sortable type, an aware ``datetime`` (or ``None`` when undated), so the
    dates of a list sort and compare: an article dated by day only has its midnight UTC and
    ``day_only`` set, and prints and exports as that day (``YYYY-MM-DD``).
    """

    id: str
    title: str
    date: datetime | None
    source: str
    url: str
    day_only: bool = field(default=False, kw_only=True)

    @staticmethod
    def fields_of(article: Article) -> dict[str, Any]:
        """An article's listed fields, to make a ``Listed`` of it."""
        found = {name: getattr(article, name) for name in _LISTED}
        found["date"], found["day_only"] = as_moment(article.date)
        return found

    def to_dict(self) -> dict[str, Any]:
        found = {name: getattr(self, name) for name in _LISTED}
        found["date"] = iso_date(self.date, self.day_only)
        return found
