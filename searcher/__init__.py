"""searcher: full-text search for news archives.

>>> from searcher import Index
>>> idx = Index.open("indexdir", create=True)
>>> report = idx.update(["corpus/"])
>>> res = idx.search('"humanitarian aid"', facets=["source", "month"])
"""

from searcher.article import Article
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
from searcher.research.duplicates import Copy, DuplicateGroup
from searcher.research.kwic import KwicLine
from searcher.research.trend import Trend
from searcher.search.facets import FACETS
from searcher.search.pipeline import SORTS
from searcher.search.results import Hit, Results

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
