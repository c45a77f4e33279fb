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
from datetime import UTC, date, datetime, tzinfo

from whoosh import qparser, query

from searcher.errors import QueryError
from searcher.query.dates import DatePlugin
from searcher.query.syntax import check_syntax
from searcher.schema import TEXT_FIELDS

#: Fields searched when a word has no ``field:`` prefix.
DEFAULT_FIELDS = TEXT_FIELDS
#: Field prefixes users may write; anything else before a colon is plain text.
QUERY_FIELDS = ("title", "body", "source", "url", "authors", "language", "id")


class NewsParser(qparser.QueryParser):
    """The parser for one time zone and day: ``date:`` clauses resolve against them."""

    def __init__(self, schema, zone: tzinfo, today: date) -> None:
        super().__init__(None, schema, group=qparser.AndGroup)
        self.zone, self.today = zone, today
        self.add_plugin(qparser.MultifieldPlugin(list(DEFAULT_FIELDS)))
        self.add_plugin(DatePlugin())
        self.remove_plugin_class(qparser.BoostPlugin)

    def multitoken_query(self, spec, texts, fieldname, termclass, boost):
        """A word that analysis splits (``9/11``, ``U.S.``, ``al-Assad``) is its terms in
        sequence, as Lucene's parser makes it: not each term anywhere in the field."""
        return self.phraseclass(fieldname, texts, boost=boost)


class QueryBuilder:
    """Parses query strings for one index: its schema and its list of sources."""

    def __init__(self, schema, sources: Iterable[str] = ()) -> None:
        self._schema = schema
        self._sources = sorted(set(sources))
        self._fields = set(QUERY_FIELDS)
        self._parsers: dict[tuple[tzinfo, date], NewsParser] = {}

    def parse(self, text: str, zone: tzinfo = UTC) -> query.Query:
        """The Whoosh query for ``text``; raises QueryError pointing at the problem.

        ``date:`` clauses are calendar days in ``zone``. A lone ``*`` matches every
        article, for browsing and counting with filters and facets.
        """
        check_syntax(text)
        if text.strip() == "*":
            return query.Every()
        self._check_fields(text)
        today = datetime.now(zone).date()
        parser = self._parsers.get((zone, today))
        if parser is None:
            parser = self._parsers[zone, today] = NewsParser(self._schema, zone, today)
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
