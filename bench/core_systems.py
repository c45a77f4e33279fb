"""The systems ``bench.core`` compares, behind one interface.

Each system indexes a list of records files (``build_*``, run by bench.core in a fresh child
process, so its time and memory are its own) and answers the same query shapes (``*Engine``).
Searcher reads the files itself; the naive Whoosh recipe, SQLite FTS5 and tantivy (the high
anchor: Rust, through its Python binding) are fed the articles
that ``searcher.ingest.parse`` makes of the same files, ids already seen dropped as the updater
drops them, so all of them index identical records. Their parse time is measured apart and left
out of their indexing time: the comparison is with what they index, not with our parser.

Competitors answer a search as a results page would show it: the total and the id, title,
date and source of the first 20 hits (searcher's page also builds snippets).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from whoosh import index as whoosh_index
from whoosh import query
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import DATETIME, ID, TEXT, Schema
from whoosh.qparser import MultifieldParser
from whoosh.searching import Results
from whoosh.sorting import DateRangeFacet, FieldFacet
from whoosh.support.relativedelta import relativedelta

from bench.common import Clock
from searcher import Filters, Index, ingest
from searcher.article import Article

#: Hits on a results page, for all three systems.
PAGE = 20


class Shape(StrEnum):
    """The query shapes timed on every system."""

    TERM = "term"
    AND = "two-term AND"
    PHRASE = "phrase"
    DATES = "term + date range"
    FACETS = "term + source, month facets"
    NEWEST = "term, newest first"
    EXPORT = "term, export all"


@dataclass(frozen=True)
class Words:
    """Words and a month that occur in a corpus, to fill the query shapes."""

    term: str
    two_terms: str
    phrase: str
    month: tuple[date, date]  # first and last day, inclusive

    def text(self, shape: Shape) -> str:
        """The query text of a shape, in the syntax all three systems share."""
        return {Shape.AND: self.two_terms, Shape.PHRASE: f'"{self.phrase}"'}.get(shape, self.term)

    def epoch_range(self) -> tuple[int, int]:
        """The month as seconds since the epoch, UTC: its first second, and the next day's."""
        start, end = (datetime.combine(day, datetime.min.time(), UTC) for day in self.month)
        return int(start.timestamp()), int((end + timedelta(days=1)).timestamp())


def searcher_options(shape: Shape, words: Words) -> dict[str, Any]:
    """The ``Index.search`` keyword arguments of a shape (export uses ``Index.export``)."""
    first, last = words.month
    return {
        Shape.DATES: {"filters": Filters(first.isoformat(), last.isoformat())},
        Shape.FACETS: {"facets": ["source", "month"]},
        Shape.NEWEST: {"sort": "newest"},
    }.get(shape, {})


# -- indexing (in a child process) -------------------------------------------------------------


def utc_day(value: date | None) -> date | None:
    """The calendar day (UTC) of an article's date, as searcher's filters and facets see it."""
    return value.astimezone(UTC).date() if isinstance(value, datetime) else value


@dataclass
class Built:
    """What indexing took, measured inside the child that indexed."""

    articles: int
    seconds: float
    #: Time in ``ingest.parse`` for the competitors; None for searcher (its time includes it).
    parse_seconds: float | None
    warnings: int
    #: First and last publication day of the records (the naive month facet needs them).
    span: tuple[date, date] | None


@dataclass
class Records:
    """The articles of records files, parsed file by file so memory holds one file at a time."""

    files: list[str]
    parsing: Clock
    warnings: int = 0
    first: date | None = None
    last: date | None = None

    def __iter__(self) -> Iterator[list[Article]]:
        seen: set[str] = set()
        for name in self.files:
            with self.parsing:
                path = Path(name)
                parsed = ingest.parse(path, ingest.read_bytes(path))
                fresh = []
                for article in parsed.articles:
                    if article.id not in seen:  # the updater keeps the first of an id, too
                        seen.add(article.id)
                        fresh.append(article)
                        self._widen(article.date)
                self.warnings += len(parsed.warnings)
            yield fresh

    def _widen(self, value: date | None) -> None:
        day = utc_day(value)
        if day is not None:
            self.first = min(self.first or day, day)
            self.last = max(self.last or day, day)

    def built(self, articles: int, indexing: Clock) -> Built:
        span = (self.first, self.last) if self.first and self.last else None
        return Built(articles, indexing.seconds, self.parsing.seconds, self.warnings, span)


def build_searcher(path: str, paths: list[str]) -> Built:
    """Create a searcher index and index ``paths`` in one ``update`` (a pool of workers)."""
    with Index.create(path) as idx:
        with Clock() as indexing:
            report = idx.update(paths, workers=None)
        stats = idx.stats()
    span = (stats.first_date, stats.last_date) if stats.first_date and stats.last_date else None
    warnings = len(report.warnings) + len(report.skipped)
    return Built(stats.articles, indexing.seconds, None, warnings, span)


@dataclass
class Updated:
    """What one ``Index.update`` of an existing index did, and how long it took."""

    seconds: float
    files: int  # updated, or added by a rebuild
    articles_added: int


