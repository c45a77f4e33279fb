"""One value for which articles a search looks at: dates, sources and time zone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

from whoosh import query

from searcher.dates import parse_period, zone
from searcher.errors import DateError
from searcher.query.dates import date_range
from searcher.query.sources import Sources


def parse_day(value: str | date | datetime | None, *, end: bool, zone: tzinfo = UTC) -> date | None:
    """A filter bound as a calendar day in ``zone``: ``--to 2023-11`` means up to 30 November."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.astimezone(zone).date() if value.tzinfo else value.date()
    if isinstance(value, date):
        return value
    first, last = parse_period(value, datetime.now(zone).date())
    return last if end else first


@dataclass(frozen=True, slots=True)
class Filters:
    """Which articles a search, trend or concordance looks at, and in which time zone.

    ``date_from``/``date_to`` are inclusive calendar days (a month or a year means all of
    it; ``7d`` counts back from today); ``sources`` are names in any case, or hosts of the
    articles' pages (``bbc.co.uk``); ``tz`` decides which
    calendar day a timed article falls on (default UTC). With ``exact`` every phrase of the
    query is an exact quote (as ``="…"`` makes one): only articles whose text holds its words
    as written, in any case, with any white space or punctuation between them.
    """

    date_from: str | date | datetime | None = None
    date_to: str | date | datetime | None = None
    sources: str | Sequence[str] | None = ()
    tz: str | tzinfo | None = None
    exact: bool = False

    def __post_init__(self) -> None:
        # Callers pass one name, any sequence or None; a tuple keeps Filters hashable and
        # immutable (and a lone string is one source, not its letters).
        sources = self.sources
        names = (sources,) if isinstance(sources, str) else tuple(sources or ())
        object.__setattr__(self, "sources", names)

    @property
    def restricts(self) -> bool:
        """Whether these filters leave articles out (a time zone alone does not)."""
        return bool(self.date_from or self.date_to or self.sources)

    @property
    def zone(self) -> tzinfo:
        return zone(self.tz)

    def days(self) -> tuple[date | None, date | None]:
        """The first and last calendar day these filters allow, in their zone (None: open);
        DateError when the last comes before the first, which could only match nothing."""
        local = self.zone
        first = parse_day(self.date_from, end=False, zone=local)
        last = parse_day(self.date_to, end=True, zone=local)
        if first and last and first > last:
            raise DateError(
                f"the dates run backwards: from {first} to {last}",
                hint="swap the two dates (--from is the first day, --to the last)",
            )
        return first, last

    def queries(self, sources: Sources) -> list[query.Query]:
        """The Whoosh queries that restrict a search to these filters, among ``sources``
        (UnknownSource for a source not held there)."""
        first, last = self.days()
        found = [date_range(first, last, self.zone)] if first or last else []
        if self.sources:
            found.append(sources.restriction(self.sources))
        return found


#: Every article, days in UTC.
NO_FILTERS = Filters()
