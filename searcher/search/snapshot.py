"""One committed state of an index with what every search of it reuses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from whoosh import query
from whoosh.index import FileIndex
from whoosh.searching import Searcher

from searcher.engine.plans import matching_docs
from searcher.engine.snapshot import open_held
from searcher.query.parser import QueryBuilder
from searcher.schema import FILE, META


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One committed state of an index, with what every search of it reuses."""

    searcher: Searcher
    builder: QueryBuilder
    #: Document numbers of the updater's records, which no search may return.
    bookkeeping: frozenset[int]
    #: What is worked out once over the whole snapshot, on first use (near-duplicate groups).
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def open(cls, ix: FileIndex) -> Snapshot:
        """The latest commit of ``ix``, its files held open (see ``open_held``)."""
        return open_held(ix, cls.of)

    @classmethod
    def of(cls, searcher: Searcher) -> Snapshot:
        names = (term.decode("utf-8") for term in searcher.reader().lexicon("source"))
        records = query.Or([query.Term("kind", FILE), query.Term("kind", META)])
        return cls(
            searcher,
            QueryBuilder(searcher.schema, names),
            frozenset(matching_docs(searcher, records)),
        )
