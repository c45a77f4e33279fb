"""A query's matches as a set of document numbers, and whole columns, read in bulk.

A search needs every match (for its total and facets), not only the best page. Whoosh finds
them through its matchers, a Python call or three per document and per query word. Here the
common shapes (words, their OR, AND and NOT, date ranges, everything) become set operations
on whole posting blocks, in C; any other query (a phrase, a wildcard) is asked of Whoosh, as
a part of the whole. Columns are read whole, once per reader, so counting facets over 10,000
matches is a lookup per match in a list.
"""

from __future__ import annotations

from itertools import accumulate
from typing import Any
from weakref import WeakKeyDictionary

from whoosh import query
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import wrappers
from whoosh.searching import Searcher

from searcher.query import StampRange


def matching_docs(searcher: Searcher, q: query.Query) -> set[int]:
    """Every document ``q`` matches, numbered as in ``searcher``, deleted ones left out."""
    found: set[int] = set()
    for leaf, offset in searcher.leaf_searchers():
        docs = _docs(leaf, q)
        found.update(docs if not offset else (offset + n for n in docs))
    return found


def _docs(leaf: Searcher, q: query.Query) -> set[int]:
    kind = type(q)
    if kind is query.Term:
        return _term_docs(leaf, q.fieldname, q.text)
    if kind is query.Or and not q.minmatch:
        return set().union(*(_docs(leaf, child) for child in q.subqueries))
    if kind is query.And:
        parts = sorted((_docs(leaf, child) for child in q.subqueries), key=len)
        return parts[0].intersection(*parts[1:]) if parts else set()
    if kind is query.AndNot:
        return _docs(leaf, q.a) - _docs(leaf, q.b)
    if kind is query.Not:
        return _all_docs(leaf) - _docs(leaf, q.query)
    if kind is query.Every and not q.fieldname:
        return _all_docs(leaf)
    if kind is StampRange:
        return set(q.docs(leaf))
    return set(q.docs(leaf))


def _all_docs(leaf: Searcher) -> set[int]:
    reader = leaf.reader()
    return set(range(reader.doc_count_all())) - reader.deleted_docs_set


def _term_docs(leaf: Searcher, fieldname: str, text: Any) -> set[int]:
    reader = leaf.reader()
    if fieldname not in reader.schema:
        return set()
    key = reader.schema[fieldname].to_bytes(text)
    if (fieldname, key) not in reader:
        return set()
    matcher = reader.postings(fieldname, key)
    deleted = None
    if isinstance(matcher, wrappers.FilterMatcher):  # the segment has deletions
        matcher, deleted = matcher.child, reader.deleted_docs_set
    if type(matcher) is not W3LeafMatcher:
        docs = set(matcher.all_ids())
    else:
        docs = set()
        while not matcher._atend:  # a block at a time: the ids are stored as gaps
            if matcher._data is None:
                matcher._read_data()
            docs.update(accumulate(matcher._data[0]))
            matcher._next_block()
    return docs - deleted if deleted else docs


_columns: WeakKeyDictionary = WeakKeyDictionary()


def column_values(searcher: Searcher, name: str) -> list:
    """A column's value for every document of ``searcher``, read once per reader."""
    per_reader = _columns.setdefault(searcher.reader(), {})
    values = per_reader.get(name)
    if values is None:
        values = per_reader[name] = []
        for leaf, _ in searcher.leaf_searchers():  # in document order
            reader = leaf.reader()
            column, count = reader.column_reader(name), reader.doc_count_all()
            part = list(column)
            # A segment without the column iterates as empty but answers each document.
            values += part if len(part) == count else [column[n] for n in range(count)]
    return values
