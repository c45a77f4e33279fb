"""How "sort by relevance" orders the matches: small Whoosh pieces composed by ``Ranking``.

- ``NewsBM25F``: BM25 per field with its own ``b``, ``k1`` and weight, summed over fields.
  The title's index-time ``field_boost`` is divided out so its weight is set here, at
  query time, and can be tuned without re-indexing.
- ``near_bonus``: a score bonus when consecutive query words occur close together.
- ``WithBonus``: adds an optional query's score to a query's matches, never changing them.
- ``Recent``: a blend of the score with the article's age, for ``prefer="recent"``.

Every piece only changes scores: the set of matching articles is the query's alone (a bonus
is added by ``WithBonus``, never a filter). Measurements of each piece are in bench/RESULTS.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from math import log
from types import MappingProxyType

from whoosh import matching, query, scoring
from whoosh.query.spans import SpanNear2
from whoosh.searching import Searcher

from searcher.docsets import newest_stamp
from searcher.errors import OptionError

#: What ``prefer`` may ask for: newer articles, or the query's words close together.
PREFERENCES = ("recent", "close")
#: How fast ``prefer="recent"`` forgets: an article this many days older than the newest
#: one in the index gets half the recency bonus.
HALF_LIFE_DAYS = 30.0
#: ``prefer="close"``: consecutive query words within this many positions of each other in
#: the body add this share of their scores again.
NEAR_WINDOW, NEAR_WEIGHT = 10, 0.5
_DAY = 86_400


@dataclass(frozen=True, slots=True)
class FieldScoring:
    """BM25 for one field: ``weight`` scales its score, ``b`` is how much a long field is
    discounted (0 none, 1 fully), ``k1`` how fast repeats of a word stop adding."""

    weight: float = 1.0
    b: float = 0.75
    k1: float = 1.2


class NewsBM25F(scoring.WeightingModel):
    """Whoosh's BM25F form (one BM25 score per field, summed) with ``b``, ``k1`` and a
    weight per field, and Lucene's idf, which is never below zero and gives words found in
    most articles less weight than Whoosh's ``log(N / (n + 1)) + 1``."""

    def __init__(self, fields: Mapping[str, FieldScoring], default: FieldScoring) -> None:
        self.fields = fields
        self.default = default

    def idf(self, searcher: Searcher, fieldname: str, text: bytes) -> float:
        top = searcher.get_parent()  # collection statistics, not one segment's
        found, total = top.doc_frequency(fieldname, text), top.doc_count_all()
        return log(1 + (total - found + 0.5) / (found + 0.5))

    def scorer(
        self, searcher: Searcher, fieldname: str, text: bytes, qf: int = 1
    ) -> scoring.BaseScorer:
        if not searcher.schema[fieldname].scorable:
            return scoring.WeightScorer.for_(searcher, fieldname, text)
        return _FieldScorer(searcher, fieldname, text, self.word_score(searcher, fieldname, text))

    def word_score(self, searcher: Searcher, fieldname: str, text: bytes) -> WordScore:
        """A word's score in ``fieldname`` as a function of a posting's weight and length."""
        top = searcher.get_parent()  # collection statistics, not one segment's
        return WordScore(
            self.fields.get(fieldname, self.default),
            self.idf(searcher, fieldname, text),
            top.avg_field_length(fieldname) or 1,
            # Index-time boosts multiplied the stored frequencies; the weight here replaces them.
            searcher.schema[fieldname].format.field_boost,
        )


@dataclass(frozen=True, slots=True)
class WordScore:
    """BM25 of one word in one field, for a posting's weight and its field's length."""

    params: FieldScoring
    idf: float
    average_length: float
    field_boost: float

    def __call__(self, weight: float, length: int) -> float:
        p = self.params
        tf = weight / self.field_boost
        norm = p.k1 * (1 - p.b + p.b * length / self.average_length)
        return p.weight * self.idf * tf * (p.k1 + 1) / (tf + norm)


class _FieldScorer(scoring.WeightLengthScorer):
    def __init__(self, searcher: Searcher, fieldname: str, text: bytes, word: WordScore) -> None:
        self.word = word
        self.setup(searcher, fieldname, text)

    def _score(self, weight: float, length: int) -> float:
        return self.word(weight, length)


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
    """``child``'s score times ``1 + 2 ** (-age / half_life)``: an article as new as the
    newest one in the index counts double, one a half-life older 1.5 times, an old or
    undated one once. Ages count from the newest article, so an archive has recent news.
    """

    def __init__(self, child: query.Query, newest: int, half_life_days: float) -> None:
        super().__init__(child)
        self.newest = newest
        self.half_life_days = half_life_days

    def _rewrap(self, child: query.Query) -> Recent:
        return Recent(child, self.newest, self.half_life_days)

    def matcher(self, searcher: Searcher, context=None) -> matching.Matcher:
        stamps = searcher.reader().column_reader("ts")
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
        if stamp > self.newest:  # undated: the column's default is the largest number
            return self.child.score()
        age_days = (self.newest - stamp) / _DAY
        return self.child.score() * (1 + 2 ** (-age_days / self.half_life_days))


def _default_fields() -> Mapping[str, FieldScoring]:
    return MappingProxyType({"title": FieldScoring(weight=0.5), "body": FieldScoring(b=0.5)})


@dataclass(frozen=True, slots=True)
class Ranking:
    """Everything that decides relevance scores; ``DEFAULT`` is what searches use.

    ``fields`` sets BM25 per field (others use ``other``); ``near_weight`` and
    ``near_window`` the bonus for consecutive query words close together in the body
    (0 for none); ``half_life_days`` blends in recency (None for pure relevance).
    """

    fields: Mapping[str, FieldScoring] = field(default_factory=_default_fields)
    other: FieldScoring = FieldScoring()
    near_weight: float = 0.0
    near_window: int = NEAR_WINDOW
    half_life_days: float | None = None

    def query(self, q: query.Query, searcher: Searcher) -> query.Query:
        """The query that scores the matches of ``q`` (and matches exactly them)."""
        scored = near_bonus(q, "body", self.near_window, self.near_weight)
        if self.half_life_days is not None:
            newest = newest_stamp(searcher.reader())
            if newest is not None:
                scored = Recent(scored, newest, self.half_life_days)
        return Scored(scored, self.weighting())

    def weighting(self) -> NewsBM25F:
        """The BM25 model these field settings make (without the preferences)."""
        return NewsBM25F(self.fields, self.other)


DEFAULT = Ranking()


def preference(
    prefer: str | Sequence[str] | None, half_life_days: float | None, sort: str
) -> Ranking:
    """The ranking for ``prefer`` ("recent", "close", both or None) and a half-life in days
    (which implies "recent"); a preference only makes sense when sorting by relevance."""
    wanted = {prefer} if isinstance(prefer, str) else set(prefer or ())
    if not wanted and half_life_days is None:
        return DEFAULT
    if sort != "relevance":
        raise OptionError(
            f"a preference changes relevance scores, so it does not apply to sort '{sort}'",
            hint="use --sort relevance with --prefer",
        )
    unknown = sorted(wanted - set(PREFERENCES))
    if unknown:
        raise OptionError(f"unknown preference '{unknown[0]}'", hint="use recent or close")
    if half_life_days is not None and not half_life_days > 0:
        raise OptionError("the half-life must be a positive number of days", hint="e.g. 30")
    recent = "recent" in wanted or half_life_days is not None
    return replace(
        DEFAULT,
        near_weight=NEAR_WEIGHT if "close" in wanted else 0.0,
        half_life_days=(half_life_days or HALF_LIFE_DAYS) if recent else None,
    )
