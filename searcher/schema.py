"""The Whoosh schema: what is indexed, how text is analysed, what is stored.

Stop words are kept in the index on purpose: a phrase such as "secretary of
state" must not also match "secretary state" (see WHOOSH.md), and news users
search names and titles full of "of", "the" and "in".

Words are stemmed by PyStemmer (Snowball's English in C): Whoosh's own Snowball port is pure
Python, 20 us a word, and the older algorithm ("added" -> "ad", "evening" -> "even").
"""

from __future__ import annotations

import re

from whoosh.analysis import CharsetFilter, LowercaseFilter, PyStemmerFilter, RegexTokenizer
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

#: Bumped whenever the schema or analysis changes; an index of another version must be rebuilt.
SCHEMA_VERSION = 3

#: Values of the ``kind`` field: articles, the updater's file records, and one index record.
ARTICLE, FILE, META = "article", "file", "meta"
#: The fields analysed by ``news_analyzer`` (with positions, for phrases).
TEXT_FIELDS = frozenset({"title", "body"})
#: Values of the ``precision`` field.
DAY, TIME = "day", "time"


_WORD = r"\w+"
_STEM_CACHE = 100_000


def news_analyzer():
    """Words, lower-cased, accents folded, English-stemmed; stop words kept."""
    return (
        RegexTokenizer(_WORD)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | PyStemmerFilter("english", cachesize=_STEM_CACHE)
    )


_stem = PyStemmerFilter("english", cachesize=0)._stem


def term_of(word: str) -> str:
    """The index term of one word (a run of ``\\w``), as ``news_analyzer`` makes it."""
    return _stem(word.lower().translate(accent_map))


class WordPositions:
    """``news_analyzer`` for indexing in bulk: a text's terms with their positions, and its
    length in words.

    The same terms as the analyzer (a test holds them equal on the real corpora), without a
    token object and four generators per word: a word is looked up in a cache of its term,
    so each distinct spelling is lower-cased, folded and stemmed once per process.
    """

    def __init__(self) -> None:
        self._find = re.compile(_WORD).findall
        self._terms: dict[str, str] = {}

    def __call__(self, text: str) -> tuple[dict[str, list[int]], int]:
        words = self._find(text)
        terms = self._terms
        if len(terms) > 4 * _STEM_CACHE:
            terms.clear()
        positions: dict[str, list[int]] = {}
        for position, word in enumerate(words):
            term = terms.get(word)
            if term is None:
                term = terms[word] = term_of(word)
            found = positions.get(term)
            if found is None:
                positions[term] = [position]
            else:
                found.append(position)
        return positions, len(words)


class Stamp(NUMERIC):
    """Seconds since the epoch, as a sortable column only: dates are filtered, sorted and
    counted from the column (``query.StampRange``), so the 16 terms per article a numeric
    field indexes would only cost time. Articles without a date get the largest value."""

    def __init__(self) -> None:
        super().__init__(int, bits=64, signed=True, sortable=True)
        self.indexed = False


def build_schema() -> Schema:
    """Articles and the updater's per-file bookkeeping share one index (one commit, one truth)."""
    analyzer = news_analyzer()
    return Schema(
        kind=ID(),  # ARTICLE, FILE or META
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer, stored=True, field_boost=2.0),
        body=TEXT(analyzer=analyzer, stored=True),
        source=ID(stored=True, sortable=True),
        ts=Stamp(),
        # DAY when only the calendar day is known (ts is its midnight UTC), else TIME: a day
        # stays the same day in every time zone, a time falls on the zone's own day.
        precision=ID(sortable=True),
        date=STORED(),  # ISO 8601 as ingested: a day stays a day
        sketch=COLUMN(VarBytesColumn()),  # near-duplicate sketch (see searcher.duplicates)
        url=ID(stored=True),
        authors=KEYWORD(stored=True, commas=True, lowercase=True, scorable=False),
        language=ID(stored=True),
        path=ID(stored=True),
        fingerprint=STORED(),
        meta=STORED(),  # JSON: a file record's size, mtime and hash; the index record's version
    )
