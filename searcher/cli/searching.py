"""Commands that read an index: ``search``, ``show``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from searcher.cli.app import (
    cli,
    count_lines,
    emit,
    filter_options,
    format_option,
    index_option,
    isolated,
    plural,
)
from searcher.index import Index
from searcher.ranking.preferences import HALF_LIFE_DAYS, PREFERENCES
from searcher.search.csv_text import csv_cells
from searcher.search.facets import FACETS
from searcher.search.filters import Filters
from searcher.search.pipeline import SORTS
from searcher.search.results import HIT_COLUMNS, Hit, HitStream, Results

FORMATS = ("table", "json", "jsonl", "csv")
#: The exit status of a search whose result is partial (a cluster's shard did not answer).
PARTIAL_EXIT = 4


@cli.command()
@click.argument("query")
@index_option
@filter_options
@click.option(
    "--facet",
    "facets",
    multiple=True,
    metavar="NAME",
    help=f"Count the matches by this: {', '.join(FACETS)}, authors or a keyword field "
    "('searcher stats' lists them); repeat for several.",
)
@click.option(
    "--sort",
    type=click.Choice(SORTS),
    show_default="relevance; newest for '*'",
    help="Order of the hits.",
)
@click.option(
    "--prefer",
    multiple=True,
    type=click.Choice(PREFERENCES),
    help="Rank newer articles, or the words close together, higher (relevance only); "
    "repeat for both.",
)
@click.option(
    "--half-life",
    type=click.FloatRange(min=0, min_open=True),
    metavar="DAYS",
    help=f"Days for the recency bonus to halve (default {HALF_LIFE_DAYS:g}); implies recent.",
)
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--collapse", is_flag=True, help="One hit per group of near-copies.")
@click.option("--all", "every", is_flag=True, help="Every hit, streamed (no paging, no facets).")
@click.option("--explain", is_flag=True, help="Show how the query is understood; do not search.")
@click.option(
    "--fields",
    metavar="NAME,…",
    help="Columns of an --all export in csv, jsonl or json: any stored field (id, date, "
    "source, title, body, url, authors, …), host, score, snippet, highlights.",
)
@click.option(
    "--excel",
    "--bom",
    "excel",
    is_flag=True,
    help="Start the CSV with a byte-order mark, so Excel reads non-Latin text as UTF-8.",
)
@click.option(
    "--allow-partial",
    is_flag=True,
    help="On a cluster: exit 0 even when a shard did not answer (the warning stays).",
)
@format_option(*FORMATS)
def search(
    query: str,
    index_path: Path,
    filters: Filters,
    facets: tuple[str, ...],
    sort: str | None,
    prefer: tuple[str, ...],
    half_life: float | None,
    limit: int,
    page: int,
    collapse: bool,
    every: bool,
    explain: bool,
    fields: str | None,
    excel: bool,
    allow_partial: bool,
    fmt: str,
) -> None:
    """Search the index for QUERY; every word is required unless OR says otherwise.

    \b
    Query syntax (words match in any case and form: rallies finds rally):
      gaza aid                       both words, in the title or the body
      gaza OR rafah, gaza NOT sport  boolean logic, in capitals; ( ) to group
      gaza -sport                    the same as gaza NOT sport
      "secretary of state"           the phrase; "aid gaza"~5: within 5 words
      ="refugees arrive"             the phrase exactly as written, in any case
                                     (--exact: every phrase)
      title:gaza, body:aid           a word in one field; source:"Shafaq News" too
      topics:crude, places:usa       a record's own field ('searcher stats' lists them)
      authors:slaughter              a part of an author's name
      language:ar                    articles in Arabic, the words analysed as Arabic
      humanit*                       a wildcard: words beginning humanit
      date:2023-11                   a day, a month or a year; date:>2023-10-07,
                                     date:[2023-10-01 TO 2023-11-30], date:yesterday
      *                              every article, newest first

    \b
    Examples:
      searcher search '"humanitarian aid"'
      searcher search 'title:gaza (rafah OR "kerem shalom")' --to 2023-11-03
      searcher search 'ceasefire date:2023-11' --facet source --facet day --format json
      searcher search oil --facet topics --filter places=usa
      searcher search 'oil' --all --format csv > oil.csv
      searcher search refugees --all --format csv --fields id,date,title,body --excel
      searcher search 'trump' --collapse
      searcher search 'ceasefire talks' --prefer recent --half-life 7
      searcher search 'المساعدات الانسانية' --lang ar --facet language
    """
    if every:
        _refuse_paging(collapse, facets)
    _check_export(fields, excel, every, fmt)
    with Index.open(index_path) as idx:
        if explain:
            parsed = idx.explain(query, filters)
            emit(fmt, lambda: parsed, lambda: _explain_lines(parsed), [parsed], list(parsed))
            return
        if fields is not None:
            table = idx.export_rows(
                query, _names(fields), filters, sort=sort, prefer=prefer, half_life_days=half_life
            )
            cells = (csv_cells(row) for row in table) if fmt == "csv" else iter(table)
            whole = lambda: {"query": query, "total": table.total, "hits": list(table)}  # noqa: E731
            emit(fmt, whole, lambda: (), cells, table.fields, bom=excel)
            return
        if every:
            stream = idx.export(query, filters, sort=sort, prefer=prefer, half_life_days=half_life)
            rows = (hit.to_dict() for hit in stream)
            document = lambda: {"query": query, "total": stream.total, "hits": list(rows)}  # noqa: E731
            emit(fmt, document, lambda: _stream_lines(stream), rows, HIT_COLUMNS, bom=excel)
            return
        results = idx.search(
            query,
            filters,
            facets=list(facets),
            sort=sort,
            page=page,
            page_size=limit,
            collapse=collapse,
            prefer=prefer,
            half_life_days=half_life,
        )
    hits = [hit.to_dict() for hit in results.hits]
    columns = (*HIT_COLUMNS, "duplicates") if collapse else HIT_COLUMNS
    emit(fmt, results.to_dict, lambda: _result_lines(results), hits, columns, bom=excel)
    if results.partial:
        click.echo("warning: a shard of the cluster did not answer: results are partial", err=True)
        if not allow_partial:
            raise click.exceptions.Exit(PARTIAL_EXIT)


def _check_export(fields: str | None, excel: bool, every: bool, fmt: str) -> None:
    """``--fields`` and ``--excel`` shape an export: refused, never ignored, where there is
    none."""
    if fields is not None and not every:
        raise click.UsageError("--fields chooses the columns of an export; add --all")
    if fields is not None and fmt == "table":
        raise click.UsageError("--fields chooses columns of csv, jsonl or json; add --format csv")
    if excel and fmt != "csv":
        raise click.UsageError("--excel makes a CSV for Excel; add --format csv")


def _names(fields: str) -> list[str]:
    """``--fields id, date,title`` as field names."""
    return [name.strip() for name in fields.split(",") if name.strip()]


def _refuse_paging(collapse: bool, facets: tuple[str, ...]) -> None:
    """``--all`` streams every hit: options about pages or counts beside them are refused,
    never ignored."""
    given = click.get_current_context().get_parameter_source
    if collapse:
        raise click.UsageError("--collapse works on pages of hits; leave out --all")
    if facets:
        raise click.UsageError(
            "--all streams hits and has no place for facet counts; leave out --all to see them "
            "(with --limit 1 for the counts alone)"
        )
    for name in ("page", "limit"):
        if given(name) is ParameterSource.COMMANDLINE:
            raise click.UsageError(f"--all lists every hit, with no pages; leave out --{name}")


def _explain_lines(parsed: dict[str, Any]) -> Iterator[str]:
    def text(value: Any) -> str:
        if isinstance(value, dict):
            return "; ".join(f"{k} {text(v)}" for k, v in value.items() if v)
        return ", ".join(value) if isinstance(value, list) else str(value)

    for key, value in parsed.items():
        yield f"{key:<10}{text(value)}"


def _header(total: int, query: str, shown: str = "") -> str:
    return f"{plural(total, 'article')} {'matches' if total == 1 else 'match'} {query}{shown}"


def _near_copies(n: int) -> str:
    return f"{n:,} near-cop{'y' if n == 1 else 'ies'}"


def hit_lines(rank: int, hit: Hit) -> Iterator[str]:
    """How the table format shows one hit (search, similar)."""
    when = hit.date.isoformat()[:10] if hit.date else "undated"
    yield ""
    yield f"{rank}. " + click.style(isolated(hit.title or "(untitled)"), bold=True)
    copies = f" · +{_near_copies(hit.duplicates)}" if hit.duplicates else ""
    yield f"   {when} · {isolated(hit.source or 'unknown source')} · {hit.id}{copies}"
    if hit.url:
        yield f"   {hit.url}"
    yield "   " + isolated(_highlighted(hit.snippet, hit.highlights))


def _stream_lines(stream: HitStream) -> Iterator[str]:
    yield _header(stream.total, stream.query)
    for rank, hit in enumerate(stream, 1):
        yield from hit_lines(rank, hit)


def _result_lines(results: Results) -> Iterator[str]:
    first = (results.page - 1) * results.page_size
    shown = f" (showing {first + 1}-{first + len(results.hits)})" if results.hits else ""
    if results.total and not results.hits:
        shown = f" (page {results.page} is past the last page, {results.pages})"
    if results.collapsed:
        shown = f", {_near_copies(results.collapsed)} collapsed{shown}"
    yield _header(results.total, results.query, shown)
    for note in results.notes:
        yield f"Note: {note}"
    if results.suggestion:
        yield f"Did you mean: {results.suggestion}"
    for rank, hit in enumerate(results.hits, first + 1):
        yield from hit_lines(rank, hit)
    for name, counts in results.facets.items():
        yield ""
        yield f"{name}:"
        yield from count_lines(counts)


def _highlighted(text: str, spans: Iterable[tuple[int, int]]) -> str:
    out, at = [], 0
    for start, end in spans:
        out += [text[at:start], click.style(text[start:end], fg="yellow", bold=True)]
        at = end
    return "".join([*out, text[at:]])


@cli.command()
@click.argument("article_id", metavar="ID")
@index_option
@format_option("table", "json")
def show(article_id: str, index_path: Path, fmt: str) -> None:
    """Print one whole article, with when it was first indexed and last changed.

    \b
    Example:
      searcher show 5d41402abc4b2a76
    """
    with Index.open(index_path) as idx:
        article = idx.get(article_id)

    def lines() -> Iterator[str]:
        yield click.style(article.title, bold=True)
        when = article.date.isoformat() if article.date else "undated"
        yield " · ".join(x for x in (when, article.source, article.url) if x)
        if article.authors:
            yield "by " + ", ".join(article.authors)
        for name, value in article.fields.items():
            yield f"{name}: {value if isinstance(value, str) else ', '.join(value)}"
        if article.indexed:
            yield f"indexed {_stamp(article.indexed)} · changed {_stamp(article.changed)}"
        yield ""
        yield article.body

    emit(fmt, article.to_dict, lines)


def _stamp(moment: datetime | None) -> str:
    return moment.isoformat(sep=" ", timespec="seconds") if moment else "never"
