"""Dates as news archives write them, turned into ``date`` or aware ``datetime`` values.

Ingest calls :func:`parse_date` once per record, so the common ISO form is tried first with
precompiled patterns and results are cached (many records share a date). Queries use
:func:`parse_period` to turn ``2023``, ``2023-11`` or a day into an inclusive range of days.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from searcher.errors import DateError, OptionError

__all__ = ["parse_date", "parse_period", "to_day", "zone"]

_PERIOD_HINT = (
    "use a year (2023), a month (2023-11), a day (2023-11-03), or a relative day "
    "(today, yesterday, 7d, 2w, 3m, 1y, 30 days ago)"
)

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# RFC 2822 zone names; the US ones are the obsolete forms RFC 2822 still defines.
_ZONE_HOURS = {
    "Z": 0,
    "UT": 0,
    "UTC": 0,
    "GMT": 0,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
}
_ZONE = r"(?P<tz>Z|UTC?|GMT|[ECMP][SD]T|(?:GMT|UTC)?[+-]\d{1,2}(?::?\d{2})?)"
_TIME = (
    r"(?P<H>\d{1,2}):?(?P<M>\d{2})(?::?(?P<S>\d{2})(?:[.,](?P<F>\d{1,9}))?)?"
    r"(?:\s*(?P<ampm>[ap]\.?m\.?))?"
    rf"(?:\s*{_ZONE})?"
)
# 2023-11-03, 20231103, 2017/2/7, 2023.11.03 with an optional time: the fast path.
_NUMERIC = re.compile(
    r"(?P<y>\d{4})(?:(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})|(?P<m8>\d{2})(?P<d8>\d{2}))"
    rf"(?:(?:T|\s+){_TIME})?",
    re.IGNORECASE,
)
# Nov 3, 2023 / Friday, November 3, 2023 / 3 Nov 2023 / Fri, 03 Nov 2023 14:05:00 +0000 /
# 03-NOV-1987 15:01:01.79, each with an optional time.
_WORDY = re.compile(
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    rf"(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+|-)(?:of\s+)?(?P<m2>{_MONTH})\.?(?:,?\s+|-)"
    r"(?P<y2>\d{4}))"
    rf"(?:(?:,?\s+(?:at\s+)?|T){_TIME})?"
    r"(?:\s*\([^)]*\))?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\d{4}")
_RELATIVE = re.compile(
    r"-?\s*(?P<n>\d{1,5})\s*(?P<unit>d|days?|w|weeks?|m|mo|months?|y|years?)(?:\s+ago)?"
)
_MONTH_PERIOD = re.compile(
    rf"(?:(?P<y>\d{{4}})[-/.](?P<m>\d{{1,2}})|(?P<name>{_MONTH})\.?,?\s+(?P<y2>\d{{4}}))",
    re.IGNORECASE,
)


def parse_date(text: str) -> date | datetime | None:
    """The date in ``text``: a ``date`` when only the day is known, else an aware ``datetime``.

    Naive times are taken as UTC because archives that omit the zone almost always mean it,
    and an aware value sorts and compares safely. Empty text means "undated" and gives
    ``None``; anything else that is not a real date raises :class:`DateError`, so callers can
    warn about the record instead of indexing a wrong date.
    """
    if not isinstance(text, str):
        raise DateError(f"not a date: {text!r}")
    stripped = text.strip()
    if not stripped:
        return None
    return _parse(stripped)


def parse_period(text: str, today: date | None = None) -> tuple[date, date]:
    """The first and last day (inclusive) of a year, a month, a day, or a relative day.

    Relative days count back from ``today`` (by default today in UTC): ``today``, ``now``,
    ``yesterday``, ``7d``, ``2w``, ``3m`` (months), ``1y``, ``-30 days``, ``30 days ago``.
    A full date-time narrows to its UTC day.
    """
    try:
        return _period(text.strip() if isinstance(text, str) else "", today)
    except DateError as exc:
        raise DateError(str(exc), _PERIOD_HINT) from None


def zone(name: str | tzinfo | None) -> tzinfo:
    """The time zone that decides which calendar day an article falls on (default UTC)."""
    if name is None or isinstance(name, tzinfo):
        return name or UTC
    if name.upper() in ("UTC", "Z", "GMT"):
        return UTC
    try:
        return ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        raise OptionError(
            f"unknown time zone '{name}'", hint="use an IANA name such as Europe/Berlin, or UTC"
        ) from None


def to_day(value: date | datetime) -> date:
    """The UTC calendar day of ``value``: the unit date filters and facets count in."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.date()
    return value


