"""One segment's matches of a query part, each with its score, in one of two forms.

A search that has read few postings keeps them in a dict: nothing is done per document of
the segment and nothing is imported. One that has read many scores them as numpy arrays over
the whole segment (a flag and a score per document), where adding parts up, intersecting them
and picking the best are single C loops: a posting costs nanoseconds, not a dict entry. numpy
is imported only then, so a cold search of a small archive never pays for it.

Both forms add scores up as Whoosh does (an OR sums its parts that match, an AND all of
them); ``tests/engine/test_scoring.py`` holds both equal to Whoosh's own scores.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Collection, Iterable, Sequence
from functools import cache
from itertools import chain, compress, repeat
from typing import TYPE_CHECKING, Any, Protocol

from whoosh.util.numeric import byte_to_length

if TYPE_CHECKING:
    import numpy as np

#: Postings a search must have read for its scores to be kept as arrays.
DENSE_FROM = 10_000


class WordTable(Protocol):
    """A word's scores: by ``(weight, length byte)`` pair, kept as they are met, and its
    formula, which takes numpy arrays of weights and lengths as it takes numbers."""

    word: Callable[[Any, Any], Any]

    def __getitem__(self, pair: tuple[float, int]) -> float: ...


class Scores(Protocol):
    """A query part's matches in one segment (numbered within it), with their scores."""

    def __len__(self) -> int: ...

    def without(self, docs: Collection[int]) -> Scores:
        """These matches but ``docs``."""
        ...

    def within(self, docs: Collection[int]) -> Scores:
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
    """How one search keeps its scores: what builds them and what ranks them."""

    def term(
        self,
        ids: Sequence[int],
        weights: Sequence[float] | None,
        lengths: bytes,
        table: WordTable | None,
        size: int,
        only: Collection[int] | None,
    ) -> Scores:
        """A word's matches, scored by ``table`` from each posting's weight and its
        document's length byte in ``lengths`` (None: the weight is the score), kept to
        ``only`` if given."""
        ...

    def constant(self, docs: Collection[int], size: int) -> Scores:
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


class _DictForm:
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

    def __len__(self) -> int:
        return int(self.matched.sum())

    def without(self, docs):
        if not docs:
            return self
        import numpy as np

        matched = self.matched.copy()
        matched[np.fromiter(docs, np.int64, len(docs))] = False
        return ArrayScores(matched, np.where(matched, self.values, 0.0))

    def within(self, docs):
        import numpy as np

        matched = np.zeros_like(self.matched)
        matched[np.fromiter(docs, np.int64, len(docs))] = True
        matched &= self.matched
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


class _ArrayForm:
    def term(self, ids, weights, lengths, table, size, only):
        import numpy as np

        places = np.asarray(ids, np.int64)
        found = np.ones(len(ids)) if weights is None else np.asarray(weights, np.float64)
        if table is not None:
            found = table.word(found, _lengths()[np.frombuffer(lengths, np.uint8)[places]])
        matched = np.zeros(size, bool)
        matched[places] = True
        values = np.zeros(size)
        values[places] = found
        scores = ArrayScores(matched, values)
        return scores if only is None else scores.within(only)

    def constant(self, docs, size):
        import numpy as np

        matched = np.zeros(size, bool)
        matched[np.fromiter(docs, np.int64, len(docs))] = True
        return ArrayScores(matched, matched.astype(np.float64))

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
def _lengths() -> np.ndarray:
    """Whoosh's length for each length byte."""
    import numpy as np

    return np.array([byte_to_length(n) for n in range(256)], np.float64)


DICTS: Form = _DictForm()
ARRAYS: Form = _ArrayForm()


def form_for(postings_read: int) -> Form:
    """Arrays once a search has read ``DENSE_FROM`` postings; a dict below."""
    return ARRAYS if postings_read >= DENSE_FROM else DICTS
