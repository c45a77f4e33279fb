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

from bisect import bisect_left
from collections.abc import Callable, Collection, Sequence
from typing import Protocol

from whoosh import query
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from searcher.engine import compat
from searcher.engine.columns import reader_cached
from searcher.engine.forms import LENGTHS, Docs, Scores
from searcher.engine.plans import plan_of, scorable
from searcher.engine.postings import Postings

#: A word's score in one field for a posting's weight and its field's length. Arithmetic
#: alone, so that numpy arrays of weights and lengths go through it at once, as numbers do.
WordScore = Callable[[float, int], float]


class Weighting(Protocol):
    """A weighting model that scores a word by its postings alone (BM25 and its kin)."""

    def word_score(self, searcher: Searcher, fieldname: str, text: bytes) -> WordScore: ...


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
    parts: list[Sequence[float]] = []
    for leaf, offset in searcher.leaf_searchers():
        start = bisect_left(ordered, offset)
        end = bisect_left(ordered, offset + leaf.doc_count_all(), start)
        if start < end:  # every match has a score
            parts.append(context.scores(leaf, q).at(ordered[start:end], offset))
    return [(ordered[n], score) for n, score in context.form.best(parts, limit)]


class _Context:
    """What scoring one query over a snapshot needs: collection statistics per word, and
    the form its matches were found in (``engine.forms``)."""

    def __init__(self, searcher: Searcher, weighting: Weighting, postings: Postings) -> None:
        self.searcher, self.model, self.postings = searcher, weighting, postings
        self.form = postings.form
        self._tables: dict[tuple[str, bytes], _Table] = {}

    def scores(self, leaf: Searcher, q: query.Query) -> Scores:
        """The scores of the documents of ``leaf`` that ``q`` matches (deleted ones too)."""
        found = plan_of(q).scores(self, leaf, q, self.postings)
        return found if q.boost == 1 else found.scaled(q.boost)

    def term_scores(
        self, reader: IndexReader, fieldname: str, text: object, only: Docs | None = None
    ) -> Scores:
        """A word's scores in the documents that hold it (of ``only``, if given)."""
        size = reader.doc_count_all()
        if fieldname not in reader.schema:
            return self._nothing(size)
        field = reader.schema[fieldname]
        key = field.to_bytes(text)
        found = self.postings.get(reader, fieldname, key)
        if found is None:
            return self._nothing(size)
        # Whoosh's WeightScorer scores an unscorable field by the posting's weight.
        table = self._table(fieldname, key) if field.scorable else None
        lengths = _field_lengths(reader, fieldname)
        return self.form.term(found.ids, found.weights, lengths, table, size, only)

    def constant(self, leaf: Searcher, docs: Docs) -> Scores:
        return self.form.constant(docs, leaf.doc_count_all())

    def _nothing(self, size: int) -> Scores:
        return self.form.constant(self.form.docs((), size), size)

    def sum(self, leaf: Searcher, parts: Sequence[Scores]) -> Scores:
        return self.form.sum(parts, leaf.doc_count_all())

    def common(self, leaf: Searcher, parts: Sequence[Scores]) -> Scores:
        return self.form.common(parts, leaf.doc_count_all())

    def _table(self, fieldname: str, key: bytes) -> _Table:
        """The word's scores by weight and length byte, filled in as they are met."""
        table = self._tables.get((fieldname, key))
        if table is None:
            word = self.model.word_score(self.searcher, fieldname, key)
            table = self._tables[fieldname, key] = _Table(word)
        return table


class _Table(dict):
    """A word's score for each ``(weight, length byte)`` of a posting, by the model's own
    ``WordScore``: a posting costs a lookup, and the formula runs once per pair met."""

    def __init__(self, word: WordScore) -> None:
        super().__init__()
        self.word = word

    def __missing__(self, pair: tuple[float, int]) -> float:
        weight, length = pair
        score = self[pair] = self.word(weight, LENGTHS[length])
        return score


def _field_lengths(reader: IndexReader, fieldname: str) -> bytes:
    """Each document's length byte for ``fieldname`` (Whoosh's one-byte approximation),
    read once per segment."""

    def read() -> bytes:
        count = reader.doc_count_all()
        stored = compat.length_bytes(reader, fieldname)
        return stored + bytes(count - len(stored))

    return reader_cached(reader, ("lengths", fieldname), read)
