"""The two forms a search keeps one segment's matches and scores in.

A search of few postings keeps a segment's matches as a set and their scores as a dict:
nothing is done per document of the segment and nothing is imported. A search of many keeps
them as numpy arrays over the whole segment (a flag, and a score, per document), its posting
lists decoded as arrays too: reading a list, combining lists, adding scores up and picking
the best are single C loops, and a posting costs nanoseconds, not a Python number. numpy is
imported only then, so a cold search of a small archive never pays for it. Which form a
search takes is decided once, before it reads (:func:`form_for`), from how many postings
its words have.

Both forms match and add scores up as Whoosh does (an OR sums its parts that match, an AND
all of them); ``tests/engine/test_scoring.py`` holds both equal to Whoosh's own scores.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Collection, Iterable, Sequence
from functools import cache
from itertools import accumulate, chain, compress, repeat
from typing import TYPE_CHECKING, Any, Protocol

from whoosh.util.numeric import byte_to_length

if TYPE_CHECKING:
    import numpy as np

#: Postings a search's words must have for it to keep its matches and scores as arrays.
DENSE_FROM = 10_000

#: A segment's matches of a query part: a set of document numbers, or a flag per document.
Docs = Any
#: Positions below 2**32 in a document, so ``doc << PLACE_BITS | position`` is unique.
PLACE_BITS = 32
#: Whoosh's field length for each length byte (its one-byte approximation).
LENGTHS = [byte_to_length(n) for n in range(256)]


class WordTable(Protocol):
    """A word's scores: by ``(weight, length byte)`` pair, kept as they are met, and its
    formula, which takes numpy arrays of weights and lengths as it takes numbers."""

    word: Callable[[Any, Any], Any]

    def __getitem__(self, pair: tuple[float, int]) -> float: ...


class Scores(Protocol):
    """A query part's matches in one segment (numbered within it), with their scores."""

    def without(self, docs: Docs) -> Scores:
        """These matches but ``docs``."""
        ...

    def within(self, docs: Docs) -> Scores:
        """These matches that are in ``docs``."""
        ...

    def scaled(self, factor: float) -> Scores: ...

    def shifted(self, amount: float) -> Scores:
        """Every match's score with ``amount`` added."""
        ...

    def at(self, docs: Sequence[int], offset: int) -> Sequence[float]:
        """The scores of ``docs`` (numbered from ``offset``), every one a match."""
        ...


class Form(Protocol):
    """How one search keeps its matches and scores: what builds, combines and ranks them.

    ``size`` is always the segment's document count, deleted documents included.
    """

    def ids(self, gaps: Sequence[Sequence[int]]) -> Sequence[int]:
        """A posting list's document numbers from its blocks' gaps (each block's first
        number given whole)."""
        ...

    def weights(self, blocks: Sequence[Any], counts: Sequence[int]) -> Sequence[float] | None:
        """A posting list's weights from its blocks' (Whoosh's ``None`` for all 1, one
        number when all agree, or every weight); None if every weight is 1."""
        ...

    def docs(self, ids: Iterable[int], size: int) -> Docs: ...

    def any_of(self, parts: Sequence[Docs], size: int) -> Docs: ...

    def all_of(self, parts: Sequence[Docs], size: int) -> Docs: ...

    def but(self, docs: Docs, excluded: Collection[int] | Docs) -> Docs:
        """``docs`` without ``excluded`` (a set of document numbers, or of this form)."""
        ...

    def numbers(self, docs: Docs, offset: int = 0) -> Collection[int]:
        """The document numbers in ``docs`` as Python numbers, ``offset`` added (the
        segment's first number in the whole index)."""
        ...

    def phrase(self, words: Sequence[Any], docs: Docs, size: int) -> Docs:
        """Those of ``docs`` where ``words`` (``TermPostings``, in order) stand at
        consecutive positions: the phrase starts where the first word is, the second one
        place on, and so on."""
        ...

    def term(
        self,
        ids: Sequence[int],
        weights: Sequence[float] | None,
        lengths: bytes,
        table: WordTable | None,
        size: int,
        only: Docs | None,
    ) -> Scores:
        """A word's matches, scored by ``table`` from each posting's weight and its
        document's length byte in ``lengths`` (None: the weight is the score), kept to
        ``only`` if given."""
        ...

    def constant(self, docs: Docs, size: int) -> Scores:
        """``docs``, each scoring 1."""
        ...

    def sum(self, parts: Sequence[Scores], size: int) -> Scores:
        """Every part's matches, each with the scores of the parts that hold it added up."""
        ...

    def common(self, parts: Sequence[Scores], size: int) -> Scores:
        """The matches every part holds, their scores added up."""
        ...

    def best(self, parts: Sequence[Sequence[float]], limit: int | None) -> list[tuple[int, float]]:
        """``(place, score)`` of the best ``limit`` (None: all) of the scores ``parts`` give
        one after the other, best first, ties in the order given (document order)."""
        ...


