"""One committed state of an index with what every search of it reuses."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from whoosh import query

from searcher.article import Article
from searcher.documents import stored_article, updated_of
from searcher.query.fields import Fields
from searcher.query.outlets import OutletMap, outlet_names
from searcher.query.parser import QUERY_FIELDS, QueryBuilder
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
    #: The outlet of every source the index holds (see ``query.outlets``).
    outlets: dict[str, str] = field(default_factory=dict)
    #: What is worked out once over the whole snapshot, on first use (near-duplicate groups).
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)
    #: The stamp of the latest update (see ``update.updater``), None before any.
    updated: int | None = None

    @classmethod
    def of(cls, view: View, outlet_map: OutletMap | None = None) -> Snapshot:
        """The snapshot of ``view``, its outlets named by ``outlet_map``."""
        outlet_map = outlet_map or OutletMap()
        records = query.Or([query.Term("kind", FILE), query.Term("kind", META)])
        outlets = outlet_names(view, outlet_map.names)
        sources = Sources(outlets, view.values("host"), outlets, outlet_map.collections)
        meta = view.document_number(kind=META)
        return cls(
            view,
            QueryBuilder(
                view.schema,
                sources,
                Fields(view, reserved=(*QUERY_FIELDS, "date")),
                view.values("language"),
            ),
            frozenset(view.matches(records)),
            outlets,
            updated=updated_of(view.stored(meta)) if meta is not None else None,
        )

    @property
    def sources(self) -> Sources:
        return self.builder.sources

    def outlet(self, source: str) -> str:
        """The outlet an article's stored source stands for."""
        return self.outlets.get(source, source)

    def article(self, docnum: int) -> Article:
        """The article stored as ``docnum``, with its outlet as its source."""
        article = stored_article(self.view.stored(docnum))
        return replace(article, source=self.outlet(article.source))
