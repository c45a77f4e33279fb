"""One committed state of an index with what every search of it reuses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from whoosh import query

from searcher.documents import updated_of
from searcher.query.parser import QueryBuilder
from searcher.query.sources import Sources
from searcher.schema import FILE, META
from searcher.seam import View


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One committed state of an index, with what every search of it reuses."""

    view: View
    builder: QueryBuilder
    #: Document numbers of the updater's records, which no search may return.
    bookkeeping: frozenset[int]
    #: What is worked out once over the whole snapshot, on first use (near-duplicate groups).
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)
    #: The stamp of the latest update (see ``update.updater``), None before any.
    updated: int | None = None

    @classmethod
    def of(cls, view: View) -> Snapshot:
        records = query.Or([query.Term("kind", FILE), query.Term("kind", META)])
        meta = view.document_number(kind=META)
        return cls(
            view,
            QueryBuilder(view.schema, Sources(view.values("source"), view.values("host"))),
            frozenset(view.matches(records)),
            updated=updated_of(view.stored(meta)) if meta is not None else None,
        )