class DictScores(dict):
    """Few matches: a dict of document to score."""

    def without(self, docs):
        if not docs:
            return self
        return DictScores((d, s) for d, s in self.items() if d not in docs)

    def within(self, docs):
        return DictScores((d, s) for d, s in self.items() if d in docs)

    def scaled(self, factor):
        return DictScores(zip(self, map(float(factor).__mul__, self.values()), strict=True))

    def shifted(self, amount):
        return DictScores(zip(self, map(float(amount).__add__, self.values()), strict=True))

    def at(self, docs, offset):
        return list(map(self.__getitem__, map(offset.__rsub__, docs) if offset else docs))


class _Sets:
    """Sets of document numbers, dicts of scores, lists of postings."""

    def ids(self, gaps):
        return list(chain.from_iterable(map(accumulate, gaps)))

    def weights(self, blocks, counts):
        if all(block is None for block in blocks):
            return None
        found: list[float] = []
        for block, count in zip(blocks, counts, strict=True):
            if block is None or isinstance(block, float):
                found += repeat(1.0 if block is None else block, count)
            else:
                found += block
        return found

    def docs(self, ids, size):
        return set(ids)

    def any_of(self, parts, size):
        return set().union(*parts)

    def all_of(self, parts, size):
        parts = sorted(parts, key=len)
        return parts[0].intersection(*parts[1:]) if parts else set()

    def but(self, docs, excluded):
        return docs - excluded if excluded else docs

    def numbers(self, docs, offset=0):
        return list(map(offset.__add__, docs)) if offset else docs

    def phrase(self, words, docs, size):
        starts = set(words[0].placed(docs))
        for shift, found in enumerate(words[1:], 1):
            if not starts:
                break
            starts.intersection_update(map((-shift).__add__, found.placed(docs)))
        return set(map(PLACE_BITS.__rrshift__, starts))

    def term(self, ids, weights, lengths, table, size, only):
        if only is not None:
            keep = list(map(only.__contains__, ids))
            ids = list(compress(ids, keep))
            weights = None if weights is None else list(compress(weights, keep))
        if table is None:
            return DictScores(zip(ids, weights or repeat(1.0, len(ids)), strict=True))
        weights = repeat(1.0) if weights is None else weights
        pairs = zip(weights, map(lengths.__getitem__, ids), strict=False)
        return DictScores(zip(ids, map(table.__getitem__, pairs), strict=False))

    def constant(self, docs, size):
        return DictScores(dict.fromkeys(docs, 1.0))

    def sum(self, parts, size):
        parts = sorted(parts, key=len, reverse=True)
        if not parts:
            return DictScores()
        total = DictScores(parts[0])
        get = total.get
        for part in parts[1:]:
            for doc, score in part.items():
                total[doc] = get(doc, 0.0) + score
        return total

    def common(self, parts, size):
        if not parts:
            return DictScores()
        smallest = min(parts, key=len)
        others = [part for part in parts if part is not smallest]
        found = DictScores()
        for doc, score in smallest.items():
            for part in others:
                other = part.get(doc)
                if other is None:
                    break
                score += other
            else:
                found[doc] = score
        return found

    def best(self, parts, limit):
        scores = list(chain.from_iterable(parts))
        if limit and limit < len(scores):  # the scores that reach the best ``limit``, ties too
            cut = heapq.nlargest(limit, scores)[-1]
            places: Iterable[int] = compress(range(len(scores)), map(cut.__le__, scores))
        else:
            places = range(len(scores))
        # Sorting is stable, and the places are in the order given: ties keep it.
        top = sorted(places, key=scores.__getitem__, reverse=True)[:limit]
        return [(n, scores[n]) for n in top]


