"""Whole columns, read in bulk once per reader, and ranges over a sorted column.

Columns are read whole, once per reader, so counting facets over 10,000 matches is a lookup
per match in a list; ``StampRange``, the date filter, is two binary searches in the ``ts``
column sorted once per reader.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable, Iterable
from weakref import WeakKeyDictionary

from whoosh import matching, query
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from searcher.engine.plans import T

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