def update_searcher(path: str, paths: list[str], rebuild: bool) -> Updated:
    """Update (or rebuild) an existing searcher index from ``paths``."""
    with Index.open(path) as idx, Clock() as updating:
        report = idx.update(paths, rebuild=rebuild, workers=None)
    files = len(report.added if rebuild else report.updated)
    return Updated(updating.seconds, files, report.articles_added)


def naive_schema() -> Schema:
    """The schema of the issue's naive recipe."""
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=StemmingAnalyzer(), stored=True),
        body=TEXT(analyzer=StemmingAnalyzer(), stored=True),
        source=ID(stored=True),
        date=DATETIME(stored=True),
    )


def naive_datetime(value: date | None) -> datetime | None:
    """Whoosh's DATETIME drops the zone, so times go in as naive UTC and days as midnight."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None)
    return None if value is None else datetime(value.year, value.month, value.day)


def build_naive(path: str, files: list[str]) -> Built:
    """The issue's naive recipe: one writer, ``add_document`` per article, one commit."""
    Path(path).mkdir()
    writer = whoosh_index.create_in(path, naive_schema()).writer()

    def add(article: Article) -> None:
        fields = {"date": naive_datetime(article.date)} if article.date else {}
        writer.add_document(
            id=article.id, title=article.title, body=article.body, source=article.source, **fields
        )

    return one_by_one(files, add, writer.commit)


def one_by_one(
    files: list[str], add: Callable[[Article], None], finish: Callable[[], None]
) -> Built:
    """Index the articles of ``files`` with ``add``, one at a time, then ``finish`` (the
    commit): both timed, parsing apart."""
    records, indexing, count = Records(files, Clock()), Clock(), 0
    for articles in records:
        with indexing:
            for article in articles:
                add(article)
        count += len(articles)
    with indexing:
        finish()
    return records.built(count, indexing)


FTS5_SCHEMA = """
CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='porter unicode61');
CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, source TEXT, ts INTEGER);
"""


def build_fts5(path: str, files: list[str]) -> Built:
    """SQLite FTS5: the text in an fts5 table, filter columns in a plain table, one transaction."""
    db = sqlite3.connect(path)
    db.executescript(FTS5_SCHEMA)
    records, indexing, rowid = Records(files, Clock()), Clock(), 0
    for articles in records:
        with indexing:
            rows = list(enumerate(articles, rowid + 1))
            db.executemany(
                "INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)",
                [(n, article.title, article.body) for n, article in rows],
            )
            db.executemany(
                "INSERT INTO docs VALUES (?, ?, ?, ?)",
                [(n, article.id, article.source, article.timestamp) for n, article in rows],
            )
        rowid += len(articles)
    with indexing:
        db.commit()
    db.close()
    return records.built(rowid, indexing)


#: tantivy's writer: a thread per core, as searcher's workers, and its memory budget.
TANTIVY_THREADS, TANTIVY_HEAP = 2, 512_000_000


def tantivy_schema() -> Any:
    """tantivy's English stemming analyzer on title and body; id, source and date beside."""
    import tantivy

    schema = tantivy.SchemaBuilder()
    schema.add_text_field("id", stored=True, tokenizer_name="raw")
    schema.add_text_field("title", stored=True, tokenizer_name="en_stem")
    schema.add_text_field("body", stored=True, tokenizer_name="en_stem")
    schema.add_text_field("source", stored=True, tokenizer_name="raw", fast=True)
    schema.add_integer_field("ts", stored=True, indexed=True, fast=True)
    return schema.build()


def build_tantivy(path: str, files: list[str]) -> Built:
    """tantivy: one writer (its own threads), a document per article, one commit."""
    import tantivy

    Path(path).mkdir()
    index = tantivy.Index(tantivy_schema(), path=path)
    writer = index.writer(heap_size=TANTIVY_HEAP, num_threads=TANTIVY_THREADS)

    def add(article: Article) -> None:
        dated = {} if article.timestamp is None else {"ts": article.timestamp}
        writer.add_document(
            tantivy.Document(
                id=article.id,
                title=article.title,
                body=article.body,
                source=article.source,
                **dated,
            )
        )

    def finish() -> None:
        writer.commit()
        writer.wait_merging_threads()

    return one_by_one(files, add, finish)


# -- querying (in the parent) -------------------------------------------------------------------


class Engine(Protocol):
    """An open index that answers a query shape with its total number of matches."""

    def run(self, shape: Shape, words: Words) -> int: ...

    def close(self) -> None: ...


class SearcherEngine:
    def __init__(self, path: str, built: Built) -> None:
        self.idx = Index.open(path)

    def run(self, shape: Shape, words: Words) -> int:
        text = words.text(shape)
        if shape is Shape.EXPORT:
            return sum(1 for _ in self.idx.export(text))
        return self.idx.search(text, **searcher_options(shape, words)).total

    def close(self) -> None:
        self.idx.close()


