"""The JSON API: each body is the object the CLI prints with ``--format json`` for the same
query and filters, and exports stream every hit as the CLI writes them."""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterable, Iterator
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from searcher.errors import ArticleNotFound, OptionError, QueryError, SearcherError, SearchTimeout
from searcher.index import Index
from searcher.research.trend import PERIODS
from searcher.search.csv_text import csv_cells, csv_chunks
from searcher.search.results import HIT_COLUMNS
from searcher.web.archive import Archive
from searcher.web.params import export_args, filters_of, flag, search_args

EXPORT_FORMATS = ("csv", "jsonl")


def status_of(error: SearcherError) -> int:
    """The HTTP status of a library error: a missing article 404, a search past its time 503,
    anything else the request's fault."""
    if isinstance(error, ArticleNotFound):
        return 404
    return 503 if isinstance(error, SearchTimeout) else 400


def error_body(error: SearcherError) -> dict[str, Any]:
    """A library error as JSON: the CLI's message and hint, and where a bad query breaks."""
    body: dict[str, Any] = {"error": str(error), "hint": error.hint}
    if isinstance(error, QueryError):
        body |= {"query": error.query, "position": error.position}
    return body


def archive_of(request: Request) -> Archive:
    return request.app.state.archive


def request_key(request: Request) -> Hashable:
    """What an answer depends on besides the index: the path and every parameter."""
    return request.url.path, tuple(sorted(request.query_params.multi_items()))


def query_of(request: Request, name: str = "q") -> str:
    """The query, required: an API call without one is an error, never every article."""
    text = request.query_params.get(name, "")
    if not text.strip():
        raise OptionError(f"no query: give {name}=…", hint="q=* finds every article")
    return text


def search(request: Request) -> Response:
    """``searcher search Q --format json``."""
    params, text = request.query_params, query_of(request)
    filters, args = filters_of(params), search_args(params)
    found = archive_of(request).run(
        lambda idx: idx.search(text, filters, **args).to_dict(), key=request_key(request)
    )
    return JSONResponse(found)


def trend_of(request: Request) -> Any:
    """``Index.trend`` of every ``q`` of the request, by ``by``, split by ``split``."""
    params = request.query_params
    queries = [q for q in params.getlist("q") if q.strip()]
    if not queries:
        raise OptionError("no query: give q=… (repeat for several)")
    by = params.get("by") or "month"
    if by not in PERIODS:
        raise OptionError(f"unknown period '{by}'", hint=f"use any of: {', '.join(PERIODS)}")
    split = params.get("split") or None
    filters = filters_of(params)
    return archive_of(request).run(
        lambda idx: idx.trend(queries, filters, by=by, split=split), key=request_key(request)
    )


def trend(request: Request) -> Response:
    """``searcher trend Q… --format json``, or ``--format csv`` with ``format=csv``."""
    result = trend_of(request)
    if request.query_params.get("format") == "csv":
        rows = result.rows()
        body = "".join(csv_chunks(rows, list(rows[0]) if rows else []))
        return Response(body, media_type="text/csv; charset=utf-8", headers=_download("trend.csv"))
    return JSONResponse(result.to_dict())


def article(request: Request) -> Response:
    """``searcher show ID --format json``."""
    found = archive_of(request).run(lambda idx: idx.get(request.path_params["id"]))
    return JSONResponse(found.to_dict())


def stats(request: Request) -> Response:
    """``searcher stats --format json``."""
    return JSONResponse(archive_of(request).run(lambda idx: idx.stats()).to_dict())


