"""Putting matches in order: by relevance (the engine scores them) or by date."""

from __future__ import annotations

import heapq
from collections.abc import Iterable

from searcher.ranking.model import DEFAULT as DEFAULT_RANKING
from searcher.ranking.model import Ranking
from searcher.schema import UNDATED_TS
from searcher.search.match import Match, timed_out
from searcher.search.snapshot import Snapshot


def ranked(
    snapshot: Snapshot,
    found: Match,
    sort: str,
    limit: int | None,
    ranking: Ranking = DEFAULT_RANKING,
) -> list[tuple]:
    """``(docnum, score)`` of the best ``limit`` matches (all with None), in ``sort`` order;
    ``ranking`` scores them when sorting by relevance."""
    if sort != "relevance":
        return [(docnum, None) for docnum in _by_date(snapshot, found.docs, sort, limit)]
    # A ranking whose scores are sums of word scores is its weighting model alone, which
    # the engine may score from whole posting lists; any other builds its scoring query.
    if ranking.per_word:
        scored, weighting = found.query, ranking.weighting()
    else:
        scored, weighting = ranking.query(found.query, snapshot.view), None
    try:
        return snapshot.view.best(
            scored, found.docs, limit, weighting, found.postings, found.deadline
        )
    except TimeoutError:
        raise timed_out() from None


def _by_date(snapshot: Snapshot, docs: Iterable[int], sort: str, limit: int | None) -> list[int]:
    """Matches newest or oldest first, undated ones last (ties: the index's order, reversed
    for newest), from the whole ``ts`` column: no query is run again."""
    stamps = snapshot.view.column("ts")
    newest = sort == "newest"

    def key(docnum: int) -> tuple[int, int]:
        stamp = stamps[docnum]  # undated articles hold the largest stamp
        return (-1 if newest and stamp == UNDATED_TS else stamp), docnum

    if limit:
        return (heapq.nlargest if newest else heapq.nsmallest)(limit, docs, key=key)
    return sorted(docs, key=key, reverse=newest)
