"""searcher: full-text search for news archives.

>>> from searcher import Filters, Index
>>> idx = Index.open("indexdir", create=True)
>>> report = idx.update(["corpus/"])
>>> res = idx.search('"humanitarian aid"', Filters(date_from="2023-10"), facets=["month"])
"""

__version__ = "0.1.0"

import importlib
from typing import TYPE_CHECKING, Any

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
from searcher.index import Index
from searcher.search.facets import FACETS
from searcher.search.filters import Filters
from searcher.search.pipeline import SORTS
from searcher.search.results import Hit, Results

if TYPE_CHECKING:
    from searcher.research.duplicates import Copy, DuplicateGroup
    from searcher.research.kwic import KwicLine
    from searcher.research.outlets import Outlet
    from searcher.research.trend import SplitTrend, Trend
    from searcher.research.watches import Watch, WatchRun
    from searcher.stats import Stats
    from searcher.update.report import UpdateReport

#: What research, updates and stats return, imported when first named (``searcher.Trend``):
#: a search does not load their modules.
_LATER = {
    "Copy": "searcher.research.duplicates",
    "DuplicateGroup": "searcher.research.duplicates",
    "KwicLine": "searcher.research.kwic",
    "Outlet": "searcher.research.outlets",
    "SplitTrend": "searcher.research.trend",
    "Trend": "searcher.research.trend",
    "Watch": "searcher.research.watches",
    "WatchRun": "searcher.research.watches",
    "Stats": "searcher.stats",
    "UpdateReport": "searcher.update.report",
}


def __getattr__(name: str) -> Any:
    if name in _LATER:
        return getattr(importlib.import_module(_LATER[name]), name)
    raise AttributeError(f"module 'searcher' has no attribute {name!r}")


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
