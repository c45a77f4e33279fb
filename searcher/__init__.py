"""searcher: full-text search for news archives.

>>> from searcher import Index
>>> idx = Index.open("indexdir", create=True)
>>> report = idx.update(["corpus/"])
>>> res = idx.search('"humanitarian aid"', facets=["source", "month"])
"""

from searcher.analytics import KwicLine, Trend
from searcher.article import Article
from searcher.duplicates import Copy, DuplicateGroup
from searcher.errors import (
    ArticleNotFound,
    DateError,
    IndexLocked,
    IndexNotFound,
    IndexVersionError,
    IngestError,
    OptionError,
    QueryError,
    SearcherError,
    SearchTimeout,
)
from searcher.index import Index, Stats, UpdateReport
from searcher.search import FACETS, SORTS, Hit, Results

__all__ = [
    "FACETS",
    "SORTS",
    "Article",
    "ArticleNotFound",
    "Copy",
    "DateError",
    "DuplicateGroup",
    "Hit",
    "Index",
    "IndexLocked",
    "IndexNotFound",
    "IndexVersionError",
    "IngestError",
    "KwicLine",
    "OptionError",
    "QueryError",
    "Results",
    "SearchTimeout",
    "SearcherError",
    "Stats",
    "Trend",
    "UpdateReport",
]
