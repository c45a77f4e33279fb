"""Query strings to Whoosh queries, as a stack of small parser plugins.

The stock Whoosh parser accepts almost anything and silently guesses; a
research tool must not. So the string is checked first (quotes, brackets,
dangling operators) and errors carry the position of the problem. Dates have
our own syntax plugin because the stock ``DateParserPlugin`` reads hyphenated
ISO dates as whole years (see WHOOSH.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo

from whoosh import qparser, query
from whoosh.qparser.taggers import RegexTagger

from searcher.analysis.words import alternatives
from searcher.errors import QueryError
from searcher.query.dates import DatePlugin
from searcher.query.exact import exactly
from searcher.query.fields import Fields
from searcher.query.sources import Sources
from searcher.query.syntax import MINUS, check_syntax
from searcher.schema import TEXT_FIELDS

#: NOT, or a minus sign before a word, a phrase or a group (``gaza -sport``, as in Lucene and
#: web search engines), never inside a word (``al-Assad``) or before a number (``-30 days``).
NOT = r"(^|(?<=(\s|[()])))(NOT(?=\s)|" + MINUS + ")"
#: Fields searched when a word has no ``field:`` prefix.
DEFAULT_FIELDS = TEXT_FIELDS
#: Field prefixes users may write; anything else before a colon is plain text.
QUERY_FIELDS = ("title", "body", "source", "url", "authors", "language", "id")
#: ``language:ar`` in a query, which also restricts how its words are analysed.
_LANGUAGE_CLAUSE = re.compile(r"(?<![\w:-])language:\"?([A-Za-z]{2,3})\b")


class QuotePlugin(qparser.PhrasePlugin):
    """Phrases, ``"…"~N`` within N words, and ``="…"`` (or every phrase, for a parser made
    ``exact``): the phrase as written (see ``query.exact``)."""

    class QuoteNode(qparser.PhrasePlugin.PhraseNode):
        def __init__(self, text: str, textstartchar: int, slop: int, exact: bool) -> None:
            super().__init__(text, textstartchar, slop)
            self.exact = exact

        def query(self, parser: NewsParser) -> query.Query:
            fieldname = self.fieldname or parser.fieldname
            found = parser.alternatives(fieldname, self.text, self.slop, self.boost)
            if found is None:
                found = super().query(parser)
            if (self.exact or parser.exact) and self.slop == 1:
                return exactly(found, self.text, fieldname)
            return found

    class QuoteTagger(RegexTagger):
        def create(self, parser: NewsParser, match: re.Match) -> QuotePlugin.QuoteNode:
            slop = int(match.group("slop") or 1)
            exact = bool(match.group("exact"))
            if exact and slop != 1:
                raise QueryError(
                    "an exact quote cannot also be within some words",
                    parser.text,
                    match.start(),
                    hint=f'leave out ~{slop}, or the "=" before the quote',
                )
            return QuotePlugin.QuoteNode(match.group("text"), match.start("text"), slop, exact)

    def __init__(self) -> None:
        super().__init__('(?P<exact>=)?"(?P<text>.*?)"(~(?P<slop>[1-9][0-9]*))?')

    def taggers(self, parser: qparser.QueryParser) -> list:
        return [(self.QuoteTagger(self.expr), 0)]


class NewsParser(qparser.QueryParser):
    """The parser for one time zone and day: ``date:`` clauses resolve against them. An
    ``exact`` parser keeps every phrase to its words as written.

    A word or phrase of the titles and bodies is searched in every form it takes under
    ``languages`` (an index's, or those a search is restricted to) and, unless ``only``,
    under the default analysis: a word typed in any language finds the articles stemmed in
    theirs (see ``analysis.languages``)."""

    def __init__(
        self,
        schema,
        zone: tzinfo,
        today: date,
        exact: bool = False,
        languages: tuple[str, ...] = (),
        only: bool = False,
    ) -> None:
        super().__init__(None, schema, group=qparser.AndGroup)
        self.zone, self.today, self.exact = zone, today, exact
        self.languages, self.only = languages, only
        self.text = ""
        self.remove_plugin_class(qparser.BoostPlugin)
        self.remove_plugin_class(qparser.PhrasePlugin)
        self.remove_plugin_class(qparser.OperatorsPlugin)
        self.add_plugins(
            [
                qparser.OperatorsPlugin(Not=NOT),
                QuotePlugin(),
                qparser.MultifieldPlugin(list(DEFAULT_FIELDS)),
                DatePlugin(),
            ]
        )

    def parse(self, text: str, *args, **kwargs) -> query.Query:
        self.text = text  # for the position of an error in it
        return super().parse(text, *args, **kwargs)

    def term_query(
        self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True
    ) -> query.Query | None:
        found = self.alternatives(fieldname, text, 1, boost) if tokenize else None
        if found is None:
            return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
        return found

    def alternatives(
        self, fieldname: str | None, text: str, slop: int, boost: float
    ) -> query.Query | None:
        """A title or body word or phrase as the alternatives of its forms, when it has
        several under this parser's languages (None: it has one, or another field)."""
        if fieldname not in TEXT_FIELDS or not (self.languages or self.only):
            return None
        found = [
            query.Term(fieldname, words[0], boost=boost)
            if len(words) == 1
            else query.Phrase(fieldname, words, slop=slop, boost=boost)
            for words in alternatives(text, self.languages, default=not self.only)
            if words
        ]
        if len(found) < 2:
            return found[0] if found and self.only else None
        return query.Or(found)

    def multitoken_query(self, spec, texts, fieldname, termclass, boost):
        """A word that analysis splits (``9/11``, ``U.S.``, ``al-Assad``) is its terms in
        sequence, as Lucene's parser makes it: not each term anywhere in the field."""
        return self.phraseclass(fieldname, texts, boost=boost)


class QueryBuilder:
    """Parses query strings for one index: its schema, its sources and its record fields."""

    def __init__(
        self,
        schema,
        sources: Sources | None = None,
        fields: Fields | None = None,
        languages: Iterable[str] = (),
    ) -> None:
        self.sources = sources or Sources()
        self.fields = fields or Fields()
        #: The languages of the index's articles, which query words are analysed under.
        self.languages = tuple(sorted(set(languages) - {""}))
        self._schema = self.fields.parser_schema(schema)
        self._fields = {*QUERY_FIELDS, *self.fields.names}
        self._parsers: dict[tuple, NewsParser] = {}

    def parse(
        self,
        text: str,
        zone: tzinfo = UTC,
        exact: bool = False,
        languages: Iterable[str] = (),
    ) -> query.Query:
        """The Whoosh query for ``text``; raises QueryError pointing at the problem.

        ``date:`` clauses are calendar days in ``zone``. A lone ``*`` matches every
        article, for browsing and counting with filters and facets. With ``exact`` every
        phrase is an exact quote, as ``="…"`` makes one. Words are analysed under every
        language of the index, or only under ``languages`` (``--lang``) or those of the
        query's ``language:`` clauses when it has some.
        """
        check_syntax(text)
        if text.strip() == "*":
            return query.Every()
        self._check_fields(text)
        only = tuple(sorted({*languages, *_LANGUAGE_CLAUSE.findall(text.lower())}))
        today = datetime.now(zone).date()
        key = (zone, today, exact, only)
        parser = self._parsers.get(key)
        if parser is None:
            parser = NewsParser(
                self._schema, zone, today, exact, only or self.languages, only=bool(only)
            )
            self._parsers[key] = parser
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
