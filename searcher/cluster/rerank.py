"""Searcher's own ranking over a cluster's best hits.

A cluster can only rank by what its ranker sees: a field's factors summed over the query's
words. ``Totals.ranker`` writes searcher's BM25 in those terms, which on TIME scores MAP
0.627 where searcher's model scores 0.709 (bench/RESULTS.md, "The cluster beside Whoosh").
So a relevance search takes the cluster's best ``DEPTH`` hits, scores them again with
``ranking.model`` (BM25 per field with its weight, ``b`` and ``k1``, and Lucene's idf) and
orders them by those scores; hits past them follow in the cluster's order, as
Elasticsearch's rescore window does, so that every page is cut from one order.

Every figure is the cluster's, as the head sums it over shards; no article text is read:
- the article count and the fields' total lengths: one ``SUM`` of the ``title_len`` and
  ``body_len`` attributes (the index keeps field lengths);
- per word and field (``@title word``), one search that counts the articles holding it
  (its total) and gives each candidate's count of the word (``sum(hit_count)``), the
  candidates sorted first;
- per phrase, which candidates hold it.
``CALL KEYWORDS`` would not do: it counts a word over all fields together, and only on a
shard's own index, not the head's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from whoosh import query
from whoosh.util.numeric import byte_to_length, length_to_byte

from searcher.cluster.tables import FIELDS
from searcher.cluster.terms import encoded
from searcher.cluster.translate import TEXT_FIELDS, Translated
from searcher.errors import ClusterError
from searcher.ranking.model import DEFAULT, WordScore, bm25_idf

#: How many of the cluster's best hits are put in searcher's order.
DEPTH = 100
#: The ranker that makes an article's weight its count of the one word searched.
COUNT = "ranker=expr('sum(hit_count)')"

#: A word in a field, as the cluster holds it: (field, encoded term).
Word = tuple[str, str]
#: A phrase in a field: (field, its encoded terms).
Words = tuple[str, tuple[str, ...]]


class Searching(Protocol):
    """What re-ranking asks of a cluster search: rows of a translated query and its total."""

    total: int

    def select(
        self, columns: str, found: Translated, tail: str, limit: int, ranker: str = ...
    ) -> list[tuple]: ...


@dataclass(frozen=True)
class Candidate:
    """One of the cluster's best hits: its row id and its fields' lengths."""

    row: int
    lengths: Mapping[str, int]


@dataclass(frozen=True)
class Totals:
    """The cluster's article count and its fields' average lengths."""

    articles: int
    average_lengths: Mapping[str, float]

    @classmethod
    def of(cls, search: Searching) -> Totals:
        try:
            row = search.select("COUNT(*), SUM(title_len), SUM(body_len)", Translated(), "", 1)
        except ClusterError as exc:
            if "title_len" not in str(exc):
                raise
            raise ClusterError(
                "the cluster's index keeps no field lengths, which ranking needs",
                hint="add index_field_lengths = 1 to each shard's index (searcher cluster init "
                "writes it), then feed it again: searcher index --rebuild",
            ) from exc
        articles, title, body = (int(value or 0) for value in row[0][:3]) if row else (0, 0, 0)
        n = max(articles, 1)
        return cls(articles, {"title": title / n or 1, "body": body / n or 1})

    def ranker(self) -> str:
        """The cluster's ranking that picks the candidates: searcher's BM25 per field, each
        field's words taken together (a field's factors are sums over its matched words),
        with Sphinx's idf; a field is told by its weight in the expression."""
        parts = "0"
        for name in reversed(TEXT_FIELDS):
            number = FIELDS.index(name) + 1
            p = DEFAULT.fields.get(name, DEFAULT.other)
            norm = f"{p.k1}*({1 - p.b}+{p.b}*{name}_len/{self.average_lengths[name]:.3f})"
            bm25 = f"{p.weight}*sum_idf*hit_count*{p.k1 + 1}/(hit_count+{norm})"
            parts = f"if(user_weight=={number},{bm25},{parts})"
        weights = ",".join(f"{name}={n}" for n, name in enumerate(FIELDS, 1))
        return (
            f"ranker=expr('10000*sum({parts})'), idf='plain,tfidf_unnormalized', "
            f"field_weights=({weights})"
        )


