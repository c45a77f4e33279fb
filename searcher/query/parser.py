"""Query strings to Whoosh queries, as a stack of small parser plugins.

The stock Whoosh parser accepts almost anything and silently guesses; a
research tool must not. So the string is checked first (quotes, brackets,
dangling operators) and errors carry the position of the problem. Dates have
our own syntax plugin because the stock ``DateParserPlugin`` reads hyphenated
ISO dates as whole years (see WHOOSH.md).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, tzinfo

from whoosh import qparser, query

from searcher.errors import QueryError
from searcher.query.dates import DatePlugin
from searcher.query.fields import Fields
from searcher.query.sources import Sources
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
    """Parses query strings for one index: its schema, its sources and its record fields."""

    def __init__(
        self, schema, sources: Sources | None = None, fields: Fields | None = None
    ) -> None:
        self.sources = sources or Sources()
        self.fields = fields or Fields()
        self._schema = self.fields.parser_schema(schema)
        self._fields = {*QUERY_FIELDS, *self.fields.names}
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
        resolved = parsed.accept(lambda node: self._resolve_source(node, text))
        return resolved.accept(self.fields.resolve).accept(_every_article)

    def _check_fields(self, text: str) -> None:
        outside_quotes = re.sub(r'"[^"]*"', lambda m: "Q" * len(m.group()), text)
        for match in re.finditer(r"(?:^|(?<=[\s(]))(\w+):(?=[\s)]|$)", outside_quotes):
            name = match.group(1)
            if name == "date" or name in self._fields:
                raise QueryError(
                    f"'{name}:' has nothing after it",
                    text,
                    match.start(),
                    hint=f'write {name}:WORD or {name}:"two words"',
                )
        for match in re.finditer(r"(?:^|(?<=[\s(]))(\w+):(?=[^\s/])", outside_quotes):
            name = match.group(1)
            if name != "date" and name not in self._fields:
                raise QueryError(
                    f"unknown field '{name}'",
                    text,
                    match.start(),
                    hint=f"fields are {', '.join((*QUERY_FIELDS, 'date', *self.fields.names))}; "
                    'quote the text ("…") to search for the colon',
                )

    def _resolve_source(self, node: query.Query, text: str) -> query.Query:
        """``source:bbc`` matches the source named "BBC" or the pages of host bbc.com; a
        source the index does not hold is an error, as it could only match nothing."""
        if isinstance(node, query.Term) and node.fieldname == "source":
            found = self.sources.query(str(node.text))
            if found is None:
                error = self.sources.unknown(str(node.text))
                at = max(0, text.find("source:"))
                raise QueryError(str(error), text, at, hint=error.hint)
            return found
        return node


def _every_article(node: query.Query) -> query.Query:
    """``*`` among other words, or ``title:*``: every article, without reading every posting
    of the field as Whoosh's ``Every("title")`` does (seconds, out of reach of the time cap)."""
    return query.Every() if isinstance(node, query.Every) else node
