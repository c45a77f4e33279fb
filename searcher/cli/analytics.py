"""Research commands: ``trend`` (attention over time) and ``kwic`` (keyword in context)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from searcher.cli.app import cli, emit, filter_options, format_option, index_option, plural
from searcher.index import Index
from searcher.research.chart import KINDS, draw
from searcher.research.kwic import columns
from searcher.research.trend import PERIODS, SplitTrend, Trend
from searcher.search.filters import Filters
from searcher.search.pipeline import SORTS

KWIC_COLUMNS = ("id", "date", "source", "field", "left", "match", "right")
_BAR = 20


@cli.command()
@click.argument("queries", nargs=-1, required=True)
@index_option
@click.option("--by", type=click.Choice(PERIODS), default="month", show_default=True)
@click.option(
    "--split",
    metavar="FIELD",
    help="One series per outlet (source), collection, or value of a keyword field (language).",
)
@click.option(
    "--chart",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also draw the shares into FILE.svg or FILE.png (needs searcher[chart]).",
)
@click.option("--chart-kind", type=click.Choice(KINDS), default="line", show_default=True)
@filter_options
@format_option("table", "json", "csv")
def trend(
    queries: tuple[str, ...],
    index_path: Path,
    by: str,
    split: str | None,
    chart: Path | None,
    chart_kind: str,
    filters: Filters,
    fmt: str,
) -> None:
    """Attention over time: matching articles per period, beside all articles of that period.

    Several queries are shown side by side; empty periods count as zero; weeks are ISO weeks.
    With --split source, each outlet's matches are counted beside that outlet's own articles.

    \b
    Examples:
      searcher trend rafah --by week --since 2023-10
      searcher trend '"humanitarian aid"' ceasefire --by month --format csv > trend.csv
      searcher trend refugees --split source --collection uk --chart refugees.svg
    """
    with Index.open(index_path) as idx:
        result = idx.trend(list(queries), filters, by=by, split=split)
    if chart is not None:
        click.echo(f"chart written to {draw(result, chart, chart_kind)}", err=True)
    rows = result.rows()
    lines = lambda: _split_lines(result) if isinstance(result, SplitTrend) else _trend_lines(result)  # noqa: E731
    emit(fmt, result.to_dict, lines, rows, list(rows[0]) if rows else [])


def _split_lines(result: SplitTrend) -> Iterator[str]:
    """Each group's trend under its name, a blank line between groups, every bar on one
    scale."""
    peak = max((_peak(part) for part in result.groups.values()), default=0.0)
    for n, (name, part) in enumerate(result.groups.items()):
        if n:
            yield ""
        yield f"{result.split}: {name or '(none)'}"
        yield from _trend_lines(part, peak)


def _peak(result: Trend) -> float:
    count = range(len(result.periods))
    return max((result.share(q, i) for q in result.queries for i in count), default=0.0)


def _trend_lines(result: Trend, peak: float | None = None) -> Iterator[str]:
    width = max([len(result.by), *map(len, result.periods)])
    all_width = max([3, *(len(f"{n:,}") for n in result.totals)])
    names = [f"{q:>8}".ljust(17 + _BAR) for q in result.queries]
    yield "  ".join([f"{result.by:<{width}}", f"{'all':>{all_width}}", *names]).rstrip()
    # One scale for every column, so a bar's length compares across queries too.
    peak = _peak(result) if peak is None else peak
    for i, period in enumerate(result.periods):
        cells = [f"{period:<{width}}", f"{result.totals[i]:>{all_width},}"]
        for q in result.queries:
            share = result.share(q, i)
            bar = "█" * round(_BAR * share / peak) if peak else ""
            cells.append(f"{result.matches[q][i]:>8,} {share:>7.1%} {bar:<{_BAR}}")
        yield "  ".join(cells).rstrip()


@cli.command()
@click.argument("query")
@index_option
@click.option(
    "--width",
    type=click.IntRange(min=1),
    default=40,
    show_default=True,
    help="Characters of context on each side.",
)
@click.option("--sort", type=click.Choice(SORTS), default="oldest", show_default=True)
@filter_options
@format_option("table", "jsonl", "csv", "json")
def kwic(query: str, index_path: Path, width: int, sort: str, filters: Filters, fmt: str) -> None:
    """Keyword in context: every occurrence of QUERY, as written, with the text around it.

    \b
    Examples:
      searcher kwic '"humanitarian aid"' --width 50
      searcher kwic rafah --source "Shafaq News" --format csv > rafah.csv
    """
    with Index.open(index_path) as idx:
        lines = idx.kwic(query, filters, width=width, sort=sort)
        rows = (line.to_dict() for line in lines)
        table = lambda: _kwic_lines(query, list(rows), width)  # noqa: E731
        emit(fmt, lambda: {"query": query, "lines": list(rows)}, table, rows, KWIC_COLUMNS)


def _kwic_lines(query: str, rows: list[dict[str, Any]], width: int) -> Iterator[str]:
    """A header with the counts, then one line per occurrence: date, source and id in
    columns, then the text as written, the match lined up at one column."""
    header = f"{plural(len(rows), 'occurrence')} of {query}"
    yield f"{header} in {plural(len({row['id'] for row in rows}), 'article')}" if rows else header
    sources = [row["source"] or "unknown source" for row in rows]
    source_width = max(map(len, sources), default=0)
    id_width = max((len(row["id"]) for row in rows), default=0)
    for row, source in zip(rows, sources, strict=True):
        when = (row["date"] or "undated")[:10]
        match = click.style(row["match"], bold=True)
        pad = " " * (width - columns(row["left"]))
        context = f"{pad}{row['left']}{match}{row['right']}"
        yield f"{when:<10}  {source:<{source_width}}  {row['id']:<{id_width}}  {context}".rstrip()
