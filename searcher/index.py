"""The Index: the library's front door. Each method is a few lines around the module that
does the work: opening and writing (``engine.storage``), updates (``update``), searches
(``search``) and research (``research``).

What the updater knows about each source file lives in the same index as file records,
written in the same commit as the articles.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh import index as whoosh_index
from whoosh import query, writing
from whoosh.searching import Searcher

from searcher.analysis.sketch import THRESHOLD
from searcher.article import Article
from searcher.cluster.client import is_cluster
from searcher.documents import format_document
from searcher.engine import storage
from searcher.engine.batch import WhooshBatch
from searcher.engine.view import WhooshView
from searcher.errors import (
    ArticleNotFound,
    IndexExists,
    IndexNotFound,
    IndexUnreadable,
    IndexVersionError,
)
from searcher.query.outlets import MAP_LOCK, OutletMap, map_stamp
from searcher.ranking.preferences import preference
from searcher.schema import ARTICLE, META, SCHEMA_VERSION, build_schema
from searcher.search.coverage import outside_dates
from searcher.search.export import RowStream
from searcher.search.filters import NO_FILTERS, Filters
from searcher.search.match import match
from searcher.search.pipeline import (
    default_sort,
    explain,
    highlight_article,
    run_search,
    stream_hits,
    stream_rows,
)
from searcher.search.results import HitStream, Results
from searcher.search.snapshot import Snapshot
from searcher.update import phases

if TYPE_CHECKING:
    from searcher.check import CheckReport
    from searcher.cluster.index import ClusterIndex
    from searcher.ingest import Limits
    from searcher.research.duplicates import DuplicateGroup
    from searcher.research.kwic import KwicLine
    from searcher.research.outlets import Outlet
    from searcher.research.trend import SplitTrend, Trend
    from searcher.research.watches import Watch, Watches, WatchRun
    from searcher.stats import Stats
    from searcher.update.report import UpdateReport

#: Where the CLI and ``Index.open()`` look when no path is given.
DEFAULT_INDEX = "indexdir"
#: Below this many hits a search also looks for a corrected query ("did you mean").
FEW_RESULTS = 3
#: How long an update waits for another writer to finish before giving up.
LOCK_TIMEOUT = 60.0


def default_index_path() -> Path:
    """``$SEARCHER_INDEX`` when set, else ``./indexdir``."""
    return Path(os.environ.get("SEARCHER_INDEX") or DEFAULT_INDEX)


class Index:
    """A searcher index on disk. Open one with ``Index.open`` or make one with ``Index.create``."""

    def __init__(self, ix: whoosh_index.FileIndex, path: Path) -> None:
        self._ix = ix
        self.path = path
        self._snapshot: Snapshot | None = None
        self._map_stamp = map_stamp(path)
        self._outlet_map = OutletMap.load(path)

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | os.PathLike | None = None) -> Index:
        """Make a new, empty index; an existing index at ``path`` is ``IndexExists``."""
        path = Path(path) if path is not None else default_index_path()
        phases.enter("create")
        try:
            return cls(storage.create(path, build_schema(), _seed), path)
        finally:
            phases.enter("created")

    @classmethod
    def open(
        cls,
        path: str | os.PathLike | None = None,
        *,
        create: bool = False,
        replace_unreadable: bool = False,
    ) -> Index | ClusterIndex:
        """Open the index at ``path`` (default ``$SEARCHER_INDEX`` or ``./indexdir``).

        A cluster's address (``sphinx://HOST:PORT/INDEX``, ``manticore://…``) opens a
        ``ClusterIndex`` instead: the same updates and searches, on the cluster (see
        ``searcher.cluster``); what it cannot do is ``ClusterUnsupported``.

        With ``create=True`` a missing index is created, as ``searcher index`` does. With
        ``replace_unreadable=True`` an index that is damaged or has another format is replaced
        by an empty one, as ``searcher index --rebuild`` does: otherwise nothing could.
        """
        location = path if path is not None else os.environ.get("SEARCHER_INDEX")
        if is_cluster(location):
            from searcher.cluster.index import ClusterIndex

            return ClusterIndex.open(location)
        phases.enter("open")
        path = Path(path) if path is not None else default_index_path()
        if not storage.exists(path):
            if not create:
                raise IndexNotFound(f"no searcher index at {path}")
            with contextlib.suppress(IndexExists):  # another run made it since: open that
                return cls.create(path)
        try:
            return cls._open(path)
        except IndexUnreadable:
            if not replace_unreadable:
                raise
        storage.replace(path, build_schema(), _seed)
        return cls._open(path)

    @classmethod
    def _open(cls, path: Path) -> Index:
        ix = storage.open_index(path)
        opened = cls(ix, path)
        try:
            snapshot = WhooshView.open(ix, opened._snapshot_of)
        except Exception as exc:  # a damaged file can make Whoosh raise almost anything
            raise storage.damaged(path, exc) from exc
        meta = snapshot.view.document_number(kind=META)
        stored = snapshot.view.stored(meta) if meta is not None else {}
        version = json.loads(stored["meta"]).get("schema_version") if stored else None
        if version != SCHEMA_VERSION:
            snapshot.view.close()
            raise IndexVersionError(
                f"the index at {path} has format {version}; this searcher reads {SCHEMA_VERSION}"
            )
        opened._snapshot = snapshot  # the first search reuses the check's reader
        return opened

    def close(self) -> None:
        if self._snapshot is not None:
            self._snapshot.view.close()
            self._snapshot = None

    def __del__(self) -> None:
        # An index dropped without close() still gives its files back (segments are files).
        with contextlib.suppress(Exception):
            self.close()

    def __repr__(self) -> str:
        return f"<Index {str(self.path)!r}: {len(self)} articles>"

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -----------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The latest commit, with what searches reuse, kept while neither the index nor its
        sources map changes."""
        if self._snapshot is not None and not self._snapshot.view.up_to_date():
            # Not Searcher.refresh(): whoosh-reloaded's reader reuse keeps stale segments
            # and misses deletions made by the new commit.
            self.close()
        if (stamp := map_stamp(self.path)) != self._map_stamp:
            self._map_stamp, self._outlet_map = stamp, OutletMap.load(self.path)
            if self._snapshot is not None:
                self._snapshot = self._snapshot_of(self._snapshot.view)
        if self._snapshot is None:
            self._snapshot = WhooshView.open(self._ix, self._snapshot_of)
        return self._snapshot

    def _snapshot_of(self, view: WhooshView) -> Snapshot:
        return Snapshot.of(view, self._outlet_map)

    def searcher(self) -> Searcher:
        """A Whoosh searcher on the latest commit, for tools that speak Whoosh."""
        return self.snapshot().view.searcher

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
        """Search the index, within ``filters`` (dates, sources, field values, time zone: see
        ``Filters``).

        ``facets`` are any of source, year, month, week, day, authors or a keyword field of
        the records (``topics``; ``stats().fields`` lists them), counted over every match;
        ``sort`` is relevance, newest or oldest (default relevance, newest for ``*``). With
        ``collapse``, matches that are
        near-copies of a better-ranked match are left out of the pages (each hit counts them
        in ``duplicates``, and ``Results.collapsed`` all of them); total and facets still
        count every match. ``prefer`` "recent" blends each article's age into relevance (an
        article ``half_life_days`` older than the newest one, default 30, gets half the
        bonus), "close" rewards the query's words close together; neither changes the matches.
        """
        filters = filters or NO_FILTERS
        sort = default_sort(text, sort, prefer, half_life_days)
        snapshot = self.snapshot()
        results = run_search(
            snapshot,
            text,
            filters,
            facets=facets,
            sort=sort,
            page=page,
            page_size=page_size,
            collapse=collapse,
            ranking=preference(prefer, half_life_days, sort),
        )
        if results.total < FEW_RESULTS:
            from searcher.research.spelling import suggest

            results.suggestion = suggest(snapshot, text, filters, results.total)
        if not results.total and (note := outside_dates(snapshot.view, filters)):
            results.notes.append(note)
        return results

    def explain(
        self,
        text: str,
        filters: Filters | None = None,
    ) -> dict[str, Any]:
        """How ``search`` would understand this query and these filters, without searching."""
        return explain(self.snapshot(), text, filters or NO_FILTERS)

    def export(
        self,
        text: str,
        filters: Filters | None = None,
        *,
        sort: str | None = None,
        prefer: str | Sequence[str] | None = None,
        half_life_days: float | None = None,
    ) -> HitStream:
        """Every hit of a search, built one at a time, so exports never page or fill memory.

        The options mean what they mean for ``search``; consume it while the index is open.
        """
        sort = default_sort(text, sort, prefer, half_life_days)
        ranking = preference(prefer, half_life_days, sort)
        return stream_hits(self.snapshot(), text, filters or NO_FILTERS, sort, ranking)

    def export_rows(
        self,
        text: str,
        fields: Sequence[str],
        filters: Filters | None = None,
        *,
        sort: str | None = None,
        prefer: str | Sequence[str] | None = None,
        half_life_days: float | None = None,
    ) -> RowStream:
        """Every hit as a row of ``fields``: any stored field (``id``, ``date``, ``title``,
        the whole ``body``, a records file's own fields), ``host``, ``score``, ``snippet``
        and ``highlights``. Dates are ISO 8601 as stored (a day stays a day, a time keeps its
        zone), lists are lists. Only a snippet or its highlights cost snippet work.
        """
        sort = default_sort(text, sort, prefer, half_life_days)
        ranking = preference(prefer, half_life_days, sort)
        return stream_rows(self.snapshot(), text, fields, filters or NO_FILTERS, sort, ranking)

    def trend(
        self,
        queries: str | Sequence[str],
        filters: Filters | None = None,
        *,
        by: str = "month",
        split: str | None = None,
    ) -> Trend | SplitTrend:
        """Attention over time: per day, week (ISO), month or year, each query's matching
        articles beside all articles of that period, empty periods included. One query may
        be given as a string. With ``split`` ("source", "collection" or a keyword field),
        a ``SplitTrend``: one trend per outlet (or collection, or value), each beside that
        group's own articles."""
        from searcher.research.trend import trend

        queries = [queries] if isinstance(queries, str) else queries
        return trend(self.snapshot(), queries, by, filters or NO_FILTERS, split)

    def kwic(
        self,
        text: str,
        filters: Filters | None = None,
        *,
        width: int = 40,
        sort: str = "oldest",
    ) -> Iterator[KwicLine]:
        """Keyword in context: every occurrence of the query in every matching article,
        as written, with ``width`` characters each side. Consume it while the index is open."""
        from searcher.research.kwic import kwic

        return kwic(self.snapshot(), text, filters or NO_FILTERS, width=width, sort=sort)

    def duplicates(
        self,
        text: str | None = None,
        filters: Filters | None = None,
        *,
        threshold: float = THRESHOLD,
        min_size: int = 2,
    ) -> list[DuplicateGroup]:
        """Groups of near-copies (wire copies, re-posts), largest first; in each, the
        earliest article first, as the likely original.

        ``threshold`` is the least estimated similarity (Jaccard of word 4-grams) that makes
        two articles near-copies. With a query or filters, only the matching articles of a
        group count and are listed.
        """
        from searcher.research.duplicates import duplicate_groups

        snapshot = self.snapshot()
        within = None
        if text is not None or (filters is not None and filters.restricts):
            within = match(snapshot, text or "*", filters or NO_FILTERS).docs
        return duplicate_groups(snapshot, within, threshold=threshold, min_size=min_size)

    def similar(self, article_id: str, *, limit: int = 10) -> Results:
        """The ``limit`` articles most like this one, best first (its near-copies among them)."""
        from searcher.research.similar import more_like

        return more_like(self.snapshot(), self._docnum(article_id), limit)

    def copies(self, article_id: str, *, threshold: float = THRESHOLD) -> DuplicateGroup | None:
        """The near-copies of one article, itself among them, earliest first; None when it
        has none."""
        from searcher.research.duplicates import copies_of

        return copies_of(self.snapshot(), self._docnum(article_id), threshold)

    def highlights(
        self, text: str, article: Article, filters: Filters | None = None
    ) -> dict[str, list[tuple[int, int]]]:
        """The ``(start, end)`` offsets of a query's words in an article's ``title`` and
        ``body``, as the query's snippets mark them."""
        snapshot = self.snapshot()
        filters = filters or NO_FILTERS
        return highlight_article(snapshot.builder, snapshot.view, text, article, filters)

    def watches(self) -> Watches:
        """The standing queries saved in the index folder (``searcher.research.watches``)."""
        from searcher.research.watches import Watches

        return Watches(self.path)

    def watch(self, name: str, text: str, filters: Filters | None = None) -> Watch:
        """Save a standing query; a query or source the index cannot take is an error now,
        not at its first run. Its first ``since_last`` run starts after the latest update."""
        from searcher.research.watches import Watch

        snapshot = self.snapshot()
        match(snapshot, text, filters or NO_FILTERS)
        watch = Watch(name, text, filters or NO_FILTERS, snapshot.updated)
        self.watches().add(watch)
        return watch

    def run_watches(self, names: Sequence[str] = (), *, since_last: bool = False) -> list[WatchRun]:
        """Run the named watches (default all), each hit newest first; with ``since_last``
        only the articles first indexed after the update each watch last saw. Call
        ``watches().mark(runs)`` once the hits are shown, so the next run starts from here."""
        from searcher.research.watches import WatchRun

        snapshot = self.snapshot()
        runs = []
        for watch in self.watches().selected(names):
            filters = watch.new_filters() if since_last else watch.filters
            hits = list(stream_hits(snapshot, watch.query, filters, "newest"))
            runs.append(WatchRun(watch, hits, snapshot.updated))
        return runs

    def get(self, article_id: str) -> Article:
        """The whole article with this id."""
        return self.snapshot().article(self._docnum(article_id))

    def _docnum(self, article_id: str) -> int:
        docnum = self.snapshot().view.document_number(id=article_id)
        if docnum is None:
            raise ArticleNotFound(f"no article with id '{article_id}' in {self.path}")
        return docnum

    def __len__(self) -> int:
        return len(self.snapshot().view.matches(query.Term("kind", ARTICLE)))

    def outlets(self) -> list[Outlet]:
        """Every outlet with its articles, hosts and collections, the most articles first."""
        from searcher.research.outlets import list_outlets

        return list_outlets(self.snapshot())

    def name_host(self, host: str, name: str) -> None:
        """Name the outlet of the articles from ``host`` that name no source themselves
        (kept in the index folder's sources map; no rebuild needed)."""
        self._change_map(lambda outlet_map: outlet_map.name(host, name))

    def set_collection(self, name: str, members: Sequence[str]) -> None:
        """Make ``name`` the collection of these outlets (names or hosts the index holds;
        an unknown one is ``UnknownSource``); no members drop the collection."""
        sources = self.snapshot().sources
        for member in members:
            if sources.query(member) is None:
                raise sources.unknown(member)

        def change(outlet_map: OutletMap) -> None:
            outlet_map.collections.pop(name, None)
            if members:
                outlet_map.collections[name] = list(dict.fromkeys(members))

        self._change_map(change)

    def import_sources(self, path: str | os.PathLike) -> int:
        """Merge a sources map file (TOML as ``sources.toml``, or CSV ``host,name``) into the
        index's; returns how many hosts it names."""
        imported = OutletMap.read(Path(path))
        self._change_map(lambda outlet_map: outlet_map.merge(imported))
        return len(imported.names)

    def _change_map(self, change: Callable[[OutletMap], None]) -> None:
        with storage.file_lock(self.path / MAP_LOCK):
            outlet_map = OutletMap.load(self.path)
            change(outlet_map)
            outlet_map.save(self.path)
        self._map_stamp = (-1, -1)  # read it again, even if its stamp could not tell

    def stats(self) -> Stats:
        """Counts, date span, sources and size on disk."""
        from searcher.stats import index_stats

        return index_stats(self.snapshot(), self.path)

    def check(self) -> CheckReport:
        """Read the whole index through and report damage (see ``searcher.check``)."""
        from searcher.check import check_index

        return check_index(self.path)

    # -- writing -----------------------------------------------------------------------------

    def update(
        self,
        paths: Iterable[str | os.PathLike],
        *,
        rebuild: bool = False,
        progress: Callable[[int, int], None] | None = None,
        lock_timeout: float = LOCK_TIMEOUT,
        limits: Limits | None = None,
        workers: int | None = None,
    ) -> UpdateReport:
        """Bring the index in line with the files under ``paths``, in one commit.

        New files are added, changed ones replaced, files gone from a folder indexed before
        are removed; an unchanged file costs one ``stat``. With ``rebuild`` everything else
        in the index is dropped. A file that yields no article, or is larger than ``limits``
        allow (default ``ingest.LIMITS``), is reported and skipped, and its earlier articles
        stay (so do those of a folder that cannot be listed). ``progress(done, total)`` is
        told the bytes of the files read so far and of all of them, after each file and
        each piece of a large one. Files are read and segments written by ``workers``
        processes (default: one per core). A failed update (a full disk, a folder turned
        read-only) leaves the index as it was.
        """
        from searcher import ingest
        from searcher.update.updater import Updater
        from searcher.update.workers import default_workers

        phases.enter("walk")
        started = time.perf_counter()
        roots = [Path(p).resolve() for p in paths]
        unreadable: list[tuple[Path, str]] = []
        files = [str(f) for f in ingest.walk(roots, unreadable)]
        batch = WhooshBatch.start(self._ix, self.path, lock_timeout)
        try:
            updater = Updater(
                batch,
                rebuild=rebuild,
                limits=limits or ingest.LIMITS,
                workers=default_workers() if workers is None else workers,
            )
            report = updater.run(roots, files, unreadable, progress)
            updater.commit()
        except OSError as exc:
            batch.abandon()
            raise storage.write_error(self.path, exc) from exc
        except BaseException:
            batch.abandon()
            raise
        report.seconds = time.perf_counter() - started
        return report

    def forget(
        self, paths: Iterable[str | os.PathLike], *, lock_timeout: float = LOCK_TIMEOUT
    ) -> UpdateReport:
        """Drop the articles of these files, or of every file under these folders, in one
        commit: for a file or folder that has moved or gone, without a rebuild. A path the
        index holds nothing of is ``NothingIndexed`` (and nothing is dropped)."""
        from searcher import ingest
        from searcher.update.updater import Updater

        started = time.perf_counter()
        roots = [Path(p).resolve() for p in paths]
        batch = WhooshBatch.start(self._ix, self.path, lock_timeout)
        try:
            updater = Updater(batch, rebuild=False, limits=ingest.LIMITS, workers=1)
            report = updater.forget(roots)
            updater.commit()
        except OSError as exc:
            batch.abandon()
            raise storage.write_error(self.path, exc) from exc
        except BaseException:
            batch.abandon()
            raise
        report.seconds = time.perf_counter() - started
        return report


def _seed(writer: writing.IndexWriter) -> None:
    writer.add_document(**format_document())
