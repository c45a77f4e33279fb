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

from collections.abc import Mapping
from dataclasses import dataclass, field
from math import log
from types import MappingProxyType

from whoosh import query, scoring
from whoosh.searching import Searcher

from searcher.engine.weighting import Recent, Scored, near_bonus
from searcher.schema import ARTICLE
from searcher.seam import View

#: ``prefer="close"``: consecutive query words within this many positions of each other in
#: the body add this share of their scores again.
NEAR_WINDOW, NEAR_WEIGHT = 10, 0.5


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
        return bm25_idf(top.doc_frequency(fieldname, text), _articles(top))

    def scorer(
        self, searcher: Searcher, fieldname: str, text: bytes, qf: int = 1
    ) -> scoring.BaseScorer:
        if not searcher.schema[fieldname].scorable:
            return scoring.WeightScorer.for_(searcher, fieldname, text)
        return _FieldScorer(searcher, fieldname, text, self.word_score(searcher, fieldname, text))

    def word_score(self, searcher: Searcher, fieldname: str, text: bytes) -> WordScore:
        """A word's score in ``fieldname`` as a function of a posting's weight and length."""
        top = searcher.get_parent()  # collection statistics, not one segment's
        articles = _articles(top)
        return WordScore(
            self.fields.get(fieldname, self.default),
            bm25_idf(top.doc_frequency(fieldname, text), articles),
            top.field_length(fieldname) / articles or 1,
            # Index-time boosts multiplied the stored frequencies; the weight here replaces them.
            searcher.schema[fieldname].format.field_boost,
        )


def _articles(top: Searcher) -> int:
    """How many articles BM25 counts: the index's own records (a file's, the index's) are
    not articles, and an index of one page a file holds as many as it has articles. Deleted
    articles not yet merged away count, as their words and lengths still do."""
    return top.doc_frequency("kind", ARTICLE) or 1


def bm25_idf(found: int, total: int) -> float:
    """Lucene's idf of a word ``found`` in that many of ``total`` articles."""
    return log(1 + (total - found + 0.5) / (found + 0.5))


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

    def query(self, q: query.Query, view: View) -> query.Query:
        """The query that scores the matches of ``q`` (and matches exactly them)."""
        scored = near_bonus(q, "body", self.near_window, self.near_weight)
        if self.half_life_days is not None:
            newest = view.largest("ts")
            if newest is not None:
                scored = Recent(scored, "ts", newest, self.half_life_days)
        return Scored(scored, self.weighting())

    @property
    def per_word(self) -> bool:
        """Whether a match's score is the sum of its words' scores (no preference blends in),
        which whole posting lists can score at once (``engine.scoring``). A ranking that
        builds its own scoring query (a subclass's ``query``) is scored by that query."""
        own_query = type(self).query is not Ranking.query
        return not (own_query or self.near_weight or self.half_life_days is not None)

    def weighting(self) -> NewsBM25F:
        """The BM25 model these field settings make (without the preferences)."""
        return NewsBM25F(self.fields, self.other)


DEFAULT = Ranking()
