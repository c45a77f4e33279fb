"""The HTML pages: search, article, trend and the query syntax. Each works without script;
every string from an article reaches the page through Jinja's escaping."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from searcher.errors import ClusterUnsupported, SearcherError
from searcher.research.trend import SplitTrend
from searcher.search.pipeline import SORTS
from searcher.web.api import archive_of, request_key, status_of, trend_of
from searcher.web.charts import histogram, trend_lines
from searcher.web.params import Link, filters_of, search_args

#: Facets the sidebar always shows (language where the index holds one); ``facet=NAME``
#: adds any other.
SIDEBAR = ("source",)
#: The parameter a facet's value links set, for facets that are not ``filter=FIELD=VALUE``.
FACET_PARAMS = {"source": "source", "language": "lang"}
#: Similar articles listed under an article.
SIMILAR = 5


def render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    templates = request.app.state.templates
    context = {"link": Link(request.query_params), "params": request.query_params, **context}
    return templates.TemplateResponse(request, name, context, status_code=status)


def search(request: Request) -> Response:
    """The search form and, for a query, its page of hits, facets and histogram."""
    params, archive = request.query_params, archive_of(request)
    text = params.get("q", "")
    stats = archive.stats()
    context: dict[str, Any] = {
        "query": text,
        "stats": stats,
        "sorts": SORTS,
        "facet_params": FACET_PARAMS,
    }
    if not text.strip():
        return render(request, "search.html", **context)
    sidebar = (*SIDEBAR, "language") if stats.languages else SIDEBAR
    chosen = [name for name in params.getlist("facet") if name not in sidebar]
    try:
        args = search_args(params, [*sidebar, *chosen, "day"])
        filters = filters_of(params)
        results = archive.run(
            lambda idx: idx.search(text, filters, **args), key=request_key(request)
        )
    except SearcherError as error:
        return render(request, "search.html", 400, error=error, **context)
    days = results.facets["day"]  # a kept answer: read, never changed
    by, bars = histogram(days)
    keywords = [name for name, kind in stats.fields.items() if "keyword" in kind]
    return render(
        request,
        "search.html",
        results=results,
        by=by,
        bars=bars,
        undated=days.get("undated", 0),
        facets={name: counts for name, counts in results.facets.items() if name != "day"},
        keywords=[name for name in keywords if name not in results.facets],
        **context,
    )


def article(request: Request) -> Response:
    """One whole article, the query's words marked when it came from a search, with the
    articles most like it and its near-copies."""
    article_id, text = request.path_params["id"], request.query_params.get("q", "")

    def read(idx: Any) -> dict[str, Any]:
        found = idx.get(article_id)
        marks = idx.highlights(text, found, filters_of(request.query_params)) if text else {}
        return {
            "article": found,
            "marks": marks,
            "similar": _unless_cluster(lambda: idx.similar(article_id, limit=SIMILAR)),
            "copies": _unless_cluster(lambda: idx.copies(article_id)),
        }

    try:
        shown = archive_of(request).run(read)
    except SearcherError as error:
        return render(request, "error.html", status_of(error), error=error)
    return render(request, "article.html", query=text, **shown)


def _unless_cluster(read: Callable[[], Any]) -> Any:
    """What ``read`` gives, or None on a cluster index, which cannot find similar articles or
    near-copies: the article page shows the article without them."""
    try:
        return read()
    except ClusterUnsupported:
        return None


def trend(request: Request) -> Response:
    """Several queries side by side as shares per period: a chart, the numbers, a CSV."""
    params = request.query_params
    queries = [q for q in params.getlist("q") if q.strip()]
    context: dict[str, Any] = {"queries": queries or [""]}
    if not queries:
        return render(request, "trend.html", **context)
    try:
        result = trend_of(request)
    except SearcherError as error:
        return render(request, "trend.html", 400, error=error, **context)
    parts = result.groups if isinstance(result, SplitTrend) else {None: result}
    charts = {name: (part, trend_lines(part)) for name, part in parts.items()}
    return render(request, "trend.html", result=result, charts=charts, **context)


def syntax(request: Request) -> Response:
    """The query syntax, one click from the search box."""
    return render(request, "syntax.html")
