"""What an index holds, in short: the numbers ``searcher stats`` shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from whoosh import query

from searcher.article import iso_date
from searcher.query.fields import Fields
from searcher.query.parser import QUERY_FIELDS
from searcher.schema import ARTICLE, FILE
from searcher.search.coverage import dated_stamps
from searcher.search.facets import count_facets
from searcher.search.snapshot import Snapshot


@dataclass(slots=True)
class Stats:
    """A summary of what an index holds."""

    articles: int
    files: int
    first_date: date | None
    last_date: date | None
    undated: int
    sources: dict[str, int]
    #: The folder's size; None for a cluster, whose shards keep their own.
    size_bytes: int | None
    path: str
    #: Each record field (``topics``) and its kinds, ``keyword`` and/or ``text``.
    fields: dict[str, str] = field(default_factory=dict)
    #: Articles per language (ISO 639 code), those of unknown language left out.
    languages: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "articles": self.articles,
            "files": self.files,
            "first_date": iso_date(self.first_date),
            "last_date": iso_date(self.last_date),
            "undated": self.undated,
            "sources": self.sources,
            "size_bytes": self.size_bytes,
            "fields": self.fields,
            "languages": self.languages,
        }


def index_stats(snapshot: Snapshot, path: Path) -> Stats:
    """Counts, date span and outlets of ``snapshot``, and the size of the folder ``path``."""
    view = snapshot.view
    docs = list(view.matches(query.Term("kind", ARTICLE)))
    dated = dated_stamps(view, docs)
    day = lambda ts: datetime.fromtimestamp(ts, UTC).date()  # noqa: E731
    return Stats(
        articles=len(docs),
        files=len(view.matches(query.Term("kind", FILE))),
        first_date=day(min(dated)) if dated else None,
        last_date=day(max(dated)) if dated else None,
        undated=len(docs) - len(dated),
        sources=count_facets(view, docs, ["source"], outlets=snapshot.outlets)["source"],
        size_bytes=sum(f.stat().st_size for f in path.iterdir() if f.is_file()),
        path=str(path),
        fields=Fields(view, reserved=(*QUERY_FIELDS, "date")).kinds(),
        languages=_known(count_facets(view, docs, ["language"])["language"]),
    )


def _known(languages: dict[str, int]) -> dict[str, int]:
    """Counts per language, without the articles of unknown language (an empty code)."""
    return {code: count for code, count in languages.items() if code}
