"""Putting matches in order: by relevance (whole lists, or Whoosh's collectors) or by date."""

from __future__ import annotations

import heapq
import time
from collections.abc import Iterable

from whoosh import collectors

from searcher.engine.columns import column_values
from searcher.engine.scoring import best
from searcher.ranking.model import DEFAULT as DEFAULT_RANKING
from searcher.ranking.model import Ranking
from searcher.schema import UNDATED_TS
from searcher.search.match import TIME_LIMIT, Match, timed_out
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
    if not found.docs:  # Whoosh reads an empty filter as no filter at all
        return []
    if ranking.per_word:
        weighting = ranking.weighting()
        top = best(snapshot.searcher, found.query, found.docs, limit, weighting, found.postings)
        if top is not None:
            return top
    collector = snapshot.searcher.collector(limit=limit)
    within = _Within(collector, found.docs, found.deadline)
    try:
        snapshot.searcher.search_with_collector(
            ranking.query(found.query, snapshot.searcher), within
        )
    except collectors.TimeLimit:
        raise timed_out(TIME_LIMIT) from None
    return [(docnum, score) for score, docnum in within.results().top_n]


def _by_date(snapshot: Snapshot, docs: Iterable[int], sort: str, limit: int | None) -> list[int]:
    """Matches newest or oldest first, undated ones last (ties: the index's order, reversed
    for newest), from the whole ``ts`` column: no query is run again."""
    stamps = column_values(snapshot.searcher, "ts")
    newest = sort == "newest"

    def key(docnum: int) -> tuple[int, int]:
        stamp = stamps[docnum]  # undated articles hold the largest stamp
        return (-1 if newest and stamp == UNDATED_TS else stamp), docnum

    if limit:
        return (heapq.nlargest if newest else heapq.nsmallest)(limit, docs, key=key)
    return sorted(docs, key=key, reverse=newest)


class _Within(collectors.WrappingCollector):
    """Collects only the allowed documents, and stops at a deadline.

    Whoosh's TimeLimitCollector bypasses a FilterCollector beneath it, and above one it
    never sees the time, so one collector does both.
    """

    def __init__(self, child: collectors.Collector, allow: frozenset[int], deadline: float):
        super().__init__(child)
        self.allow, self.deadline = allow, deadline

    def collect_matches(self) -> None:
        child, allow, offset = self.child, self.allow, self.offset
        for n, sub_docnum in enumerate(child.matches()):
            if not n % 1024 and time.monotonic() > self.deadline:
                raise collectors.TimeLimit
            if offset + sub_docnum in allow:
                child.collect(sub_docnum)
