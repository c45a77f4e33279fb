"""``ClusterIndex``: a Sphinx/Manticore cluster as a searcher index, what ``Index.open`` gives
for ``sphinx://HOST:PORT/INDEX`` (or ``manticore://``).

It takes the same updates (``update``) and searches (``search``, ``len``) as a Whoosh index,
through the same ingest, parser, filters, facets' names and snippets, and reads articles
(``get``, ``highlights``) and its counts (``stats``) for the web interface; every other method
of ``Index`` is ``ClusterUnsupported`` on it, said when called, never answered differently.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from whoosh import query

from searcher import ingest
from searcher.article import Article
from searcher.cluster.client import Address, Connection, connect
from searcher.cluster.feed import Records, Shards, feed, row_id
from searcher.cluster.rerank import Rescorer
from searcher.cluster.search import FACETS, Page, Search, run_search
from searcher.cluster.translate import Translated, translate
from searcher.documents import stored_article
from searcher.errors import ArticleNotFound, ClusterUnsupported
from searcher.query.outlets import OutletMap
from searcher.query.parser import QueryBuilder
from searcher.query.sources import Sources
from searcher.schema import build_schema
from searcher.search.facets import UNDATED as UNDATED_LABEL
from searcher.search.filters import NO_FILTERS, Filters
from searcher.search.highlight import patterns
from searcher.search.pipeline import check_options, default_sort, highlight_article
from searcher.search.results import Results
from searcher.stats import Stats
from searcher.update.report import UpdateReport

#: The methods of ``Index`` a cluster index refuses (a test holds this to ``Index``'s own).
UNSUPPORTED = frozenset(
    {
        "check",
        "copies",
        "duplicates",
        "explain",
        "export",
        "export_rows",
        "forget",
        "import_sources",
        "kwic",
        "name_host",
        "outlets",
        "run_watches",
        "searcher",
        "set_collection",
        "similar",
        "snapshot",
        "trend",
        "watch",
        "watches",
    }
)


class ClusterIndex:
    """A searcher index on a cluster: searches go to its head, updates to its shards."""

    def __init__(self, address: Address) -> None:
        self.address = address
        #: The cluster's local folder: file records, shards' addresses, the sources map.
        self.path: Path = address.folder
        self._head: Connection = connect(f"{address.host}:{address.port}")
        self._builder: QueryBuilder | None = None
        self._outlets: dict[str, str] = {}

    @classmethod
    def open(cls, url: str) -> ClusterIndex:
        """The cluster index at ``url``; its head must answer."""
        opened = cls(Address.parse(url))
        opened._head.execute(f"SELECT id FROM {opened.address.index} LIMIT 0")
        return opened

    def close(self) -> None:
        self._head.close()

    def __enter__(self) -> ClusterIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<ClusterIndex {str(self.address)!r}>"

    def __getattr__(self, name: str) -> Any:
        if name not in UNSUPPORTED:
            raise AttributeError(name)
        raise ClusterUnsupported(
            f"'{name}' is not available on a cluster index ({self.address})",
            hint="search and update the cluster; run the rest on a Whoosh index folder",
        )

    # -- reading -----------------------------------------------------------------------------

    def _parser(self) -> QueryBuilder:
        """The parser for this cluster's sources, read once per opened index."""
        if self._builder is None:
            search = Search(self._head, self.address.index)
            held = search.counts("source", translate(query.Every()))
            hosts = search.counts("host", translate(query.Every()))
            outlet_map = OutletMap.load(self.path)
            self._outlets = {s: outlet_map.names.get(s) or s for s in held if s in hosts} | {
                s: s for s in held if s not in hosts
            }
            sources = Sources(held, [h for h in hosts if h], self._outlets, outlet_map.collections)
            self._builder = QueryBuilder(build_schema(), sources)
        return self._builder

    def search(
        self,
        text: str,
        filters: Filters | None = None,
        *,
        facets: Sequence[str] = (),
        sort: str | None = None,
        page: int = 1,
        page_size: int = 20,
        collapse: bool = False,
        prefer: str | Sequence[str] | None = None,
        half_life_days: float | None = None,
    ) -> Results:
        """As ``Index.search``, ranked by the cluster's BM25; ``Results.partial`` says when a
        shard did not answer. Near-copy collapsing and preferences are ``ClusterUnsupported``."""
        if collapse or prefer or half_life_days is not None:
            raise ClusterUnsupported(
                "a cluster index ranks by its own BM25 only: no --collapse, --prefer, --half-life",
                hint="leave them out on a cluster",
            )
        filters = filters or NO_FILTERS
        sort = default_sort(text, sort, prefer, half_life_days)
        check_options(facets, sort, page, page_size, FACETS)
        builder = self._parser()
        user = builder.parse(text, filters.zone, filters.exact)
        found = translate(user, filters.queries(builder.sources, builder.fields, None))
        marks = patterns(user, None, "body")  # no wildcard gets here: translate refuses them
        shown: Page = run_search(
            Search(self._head, self.address.index),
            found,
            marks,
            self._outlets,
            filters,
            Rescorer(user),
            facets=facets,
            sort=sort,
            page=page,
            page_size=page_size,
        )
        return Results(
            query=text,
            total=shown.total,
            hits=shown.hits,
            facets=shown.facets,
            page=page,
            page_size=page_size,
            sort=sort,
            partial=shown.partial,
        )

    def __len__(self) -> int:
        return self.search("*", page_size=1).total

    def get(self, article_id: str) -> Article:
        """The whole article with this id, as the cluster stores it, its outlet as its source."""
        self._parser()  # the outlets
        search = Search(self._head, self.address.index)
        row = Translated(where=[f"id = {row_id(article_id)}"])
        for doc, *_ in search.select("doc", row, "", 1):
            article = stored_article(json.loads(doc))
            if article.id == article_id:
                return replace(article, source=self._outlets.get(article.source, article.source))
        shard = "; a shard did not answer" if search.partial else ""
        raise ArticleNotFound(f"no article with id '{article_id}' in {self.address}{shard}")

    def highlights(
        self, text: str, article: Article, filters: Filters | None = None
    ) -> dict[str, list[tuple[int, int]]]:
        """As ``Index.highlights``; a query the cluster cannot search is refused here too."""
        filters = filters or NO_FILTERS
        builder = self._parser()
        translate(builder.parse(text, filters.zone, filters.exact))
        return highlight_article(builder, None, text, article, filters)

    def stats(self) -> Stats:
        """Counts, date span and outlets, as the cluster's search counts them. The size on
        disk is the shards' own, not known here (None); the cluster keeps no language or
        record fields."""
        found = self.search("*", facets=["source", "day"], page_size=1)
        days = found.facets["day"]
        dated = [day for day in days if day != UNDATED_LABEL]  # ISO days, in order
        return Stats(
            articles=found.total,
            files=len(Records(self.path).files),
            first_date=date.fromisoformat(dated[0]) if dated else None,
            last_date=date.fromisoformat(dated[-1]) if dated else None,
            undated=days.get(UNDATED_LABEL, 0),
            sources=found.facets["source"],
            size_bytes=None,
            path=str(self.address),
        )

    # -- writing -----------------------------------------------------------------------------

    def update(
        self,
        paths: Iterable[str | os.PathLike],
        *,
        rebuild: bool = False,
        progress: Callable[[int, int], None] | None = None,
        lock_timeout: float = 0.0,
        limits: ingest.Limits = ingest.LIMITS,
        workers: int | None = None,
    ) -> UpdateReport:
        """As ``Index.update``, a file at a time (see ``cluster.feed``): a run killed halfway
        leaves every file either as it was or written whole, and the next run finishes it.
        ``lock_timeout`` and ``workers`` are the Whoosh index's (one feed at a time)."""
        started = time.perf_counter()
        shards = Shards(self.address.index, self.address.writers())
        try:
            report = feed(
                shards, Records(self.path), paths, rebuild=rebuild, limits=limits, progress=progress
            )
        finally:
            shards.close()
            self._builder = None  # new sources
        report.seconds = time.perf_counter() - started
        return report
