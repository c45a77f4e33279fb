"""The news schema: what is indexed, what is stored, and the kinds of documents."""

from __future__ import annotations

from whoosh.analysis import RegexTokenizer
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from searcher.analysis.words import news_analyzer
from searcher.engine.columns import MISSING
from searcher.engine.texts import ColumnText
from searcher.fields import KEYWORD_PREFIX, TEXT_PREFIX

#: Bumped whenever the schema or analysis changes; an index of another version must be rebuilt.
SCHEMA_VERSION = 8
#: Values of the ``kind`` field: articles, the updater's file records, and one index record.
ARTICLE, FILE, META = "article", "file", "meta"
#: The fields analysed by ``news_analyzer`` (with positions, for phrases).
TEXT_FIELDS = ("title", "body")
#: ``ts`` of undated articles and of records that are not articles: sorts after every date.
UNDATED_TS = MISSING
#: Values of the ``precision`` field.
DAY, TIME = "day", "time"


class Stamp(NUMERIC):
    """Seconds since the epoch, as a sortable column only: dates are filtered, sorted and
    counted from the column (``engine.columns.ColumnRange``), so the 16 terms per article a numeric
    field indexes would only cost time. Articles without a date get the largest value."""

    def __init__(self, *, stored: bool = False) -> None:
        super().__init__(int, bits=64, signed=True, sortable=True, stored=stored)
        self.indexed = False


def build_schema() -> Schema:
    """Articles and the updater's per-file bookkeeping share one index (one commit, one truth)."""
    analyzer = news_analyzer()
    schema = Schema(
        kind=ID(),  # ARTICLE, FILE or META
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer, stored=True, field_boost=2.0),
        # Kept in a column of its own: reading a hit's id and title never decompresses it.
        body=ColumnText(analyzer=analyzer),
        source=ID(stored=True, sortable=True),
        ts=Stamp(),
        # DAY when only the calendar day is known (ts is its midnight UTC), else TIME: a day
        # stays the same day in every time zone, a time falls on the zone's own day.
        precision=ID(sortable=True),
        date=STORED(),  # ISO 8601 as ingested: a day stays a day
        sketch=COLUMN(VarBytesColumn()),  # near-duplicate sketch (see analysis.sketch)
        url=ID(stored=True),
        host=ID(),  # the url's host without "www.", lower-cased: --source takes it for a name
        # Names as written, so facets show them so; searches match them in any case and by
        # part (``query.fields``).
        authors=KEYWORD(stored=True, commas=True, scorable=False),
        language=ID(stored=True),
        path=ID(stored=True),
        fingerprint=STORED(),
        # When the article was first indexed and last changed: the stamp of the update that
        # did it (seconds, one per update), for "what is new" (see update.updater).
        indexed=Stamp(stored=True),
        changed=Stamp(stored=True),
        meta=STORED(),  # JSON: a file record's size, mtime and hash; the index record's version
        fields=STORED(),  # JSON: the record's own fields (see searcher.fields), as read
    )
    # A record's own fields, indexed by kind (see searcher.fields): a keyword's every line is
    # one term, as written; text is analysed like a body.
    schema.add(f"{KEYWORD_PREFIX}*", KEYWORD(analyzer=RegexTokenizer(r"[^\n]+")), glob=True)
    schema.add(f"{TEXT_PREFIX}*", TEXT(analyzer=analyzer), glob=True)
    return schema
