"""Whoosh queries that change scores, never matches: a model forced on a query, a bonus
for words close together, a blend with a column's age.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from whoosh import matching, query, scoring
from whoosh.query.spans import SpanNear2
from whoosh.searching import Searcher

_DAY = 86_400


class Scored(query.WrappingQuery):
    """Scores ``child`` with ``weighting`` whatever the searcher's own model is.

    Whoosh's ``WeightingQuery`` does not work: it discards the context it sets.
    """

    def __init__(self, child: query.Query, weighting: scoring.WeightingModel) -> None:
        super().__init__(child)
        self.weighting = weighting

    def _rewrap(self, child: query.Query) -> Scored:
        return Scored(child, self.weighting)

    def matcher(self, searcher: Searcher, context=None) -> matching.Matcher:
        context = (context or searcher.context()).set(weighting=self.weighting)
        return self.child.matcher(searcher, context)


class _Scaled(query.WrappingQuery):
    """``child``'s scores times ``factor`` (a one-clause ``Or`` drops its boost)."""

    def __init__(self, child: query.Query, factor: float) -> None:
        super().__init__(child)
        self.factor = factor

    def _rewrap(self, child: query.Query) -> _Scaled:
        return _Scaled(child, self.factor)

    def matcher(self, searcher: Searcher, context=None) -> matching.Matcher:
        return matching.WrappingMatcher(self.child.matcher(searcher, context), self.factor)


def query_words(q: query.Query, fieldname: str) -> list[str]:
    """The words ``q`` looks for in ``fieldname``, in query order, once each; words under
    NOT and wildcards are left out."""
    return list(dict.fromkeys(_words(q, fieldname)))


def _words(q: query.Query, fieldname: str) -> Iterator[str]:
    if isinstance(q, query.Not):
        return
    if isinstance(q, query.AndNot):
        yield from _words(q.a, fieldname)
    elif isinstance(q, query.Term):
        if q.fieldname == fieldname:
            yield q.text
    elif isinstance(q, query.Phrase):
        if q.fieldname == fieldname:
            yield from q.words
    elif not q.is_leaf():
        for child in q.children():
            yield from _words(child, fieldname)


def near_bonus(q: query.Query, fieldname: str, window: int, weight: float) -> query.Query:
    """``q``, plus ``weight`` times the scores of each pair of consecutive query words that
    occur within ``window`` positions of each other (in either order) in ``fieldname``.

    The bonus is optional, so exactly the articles ``q`` matches still match.
    """
    words = query_words(q, fieldname)
    pairs: list[query.Query] = [
        SpanNear2([query.Term(fieldname, a), query.Term(fieldname, b)], slop=window, ordered=False)
        for a, b in pairwise(words)
    ]
    if not pairs or weight <= 0:
        return q
    return WithBonus(q, _Scaled(query.Or(pairs), weight))


class WithBonus(query.WrappingQuery):
    """``child``'s matches, each scoring ``bonus``'s score too where ``bonus`` matches.

    Not Whoosh's ``AndMaybe``: its top-N pruning trusts ``max_quality()``, which Whoosh's
    array union reports as the best clause's, not the sum, and so it drops good matches.
    """

    def __init__(self, child: query.Query, bonus: query.Query) -> None:
        super().__init__(child)
        self.bonus = bonus

    def _rewrap(self, child: query.Query) -> WithBonus:
        return WithBonus(child, self.bonus)

    def matcher(self, searcher: Searcher, context=None) -> matching.Matcher:
        child = self.child.matcher(searcher, context)
        return _BonusMatcher(child, self.bonus.matcher(searcher, context))


class _BonusMatcher(matching.WrappingMatcher):
    # No block-quality skipping and no pruning replacement: every match is scored in full.
    def __init__(self, child, bonus) -> None:
        super().__init__(child)
        self.bonus = bonus

    def copy(self) -> _BonusMatcher:
        return _BonusMatcher(self.child.copy(), self.bonus.copy())

    def replace(self, minquality: float = 0) -> matching.Matcher:
        return self if self.child.is_active() else matching.NullMatcher()

    def supports_block_quality(self) -> bool:
        return False

    def max_quality(self) -> float:
        extra = self.bonus.max_quality() if self.bonus.is_active() else 0.0
        return self.child.max_quality() + extra

    def score(self) -> float:
        docnum, bonus = self.child.id(), self.bonus
        if bonus.is_active() and bonus.id() < docnum:
            bonus.skip_to(docnum)
        extra = bonus.score() if bonus.is_active() and bonus.id() == docnum else 0.0
        return self.child.score() + extra


class Recent(query.WrappingQuery):
    """``child``'s score times ``1 + 2 ** (-age / half_life)``, the age in days from a
    document's seconds in ``column`` to ``newest``: a document as new as ``newest`` counts
    double, one a half-life older 1.5 times, an old one or one without a value once.
    """

    def __init__(self, child: query.Query, column: str, newest: int, half_life_days: float):
        super().__init__(child)
        self.column = column
        self.newest = newest
        self.half_life_days = half_life_days

    def _rewrap(self, child: query.Query) -> Recent:
        return Recent(child, self.column, self.newest, self.half_life_days)

    def matcher(self, searcher: Searcher, context=None) -> matching.Matcher:
        stamps = searcher.reader().column_reader(self.column)
        return _RecentMatcher(
            self.child.matcher(searcher, context), stamps, self.newest, self.half_life_days
        )


class _RecentMatcher(matching.WrappingMatcher):
    # The boost of 2 is the most the factor can be: Whoosh's top-N pruning uses it as a bound.
    def __init__(self, child, stamps, newest: int, half_life_days: float) -> None:
        super().__init__(child, boost=2.0)
        self.stamps, self.newest, self.half_life_days = stamps, newest, half_life_days

    def copy(self) -> _RecentMatcher:
        return self._replacement(self.child.copy())

    def _replacement(self, newchild) -> _RecentMatcher:
        return _RecentMatcher(newchild, self.stamps, self.newest, self.half_life_days)

    def replace(self, minquality: float = 0) -> matching.Matcher:
        # A child scoring half the minimum may still reach it once doubled.
        replaced = self.child.replace(minquality / self.boost)
        return self if replaced is self.child else self._replacement(replaced)

    def score(self) -> float:
        stamp = self.stamps[self.child.id()]
        if stamp > self.newest:  # no value: the column's default is the largest number
            return self.child.score()
        age_days = (self.newest - stamp) / _DAY
        return self.child.score() * (1 + 2 ** (-age_days / self.half_life_days))
