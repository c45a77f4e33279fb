"""Facet counts over every match, from the index's sortable columns: one pass over the
matching document numbers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, tzinfo

from searcher.seam import View
from searcher.search.calendar import BUCKETS, day_label, day_numbers

FACETS = ("source", "year", "month", "week", "day")
#: The date facets' and trends' name for articles without a date.
UNDATED = "undated"


def count_facets(
    view: View, docnums: Iterable[int], names: Sequence[str], zone: tzinfo = UTC
) -> dict[str, dict[str, int]]:
    """Counts per facet value over ``docnums``; dates bucket by calendar day in ``zone``."""
    docnums = list(docnums)
    facets: dict[str, dict[str, int]] = {}
    if "source" in names:
        counts = Counter(map(view.column("source").__getitem__, docnums))
        facets["source"] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    date_names = [name for name in names if name in BUCKETS]
    if date_names:
        days = Counter(day_numbers(view, docnums, zone))
        undated = days.pop(None, 0)
        for name in date_names:
            counts = Counter()
            for day, count in days.items():
                counts[day_label(day, name)] += count
            facets[name] = dict(sorted(counts.items()))
            if undated:
                facets[name][UNDATED] = undated
    return facets
