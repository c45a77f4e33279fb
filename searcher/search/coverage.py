"""What an archive covers, to say why a search within dates found nothing.

``--since 7d`` on an archive that ends in 2017 finds no article, which reads as "no news";
the honest answer names the newest article instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from whoosh import query

from searcher.schema import ARTICLE, UNDATED_TS
from searcher.seam import View
from searcher.search.filters import Filters


def outside_dates(view: View, filters: Filters) -> str | None:
    """A note when the filters' days lie wholly before or after every dated article."""
    first, last = filters.days()
    if first is None and last is None:
        return None
    stamps = dated_stamps(view, view.matches(query.Term("kind", ARTICLE)))
    if not stamps:
        return "no article in the index has a date"
    oldest, newest = (_day(ts, filters) for ts in (min(stamps), max(stamps)))
    if first is not None and newest < first:
        return f"no article is dated from {first} on: the newest is from {newest}"
    if last is not None and oldest > last:
        return f"no article is dated up to {last}: the oldest is from {oldest}"
    return None


def dated_stamps(view: View, docs: Iterable[int]) -> list[int]:
    """The timestamps of the dated articles among ``docs``."""
    stamps = view.column("ts")
    return [ts for ts in map(stamps.__getitem__, docs) if ts != UNDATED_TS]


def _day(ts: int, filters: Filters) -> date:
    return datetime.fromtimestamp(ts, filters.zone).date()
