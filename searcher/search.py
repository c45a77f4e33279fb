"""Running a query: filters, sorting, paging, facets and highlighted snippets → Results.

Facets are counted over every matching article, not the page shown, from the
index's sortable columns: one pass over the matching document numbers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from whoosh import query, sorting
from whoosh.searching import Searcher

from searcher.article import from_iso, iso_date
from searcher.dates import parse_period, zone
from searcher.errors import OptionError
from searcher.highlight import find_spans, patterns, snippet
from searcher.query import QueryBuilder, date_range, source_filter
from searcher.schema import ARTICLE, TIME

SORTS = ("relevance", "newest", "oldest")
FACETS = ("source", "year", "month", "week", "day")
#: The ``ts`` column's value for an undated article (Whoosh's default for a missing number).
UNDATED_TS = 2**63 - 1
UNDATED = "undated"

_EPOCH = date(1970, 1, 1)


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching article as a result list shows it."""

    id: str
    title: str
    date: date | datetime | None
    source: str
    url: str
    score: float | None
    snippet: str
    #: ``(start, end)`` character offsets of the matched words inside ``snippet``.
    highlights: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "date": iso_date(self.date),
            "source": self.source,
            "url": self.url,
            "score": None if self.score is None else round(self.score, 4),
            "snippet": self.snippet,
            "highlights": [list(span) for span in self.highlights],
        }


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

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "page_size": self.page_size,
            "sort": self.sort,
            "hits": [hit.to_dict() for hit in self.hits],
            "facets": self.facets,
        }


def parse_day(value: str | date | datetime | None, *, end: bool, zone: tzinfo = UTC) -> date | None:
    """A filter bound as a calendar day in ``zone``: ``--to 2023-11`` means up to 30 November."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.astimezone(zone).date() if value.tzinfo else value.date()
    if isinstance(value, date):
        return value
    first, last = parse_period(value, datetime.now(zone).date())
    return last if end else first


def day_numbers(searcher: Searcher, docnums: Iterable[int], zone: tzinfo = UTC) -> Iterator:
    """Each document's calendar day in ``zone`` as days since 1970-01-01 (None if undated).

    A day-only date keeps its day in every zone; a timed one moves to the zone's day. Zone
    offsets are looked up once per hour of time, not per document.
    """
    reader = searcher.reader()
    stamps = reader.column_reader("ts")
    if zone is UTC:
        return (None if stamps[n] == UNDATED_TS else stamps[n] // 86400 for n in docnums)
    precision = reader.column_reader("precision")
    offsets: dict[int, int] = {}

    def local(ts: int) -> int:
        hour = ts // 3600
        if hour not in offsets:
            moment = datetime.fromtimestamp(hour * 3600, UTC).astimezone(zone)
            offsets[hour] = int(moment.utcoffset().total_seconds())
        return (ts + offsets[hour]) // 86400

    return (
        None
        if stamps[n] == UNDATED_TS
        else local(stamps[n])
        if precision[n] == TIME
        else stamps[n] // 86400
        for n in docnums
    )


_BUCKETS: dict[str, Callable[[date], str]] = {
    "year": lambda d: f"{d.year:04d}",
    "month": lambda d: f"{d.year:04d}-{d.month:02d}",
    "week": lambda d: "{:04d}-W{:02d}".format(*d.isocalendar()[:2]),
    "day": lambda d: d.isoformat(),
}


def day_label(day: int, by: str) -> str:
    """The facet or trend bucket of a day number: ``2023``, ``2023-11``, ``2023-W44``, …"""
    return _BUCKETS[by](_EPOCH + timedelta(days=day))


def count_facets(
    searcher: Searcher, docnums: Iterable[int], names: Sequence[str], zone: tzinfo = UTC
) -> dict[str, dict[str, int]]:
    """Counts per facet value over ``docnums``; dates bucket by calendar day in ``zone``."""
    docnums = list(docnums)
    facets: dict[str, dict[str, int]] = {}
    if "source" in names:
        column = searcher.reader().column_reader("source")
        counts = Counter(column[n] for n in docnums)
        facets["source"] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    date_names = [name for name in names if name in _BUCKETS]
    if date_names:
        days = Counter(day_numbers(searcher, docnums, zone))
        undated = days.pop(None, 0)
        for name in date_names:
            counts = Counter()
            for day, count in days.items():
                counts[day_label(day, name)] += count
            facets[name] = dict(sorted(counts.items()))
            if undated:
                facets[name][UNDATED] = undated
    return facets


def _sorting(sort: str) -> tuple[Any, bool]:
    if sort == "relevance":
        return None, False
    if sort == "oldest":
        return sorting.FieldFacet("ts"), False
    # The column's sort keys are the numbers shifted to unsigned; map undated below all.
    undated_key = UNDATED_TS + 2**63
    undated_last = sorting.TranslateFacet(
        lambda key: -1 if key == undated_key else key, sorting.FieldFacet("ts")
    )
    return undated_last, True


def _check_options(facets: Sequence[str], sort: str, page: int, page_size: int) -> None:
    if sort not in SORTS:
        raise OptionError(f"unknown sort '{sort}'", hint=f"use one of: {', '.join(SORTS)}")
    for name in facets:
        if name not in FACETS:
            raise OptionError(f"unknown facet '{name}'", hint=f"use any of: {', '.join(FACETS)}")
    if page < 1 or page_size < 1:
        raise OptionError("page and page size start at 1", hint="use e.g. --page 2 --limit 20")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One committed state of an index, with what every search of it reuses."""

    searcher: Searcher
    builder: QueryBuilder
    #: Document numbers of the updater's records, which no search may return.
    bookkeeping: frozenset[int]

    @classmethod
    def of(cls, searcher: Searcher) -> Snapshot:
        names = (term.decode("utf-8") for term in searcher.reader().lexicon("source"))
        records = query.Not(query.Term("kind", ARTICLE))
        return cls(
            searcher,
            QueryBuilder(searcher.schema, names),
            frozenset(searcher.docs_for_query(records)),
        )


