"""Attention over time: each query's matching articles per period beside all articles."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from searcher.errors import OptionError
from searcher.search.calendar import day_label, day_numbers
from searcher.search.facets import UNDATED
from searcher.search.filters import NO_FILTERS, Filters
from searcher.search.match import match
from searcher.search.snapshot import Snapshot

PERIODS = ("day", "week", "month", "year")
_EPOCH = date(1970, 1, 1)


@dataclass(slots=True)
class Trend:
    """Matching articles per period for each query, beside all articles of that period."""

    by: str
    queries: list[str]
    periods: list[str]
    #: For each query, its count in each period (same order as ``periods``).
    matches: dict[str, list[int]]
    #: All articles (under the same filters) in each period.
    totals: list[int]

    def share(self, text: str, i: int) -> float:
        """The query's matches as a fraction of all articles in period ``i``."""
        return self.matches[text][i] / self.totals[i] if self.totals[i] else 0.0

    def rows(self) -> list[dict[str, Any]]:
        """One row per period: ``period``, ``total``, then count and share per query."""
        out = []
        for i, period in enumerate(self.periods):
            row: dict[str, Any] = {"period": period, "total": self.totals[i]}
            for text in self.queries:
                row[text] = self.matches[text][i]
                row[f"{text} share"] = round(self.share(text, i), 6)
            out.append(row)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"by": self.by, "queries": self.queries, "periods": self.rows()}


def _labels(first: int, last: int, by: str) -> list[str]:
    """Every period from day ``first`` to day ``last``, empty ones included, in order."""
    labels: dict[str, None] = {}
    day = first
    while day <= last:
        labels[day_label(day, by)] = None
        day += 1 if by == "day" else 7 if by == "week" else 28
    labels[day_label(last, by)] = None
    return list(labels)


def trend(
    snapshot: Snapshot, queries: Sequence[str], by: str = "month", filters: Filters = NO_FILTERS
) -> Trend:
    """Count matches per period for each query; periods run over the filters' date range or,
    when open, over the articles' own span. Undated articles form a last ``undated`` period.
    """
    if by not in PERIODS:
        raise OptionError(f"unknown period '{by}'", hint=f"use one of: {', '.join(PERIODS)}")
    if not queries:
        raise OptionError("trend needs at least one query", hint="e.g. searcher trend rafah")
    base = match(snapshot, "*", filters).docs
    local = filters.zone
    day_of = dict(zip(base, day_numbers(snapshot.view, base, local), strict=True))
    days = [d for d in day_of.values() if d is not None]
    first, last = filters.days()
    start = (first - _EPOCH).days if first else min(days, default=None)
    end = (last - _EPOCH).days if last else max(days, default=None)
    periods = _labels(start, end, by) if start is not None and end is not None else []

    def counts(docs: frozenset[int]) -> list[int]:
        per = Counter(day_label(day_of[n], by) if day_of[n] is not None else UNDATED for n in docs)
        return [per.get(period, 0) for period in periods]

    if any(day is None for day in day_of.values()):
        periods.append(UNDATED)
    matches = {text: counts(match(snapshot, text, filters).docs & base) for text in queries}
    return Trend(by, list(queries), periods, matches, counts(base))