def _period(text: str, today: date | None) -> tuple[date, date]:
    day = _relative(text.lower(), today or datetime.now(UTC).date())
    if day is not None:
        return day, day
    if _YEAR.fullmatch(text):
        year = _check_year(int(text), text)
        return date(year, 1, 1), date(year, 12, 31)
    match = _MONTH_PERIOD.fullmatch(text)
    if match:
        if match["name"]:
            year, month = int(match["y2"]), _MONTHS[match["name"][:3].lower()]
        else:
            year, month = int(match["y"]), int(match["m"])
        _check_year(year, text)
        if not 1 <= month <= 12:
            raise DateError(f"impossible month {_quote(text)}")
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    value = parse_date(text)
    if value is None:
        raise DateError("empty date")
    day = to_day(value)
    return day, day


def _relative(text: str, today: date) -> date | None:
    if text in ("today", "now"):
        return today
    if text == "yesterday":
        return today - timedelta(days=1)
    match = _RELATIVE.fullmatch(text)
    if not match:
        return None
    count, unit = int(match["n"]), match["unit"][0]
    if unit in "dw":
        return today - timedelta(days=count * (7 if unit == "w" else 1))
    months = today.year * 12 + today.month - 1 - count * (12 if unit == "y" else 1)
    year, month = divmod(months, 12)
    _check_year(year, text)
    return date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))


@lru_cache(maxsize=4096)
def _parse(text: str) -> date | datetime:
    match = _NUMERIC.fullmatch(text)
    if match:
        year, month, day = match["y"], match["m"] or match["m8"], match["d"] or match["d8"]
    else:
        match = _WORDY.fullmatch(text)
        if not match:
            raise DateError(f"cannot understand the date {_quote(text)}")
        year, day = match["y1"] or match["y2"], match["d1"] or match["d2"]
        month = str(_MONTHS[(match["m1"] or match["m2"])[:3].lower()])
    _check_year(int(year), text)
    try:
        if match["H"] is None:
            return date(int(year), int(month), int(day))
        moment = datetime(
            int(year),
            int(month),
            int(day),
            _hour(match["H"], match["ampm"]),
            int(match["M"]),
            int(match["S"] or 0),
            int((match["F"] or "").ljust(6, "0")[:6]),
            tzinfo=_zone(match["tz"]),
        )
        moment.astimezone(UTC)  # a zone that pushes it past year 9999 is no date
    except (ValueError, OverflowError):
        raise DateError(f"impossible date {_quote(text)}") from None
    return moment


def _hour(text: str, ampm: str | None) -> int:
    hour = int(text)
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError(f"hour {hour} with am/pm")
        hour = hour % 12 + (12 if ampm[0] in "pP" else 0)
    return hour


@lru_cache(maxsize=256)
def _zone(text: str | None) -> timezone:
    if text is None:
        return UTC
    upper = text.upper()
    if upper in _ZONE_HOURS:
        return timezone(timedelta(hours=_ZONE_HOURS[upper]))
    digits = upper.lstrip("GMTUC")
    sign = -1 if digits[0] == "-" else 1
    hours, _, minutes = digits[1:].partition(":")
    if not minutes and len(hours) == 4:
        hours, minutes = hours[:2], hours[2:]
    if int(minutes or 0) >= 60:
        raise ValueError(f"bad zone offset {text}")
    return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes or 0)))


def _check_year(year: int, text: str) -> int:
    if not 1000 <= year <= 9999:
        raise DateError(f"year out of range (1000-9999) in {_quote(text)}")
    return year


def _quote(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")
