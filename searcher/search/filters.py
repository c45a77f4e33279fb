"""One value for which articles a search looks at: dates, sources, collections, field values,
time zone, and when the articles came into the index."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from whoosh import query

from searcher.dates import parse_period, zone
from searcher.engine.columns import ColumnRange
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


_SPAN = re.compile(r"(\d+)\s*(min|h|d|w)", re.IGNORECASE)
_SPAN_UNITS = {"min": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_SINCE_HINT = "write a span back from now (30min, 2h, 7d, 2w), a day or 2023-11-03T08:00"


def since_stamp(value: str | date | datetime, zone: tzinfo = UTC) -> int:
    """The first moment (seconds since the epoch) of ``--indexed-since``: a span back from
    now (``30min``, ``2h``, ``7d``, ``2w``), a moment (``2023-11-03T08:00``, naive in
    ``zone``) or a day as ``--from`` takes it (its first moment in ``zone``)."""
    if isinstance(value, str) and (span := _SPAN.fullmatch(value.strip())):
        ago = timedelta(**{_SPAN_UNITS[span.group(2).lower()]: int(span.group(1))})
        return int((datetime.now(UTC) - ago).timestamp())
    try:
        if isinstance(value, str) and "T" in value:
            value = datetime.fromisoformat(value)
        if isinstance(value, datetime):
            moment = value if value.tzinfo else value.replace(tzinfo=zone)
            return int(moment.timestamp())
        first = parse_day(value, end=False, zone=zone)
    except ValueError:  # DateError is one
        raise DateError(f"'{value}' is not a time since when", hint=_SINCE_HINT) from None
    return int(datetime.combine(first, datetime.min.time(), zone).timestamp())


@dataclass(frozen=True, slots=True)
class Filters:
    """Which articles a search, trend or concordance looks at, and in which time zone.

    ``date_from``/``date_to`` are inclusive calendar days (a month or a year means all of
    it; ``7d`` counts back from today); ``sources`` are outlets named in any case, or hosts
    of the articles' pages (``bbc.co.uk``); ``collections`` are named sets of outlets (see
    ``searcher sources``); ``fields`` are (field, value) pairs, or a mapping of field to
    value or values, each kept as the query ``field:"value"`` keeps (values of one field:
    any of them; of several fields: all); ``tz`` decides which calendar day a timed article
    falls on (default UTC). ``indexed_since`` keeps articles first indexed from then on
    (``2h``, ``7d``, a moment or a day: ``since_stamp``), and ``new_since_last_update``
    those the index's latest update took in. With ``exact`` every phrase of the query is an
    exact quote (as ``="…"`` makes one): only articles whose text holds its words as written,
    in any case, with any white space or punctuation between them. ``languages`` keeps
    articles in those languages (codes: ``ar``, ``ckb``) and analyses the query's words
    under them only.
    """

    date_from: str | date | datetime | None = None
    date_to: str | date | datetime | None = None
    sources: str | Sequence[str] | None = ()
    tz: str | tzinfo | None = None
    collections: str | Sequence[str] | None = ()
    fields: Mapping[str, str | Sequence[str]] | Iterable[tuple[str, str]] = ()
    indexed_since: str | date | datetime | None = None
    new_since_last_update: bool = False
    exact: bool = False
    languages: str | Sequence[str] | None = ()

    def __post_init__(self) -> None:
        # Callers pass one name, any sequence or None; a tuple keeps Filters hashable and
        # immutable (and a lone string is one source, not its letters).
        for name in ("sources", "collections", "languages"):
            given = getattr(self, name)
            names = (given,) if isinstance(given, str) else tuple(given or ())
            object.__setattr__(self, name, names)
        object.__setattr__(self, "fields", _pairs(self.fields))
        object.__setattr__(self, "languages", tuple(code.lower() for code in self.languages))

    @property
    def restricts(self) -> bool:
        """Whether these filters leave articles out (a time zone alone does not)."""
        new = self.indexed_since or self.new_since_last_update
        chosen = self.sources or self.collections or self.fields or self.languages
        return bool(self.date_from or self.date_to or chosen or new)

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

    def queries(
        self,
        sources: Sources,
        fields: Fields | None = None,
        updated: int | None = None,
        languages: Collection[str] | None = None,
    ) -> list[query.Query]:
        """The Whoosh queries that restrict a search to these filters, among ``sources``
        and ``fields`` (UnknownSource for a source not held there, OptionError for a field
        or, when the index's ``languages`` are given, a language it does not hold),
        ``updated`` being the stamp of the index's latest update."""
        first, last = self.days()
        found = [date_range(first, last, self.zone)] if first or last else []
        if self.sources:
            found.append(sources.restriction(self.sources))
        if self.collections:
            chosen = [sources.collection(name) for name in self.collections]
            found.append(chosen[0] if len(chosen) == 1 else query.Or(chosen))
        if self.languages:
            if languages is not None and (missing := set(self.languages) - set(languages)):
                held = ", ".join(sorted(languages)) or "none"
                raise OptionError(
                    f"no article in this index is in {', '.join(sorted(missing))}",
                    hint=f"languages it holds: {held} ('searcher stats' lists them)",
                )
            chosen = [query.Term("language", code) for code in self.languages]
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
        if self.indexed_since:
            found.append(ColumnRange("indexed", since_stamp(self.indexed_since, self.zone), None))
        if self.new_since_last_update:
            found.append(ColumnRange("indexed", updated or 0, None))
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
