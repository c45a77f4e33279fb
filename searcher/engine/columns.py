"""Whole columns, read in bulk once per reader, and ranges over a sorted column.

Columns are read whole, once per reader, so counting facets over 10,000 matches is a lookup
per match in a list; ``ColumnRange`` (a date filter, say) is two binary searches in a
numeric column sorted once per reader.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar
from weakref import WeakKeyDictionary

from whoosh import matching, query
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

T = TypeVar("T")

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


#: The value a numeric column holds where a document has none: it sorts after every value.
MISSING = 2**63 - 1


class ColumnRange(query.Query):
    """Documents whose value in the numeric column ``fieldname`` lies from ``start`` to
    ``end`` (inclusive; None is open).

    Read from the column, which each reader sorts once (``_in_order``): two binary
    searches and a slice, where a numeric range of terms expands to dozens of terms and
    reads their postings. Documents without a value (``MISSING``) are never in range.
    Scores a constant, as Whoosh's ranges do.
    """

    def __init__(
        self, fieldname: str, start: int | None, end: int | None, boost: float = 1.0
    ) -> None:
        self.fieldname, self.start, self.end, self.boost = fieldname, start, end, boost

    def _key(self) -> tuple:
        return self.fieldname, self.start, self.end, self.boost

    def __eq__(self, other: object) -> bool:
        return type(other) is ColumnRange and self._key() == other._key()

    def __hash__(self) -> int:
        return hash((ColumnRange, *self._key()))

    def __repr__(self) -> str:
        return f"ColumnRange({self.fieldname!r}, {self.start!r}, {self.end!r})"

    def __str__(self) -> str:
        start, end = ("" if n is None else n for n in (self.start, self.end))
        return f"{self.fieldname}:[{start} TO {end}]"

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
        values, docnums = _in_order(reader, self.fieldname)
        low = 0 if self.start is None else bisect_left(values, self.start)
        end = MISSING - 1 if self.end is None else min(self.end, MISSING - 1)
        return sorted(docnums[low : bisect_right(values, end, low)])


def _in_order(reader, name: str) -> tuple[array, array]:
    """A reader's values of a numeric column in order, and the document numbers in the
    same order; deleted documents left out (the column still holds their values)."""

    def ordered() -> tuple[array, array]:
        values = _values(reader, name)
        order = sorted(reader.all_doc_ids(), key=values.__getitem__)
        return array("q", [values[n] for n in order]), array("L", order)

    return reader_cached(reader, ("in order", name), ordered)


def largest(reader, name: str) -> int | None:
    """The largest value of a numeric column (``MISSING`` aside), if any."""
    values, _ = _in_order(reader, name)
    end = bisect_left(values, MISSING)
    return values[end - 1] if end else None
