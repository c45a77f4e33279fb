"""Relevance scores of every match at once, from whole posting lists.

Whoosh scores matches one at a time through a tree of matchers, several Python calls per
match and per query word: most of a search's time when a word is common. The queries
searches mostly ask (words, phrases, their AND, OR and NOT) are scored here instead, a word's
whole posting list at a time, with exactly the weighting model's word scores and Whoosh's way
of adding scores up (an OR sums the scores of its parts that match, an AND all of them, a
phrase those of its words; a NOT inside an AND adds 1, an AND NOT nothing). Any other query
is left to Whoosh: :func:`best` returns None.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Callable, Collection
from itertools import compress, repeat
from typing import Protocol

from whoosh import query
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from searcher.engine import compat
from searcher.engine.columns import reader_cached
from searcher.engine.plans import Scores, plan_of, scorable
from searcher.engine.postings import Postings

#: A word's score in one field for a posting's weight and its field's length.
WordScore = Callable[[float, int], float]


class Weighting(Protocol):
    """A weighting model that scores a word by its postings alone (BM25 and its kin)."""

    def word_score(self, searcher: Searcher, fieldname: str, text: bytes) -> WordScore: ...


_LENGTHS = [byte_to_length(n) for n in range(256)]


def best(
    searcher: Searcher,
    q: query.Query,
    allowed: Collection[int],
    limit: int | None,
    weighting: Weighting,
    postings: Postings,
) -> list[tuple[int, float]] | None:
    """``(docnum, score)`` of the best ``limit`` (None: all) of the ``allowed`` matches of
    ``q``, best first (ties: lower docnum first), scored by ``weighting``; None if Whoosh
    must score them."""
    if not scorable(q):
        return None
    context = _Context(searcher, weighting, postings)
    ordered = sorted(allowed)
    scores: list[float] = []
    for leaf, offset in searcher.leaf_searchers():
        start = bisect_left(ordered, offset)
        end = bisect_left(ordered, offset + leaf.doc_count_all(), start)
        if start == end:
            continue
        found = context.scores(leaf, q)
        local = map(offset.__rsub__, ordered[start:end]) if offset else ordered[start:end]
        scores += map(found.__getitem__, local)  # every match has a score
    if limit and limit < len(scores):  # the scores that reach the best ``limit``, ties too
        cut = heapq.nlargest(limit, scores)[-1]
        places = list(compress(range(len(scores)), map(cut.__le__, scores)))
    else:
        places = range(len(scores))
    # Sorting is stable, and the matches are in document order: ties keep it.
    top = sorted(places, key=scores.__getitem__, reverse=True)[:limit]
    return [(ordered[n], scores[n]) for n in top]


class _Context:
    """What scoring one query over a snapshot needs: collection statistics per word."""

    def __init__(self, searcher: Searcher, weighting: Weighting, postings: Postings) -> None:
        self.searcher, self.model, self.postings = searcher, weighting, postings
        self._tables: dict[tuple[str, bytes], _Table] = {}

    def scores(self, leaf: Searcher, q: query.Query) -> Scores:
        """The scores of the documents of ``leaf`` that ``q`` matches (deleted ones too)."""
        found = plan_of(q).scores(self, leaf, q, self.postings)
        if q.boost != 1:
            found = {doc: score * q.boost for doc, score in found.items()}
        return found

    def term_scores(
        self, reader: IndexReader, fieldname: str, text: object, only: set[int] | None = None
    ) -> Scores:
        """A word's scores in the documents that hold it (of ``only``, if given)."""
        if fieldname not in reader.schema:
            return {}
        field = reader.schema[fieldname]
        key = field.to_bytes(text)
        found = self.postings.get(reader, fieldname, key)
        if found is None:
            return {}
        ids, weights = found.ids, found.weights
        if only is not None:
            keep = list(map(only.__contains__, ids))
            ids = list(compress(ids, keep))
            weights = None if weights is None else list(compress(weights, keep))
        if not field.scorable:  # Whoosh's WeightScorer: the posting's weight
            return dict(zip(ids, weights or [1.0] * len(ids), strict=True))
        table = self._table(fieldname, key)
        lengths = map(_field_lengths(reader, fieldname).__getitem__, ids)
        pairs = zip(repeat(1.0) if weights is None else weights, lengths, strict=False)
        return dict(zip(ids, map(table.__getitem__, pairs), strict=True))  # C, but new pairs

    def _table(self, fieldname: str, key: bytes) -> _Table:
        """The word's scores by weight and length byte, filled in as they are met."""
        table = self._tables.get((fieldname, key))
        if table is None:
            word = self.model.word_score(self.searcher, fieldname, key)
            table = self._tables[fieldname, key] = _Table(word)
        return table


class _Table(dict):
    """A word's score for each ``(weight, length byte)`` of a posting, by the model's own
    ``WordScore``: a posting costs a dictionary lookup, and the formula runs once per pair met."""

    def __init__(self, word: WordScore) -> None:
        super().__init__()
        self.word = word

    def __missing__(self, pair: tuple[float, int]) -> float:
        weight, length = pair
        score = self[pair] = self.word(weight, _LENGTHS[length])
        return score


def _field_lengths(reader: IndexReader, fieldname: str) -> bytes:
    """Each document's length byte for ``fieldname`` (Whoosh's one-byte approximation),
    read once per segment."""

    def read() -> bytes:
        count = reader.doc_count_all()
        stored = compat.length_bytes(reader, fieldname)
        return stored + bytes(count - len(stored))

    return reader_cached(reader, ("lengths", fieldname), read)
