"""Calendar days of documents, in any time zone, and their facet and trend buckets."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo

from searcher.schema import TIME, UNDATED_TS
from searcher.seam import View

_EPOCH = date(1970, 1, 1)


def day_numbers(view: View, docnums: Iterable[int], zone: tzinfo = UTC) -> Iterator:
    """Each document's calendar day in ``zone`` as days since 1970-01-01 (None if undated).

    A day-only date keeps its day in every zone; a timed one moves to the zone's day. Zone
    offsets are looked up once per hour of time, not per document.
    """
    if zone is UTC:
        return map(utc_days(view).__getitem__, docnums)
    column = view.column("ts")
    stamps = ((n, column[n]) for n in docnums)
    precision = view.column("precision")
    offsets: dict[int, int] = {}

    def local(ts: int) -> int:
        hour = ts // 3600
        if hour not in offsets:
            moment = datetime.fromtimestamp(hour * 3600, UTC).astimezone(zone)
            offsets[hour] = int(moment.utcoffset().total_seconds())
        return (ts + offsets[hour]) // 86400

    return (
        None if ts == UNDATED_TS else local(ts) if precision[n] == TIME else ts // 86400
        for n, ts in stamps
    )


BUCKETS: dict[str, Callable[[date], str]] = {
    "year": lambda d: f"{d.year:04d}",
    "month": lambda d: f"{d.year:04d}-{d.month:02d}",
    "week": lambda d: "{:04d}-W{:02d}".format(*d.isocalendar()[:2]),
    "day": lambda d: d.isoformat(),
}


def day_label(day: int, by: str) -> str:
    """The facet or trend bucket of a day number: ``2023``, ``2023-11``, ``2023-W44``, …"""
    return BUCKETS[by](_EPOCH + timedelta(days=day))


def utc_days(view: View) -> list[int | None]:
    """Each document's UTC calendar day as days since 1970-01-01 (None if undated), worked
    out once per view from the ``ts`` column: date facets count matches by it."""

    def days() -> list[int | None]:
        return [None if ts == UNDATED_TS else ts // 86400 for ts in view.column("ts")]

    return view.cached("UTC days", days)
