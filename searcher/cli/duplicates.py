"""Near-copy commands: ``duplicates`` (groups of near-copies) and ``similar``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click

from searcher.analysis.sketch import THRESHOLD
from searcher.article import Article
from searcher.cli.app import cli, emit, filter_options, format_option, index_option, plural
from searcher.cli.searching import hit_lines
from searcher.index import Index
from searcher.research.duplicates import DuplicateGroup
from searcher.search.filters import Filters
from searcher.search.results import HIT_COLUMNS, Results

GROUP_COLUMNS = ("group", "id", "title", "date", "source", "url", "similarity")


@cli.command()
@click.argument("query", required=False)
@index_option
@filter_options
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1, min_open=True),
    default=THRESHOLD,
    show_default=True,
    help="Least similarity (share of word 4-grams) of near-copies.",
)
@click.option(
    "--min-size",
    type=click.IntRange(min=2),
    default=2,
    show_default=True,
    help="Only groups of at least this many articles.",
)
@format_option("table", "json", "jsonl", "csv")
def duplicates(
    query: str | None,
    index_path: Path,
    filters: Filters,
    threshold: float,
    min_size: int,
    fmt: str,
) -> None:
    """Groups of near-copies (wire copies, re-posts), largest first.

    Each group lists its earliest article first, as the likely original, with every
    article's similarity to it. With a QUERY or filters, only matching articles count.

    \b
    Examples:
      searcher duplicates
      searcher duplicates trump --from 2017-03 --min-size 3
      searcher duplicates --format csv > copies.csv
    """
    with Index.open(index_path) as idx:
        groups = idx.duplicates(query, filters, threshold=threshold, min_size=min_size)
    rows = [
        {"group": n, **copy.to_dict()} for n, group in enumerate(groups, 1) for copy in group.copies
    ]
    document = lambda: {"threshold": threshold, "groups": [g.to_dict() for g in groups]}  # noqa: E731
    emit(fmt, document, lambda: _group_lines(groups), rows, GROUP_COLUMNS)


def _group_lines(groups: list[DuplicateGroup]) -> Iterator[str]:
    articles = sum(len(group.copies) for group in groups)
    yield f"{plural(len(groups), 'group')} of near-copies, {plural(articles, 'article')}"
    for n, group in enumerate(groups, 1):
        yield ""
        yield f"{n}. " + click.style(group.copies[0].title or "(untitled)", bold=True)
        for copy in group.copies:
            when = copy.date.isoformat()[:10] if copy.date else "undated"
            source = copy.source or "unknown source"
            yield f"   {when}  {copy.similarity:.2f}  {copy.id}  {source} · {copy.title}"


@cli.command()
@click.argument("article_id", metavar="ID")
@index_option
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@format_option("table", "json", "jsonl", "csv")
def similar(article_id: str, index_path: Path, limit: int, fmt: str) -> None:
    """Articles most like one article, best first (its near-copies among them).

    \b
    Example:
      searcher similar 5d41402abc4b2a76 --limit 5
    """
    with Index.open(index_path) as idx:
        article = idx.get(article_id)
        results = idx.similar(article_id, limit=limit)
    hits = [hit.to_dict() for hit in results.hits]
    emit(fmt, results.to_dict, lambda: _similar_lines(article, results), hits, HIT_COLUMNS)


def _similar_lines(article: Article, results: Results) -> Iterator[str]:
    yield f"{plural(results.total, 'article')} like {article.id}: {article.title or '(untitled)'}"
    for rank, hit in enumerate(results.hits, 1):
        yield from hit_lines(rank, hit)