class ArrayScores:
    """Many matches: a flag and a score (0 where not matched) for every document."""

    __slots__ = ("matched", "values")

    def __init__(self, matched: np.ndarray, values: np.ndarray) -> None:
        self.matched, self.values = matched, values

    def without(self, docs):
        import numpy as np

        matched = self.matched & ~docs
        return ArrayScores(matched, np.where(matched, self.values, 0.0))

    def within(self, docs):
        import numpy as np

        matched = self.matched & docs
        return ArrayScores(matched, np.where(matched, self.values, 0.0))

    def scaled(self, factor):
        return ArrayScores(self.matched, self.values * factor)

    def shifted(self, amount):
        import numpy as np

        return ArrayScores(self.matched, np.where(self.matched, self.values + float(amount), 0.0))

    def at(self, docs, offset):
        import numpy as np

        places = np.asarray(docs, np.int64)
        return self.values[places - offset if offset else places]


class _Arrays:
    """A flag per document for matches, arrays of scores, arrays of postings."""

    def ids(self, gaps):
        import numpy as np

        if not gaps:
            return np.zeros(0, np.int64)
        return np.concatenate([np.cumsum(np.asarray(block), dtype=np.int64) for block in gaps])

    def weights(self, blocks, counts):
        import numpy as np

        if all(block is None for block in blocks):
            return None
        return np.concatenate(
            [
                np.full(count, 1.0 if block is None else block)
                if block is None or isinstance(block, float)
                else np.asarray(block, np.float64)
                for block, count in zip(blocks, counts, strict=True)
            ]
        )

    def docs(self, ids, size):
        import numpy as np

        found = np.zeros(size, bool)
        found[ids if isinstance(ids, np.ndarray) else np.fromiter(ids, np.int64)] = True
        return found

    def any_of(self, parts, size):
        import numpy as np

        found = np.zeros(size, bool)
        for part in parts:
            found |= part
        return found

    def all_of(self, parts, size):
        import numpy as np

        found = np.ones(size, bool) if parts else np.zeros(size, bool)
        for part in parts:
            found &= part
        return found

    def but(self, docs, excluded):
        import numpy as np

        if not isinstance(excluded, np.ndarray):  # a set: the deleted documents
            if not excluded:
                return docs
            excluded = self.docs(excluded, len(docs))
        return docs & ~excluded

    def numbers(self, docs, offset=0):
        import numpy as np

        found = np.flatnonzero(docs)
        return (found + offset if offset else found).tolist()

    def phrase(self, words, docs, size):
        import numpy as np

        starts = words[0].placed_array(docs)
        for shift, found in enumerate(words[1:], 1):
            if not len(starts):
                break
            starts = np.intersect1d(starts, found.placed_array(docs) - shift, assume_unique=True)
        return self.docs(np.unique(starts >> PLACE_BITS), size)

    def term(self, ids, weights, lengths, table, size, only):
        import numpy as np

        places = np.asarray(ids, np.int64)
        found = np.ones(len(ids)) if weights is None else np.asarray(weights, np.float64)
        if table is not None:
            found = table.word(found, _length_array()[np.frombuffer(lengths, np.uint8)[places]])
        matched = np.zeros(size, bool)
        matched[places] = True
        values = np.zeros(size)
        values[places] = found
        scores = ArrayScores(matched, values)
        return scores if only is None else scores.within(only)

    def constant(self, docs, size):
        import numpy as np

        return ArrayScores(docs, docs.astype(np.float64))

    def sum(self, parts, size):
        import numpy as np

        matched, values = np.zeros(size, bool), np.zeros(size)
        for part in parts:
            matched |= part.matched
            values += part.values
        return ArrayScores(matched, values)

    def common(self, parts, size):
        import numpy as np

        if not parts:
            return self.sum(parts, size)
        matched, values = np.ones(size, bool), np.zeros(size)
        for part in parts:
            matched &= part.matched
            values += part.values
        return ArrayScores(matched, np.where(matched, values, 0.0))

    def best(self, parts, limit):
        import numpy as np

        scores = np.concatenate(parts) if parts else np.zeros(0)
        places = np.arange(len(scores))
        if limit and limit < len(scores):  # the scores that reach the best ``limit``, ties too
            cut = np.partition(scores, len(scores) - limit)[len(scores) - limit]
            places = np.flatnonzero(scores >= cut)
        # By score, best first; ties by place, which is the order given.
        top = places[np.lexsort((places, -scores[places]))][:limit]
        return list(zip(top.tolist(), scores[top].tolist(), strict=True))


@cache
def _length_array() -> np.ndarray:
    import numpy as np

    return np.array(LENGTHS, np.float64)


SETS: Form = _Sets()
ARRAYS: Form = _Arrays()


def form_for(postings: int) -> Form:
    """Arrays for a search whose words have ``DENSE_FROM`` postings or more; sets below."""
    return ARRAYS if postings >= DENSE_FROM else SETS
