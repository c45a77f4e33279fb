"""searcher: full-text search for news archives.

>>> from searcher import Filters, Index
>>> idx = Index.open("indexdir", create=True)
>>> report = idx.update(["corpus/"])
>>> res = idx.search('"humanitarian aid"', Filters(date_from="2023-10"), facets=["month"])
"""

__version__ = "0.1.0"

from searcher.article import Article
from searcher.errors import (
    ArticleNotFound,
    DateError,
    ExtraMissing,
    IndexDamaged,
    IndexExists,
    IndexLocked,
    IndexNotFound,
    IndexUnreadable,
    IndexVersionError,
    IndexWriteError,
    IngestError,
    NothingIndexed,
    OptionError,
    QueryError,
    SearcherError,
    SearchTimeout,
    UnknownSource,
)
from searcher.index import Index, Stats, UpdateReport
from searcher.research.duplicates import Copy, DuplicateGroup
from searcher.research.kwic import KwicLine
from searcher.research.outlets import Outlet
from searcher.research.trend import SplitTrend, Trend
from searcher.research.watches import Watch, WatchRun
from searcher.search.facets import FACETS
from searcher.search.filters import Filters
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
    "ExtraMissing",
    "Filters",
    "Hit",
    "Index",
    "IndexDamaged",
    "IndexExists",
    "IndexLocked",
    "IndexNotFound",
    "IndexUnreadable",
    "IndexVersionError",
    "IndexWriteError",
    "IngestError",
    "KwicLine",
    "NothingIndexed",
    "OptionError",
    "Outlet",
    "QueryError",
    "Results",
    "SearchTimeout",
    "SearcherError",
    "SplitTrend",
    "Stats",
    "Trend",
    "UnknownSource",
    "UpdateReport",
    "Watch",
    "WatchRun",
]
