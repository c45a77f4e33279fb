"""A query's matches as a set of document numbers, and whole columns, read in bulk.

A search needs every match (for its total and facets), not only the best page. Whoosh finds
them through its matchers, a Python call or three per document and per query word. Here the
common shapes (words, phrases, their OR, AND and NOT, date ranges, everything) become set
operations on whole posting lists (:mod:`searcher.postings`), in C; a phrase reads the
positions of only the documents that hold all its words. Any other query (a wildcard, a
phrase with slop) is asked of Whoosh, as a part of the whole. Columns are read whole, once
per reader, so counting facets over 10,000 matches is a lookup per match in a list;
``StampRange``, the date filter, is two binary searches in the ``ts`` column sorted once
per reader.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from whoosh import matching, query
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from searcher.postings import PLACE_BITS, Postings, TermPostings

T = TypeVar("T")


def matching_docs(searcher: Searcher, q: query.Query, postings: Postings | None = None) -> set[int]:
    """Every document ``q`` matches, numbered as in ``searcher``, deleted ones left out.

    ``postings`` keeps the posting lists read, for a search that scores the matches next.
    """
    postings = Postings() if postings is None else postings
    found: set[int] = set()
    for leaf, offset in searcher.leaf_searchers():
        docs = leaf_docs(leaf, q, postings)
        found.update(map(offset.__add__, docs) if offset else docs)
    return found


def leaf_docs(leaf: Searcher, q: query.Query, postings: Postings) -> set[int]:
    """The documents of one segment's searcher that ``q`` matches, deleted ones left out."""
    reader, kind = leaf.reader(), type(q)
    if kind is query.Term:
        return _term_docs(reader, q.fieldname, q.text, postings)
    if kind is query.Or and not q.minmatch:
        return set().union(*(leaf_docs(leaf, child, postings) for child in q.subqueries))
    if kind is query.And:
        parts = sorted((leaf_docs(leaf, child, postings) for child in q.subqueries), key=len)
        return parts[0].intersection(*parts[1:]) if parts else set()
    if kind is query.AndNot:
        return leaf_docs(leaf, q.a, postings) - leaf_docs(leaf, q.b, postings)
    if kind is query.Not:
        return _all_docs(reader) - leaf_docs(leaf, q.query, postings)
    if kind is query.Every and not q.fieldname:
        return _all_docs(reader)
    if kind is query.Phrase and q.slop == 1 and _has_positions(reader, q.fieldname):
        slot = (id(reader), q)  # a search asks again when it scores the matches
        if slot not in postings.memo:
            postings.memo[slot] = _phrase_docs(reader, q, postings)
        return postings.memo[slot]
    return set(q.docs(leaf))  # StampRange reads its column; anything else asks Whoosh


def _all_docs(reader: IndexReader) -> set[int]:
    return set(range(reader.doc_count_all())) - reader.deleted_docs_set


def _term_docs(reader: IndexReader, fieldname: str, text: Any, postings: Postings) -> set[int]:
    found = _term_postings(reader, fieldname, text, postings)
    if found is None:
        return set()
    return set(found.ids) - reader.deleted_docs_set


def _term_postings(
    reader: IndexReader, fieldname: str, text: Any, postings: Postings
) -> TermPostings | None:
    if fieldname not in reader.schema:
        return None
    return postings.get(reader, fieldname, reader.schema[fieldname].to_bytes(text))


def _has_positions(reader: IndexReader, fieldname: str) -> bool:
    return fieldname in reader.schema and reader.schema[fieldname].format.supports("positions")


def _phrase_docs(reader: IndexReader, q: query.Phrase, postings: Postings) -> set[int]:
    """Documents with the phrase's words at consecutive positions, from the positions of
    only the documents that hold every word."""
    words = [_term_postings(reader, q.fieldname, word, postings) for word in q.words]
    if not words or None in words:
        return set()
    docs = set(words[0].ids).intersection(*(found.ids for found in words[1:]))
    docs -= reader.deleted_docs_set
    if len(words) == 1 or not docs:
        return docs
    # The phrase starts where the first word is, the second one place on, and so on.
    starts = set(words[0].placed(docs))
    for shift, found in enumerate(words[1:], 1):
        if not starts:
            break
        starts.intersection_update(map((-shift).__add__, found.placed(docs)))
    return set(map(PLACE_BITS.__rrshift__, starts))


