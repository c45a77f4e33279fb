"""Query strings to Whoosh queries, as a stack of small parser plugins.

The stock Whoosh parser accepts almost anything and silently guesses; a
research tool must not. So the string is checked first (quotes, brackets,
dangling operators) and errors carry the position of the problem. Dates have
our own syntax plugin because the stock ``DateParserPlugin`` reads hyphenated
ISO dates as whole years (see WHOOSH.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from whoosh import qparser, query
from whoosh.qparser import syntax
from whoosh.qparser.taggers import RegexTagger

from searcher.dates import parse_period
from searcher.docsets import StampRange
from searcher.errors import DateError, QueryError
from searcher.schema import DAY, TIME

#: Fields searched when a word has no ``field:`` prefix.
DEFAULT_FIELDS = ("title", "body")
#: Field prefixes users may write; anything else before a colon is plain text.
QUERY_FIELDS = ("title", "body", "source", "url", "authors", "language", "id")

MAX_QUERY_LENGTH = 2000
#: How deep parentheses may nest: Whoosh's parser recurses, and runs out of stack near 900.
MAX_NESTING = 100

_OPERATORS = ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE")
_DATE_SYNTAX = (
    "date:2023-11-03, date:2023-11, date:2023, date:[2023-10-01 TO 2023-11-30] or date:>2023-10-01"
)


def day_start(day: date, zone: tzinfo = UTC) -> int:
    """Seconds since the epoch at the first moment of a calendar day in ``zone``."""
    return int(datetime.combine(day, time(), zone).timestamp())


def _ts_range(first: date | None, last: date | None, zone: tzinfo) -> StampRange:
    start = day_start(first, zone) if first else None
    end = day_start(last + timedelta(days=1), zone) - 1 if last else None
    return StampRange(start, end)


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


class _NewsParser(qparser.QueryParser):
    """The parser for one time zone and day: ``date:`` clauses resolve against them."""

    def __init__(self, schema, zone: tzinfo, today: date) -> None:
        super().__init__(None, schema, group=qparser.AndGroup)
        self.zone, self.today = zone, today
        self.add_plugin(qparser.MultifieldPlugin(list(DEFAULT_FIELDS)))
        self.add_plugin(DatePlugin())
        self.remove_plugin_class(qparser.BoostPlugin)


class _DateNode(syntax.SyntaxNode):
    """A parsed ``date:`` clause, already resolved to calendar days."""

    def __init__(self, first: date | None, last: date | None) -> None:
        self.first, self.last = first, last

    def r(self) -> str:
        return f"date {self.first}..{self.last}"

    def query(self, parser: _NewsParser) -> query.Query:
        return date_range(self.first, self.last, parser.zone)


class DatePlugin(qparser.TaggingPlugin):
    """``date:`` clauses: a day, month or year, a ``[A TO B]`` range, or ``>``/``<`` a date."""

    priority = -1  # before FieldsPlugin and RangePlugin claim the text
    expr = (
        r"date:(?:(?P<open>[\[{])(?P<range>[^\]}]*)(?P<close>[\]}])"
        r'|(?P<op>[<>]=?)?(?P<value>"[^"]*"|[^\s()]+))'
    )

    class _Tagger(RegexTagger):
        def create(self, parser: _NewsParser, match: re.Match) -> _DateNode:
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
            return _DateNode(first, last)

    def taggers(self, parser: qparser.QueryParser) -> list:
        return [(self._Tagger(self.expr), self.priority)]


def _check_syntax(text: str) -> None:
    """Reject what the Whoosh parser would silently misread, pointing at the problem."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_LENGTH:,}",
            hint="shorten the query, or split it into several searches",
        )
    if not text.strip():
        raise QueryError("the query is empty", hint='search for words, e.g. "humanitarian aid"')
    opened: list[int] = []
    quote: int | None = None
    for pos, char in enumerate(text):
        if char == '"':
            quote = pos if quote is None else None
        elif quote is not None:
            continue
        elif char == "(":
            opened.append(pos)
            if len(opened) > MAX_NESTING:
                raise QueryError(
                    f"the parentheses nest more than {MAX_NESTING} deep",
                    text,
                    pos,
                    hint="remove parentheses that group a single part",
                )
        elif char == ")":
            if not opened:
                raise QueryError("this ')' closes nothing", text, pos, hint="remove it or add '('")
            opened.pop()
    if quote is not None:
        raise QueryError("this quote is never closed", text, quote, hint='close the phrase with "')
    if opened:
        raise QueryError("this '(' is never closed", text, opened[-1], hint="add ')'")
    _check_operators(text)