def run_search(
    snapshot: Snapshot,
    text: str,
    *,
    date_from: str | date | datetime | None = None,
    date_to: str | date | datetime | None = None,
    sources: Sequence[str] | None = None,
    facets: Sequence[str] = (),
    sort: str = "relevance",
    page: int = 1,
    page_size: int = 20,
    tz: str | tzinfo | None = None,
) -> Results:
    """Search one index; see ``Index.search`` for the meaning of each option."""
    _check_options(facets, sort, page, page_size)
    local = zone(tz)
    searcher = snapshot.searcher
    user_query = snapshot.builder.parse(text, local)
    first = parse_day(date_from, end=False, zone=local)
    last = parse_day(date_to, end=True, zone=local)
    filters: list[query.Query] = []
    if first or last:
        filters.append(date_range(first, last, local))
    if sources:
        filters.append(source_filter(sources))
    restricted = query.And([user_query, *filters]) if filters else user_query
    matching = set(searcher.docs_for_query(restricted)) - snapshot.bookkeeping
    sortedby, reverse = _sorting(sort)
    page_results = (
        searcher.search_page(
            user_query, page, pagelen=page_size, filter=matching, sortedby=sortedby, reverse=reverse
        )
        if matching  # Whoosh reads an empty filter as no filter at all
        else None
    )
    marks = patterns(user_query, searcher.reader(), "body")
    hits = []
    for hit in page_results if page_results and page_results.pagenum == page else ():
        body = hit.get("body", "")
        shown, spans = snippet(body, find_spans(body, marks))
        hits.append(
            Hit(
                id=hit["id"],
                title=hit.get("title", ""),
                date=from_iso(hit.get("date")),
                source=hit.get("source", ""),
                url=hit.get("url", ""),
                score=hit.score if sort == "relevance" else None,
                snippet=shown,
                highlights=spans,
            )
        )
    return Results(
        query=text,
        total=len(matching),
        hits=hits,
        facets=count_facets(searcher, matching, facets, local),
        page=page,
        page_size=page_size,
        sort=sort,
    )