class NaiveEngine:
    """Whoosh as its documentation shows it: a parser over title and body, one searcher."""

    def __init__(self, path: str, built: Built) -> None:
        self.ix = whoosh_index.open_dir(path)
        self.searcher = self.ix.searcher()
        self.parser = MultifieldParser(["title", "body"], self.ix.schema)
        if built.span is None:
            raise ValueError("no dated article: the month facet has no range")
        first, last = built.span
        months = (naive_datetime(first.replace(day=1)), naive_datetime(last + timedelta(days=1)))
        self.groups = {
            "source": FieldFacet("source"),
            "month": DateRangeFacet("date", *months, relativedelta(months=1)),
        }

    def run(self, shape: Shape, words: Words) -> int:
        q = self.parser.parse(words.text(shape))
        if shape is Shape.EXPORT:
            return _read_hits(self.searcher.search(q, limit=None))
        options: dict[str, Any] = {}
        if shape is Shape.DATES:
            first, last = (naive_datetime(day) for day in words.month)
            end = last + timedelta(days=1)
            q = query.And([q, query.DateRange("date", first, end, endexcl=True)])
        elif shape is Shape.FACETS:
            options["groupedby"] = self.groups
        elif shape is Shape.NEWEST:
            options.update(sortedby="date", reverse=True)
        results = self.searcher.search(q, limit=PAGE, **options)
        for name in options.get("groupedby", ()):
            results.groups(name)
        return _read_hits(results)

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()


def _read_hits(results: Results) -> int:
    """Load the stored fields of every hit (Whoosh reads all of them for any one), and
    count all matches, as a results page or an export must."""
    for hit in results:
        hit.fields()
    return len(results)


class Fts5Engine:
    """FTS5 MATCH joined to the plain table for dates and sources; facets by GROUP BY."""

    def __init__(self, path: str, built: Built) -> None:
        self.db = sqlite3.connect(path)

    def run(self, shape: Shape, words: Words) -> int:
        where, params = "fts MATCH ?", [words.text(shape)]
        if shape is Shape.DATES:
            where += " AND d.ts >= ? AND d.ts < ?"
            params += words.epoch_range()
        if shape is Shape.EXPORT:
            columns = "d.id, fts.title, fts.body, d.ts, d.source"
            return len(self.select(columns, where, params, "ORDER BY fts.rank"))
        total = self.select("count(*)", where, params)[0][0]
        order = "d.ts DESC" if shape is Shape.NEWEST else "fts.rank"
        self.select(
            "d.id, fts.title, d.ts, d.source", where, params, f"ORDER BY {order} LIMIT {PAGE}"
        )
        if shape is Shape.FACETS:
            self.select("d.source, count(*)", where, params, "GROUP BY 1")
            month = "strftime('%Y-%m', d.ts, 'unixepoch')"
            self.select(f"{month}, count(*)", where, params, "GROUP BY 1")
        return total

    def select(self, columns: str, where: str, params: list, tail: str = "") -> list[tuple]:
        sql = f"SELECT {columns} FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE {where} {tail}"
        return self.db.execute(sql, params).fetchall()

    def close(self) -> None:
        self.db.close()


@dataclass(frozen=True)
class System:
    """How to build, name and open one system's index."""

    name: str
    build: Callable[[str, list[str]], Built]
    engine: Callable[[str, Built], Engine]
    #: The index's name inside the run's folder (a folder, or SQLite's one file).
    filename: str


class TantivyEngine:
    """tantivy's own query parser over title and body (AND by default, as the others);
    dates as a range of the ``ts`` field; facets as aggregations: source terms, and 30-day
    buckets of ``ts`` (tantivy has no calendar months)."""

    def __init__(self, path: str, built: Built) -> None:
        import tantivy

        self.order = tantivy.Order.Desc
        self.index = tantivy.Index.open(path)
        self.searcher = self.index.searcher()

    def run(self, shape: Shape, words: Words) -> int:
        text = words.text(shape)
        if shape is Shape.DATES:
            start, end = words.epoch_range()
            text = f"({text}) AND ts:[{start} TO {end}}}"
        q = self.index.parse_query(text, ["title", "body"], conjunction_by_default=True)
        if shape is Shape.EXPORT:
            found = self.searcher.search(q, max(self.searcher.num_docs, 1), count=True)
            for _, address in found.hits:
                self.searcher.doc(address)
            return found.count
        options = {"order_by_field": "ts", "order": self.order} if shape is Shape.NEWEST else {}
        found = self.searcher.search(q, PAGE, count=True, **options)
        for _, address in found.hits:
            self.searcher.doc(address)
        if shape is Shape.FACETS:
            months = {"histogram": {"field": "ts", "interval": 30 * 86400}}
            sources = {"terms": {"field": "source", "size": 10_000}}
            self.searcher.aggregate(q, {"source": sources, "month": months})
        return found.count

    def close(self) -> None:
        self.searcher = self.index = None


SEARCHER = System("searcher", build_searcher, SearcherEngine, "searcher")
NAIVE = System("naive Whoosh", build_naive, NaiveEngine, "naive-whoosh")
FTS5 = System("FTS5", build_fts5, Fts5Engine, "fts5.sqlite")
TANTIVY = System("tantivy", build_tantivy, TantivyEngine, "tantivy")
SYSTEMS = (SEARCHER, NAIVE, FTS5, TANTIVY)