def export(request: Request) -> Response:
    """``searcher search Q --all --format csv|jsonl [--fields …] [--excel]``, streamed."""
    params, text = request.query_params, query_of(request)
    fmt = params.get("format") or "csv"
    if fmt not in EXPORT_FORMATS:
        raise OptionError(f"unknown format '{fmt}'", hint="use csv or jsonl")
    fields = [name.strip() for name in params.get("fields", "").split(",") if name.strip()]
    filters, options = filters_of(params), export_args(params)

    def rows(idx: Index) -> tuple[Iterable[dict[str, Any]], tuple[str, ...]]:
        if fields:
            table = idx.export_rows(text, fields, filters, **options)
            return (csv_cells(row) for row in table) if fmt == "csv" else table, table.fields
        return (hit.to_dict() for hit in idx.export(text, filters, **options)), HIT_COLUMNS

    def body(idx: Index) -> Iterator[str]:
        found, columns = rows(idx)
        if fmt == "csv":
            return csv_chunks(found, columns, bom=flag(params, "excel"))
        return (json.dumps(row, ensure_ascii=False) + "\n" for row in found)

    media = "text/csv" if fmt == "csv" else "application/x-ndjson"
    stream = archive_of(request).stream(body)
    return StreamingResponse(
        stream, media_type=f"{media}; charset=utf-8", headers=_download(f"hits.{fmt}")
    )


def _download(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


def openapi(request: Request) -> Response:
    """The OpenAPI 3.1 description of this API."""
    return JSONResponse(OPENAPI)


def _param(name: str, about: str, *, many: bool = False, required: bool = False) -> dict:
    schema: dict[str, Any] = {"type": "string"}
    if many:
        schema = {"type": "array", "items": schema}
    found = {"name": name, "in": "query", "description": about, "schema": schema}
    return {**found, "required": True} if required else found


_FILTERS = [
    _param("from", "First day: 2017-01-01, 2017-01, 7d."),
    _param("to", "Last day, inclusive."),
    _param("tz", "Time zone of calendar days (default UTC)."),
    _param("source", "An outlet's name or host; repeat for several.", many=True),
    _param("collection", "A collection of outlets; repeat for several.", many=True),
    _param("filter", "FIELD=VALUE (places=usa); repeat for several.", many=True),
    _param("exact", "1: every phrase exactly as written."),
]
_ORDER = [
    _param("sort", "relevance, newest or oldest."),
    _param("prefer", "recent or close; repeat for both.", many=True),
    _param("half_life", "Days for the recency bonus to halve."),
]
_ERRORS = {
    "400": {"description": '{"error": …, "hint": …, "query": …, "position": …}'},
    "503": {"description": "Too many searches at once: retry after Retry-After seconds."},
}


def _get(about: str, params: list[dict], answer: str, **more: Any) -> dict:
    ok = {"200": {"description": answer}}
    return {"get": {"summary": about, "parameters": params, "responses": {**ok, **_ERRORS}, **more}}


OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "searcher",
        "version": "1",
        "description": "Each body is what `searcher … --format json` prints for the same "
        "arguments.",
    },
    "paths": {
        "/api/search": _get(
            "One page of hits with the total, facets and did-you-mean (searcher search).",
            [
                _param("q", "The query, in searcher's syntax.", required=True),
                *_FILTERS,
                *_ORDER,
                _param(
                    "facet",
                    "Count matches by source, year, month, week, day, authors "
                    "or a keyword field; repeat.",
                    many=True,
                ),
                _param("limit", "Hits per page (default 10, at most 100)."),
                _param("page", "Page number, from 1."),
                _param("collapse", "1: one hit per group of near-copies."),
            ],
            "The JSON of searcher search --format json.",
        ),
        "/api/trend": _get(
            "Matches per period beside all articles of the period (searcher trend).",
            [
                _param("q", "A query; repeat for several.", many=True, required=True),
                _param("by", "day, week, month or year."),
                _param("split", "source, collection or a keyword field."),
                _param("format", "json (default) or csv."),
                *_FILTERS,
            ],
            "The JSON (or CSV) of searcher trend.",
        ),
        "/api/article/{id}": {
            "get": {
                "summary": "One whole article (searcher show).",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {"description": "The JSON of searcher show --format json."},
                    "404": {"description": "No article has this id."},
                },
            }
        },
        "/api/stats": _get("What the index holds (searcher stats).", [], "searcher stats JSON."),
        "/api/export": _get(
            "Every hit, streamed (searcher search --all).",
            [
                _param("q", "The query.", required=True),
                _param("format", "csv (default) or jsonl."),
                _param("fields", "Columns, comma-separated (as --fields)."),
                _param("excel", "1: a CSV for Excel (as --excel)."),
                *_FILTERS,
                *_ORDER,
            ],
            "CSV or JSON lines, as the CLI writes them.",
        ),
    },
}