def _check_operators(text: str) -> None:
    # A phrase counts as one word beside an operator (kept as long, for the offsets).
    outside_quotes = re.sub(r'"[^"]*"', lambda m: "Q" * len(m.group()), text)
    words = list(re.finditer(r"[^\s()]+|[()]", outside_quotes))
    for i, word in enumerate(words):
        if word.group() not in _OPERATORS:
            continue
        after = words[i + 1].group() if i + 1 < len(words) else ")"
        before = words[i - 1].group() if i else "("
        binary = word.group() != "NOT"
        # NOT NOT would make Whoosh's parser fail with an IndexError
        dangling = after in _OPERATORS and (after != "NOT" or not binary)
        if after == ")" or dangling or (binary and before == "("):
            raise QueryError(
                f"{word.group()} needs a word on each side"
                if binary
                else "NOT needs a word after it",
                text,
                word.start(),
                hint=f"write e.g. 'gaza {word.group()} rafah'"
                if binary
                else "write e.g. 'gaza NOT rafah'",
            )


class QueryBuilder:
    """Parses query strings for one index: its schema and its list of sources."""

    def __init__(self, schema, sources: Iterable[str] = ()) -> None:
        self._schema = schema
        self._sources = sorted(set(sources))
        self._fields = set(QUERY_FIELDS)
        self._parsers: dict[tuple[tzinfo, date], _NewsParser] = {}

    def parse(self, text: str, zone: tzinfo = UTC) -> query.Query:
        """The Whoosh query for ``text``; raises QueryError pointing at the problem.

        ``date:`` clauses are calendar days in ``zone``. A lone ``*`` matches every
        article, for browsing and counting with filters and facets.
        """
        _check_syntax(text)
        if text.strip() == "*":
            return query.Every()
        self._check_fields(text)
        today = datetime.now(zone).date()
        parser = self._parsers.get((zone, today))
        if parser is None:
            parser = self._parsers[zone, today] = _NewsParser(self._schema, zone, today)
        parsed = parser.parse(text)
        if parsed is query.NullQuery:
            raise QueryError(
                "the query has no words to search for", text, 0, hint="search for words or a date"
            )
        return parsed.accept(self._resolve_source).accept(_every_article)

    def _check_fields(self, text: str) -> None:
        outside_quotes = re.sub(r'"[^"]*"', lambda m: " " * len(m.group()), text)
        for match in re.finditer(r"(?:^|(?<=[\s(]))(\w+):(?=[^\s/])", outside_quotes):
            name = match.group(1)
            if name != "date" and name not in self._fields:
                raise QueryError(
                    f"unknown field '{name}'",
                    text,
                    match.start(),
                    hint=f"fields are {', '.join((*QUERY_FIELDS, 'date'))}; "
                    'quote the text ("…") to search for the colon',
                )

    def _resolve_source(self, node: query.Query) -> query.Query:
        """``source:bbc`` matches the source named "BBC": names compare case-insensitively."""
        if isinstance(node, query.Term) and node.fieldname == "source":
            wanted = str(node.text).casefold()
            names = [s for s in self._sources if s.casefold() == wanted]
            if names and names != [node.text]:
                return source_filter(names)
        return node


def _every_article(node: query.Query) -> query.Query:
    """``*`` among other words, or ``title:*``: every article, without reading every posting
    of the field as Whoosh's ``Every("title")`` does (seconds, out of reach of the time cap)."""
    return query.Every() if isinstance(node, query.Every) else node


def source_filter(names: Sequence[str]) -> query.Query:
    """Articles from any of the given sources, by exact name."""
    terms = [query.Term("source", name) for name in names]
    return terms[0] if len(terms) == 1 else query.Or(terms)


def describe(q: query.Query) -> dict[str, list]:
    """How a parsed query reads: required and excluded words and phrases per field, wildcards
    and date ranges (as days, UTC), for ``--explain``."""
    found: dict[str, list] = {"words": [], "phrases": [], "wildcards": [], "dates": []}
    found["excluded"] = []
    _describe(q, found, negated=False)
    return {key: list(dict.fromkeys(values)) for key, values in found.items() if values}


def _describe(q: query.Query, found: dict[str, list], negated: bool) -> None:
    if isinstance(q, query.Not):
        _describe(q.query, found, not negated)
    elif isinstance(q, query.AndNot):
        _describe(q.a, found, negated)
        _describe(q.b, found, not negated)
    elif isinstance(q, query.And) and query.Term("precision", TIME) in q.subqueries:
        return  # the zone-shifted twin of a day range: the day-only branch shows the days
    elif isinstance(q, StampRange):
        days = [
            datetime.fromtimestamp(ts, UTC).date().isoformat() if ts is not None else "…"
            for ts in (q.start, q.end)
        ]
        found["dates"].append(" to ".join(days))
    elif isinstance(q, query.Phrase):
        slop = f" (within {q.slop})" if q.slop > 1 else ""
        found["excluded" if negated else "phrases"].append(
            f'{q.fieldname}:"{" ".join(q.words)}"{slop}'
        )
    elif isinstance(q, query.MultiTerm):
        pattern = f"{q.text}*" if isinstance(q, query.Prefix) else q.text
        found["excluded" if negated else "wildcards"].append(f"{q.fieldname}:{pattern}")
    elif isinstance(q, query.Term) and q.fieldname != "precision":
        found["excluded" if negated else "words"].append(f"{q.fieldname}:{q.text}")
    elif not q.is_leaf():
        for child in q.children():
            _describe(child, found, negated)
