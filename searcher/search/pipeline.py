"""Running a query: filters, sorting, paging, facets and highlighted snippets → Results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from searcher.article import Article, iso_date
from searcher.errors import OptionError
from searcher.query.explain import describe
from searcher.ranking.model import DEFAULT as DEFAULT_RANKING
from searcher.ranking.model import Ranking
from searcher.search.collapse import collapse_copies
from searcher.search.export import RowStream, check_fields, row_maker
from searcher.search.facets import count_facets, facet_names
from searcher.search.filters import NO_FILTERS, Filters
from searcher.search.highlight import Span, find_spans, patterns
from searcher.search.match import match
from searcher.search.order import ranked
from searcher.search.results import HitStream, Results, make_hit
from searcher.search.snapshot import Snapshot

if TYPE_CHECKING:
    from searcher.query.parser import QueryBuilder
    from searcher.seam import View

SORTS = ("relevance", "newest", "oldest")


def default_sort(
    text: str, sort: str | None, prefer: str | Sequence[str] | None, half_life_days: float | None
) -> str:
    """``sort`` if given; else relevance, but newest first for every article (``*``), where
    relevance means nothing, unless a preference (``prefer``, a half-life) asks for it."""
    if sort is not None:
        return sort
    prefers = bool(prefer) or half_life_days is not None
    return "newest" if text.strip() == "*" and not prefers else "relevance"


def check_options(
    facets: Sequence[str], sort: str, page: int, page_size: int, offered: Sequence[str] = ()
) -> None:
    """Refuse a sort, a facet (of those ``offered``) or a page that is not there."""
    if sort not in SORTS:
        raise OptionError(f"unknown sort '{sort}'", hint=f"use one of: {', '.join(SORTS)}")
    for name in facets:
        if name not in offered:
            raise OptionError(f"unknown facet '{name}'", hint=f"use any of: {', '.join(offered)}")
    if page < 1 or page_size < 1:
        raise OptionError("page and page size start at 1", hint="use e.g. --page 2 --limit 20")


def explain(snapshot: Snapshot, text: str, filters: Filters = NO_FILTERS) -> dict[str, Any]:
    """How a query is understood: the Whoosh query, its words, phrases, wildcards, excluded
    parts and date ranges, and the filters with their days resolved."""
    parsed = snapshot.builder.parse(text, filters.zone, filters.exact, filters.languages)
    first, last = filters.days()
    return {
        "query": text,
        "parsed": str(parsed),
        **describe(parsed),
        "filters": {
            "from": iso_date(first),
            "to": iso_date(last),
            "sources": list(filters.sources),
            "collections": list(filters.collections),
            "fields": [f"{name}={value}" for name, value in filters.fields],
            "time zone": str(filters.zone),
        },
    }


def run_search(
    snapshot: Snapshot,
    text: str,
    filters: Filters = NO_FILTERS,
    *,
    facets: Sequence[str] = (),
    sort: str = "relevance",
    page: int = 1,
    page_size: int = 20,
    collapse: bool = False,
    ranking: Ranking = DEFAULT_RANKING,
) -> Results:
    """One page of hits with the total and facets; see ``Index.search``."""
    fields = snapshot.builder.fields
    check_options(facets, sort, page, page_size, facet_names(fields))
    found = match(snapshot, text, filters)
    shown, copies = collapse_copies(snapshot, found, sort, ranking) if collapse else (found, None)
    best = ranked(snapshot, shown, sort, page * page_size, ranking)
    marks = patterns(found.query, snapshot.view, "body")
    hits = [
        make_hit(snapshot, n, score, marks, None if copies is None else copies.get(n, 0))
        for n, score in best[(page - 1) * page_size :]
    ]
    return Results(
        query=text,
        total=len(found.docs),
        hits=hits,
        facets=count_facets(
            snapshot.view, found.docs, facets, filters.zone, snapshot.outlets, fields
        ),
        page=page,
        page_size=page_size,
        sort=sort,
        collapsed=None if copies is None else len(found.docs) - len(shown.docs),
    )


def stream_hits(
    snapshot: Snapshot,
    text: str,
    filters: Filters = NO_FILTERS,
    sort: str = "relevance",
    ranking: Ranking = DEFAULT_RANKING,
) -> HitStream:
    """All hits, best or newest first, for exports that must neither page nor fill memory."""
    check_options((), sort, 1, 1)
    found = match(snapshot, text, filters)
    marks = patterns(found.query, snapshot.view, "body")
    order = ranked(snapshot, found, sort, None, ranking)
    hits = (make_hit(snapshot, docnum, score, marks) for docnum, score in order)
    return HitStream(text, len(found.docs), hits)


def stream_rows(
    snapshot: Snapshot,
    text: str,
    fields: Sequence[str],
    filters: Filters = NO_FILTERS,
    sort: str = "relevance",
    ranking: Ranking = DEFAULT_RANKING,
) -> RowStream:
    """All hits as rows of ``fields``, in order, from their stored fields alone: what an
    export of chosen columns needs, with snippet work only when a snippet is among them."""
    check_options((), sort, 1, 1)
    record_fields = snapshot.builder.fields.names
    columns = check_fields(snapshot.view.schema, fields, record_fields)
    found = match(snapshot, text, filters)
    snippets = {"snippet", "highlights"}.intersection(columns)
    marks = patterns(found.query, snapshot.view, "body") if snippets else []
    order = ranked(snapshot, found, sort, None, ranking)
    row = row_maker(columns, marks, snapshot.outlet, record_fields)
    read = {*columns, "fields", *(("body",) if snippets else ())}
    stored = snapshot.view.stored_many((n for n, _ in order), read)
    rows = (row(doc, score) for doc, (_, score) in zip(stored, order, strict=True))
    return RowStream(text, len(found.docs), columns, rows)


def highlight_article(
    builder: QueryBuilder,
    view: View | None,
    text: str,
    article: Article,
    filters: Filters = NO_FILTERS,
) -> dict[str, list[Span]]:
    """Where the query's words are in an article's whole title and body, as the snippets of
    its search mark them: for showing the article one came to from a search. ``view``
    expands wildcards (a cluster, which has none to give, refuses them first)."""
    parsed = builder.parse(text, filters.zone, filters.exact)
    return {
        name: find_spans(getattr(article, name), patterns(parsed, view, name))
        for name in ("title", "body")
    }