@dataclass(frozen=True)
class Evidence:
    """What the cluster says of one query's words and candidates."""

    scores: Mapping[Word, WordScore]
    counts: Mapping[Word, Mapping[int, int]]
    phrases: Mapping[Words, set[int]]

    @classmethod
    def of(cls, search: Searching, q: query.Query, totals: Totals, rows: Sequence[int]) -> Evidence:
        listed = ", ".join(map(str, rows))
        scores, counts = {}, {}
        for name, word in sorted({(n, w) for n, words in _leaves(q) for w in words}):
            found = search.select(
                f"id, WEIGHT(), IN(id, {listed}) AS candidate",
                Translated(match=f"(@{name} {word})"),
                "ORDER BY candidate DESC, id ASC",
                len(rows),
                COUNT,
            )
            counts[name, word] = {r: n for r, n, candidate in found if candidate}
            scores[name, word] = WordScore(
                DEFAULT.fields.get(name, DEFAULT.other),
                bm25_idf(search.total, totals.articles),
                totals.average_lengths[name],
                1.0,  # the cluster counts words, never boosted
            )
        phrases = {}
        for name, words in sorted(_phrases(q)):
            match = f'(@{name} "{" ".join(words)}")'
            found = search.select(
                "id", Translated(match=match, where=[f"id IN ({listed})"]), "", len(rows), COUNT
            )
            phrases[name, words] = {r for r, *_ in found}
        return cls(scores, counts, phrases)


def _phrases(q: query.Query) -> set[Words]:
    return {leaf for leaf in _leaves(q) if len(leaf[1]) > 1}


def _leaves(q: query.Query) -> Iterable[Words]:
    """The words and phrases of ``q``, those under a NOT too (a NOT inside an OR's part is
    checked candidate by candidate)."""
    if _is_text(q):
        yield q.fieldname, _words(q)
    else:
        for child in q.children():
            yield from _leaves(child)


def _is_text(q: query.Query) -> bool:
    return isinstance(q, query.Term | query.Phrase) and q.fieldname in TEXT_FIELDS


def _words(q: query.Term | query.Phrase) -> tuple[str, ...]:
    return tuple(encoded(str(w)) for w in ([q.text] if isinstance(q, query.Term) else q.words))


class Rescorer:
    """Scores candidates for one parsed query as ``engine.scoring`` scores its matches: an
    OR sums the scores of its parts that match, an AND all of them (and 1 for each NOT
    part), a phrase those of its words, an AND NOT its first part's; dates, sources and
    everything score 1."""

    #: How many of the cluster's best hits are put in searcher's order.
    depth = DEPTH

    def __init__(self, q: query.Query) -> None:
        self.query = q

    def scores(
        self, search: Searching, totals: Totals, candidates: Sequence[Candidate]
    ) -> list[float]:
        """The score of each candidate, from the cluster's statistics."""
        evidence = Evidence.of(search, self.query, totals, [c.row for c in candidates])
        return [self._score(self.query, c, evidence) or 0.0 for c in candidates]

    def _score(self, q: query.Query, hit: Candidate, evidence: Evidence) -> float | None:
        """``q``'s score for ``hit``; None when it does not match."""
        if _is_text(q):
            name, words = q.fieldname, _words(q)
            counts = [evidence.counts[name, word].get(hit.row, 0) for word in words]
            held = hit.row in evidence.phrases[name, words] if len(words) > 1 else counts[0]
            if not held:
                return None
            # A Whoosh index keeps a field's length in one byte, so lengths are that coarse.
            length = byte_to_length(length_to_byte(hit.lengths[name]))
            scores = [evidence.scores[name, w] for w in words]
            return sum(score(n, length) for score, n in zip(scores, counts, strict=True))
        if isinstance(q, query.Not):
            return None if self._score(q.query, hit, evidence) is not None else 1.0
        if isinstance(q, query.AndNot):
            if self._score(q.b, hit, evidence) is not None:
                return None
            return self._score(q.a, hit, evidence)
        if type(q) is query.Or:
            parts = [self._score(child, hit, evidence) for child in q.subqueries]
            matched = [part for part in parts if part is not None]
            return sum(matched) if matched else None
        if type(q) is query.And:
            parts = [self._score(child, hit, evidence) for child in q.subqueries]
            return None if None in parts else sum(parts)
        return 1.0  # a date range, a source, everything: matched by the cluster, scored 1
