"""Facets: ways of counting every match, each a small registered class.

A facet counts over every matching article, not the page shown, from the index's sortable
columns: one pass over the matching document numbers. Date facets share one count of the
matches' calendar days per search.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from functools import cached_property
from typing import Protocol

from searcher.seam import View
from searcher.search.calendar import BUCKETS, day_label, day_numbers

#: The date facets' and trends' name for articles without a date.
UNDATED = "undated"


@dataclass
class Counting:
    """The matches of one search being counted, with what several facets share."""

    view: View
    docnums: list[int]
    zone: tzinfo = UTC
    #: The outlet of each source (see ``query.outlets``); a source missing is its own.
    outlets: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def days(self) -> Counter:
        """How many matches fall on each calendar day in ``zone`` (None: undated)."""
        return Counter(day_numbers(self.view, self.docnums, self.zone))


class Facet(Protocol):
    """A way of counting matches: its name, and its counts per value."""

    name: str

    def count(self, counting: Counting) -> dict[str, int]: ...


@dataclass(frozen=True)
class ColumnFacet:
    """Matches per value of a column, most common first (ties: by value)."""

    name: str

    def count(self, counting: Counting) -> dict[str, int]:
        counts = Counter(map(counting.view.column(self.name).__getitem__, counting.docnums))
        return _most_common(counts)


class OutletFacet(ColumnFacet):
    """Matches per outlet: the sources' counts, those of one outlet added up."""

    def count(self, counting: Counting) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for source, n in super().count(counting).items():
            counts[counting.outlets.get(source, source)] += n
        return _most_common(counts)


def _most_common(counts: Counter[str]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


@dataclass(frozen=True)
class DateFacet:
    """Matches per year, month, ISO week or day, in order; the undated last."""

    name: str

    def count(self, counting: Counting) -> dict[str, int]:
        counts: Counter[str] = Counter()
        undated = 0
        for day, count in counting.days.items():
            if day is None:
                undated = count
            else:
                counts[day_label(day, self.name)] += count
        found = dict(sorted(counts.items()))
        if undated:
            found[UNDATED] = undated
        return found


#: Every facet by name, in the order results list them.
REGISTRY: dict[str, Facet] = {
    facet.name: facet for facet in (OutletFacet("source"), *map(DateFacet, BUCKETS))
}
FACETS = tuple(REGISTRY)


def count_facets(
    view: View,
    docnums: Iterable[int],
    names: Sequence[str],
    zone: tzinfo = UTC,
    outlets: Mapping[str, str] | None = None,
) -> dict[str, dict[str, int]]:
    """Counts per facet value over ``docnums``; dates bucket by calendar day in ``zone``,
    sources by their ``outlets``. Column facets come first, then the others in the order
    asked."""
    counting = Counting(view, list(docnums), zone, outlets or {})
    wanted = sorted(
        dict.fromkeys(names), key=lambda name: not isinstance(REGISTRY[name], ColumnFacet)
    )
    return {name: REGISTRY[name].count(counting) for name in wanted}
