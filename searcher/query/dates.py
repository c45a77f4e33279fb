"""Date syntax in queries (``date:2023-11``, ``date:[2023 TO 2024-03]``) and date ranges."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from whoosh import qparser, query
from whoosh.qparser import syntax
from whoosh.qparser.taggers import RegexTagger

from searcher.dates import parse_period
from searcher.engine.columns import ColumnRange
from searcher.errors import DateError, QueryError
from searcher.schema import DAY, TIME

if TYPE_CHECKING:
    from searcher.query.parser import NewsParser

_DATE_SYNTAX = (
    "date:2023-11-03, date:2023-11, date:2023, date:[2023-10-01 TO 2023-11-30] or date:>2023-10-01"
)


def day_start(day: date, zone: tzinfo = UTC) -> int:
    """Seconds since the epoch at the first moment of a calendar day in ``zone``."""
    return int(datetime.combine(day, time(), zone).timestamp())


def _ts_range(first: date | None, last: date | None, zone: tzinfo) -> ColumnRange:
    start = day_start(first, zone) if first else None
    end = day_start(last + timedelta(days=1), zone) - 1 if last else None
    return ColumnRange("ts", start, end)


def date_range(first: date | None, last: date | None, zone: tzinfo = UTC) -> query.Query:
    """Articles dated on any calendar day from ``first`` to ``last``, both inclusive.

    A timed article falls on its day in ``zone``; a day-only article keeps its day (its
    timestamp is that day's midnight UTC) whatever the zone.
    """
    if zone is UTC:
        return _ts_range(first, last, UTC)
    return query.Or(
        [
            query.And([query.Term("precision", TIME), _ts_range(first, last, zone)]),
            query.And([query.Term("precision", DAY), _ts_range(first, last, UTC)]),
        ]
    )


def _period(text: str, query_text: str, offset: int, today: date) -> tuple[date, date]:
    try:
        return parse_period(text.strip().strip('"'), today)
    except DateError as exc:
        raise QueryError(
            f"'{text.strip()}' is not a date", query_text, offset, hint=f"write {_DATE_SYNTAX}"
        ) from exc


class _DateNode(syntax.SyntaxNode):
    """A parsed ``date:`` clause, already resolved to calendar days."""

    def __init__(self, first: date | None, last: date | None) -> None:
        self.first, self.last = first, last

    def r(self) -> str:
        return f"date {self.first}..{self.last}"

    def query(self, parser: NewsParser) -> query.Query:
        return date_range(self.first, self.last, parser.zone)


class DatePlugin(qparser.TaggingPlugin):
    """``date:`` clauses: a day, month or year, a ``[A TO B]`` range, or ``>``/``<`` a date."""

    priority = -1  # before FieldsPlugin and RangePlugin claim the text
    expr = (
        r"date:(?:(?P<open>[\[{])(?P<range>[^\]}]*)(?P<close>[\]}])"
        r'|(?P<op>[<>]=?)?(?P<value>"[^"]*"|[^\s()]+))'
    )

    class _Tagger(RegexTagger):
        def create(self, parser: NewsParser, match: re.Match) -> _DateNode:
            text = match.string
            if match.group("range") is not None:
                return self._range(match, text, parser.today)
            offset = match.start("value")
            first, last = _period(match.group("value"), text, offset, parser.today)
            op = match.group("op")
            if op == ">":
                return _DateNode(last + timedelta(days=1), None)
            if op == ">=":
                return _DateNode(first, None)
            if op == "<":
                return _DateNode(None, first - timedelta(days=1))
            if op == "<=":
                return _DateNode(None, last)
            return _DateNode(first, last)

        @staticmethod
        def _range(match: re.Match, text: str, today: date) -> _DateNode:
            body = match.group("range")
            parts = re.split(r"\s+TO\s+|^TO\s+|\s+TO$|^TO$", body.strip(), flags=re.IGNORECASE)
            if len(parts) != 2:
                raise QueryError(
                    "a date range needs the form [FROM TO UNTIL]",
                    text,
                    match.start("range"),
                    hint="write date:[2023-10-01 TO 2023-11-30]; leave a side empty for open",
                )
            lo, hi = (p.strip() for p in parts)
            first = last = None
            if lo and lo != "*":
                start = match.start("range") + body.find(lo)
                lo_first, lo_last = _period(lo, text, start, today)
                first = lo_last + timedelta(days=1) if match.group("open") == "{" else lo_first
            if hi and hi != "*":
                start = match.start("range") + body.rfind(hi)
                hi_first, hi_last = _period(hi, text, start, today)
                last = hi_first - timedelta(days=1) if match.group("close") == "}" else hi_last
            if first and last and first > last:
                raise QueryError(
                    f"this date range ends ({last}) before it starts ({first})",
                    text,
                    match.start("range"),
                    hint=f"swap the dates: date:[{hi} TO {lo}]",
                )
            return _DateNode(first, last)

    def taggers(self, parser: qparser.QueryParser) -> list:
        return [(self._Tagger(self.expr), self.priority)]
