"""Attention over time: each query's matching articles per period beside all articles; split,
one series per outlet (or collection, or value of a keyword field), each beside that group's
own articles, as Media Cloud's attention over time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from searcher.errors import OptionError
from searcher.research.splits import split as split_docs
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

    def series(self) -> dict[str, list[float | None]]:
        """Each query's share per period, as charts draw them: None for a period without
        articles, where a share of zero would say that none matched."""
        count = range(len(self.periods))
        return {
            text: [self.share(text, i) if self.totals[i] else None for i in count]
            for text in self.queries
        }


@dataclass(slots=True)
class SplitTrend:
    """A trend per group of articles (an outlet, a collection, a field's value), each
    query's matches in a group beside that group's own articles in each period."""

    by: str
    split: str
    queries: list[str]
    periods: list[str]
    #: Each group's own trend, the group with the most articles first.
    groups: dict[str, Trend]

    def rows(self) -> list[dict[str, Any]]:
        """One row per group and period: the group (under the split's name), then as
        ``Trend.rows``."""
        return [
            {self.split: name, **row} for name, part in self.groups.items() for row in part.rows()
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "split": self.split,
            "queries": self.queries,
            "groups": {name: part.rows() for name, part in self.groups.items()},
        }

    def series(self) -> dict[str, list[float | None]]:
        """Each query's share per period in each group; named by the group alone when there
        is one query."""
        found = {}
        for name, part in self.groups.items():
            for text, shares in part.series().items():
                found[name if len(self.queries) == 1 else f"{text} · {name}"] = shares
        return found


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
    snapshot: Snapshot,
    queries: Sequence[str],
    by: str = "month",
    filters: Filters = NO_FILTERS,
    split: str | None = None,
) -> Trend | SplitTrend:
    """Count matches per period for each query; periods run over the filters' date range or,
    when open, over the articles' own span. Undated articles form a last ``undated`` period.
    With ``split`` (see ``research.splits``), one trend per group of articles.
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
    found = {text: match(snapshot, text, filters).docs & base for text in queries}
    if split is None:
        matches = {text: counts(docs) for text, docs in found.items()}
        return Trend(by, list(queries), periods, matches, counts(base))
    groups = {
        name: Trend(
            by,
            list(queries),
            periods,
            {text: counts(docs & held) for text, docs in found.items()},
            counts(held),
        )
        for name, held in split_docs(snapshot, split, base).items()
    }
    return SplitTrend(by, split, list(queries), periods, groups)
