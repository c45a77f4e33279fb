"""The Whoosh schema: what is indexed, how text is analysed, what is stored.

Stop words are kept in the index on purpose: a phrase such as "secretary of
state" must not also match "secretary state" (see WHOOSH.md), and news users
search names and titles full of "of", "the" and "in".
"""

from __future__ import annotations

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

#: Bumped whenever the schema or analysis changes; an index of another version must be rebuilt.
SCHEMA_VERSION = 2

#: Values of the ``kind`` field: articles, the updater's file records, and one index record.
ARTICLE, FILE, META = "article", "file", "meta"
#: Values of the ``precision`` field.
DAY, TIME = "day", "time"


def news_analyzer():
    """Words, lower-cased, accents folded, English-stemmed; stop words kept."""
    return (
        RegexTokenizer(r"\w+")
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StemFilter(lang="en", cachesize=200_000)
    )


def build_schema() -> Schema:
    """Articles and the updater's per-file bookkeeping share one index (one commit, one truth)."""
    analyzer = news_analyzer()
    return Schema(
        kind=ID(),  # ARTICLE, FILE or META
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer, stored=True, field_boost=2.0),
        body=TEXT(analyzer=analyzer, stored=True),
        source=ID(stored=True, sortable=True),
        ts=NUMERIC(int, bits=64, signed=True, sortable=True),
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
