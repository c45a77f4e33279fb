"""One value for which articles a search looks at: dates, sources, collections, field values
and time zone."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

from whoosh import query

from searcher.dates import parse_period, zone
from searcher.errors import DateError, OptionError
from searcher.query.dates import date_range
from searcher.query.fields import Fields
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
    it; ``7d`` counts back from today); ``sources`` are outlets named in any case, or hosts
    of the articles' pages (``bbc.co.uk``); ``collections`` are named sets of outlets (see
    ``searcher sources``); ``fields`` are (field, value) pairs, or a mapping of field to
    value or values, each kept as the query ``field:"value"`` keeps (values of one field:
    any of them; of several fields: all); ``tz`` decides which calendar day a timed article
    falls on (default UTC).
    """

    date_from: str | date | datetime | None = None
    date_to: str | date | datetime | None = None
    sources: str | Sequence[str] | None = ()
    tz: str | tzinfo | None = None
    collections: str | Sequence[str] | None = ()
    fields: Mapping[str, str | Sequence[str]] | Iterable[tuple[str, str]] = ()

    def __post_init__(self) -> None:
        # Callers pass one name, any sequence or None; a tuple keeps Filters hashable and
        # immutable (and a lone string is one source, not its letters).
        for name in ("sources", "collections"):
            given = getattr(self, name)
            names = (given,) if isinstance(given, str) else tuple(given or ())
            object.__setattr__(self, name, names)
        object.__setattr__(self, "fields", _pairs(self.fields))

    @property
    def restricts(self) -> bool:
        """Whether these filters leave articles out (a time zone alone does not)."""
        return bool(
            self.date_from or self.date_to or self.sources or self.collections or self.fields
        )

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

    def queries(self, sources: Sources, fields: Fields | None = None) -> list[query.Query]:
        """The Whoosh queries that restrict a search to these filters, among ``sources``
        and ``fields`` (UnknownSource for a source not held there, OptionError for a field)."""
        first, last = self.days()
        found = [date_range(first, last, self.zone)] if first or last else []
        if self.sources:
            found.append(sources.restriction(self.sources))
        if self.collections:
            chosen = [sources.collection(name) for name in self.collections]
            found.append(chosen[0] if len(chosen) == 1 else query.Or(chosen))
        known = fields or Fields()
        by_field: dict[str, list[query.Query]] = {}
        for name, value in self.fields:
            if name not in known.filterable():
                raise OptionError(
                    f"no field '{name}' to filter on in this index",
                    hint=f"use one of: {', '.join(known.filterable())} "
                    "('searcher stats' lists them)",
                )
            by_field.setdefault(name, []).append(known.query(name, value))
        found += [one[0] if len(one) == 1 else query.Or(one) for one in by_field.values()]
        return found


def _pairs(fields: Mapping | Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Field filters as (field, value) pairs, a mapping's lists of values one pair each."""
    items = fields.items() if isinstance(fields, Mapping) else fields
    return tuple(
        (name, one)
        for name, value in items
        for one in ((value,) if isinstance(value, str) else value)
    )


#: Every article, days in UTC.
NO_FILTERS = Filters()
