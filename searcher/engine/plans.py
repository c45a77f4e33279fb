"""A query's matches as a set of document numbers, read in bulk.

A search needs every match (for its total and facets), not only the best page. Whoosh finds
them through its matchers, a Python call or three per document and per query word. Here the
common shapes (words, phrases, their OR, AND and NOT, column ranges, everything) become set
operations on whole posting lists (:mod:`searcher.engine.postings`), in C; a phrase reads the
positions of only the documents that hold all its words. Any other query (a wildcard, a
phrase with slop) is asked of Whoosh, as a part of the whole.
"""

from __future__ import annotations

from typing import Any, TypeVar

from whoosh import query
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from searcher.engine.postings import PLACE_BITS, Postings, TermPostings

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
    return set(q.docs(leaf))  # ColumnRange reads its column; anything else asks Whoosh


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
