"""Facets: ways of counting every match, each a small registered class.

A facet counts over every matching article, not the page shown, from the index's sortable
columns: one pass over the matching document numbers. Date facets share one count of the
matches' calendar days per search. A keyword field (``topics``, ``authors``) has no column:
its values per article are read once per view from its terms' posting lists.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from functools import cached_property
from typing import Protocol

from whoosh import query

from searcher.query.fields import Fields
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


@dataclass(frozen=True)
class KeywordFacet:
    """Matches per value of a keyword field, most common first (ties: by value); an article
    counts once for each of its values."""

    name: str
    field: str

    def count(self, counting: Counting) -> dict[str, int]:
        view = counting.view
        values = view.cached(
            ("values per article", self.field), lambda: _per_article(view, self.field)
        )
        counts: Counter[str] = Counter()
        for docnum in counting.docnums:
            counts.update(values.get(docnum, ()))
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _per_article(view: View, field: str) -> dict[int, list[str]]:
    """Each article's terms of ``field``, from the posting list of each term."""
    found: dict[int, list[str]] = {}
    for term in view.values(field):
        for docnum in view.matches(query.Term(field, term)):
            found.setdefault(docnum, []).append(term)
    return found


#: Every facet by name, in the order results list them.
REGISTRY: dict[str, Facet] = {
    facet.name: facet
    for facet in (
        OutletFacet("source"),
        *map(DateFacet, BUCKETS),
        KeywordFacet("language", "language"),
    )
}
FACETS = tuple(REGISTRY)


def facet_names(fields: Fields) -> list[str]:
    """Every facet an index offers: the registered ones, authors and its keyword fields."""
    return list(dict.fromkeys([*FACETS, *fields.facets()]))


def count_facets(
    view: View,
    docnums: Iterable[int],
    names: Sequence[str],
    zone: tzinfo = UTC,
    outlets: Mapping[str, str] | None = None,
    fields: Fields | None = None,
) -> dict[str, dict[str, int]]:
    """Counts per facet value over ``docnums``; dates bucket by calendar day in ``zone``,
    sources by their ``outlets``; a name not registered is a field of ``fields``. Column
    facets come first, then the others in the order asked."""
    counting = Counting(view, list(docnums), zone, outlets or {})
    known = fields or Fields()
    facets = {
        name: REGISTRY.get(name) or KeywordFacet(name, known.index_field(name))
        for name in dict.fromkeys(names)
    }
    wanted = sorted(facets, key=lambda name: not isinstance(facets[name], ColumnFacet))
    return {name: facets[name].count(counting) for name in wanted}
