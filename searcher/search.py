"""Running a query: filters, sorting, paging, facets and highlighted snippets → Results.

Facets are counted over every matching article, not the page shown, from the
index's sortable columns: one pass over the matching document numbers.
"""

from __future__ import annotations

import heapq
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from itertools import islice
from typing import Any

from whoosh import collectors, query
from whoosh.index import FileIndex
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from searcher.article import from_iso, iso_date
from searcher.dates import parse_period, zone
from searcher.docsets import UNDATED_TS, column_values, matching_docs, utc_days
from searcher.duplicates import grouping
from searcher.errors import OptionError, QueryError, SearchTimeout
from searcher.highlight import find_spans, patterns, snippet
from searcher.postings import Postings
from searcher.query import QueryBuilder, date_range, describe, source_filter
from searcher.ranking import DEFAULT as DEFAULT_RANKING
from searcher.ranking import Ranking
from searcher.schema import FILE, META, TEXT_FIELDS, TIME
from searcher.scoring import best

SORTS = ("relevance", "newest", "oldest")
FACETS = ("source", "year", "month", "week", "day")
#: The date facets' and trends' name for articles without a date.
UNDATED = "undated"
#: Seconds a search may take before it stops with SearchTimeout.
TIME_LIMIT = 20.0
#: The most index words one wildcard may stand for.
MAX_EXPANSIONS = 5_000
#: ... and all of a query's wildcards together: what one wildcard over title and body could
#: reach. Whoosh builds a matcher per word before the time limit can act, so this bounds it.
MAX_TOTAL_EXPANSIONS = 2 * MAX_EXPANSIONS

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
    #: With collapse: how many other matches are near-copies shown through this hit.
    duplicates: int | None = None

    def to_dict(self) -> dict[str, Any]:
        found = {
            "id": self.id,
            "title": self.title,
            "date": iso_date(self.date),
            "source": self.source,
            "url": self.url,
            "score": None if self.score is None else round(self.score, 4),
            "snippet": self.snippet,
            "highlights": [list(span) for span in self.highlights],
        }
        if self.duplicates is not None:
            found["duplicates"] = self.duplicates
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
        }
        if self.collapsed is not None:
            found["collapsed"] = self.collapsed
        return found


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
    if zone is UTC:
        return map(utc_days(searcher).__getitem__, docnums)
    column = column_values(searcher, "ts")
    stamps = ((n, column[n]) for n in docnums)
    precision = column_values(searcher, "precision")
    offsets: dict[int, int] = {}

    def local(ts: int) -> int:
        hour = ts // 3600
        if hour not in offsets:
            moment = datetime.fromtimestamp(hour * 3600, UTC).astimezone(zone)
            offsets[hour] = int(moment.utcoffset().total_seconds())
        return (ts + offsets[hour]) // 86400

    return (
        None if ts == UNDATED_TS else local(ts) if precision[n] == TIME else ts // 86400
        for n, ts in stamps
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
        counts = Counter(map(column_values(searcher, "source").__getitem__, docnums))
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
    #: What is worked out once over the whole snapshot, on first use (near-duplicate groups).
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def open(cls, ix: FileIndex) -> Snapshot:
        """The latest commit of ``ix``, with every file of its segments open.

        Whoosh opens a segment's columns (stored fields, lengths, dates) on first use, and an
        update deletes the files of the segments it replaces: a search of an older commit
        would find them gone. Held open, they stay readable (POSIX keeps a deleted file for
        its open handles). A commit while the files are being opened may delete some of them
        first; then the new commit is opened instead.
        """
        for _ in range(_OPEN_ATTEMPTS - 1):
            try:
                return cls.of(_held_searcher(ix, current=True))
            except (FileNotFoundError, _Replaced):
                continue
        return cls.of(_held_searcher(ix, current=False))

    @classmethod
    def of(cls, searcher: Searcher) -> Snapshot:
        names = (term.decode("utf-8") for term in searcher.reader().lexicon("source"))
        records = query.Or([query.Term("kind", FILE), query.Term("kind", META)])
        return cls(
            searcher,
            QueryBuilder(searcher.schema, names),
            frozenset(matching_docs(searcher, records)),
        )


_OPEN_ATTEMPTS = 3


class _Replaced(Exception):
    """A commit came while a searcher's files were being opened: some may be gone."""


def _held_searcher(ix: FileIndex, current: bool) -> Searcher:
    """A searcher with its files held; with ``current``, of a commit still the latest once
    they are held (so none was deleted before it could be opened)."""
    searcher = ix.searcher()
    try:
        _hold_files(searcher)
        if current and not searcher.up_to_date():
            raise _Replaced
    except BaseException:
        searcher.close()
        raise
    return searcher


def _hold_files(searcher: Searcher) -> None:
    for leaf, _ in searcher.leaf_searchers():
        reader = leaf.reader()
        perdoc = reader._perdoc
        if reader.doc_count_all():
            if not perdoc.has_column("_stored"):  # Whoosh would read None as the column
                segment = reader.segment().segment_id()
                raise FileNotFoundError(f"the stored fields of segment {segment} are gone")
            reader.stored_fields(0)
            for name in TEXT_FIELDS:
                reader.doc_field_length(0, name)
        for name, fieldtype in reader.schema.items():
            if fieldtype.column_type and reader.has_column(name):
                reader.column_reader(name)
        # Whoosh asks the folder whether a column exists before each read, and takes a deleted
        # file for an empty column (every date the same); the files held answer for themselves.
        held, exists = perdoc._colfiles, perdoc.has_column
        perdoc.has_column = lambda name, held=held, exists=exists: name in held or exists(name)


@dataclass(frozen=True, slots=True)
class Filters:
    """Which articles a search, trend or concordance looks at, and in which time zone.

    ``date_from``/``date_to`` are inclusive calendar days (a month or a year means all of
    it; ``7d`` counts back from today); ``sources`` are exact names; ``tz`` decides which
    calendar day a timed article falls on (default UTC).
    """

    date_from: str | date | datetime | None = None
    date_to: str | date | datetime | None = None
    sources: Sequence[str] | None = ()
    tz: str | tzinfo | None = None

    def __post_init__(self) -> None:
        # Callers pass any sequence or None; a tuple keeps Filters hashable and immutable.
        object.__setattr__(self, "sources", tuple(self.sources or ()))

    @property
    def zone(self) -> tzinfo:
        return zone(self.tz)

    def queries(self) -> list[query.Query]:
        """The Whoosh queries that restrict a search to these filters."""
        local = self.zone
        first = parse_day(self.date_from, end=False, zone=local)
        last = parse_day(self.date_to, end=True, zone=local)
        found = [date_range(first, last, local)] if first or last else []
        if self.sources:
            found.append(source_filter(self.sources))
        return found


#: Every article, days in UTC.
NO_FILTERS = Filters()


def explain(snapshot: Snapshot, text: str, filters: Filters = NO_FILTERS) -> dict[str, Any]:
    """How a query is understood: the Whoosh query, its words, phrases, wildcards, excluded
    parts and date ranges, and the filters with their days resolved."""
    parsed = snapshot.builder.parse(text, filters.zone)
    local = filters.zone
    first = parse_day(filters.date_from, end=False, zone=local)
    last = parse_day(filters.date_to, end=True, zone=local)
    return {
        "query": text,
        "parsed": str(parsed),
        **describe(parsed),
        "filters": {
            "from": iso_date(first),
            "to": iso_date(last),
            "sources": list(filters.sources),
            "time zone": str(local),
        },
    }


@dataclass(frozen=True, slots=True)
class Match:
    """A parsed query and every article it matches under some filters."""

    query: query.Query
    docs: frozenset[int]
    #: ``time.monotonic()`` past which the search gives up.
    deadline: float
    #: The posting lists read to find the matches, which scoring them reuses.
    postings: Postings = field(default_factory=Postings, compare=False, repr=False)


def _check_expansions(q: query.Query, reader: IndexReader, text: str) -> None:
    """Refuse wildcards that expand, alone or together, to so many words that the search
    would crawl."""
    total = 0
    for leaf in q.leaves():
        if isinstance(leaf, query.MultiTerm):
            budget = min(MAX_EXPANSIONS, MAX_TOTAL_EXPANSIONS - total)
            count = sum(1 for _ in islice(leaf._btexts(reader), budget + 1))
            total += count
            if count > budget:
                pattern = _pattern(leaf)
                alone = budget == MAX_EXPANSIONS
                raise QueryError(
                    f"'{pattern}' matches more than {MAX_EXPANSIONS:,} different words"
                    if alone
                    else f"the wildcards up to '{pattern}' match more than "
                    f"{MAX_TOTAL_EXPANSIONS:,} different words together",
                    text,
                    max(0, text.find(pattern)),
                    hint="make the patterns longer, use fewer, or search for the words themselves",
                )


def _pattern(leaf: query.MultiTerm) -> str:
    """A wildcard as written, or a range of words as ``from TO to``."""
    if isinstance(leaf, query.Prefix):
        return f"{leaf.text}*"
    if hasattr(leaf, "text"):
        return str(leaf.text)
    return f"{leaf.start or ''} TO {leaf.end or ''}".strip()


def _timed_out(limit: float) -> SearchTimeout:
    return SearchTimeout(f"the search took longer than {limit:g} seconds and was stopped")


def match(snapshot: Snapshot, text: str, filters: Filters = NO_FILTERS) -> Match:
    """Parse ``text`` and collect the document numbers of every matching article."""
    time_limit = TIME_LIMIT
    deadline = time.monotonic() + time_limit
    user_query = snapshot.builder.parse(text, filters.zone)
    _check_expansions(user_query, snapshot.searcher.reader(), text)
    restrict = filters.queries()
    whole = query.And([user_query, *restrict]) if restrict else user_query
    postings = Postings()
    docs = matching_docs(snapshot.searcher, whole, postings)
    if time.monotonic() > deadline:
        raise _timed_out(time_limit)
    return Match(user_query, frozenset(docs - snapshot.bookkeeping), deadline, postings)


def ranked(
    snapshot: Snapshot,
    found: Match,
    sort: str,
    limit: int | None,
    ranking: Ranking = DEFAULT_RANKING,
) -> list[tuple]:
    """``(docnum, score)`` of the best ``limit`` matches (all with None), in ``sort`` order;
    ``ranking`` scores them when sorting by relevance."""
    if sort != "relevance":
        return [(docnum, None) for docnum in _by_date(snapshot, found.docs, sort, limit)]
    if not found.docs:  # Whoosh reads an empty filter as no filter at all
        return []
    top = best(snapshot.searcher, found.query, found.docs, limit, ranking, found.postings)
    if top is not None:
        return top
    collector = snapshot.searcher.collector(limit=limit)
    within = _Within(collector, found.docs, found.deadline)
    try:
        snapshot.searcher.search_with_collector(
            ranking.query(found.query, snapshot.searcher), within
        )
    except collectors.TimeLimit:
        raise _timed_out(TIME_LIMIT) from None
    return [(docnum, score) for score, docnum in within.results().top_n]


def _by_date(snapshot: Snapshot, docs: Iterable[int], sort: str, limit: int | None) -> list[int]:
    """Matches newest or oldest first, undated ones last (ties: the index's order, reversed
    for newest), from the whole ``ts`` column: no query is run again."""
    stamps = column_values(snapshot.searcher, "ts")
    newest = sort == "newest"

    def key(docnum: int) -> tuple[int, int]:
        stamp = stamps[docnum]  # undated articles hold the largest stamp
        return (-1 if newest and stamp == UNDATED_TS else stamp), docnum

    if limit:
        return (heapq.nlargest if newest else heapq.nsmallest)(limit, docs, key=key)
    return sorted(docs, key=key, reverse=newest)


class _Within(collectors.WrappingCollector):
    """Collects only the allowed documents, and stops at a deadline.

    Whoosh's TimeLimitCollector bypasses a FilterCollector beneath it, and above one it
    never sees the time, so one collector does both.
    """

    def __init__(self, child: collectors.Collector, allow: frozenset[int], deadline: float):
        super().__init__(child)
        self.allow, self.deadline = allow, deadline

    def collect_matches(self) -> None:
        child, allow, offset = self.child, self.allow, self.offset
        for n, sub_docnum in enumerate(child.matches()):
            if not n % 1024 and time.monotonic() > self.deadline:
                raise collectors.TimeLimit
            if offset + sub_docnum in allow:
                child.collect(sub_docnum)


def make_hit(
    snapshot: Snapshot,
    docnum: int,
    score: float | None,
    marks: list,
    duplicates: int | None = None,
) -> Hit:
    """A result-list entry for one document, its snippet marking ``marks``."""
    stored = snapshot.searcher.stored_fields(docnum)
    body = stored.get("body", "")
    shown, spans = snippet(body, find_spans(body, marks))
    return Hit(
        id=stored["id"],
        title=stored.get("title", ""),
        date=from_iso(stored.get("date")),
        source=stored.get("source", ""),
        url=stored.get("url", ""),
        score=score,
        snippet=shown,
        highlights=spans,
        duplicates=duplicates,
    )


def _collapse(
    snapshot: Snapshot, found: Match, sort: str, ranking: Ranking
) -> tuple[Match, dict[int, int]]:
    """``found`` less the near-copies of better-ranked matches, and how many each kept
    match stands for. Only matches with a near-copy among the matches are ranked for it."""
    group_of = grouping(snapshot).group_of
    members: defaultdict[int, list[int]] = defaultdict(list)
    for doc in found.docs:
        if doc in group_of:
            members[group_of[doc]].append(doc)
    grouped = frozenset(doc for docs in members.values() if len(docs) > 1 for doc in docs)
    kept: dict[int, int] = {}
    for doc, _ in ranked(snapshot, replace(found, docs=grouped), sort, None, ranking):
        kept.setdefault(group_of[doc], doc)
    hidden = grouped - set(kept.values())
    copies = {doc: len(members[group]) - 1 for group, doc in kept.items()}
    return replace(found, docs=found.docs - hidden), copies


def run_search(
    snapshot: Snapshot,
    text: str,
    filters: Filters = NO_FILTERS,
    *,
    facets: Sequence[str] = (),
    sort: str = "relevance",
    page: int = 1,
    page_size: int = 20,
    collapse: bool = False,
    ranking: Ranking = DEFAULT_RANKING,
) -> Results:
    """One page of hits with the total and facets; see ``Index.search``."""
    _check_options(facets, sort, page, page_size)
    found = match(snapshot, text, filters)
    shown, copies = _collapse(snapshot, found, sort, ranking) if collapse else (found, None)
    best = ranked(snapshot, shown, sort, page * page_size, ranking)
    marks = patterns(found.query, snapshot.searcher.reader(), "body")
    hits = [
        make_hit(snapshot, n, score, marks, None if copies is None else copies.get(n, 0))
        for n, score in best[(page - 1) * page_size :]
    ]
    return Results(
        query=text,
        total=len(found.docs),
        hits=hits,
        facets=count_facets(snapshot.searcher, found.docs, facets, filters.zone),
        page=page,
        page_size=page_size,
        sort=sort,
        collapsed=None if copies is None else len(found.docs) - len(shown.docs),
    )


#: How many of an article's most telling words look for articles like it.
LIKE_TERMS = 12


def more_like(snapshot: Snapshot, docnum: int, limit: int = 10) -> Results:
    """Articles like one: its most telling words (Whoosh's Bo1 model over its title and
    body) searched together, weighted; the article itself and the updater's records left
    out. ``query`` is the article's id and ``total`` the number of hits."""
    _check_options((), "relevance", 1, limit)
    searcher = snapshot.searcher
    stored = searcher.stored_fields(docnum)
    text = f"{stored.get('title', '')}\n{stored.get('body', '')}"
    terms = searcher.key_terms_from_text("body", text, numterms=LIKE_TERMS)
    like = query.Or([query.Term("body", word, boost=weight) for word, weight in terms])
    found = searcher.search(like, limit=limit, mask={docnum, *snapshot.bookkeeping})
    marks = patterns(like, searcher.reader(), "body")
    hits = [make_hit(snapshot, hit.docnum, hit.score, marks) for hit in found]
    return Results(query=stored["id"], total=len(hits), hits=hits, page_size=limit)


@dataclass(slots=True)
class HitStream:
    """Every hit of a search, built one at a time as ``hits`` is consumed."""

    query: str
    total: int
    hits: Iterator[Hit]

    def __iter__(self) -> Iterator[Hit]:
        return self.hits


def stream_hits(
    snapshot: Snapshot,
    text: str,
    filters: Filters = NO_FILTERS,
    sort: str = "relevance",
    ranking: Ranking = DEFAULT_RANKING,
) -> HitStream:
    """All hits, best or newest first, for exports that must neither page nor fill memory."""
    _check_options((), sort, 1, 1)
    found = match(snapshot, text, filters)
    marks = patterns(found.query, snapshot.searcher.reader(), "body")
    order = ranked(snapshot, found, sort, None, ranking)
    hits = (make_hit(snapshot, docnum, score, marks) for docnum, score in order)
    return HitStream(text, len(found.docs), hits)