_per_reader: WeakKeyDictionary = WeakKeyDictionary()


def reader_cached(reader: IndexReader, key: Hashable, make: Callable[[], T]) -> T:
    """``make()`` for ``reader``, worked out once per reader: what searches read whole
    (columns, field lengths, dates in order) is read once for all of them."""
    found = _per_reader.setdefault(reader, {})
    if key not in found:
        found[key] = make()
    return found[key]


def column_values(searcher: Searcher, name: str) -> list:
    """A column's value for every document of ``searcher``, read once per reader."""
    return _values(searcher.reader(), name)


def _values(reader: IndexReader, name: str) -> list:
    return reader_cached(reader, ("column", name), lambda: _read_column(reader, name))


def _read_column(reader: IndexReader, name: str) -> list:
    values = []
    for leaf, _ in reader.leaf_readers():  # in document order
        column, count = leaf.column_reader(name), leaf.doc_count_all()
        part = list(column)
        # A segment without the column iterates as empty but answers each document.
        values += part if len(part) == count else [column[n] for n in range(count)]
    return values


def utc_days(searcher: Searcher) -> list[int | None]:
    """Each document's UTC calendar day as days since 1970-01-01 (None if undated), worked
    out once per reader from the ``ts`` column: date facets count matches by it."""
    reader = searcher.reader()

    def days() -> list[int | None]:
        return [None if ts == UNDATED_TS else ts // 86400 for ts in _values(reader, "ts")]

    return reader_cached(reader, "UTC days", days)


class StampRange(query.Query):
    """Articles whose ``ts`` lies from ``start`` to ``end`` (seconds, inclusive; None is open).

    Read from the ``ts`` column, which each reader sorts once (``_by_stamp``): two binary
    searches and a slice, where a numeric range of terms expands to dozens of terms and
    reads their postings. Undated articles and the index's own records are never in range.
    Scores a constant, as Whoosh's ranges do.
    """

    def __init__(self, start: int | None, end: int | None, boost: float = 1.0) -> None:
        self.start, self.end, self.boost = start, end, boost
        self.fieldname = "ts"

    def __eq__(self, other: object) -> bool:
        return type(other) is StampRange and (self.start, self.end, self.boost) == (
            other.start,
            other.end,
            other.boost,
        )

    def __hash__(self) -> int:
        return hash((StampRange, self.start, self.end, self.boost))

    def __repr__(self) -> str:
        return f"StampRange({self.start!r}, {self.end!r})"

    def __str__(self) -> str:
        start, end = ("" if n is None else n for n in (self.start, self.end))
        return f"ts:[{start} TO {end}]"

    def is_leaf(self) -> bool:
        return True

    def estimate_size(self, reader) -> int:
        return len(self._docs(reader))

    def docs(self, searcher) -> Iterable[int]:
        return iter(self._docs(searcher.reader()))

    def matcher(self, searcher, context=None) -> matching.Matcher:
        docs = self._docs(searcher.reader())
        if not docs:
            return matching.NullMatcher()
        return matching.ListMatcher(docs, all_weights=self.boost)

    def _docs(self, reader) -> list[int]:
        stamps, docnums = _by_stamp(reader)
        low = 0 if self.start is None else bisect_left(stamps, self.start)
        end = UNDATED_TS - 1 if self.end is None else min(self.end, UNDATED_TS - 1)
        return sorted(docnums[low : bisect_right(stamps, end, low)])


#: ``ts`` of undated articles and of records that are not articles: sorts after every date.
UNDATED_TS = 2**63 - 1


def _by_stamp(reader) -> tuple[array, array]:
    """A reader's ``ts`` values in order, and the document numbers in the same order."""

    def ordered() -> tuple[array, array]:
        values = _values(reader, "ts")
        order = sorted(range(len(values)), key=values.__getitem__)
        return array("q", [values[n] for n in order]), array("L", order)

    return reader_cached(reader, "ts in order", ordered)


def newest_stamp(reader) -> int | None:
    """The ``ts`` of the newest dated article, if any."""
    stamps, _ = _by_stamp(reader)
    end = bisect_left(stamps, UNDATED_TS)
    return stamps[end - 1] if end else None
