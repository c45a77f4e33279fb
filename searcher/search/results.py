"""What a search returns: hits with snippets, pages, and streams of hits."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from searcher.article import Article, Listed
from searcher.search.highlight import find_spans, snippet
from searcher.search.snapshot import Snapshot

#: The columns of a hit in a table of hits (CSV), in order.
HIT_COLUMNS = ("id", "title", "date", "source", "url", "score", "snippet")


@dataclass(frozen=True, slots=True)
class Hit(Listed):
    """One matching article as a result list shows it."""

    score: float | None
    snippet: str
    #: ``(start, end)`` character offsets of the matched words inside ``snippet``.
    highlights: tuple[tuple[int, int], ...] = ()
    #: With collapse: how many other matches are near-copies shown through this hit.
    duplicates: int | None = None
    #: The article's own record fields (``topics``…), as ``Article.fields``.
    fields: dict[str, str | tuple[str, ...]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        found = Listed.to_dict(self)
        found["score"] = None if self.score is None else round(self.score, 4)
        found["snippet"] = self.snippet
        found["highlights"] = [list(span) for span in self.highlights]
        if self.duplicates is not None:
            found["duplicates"] = self.duplicates
        if self.fields:
            found["fields"] = {
                k: v if isinstance(v, str) else list(v) for k, v in self.fields.items()
            }
        return found


@dataclass(slots=True)
class Results:
    """One page of hits, with the total and facet counts of the whole result set."""

    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    page: int = 1
    page_size: int = 20
    sort: str = "relevance"
    #: A corrected query that finds more, offered when this one finds little.
    suggestion: str | None = None
    #: With collapse: how many matches are hidden as near-copies of a hit (pages skip them).
    collapsed: int | None = None
    #: Why a search found what it did, where the count alone would mislead.
    notes: list[str] = field(default_factory=list)
    #: Whether some part of a cluster did not answer: total, hits and facets are then those
    #: of the shards that did.
    partial: bool = False

    def __repr__(self) -> str:  # not every hit's snippet
        return f"<Results {self.query!r}: {self.total} matches, page {self.page} of {self.pages}>"

    @property
    def pages(self) -> int:
        return max(1, -(-(self.total - (self.collapsed or 0)) // self.page_size))

    def to_dict(self) -> dict[str, Any]:
        found = {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "page_size": self.page_size,
            "sort": self.sort,
            "hits": [hit.to_dict() for hit in self.hits],
            "facets": self.facets,
            "suggestion": self.suggestion,
            "notes": self.notes,
        }
        if self.collapsed is not None:
            found["collapsed"] = self.collapsed
        if self.partial:
            found["partial"] = True
        return found


def make_hit(
    snapshot: Snapshot,
    docnum: int,
    score: float | None,
    marks: list,
    duplicates: int | None = None,
) -> Hit:
    """A result-list entry for one document, its snippet marking ``marks``."""
    return hit_of(snapshot.article(docnum), score, marks, duplicates)


def hit_of(
    article: Article, score: float | None, marks: list, duplicates: int | None = None
) -> Hit:
    """A result-list entry for an article, its snippet marking ``marks``."""
    shown, spans = snippet(article.body, find_spans(article.body, marks, article.language))
    return Hit(
        **Listed.fields_of(article),
        score=score,
        snippet=shown,
        highlights=spans,
        duplicates=duplicates,
        fields=article.fields,
    )


@dataclass(slots=True)
class HitStream:
    """Every hit of a search, built one at a time as ``hits`` is consumed."""

    query: str
    total: int
    hits: Iterator[Hit]

    def __iter__(self) -> Iterator[Hit]:
        return self.hits
