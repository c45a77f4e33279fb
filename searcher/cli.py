"""The ``searcher`` command: option parsing and output formats around library calls."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from searcher.errors import QueryError, SearcherError
from searcher.index import LOCK_TIMEOUT, Index, Stats, UpdateReport, default_index_path
from searcher.search import FACETS, SORTS, Results

FORMATS = ("table", "json", "jsonl", "csv")
HIT_COLUMNS = ("id", "title", "date", "source", "url", "score", "snippet")
_MAX_LISTED = 20


class SearcherGroup(click.Group):
    """Turns library errors into one-line messages with a fix; no traceback reaches a user."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QueryError as exc:
            detail = f"\n{_indent(exc.caret())}" if exc.caret() else ""
            raise click.ClickException(f"{exc}{detail}\n{_hint(exc)}") from exc
        except SearcherError as exc:
            raise click.ClickException(f"{exc}\n{_hint(exc)}" if exc.hint else str(exc)) from exc
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if os.environ.get("SEARCHER_DEBUG"):
                raise
            raise click.ClickException(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "  rerun with SEARCHER_DEBUG=1 for the traceback, and please report it"
            ) from exc


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _hint(exc: SearcherError) -> str:
    return f"  hint: {exc.hint}"


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def index_option(func: Callable) -> Callable:
    """``--index DIR``, defaulting to ``$SEARCHER_INDEX`` or ``./indexdir``."""
    return click.option(
        "--index",
        "index_path",
        type=click.Path(file_okay=False, path_type=Path),
        default=default_index_path,
        show_default="$SEARCHER_INDEX or ./indexdir",
        help="Index folder.",
    )(func)


def format_option(*formats: str) -> Callable[[Callable], Callable]:
    """``--format``: every command offers the formats that make sense for its output."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(formats),
        default=formats[0],
        show_default=True,
        help="Output format.",
    )


def emit(
    fmt: str,
    document: dict[str, Any],
    table: Callable[[], Iterable[str]],
    rows: Iterable[dict[str, Any]] = (),
    columns: Iterable[str] = (),
) -> None:
    """Print a result in the chosen format: one place for every command's output."""
    if fmt == "json":
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
        click.echo(buffer.getvalue(), nl=False)
    else:
        for line in table():
            click.echo(line)


@click.group(cls=SearcherGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="searcher")
def cli() -> None:
    """Full-text search for news archives.

    \b
    searcher index corpus/
    searcher search '"humanitarian aid" NOT sport' --from 2023-10-01 --facet month
    """


@cli.command("index")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@index_option
@click.option("--rebuild", is_flag=True, help="Drop everything and index PATHS afresh.")
@click.option(
    "--lock-timeout",
    type=float,
    default=LOCK_TIMEOUT,
    show_default=True,
    help="Seconds to wait for another update to finish.",
)
@format_option("table", "json")
def index_cmd(
    paths: tuple[Path, ...], index_path: Path, rebuild: bool, lock_timeout: float, fmt: str
) -> None:
    """Create or update the index from files and folders (HTML, text, JSONL, CSV, .gz).

    Only new and changed files are read; files gone from an indexed folder are
    removed. Safe to run from cron while others search.

    \b
    Example:
      searcher index corpus/ archive/2023.jsonl.gz --index indexdir
    """
    with Index.open(index_path, create=True) as idx, _progress() as progress:
        report = idx.update(paths, rebuild=rebuild, progress=progress, lock_timeout=lock_timeout)
    emit(fmt, report.to_dict(), lambda: _report_lines(report))


class _progress:
    """A progress bar on a terminal, nothing when output is piped."""

    def __enter__(self) -> Callable[[int, int], None] | None:
        self._bar = None
        if not sys.stderr.isatty():
            return None

        def update(done: int, total: int) -> None:
            if self._bar is None:
                self._bar = click.progressbar(length=total, label="indexing", file=sys.stderr)
                self._bar.__enter__()
            self._bar.update(1)

        return update

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)


def _report_lines(report: UpdateReport) -> Iterator[str]:
    yield (
        f"{len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.removed)} removed, {len(report.unchanged)} unchanged, "
        f"{len(report.skipped)} skipped; {_count(report.articles_added, 'article')} written "
        f"in {report.seconds:.1f}s"
    )
    for path, reason in report.skipped:
        yield f"skipped {path}: {reason}"
    for path, message in report.warnings[:_MAX_LISTED]:
        yield f"warning {path}: {message}"
    if len(report.warnings) > _MAX_LISTED:
        yield f"… and {len(report.warnings) - _MAX_LISTED} more warnings (see --format json)"


@cli.command()
@click.argument("query")
@index_option
@click.option("--from", "date_from", metavar="DATE", help="First day, e.g. 2023-10-01 or 2023-10.")
@click.option("--to", "date_to", metavar="DATE", help="Last day, inclusive, e.g. 2023-11-03.")
@click.option("--source", "sources", multiple=True, metavar="NAME", help="Only this source.")
@click.option("--facet", "facets", multiple=True, type=click.Choice(FACETS), help="Count by this.")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@format_option(*FORMATS)
def search(
    query: str,
    index_path: Path,
    date_from: str | None,
    date_to: str | None,
    sources: tuple[str, ...],
    facets: tuple[str, ...],
    sort: str,
    limit: int,
    page: int,
    fmt: str,
) -> None:
    """Search the index. All words are required; see the README for the syntax.

    \b
    Examples:
      searcher search '"humanitarian aid"'
      searcher search 'title:gaza (rafah OR "kerem shalom")' --to 2023-11-03
      searcher search 'ceasefire date:2023-11' --facet source --facet day --format json
    """
    with Index.open(index_path) as idx:
        results = idx.search(
            query,
            date_from=date_from,
            date_to=date_to,
            sources=list(sources),
            facets=list(facets),
            sort=sort,
            page=page,
            page_size=limit,
        )
    hits = [hit.to_dict() for hit in results.hits]
    emit(fmt, results.to_dict(), lambda: _result_lines(results), hits, HIT_COLUMNS)


def _result_lines(results: Results) -> Iterator[str]:
    first = (results.page - 1) * results.page_size
    shown = f" (showing {first + 1}-{first + len(results.hits)})" if results.hits else ""
    if results.total and not results.hits:
        shown = f" (page {results.page} is past the last page, {results.pages})"
    yield (
        f"{_count(results.total, 'article')} {'matches' if results.total == 1 else 'match'} "
        f"{results.query}{shown}"
    )
    for rank, hit in enumerate(results.hits, first + 1):
        when = hit.date.isoformat()[:10] if hit.date else "undated"
        yield ""
        yield f"{rank}. " + click.style(hit.title or "(untitled)", bold=True)
        yield f"   {when} · {hit.source or 'unknown source'} · {hit.id}"
        if hit.url:
            yield f"   {hit.url}"
        yield "   " + _highlighted(hit.snippet, hit.highlights)
    for name, counts in results.facets.items():
        yield ""
        yield f"{name}:"
        for value, count in counts.items():
            yield f"  {count:>7,}  {value}"


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
    """Print one whole article.

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
        yield ""
        yield article.body

    emit(fmt, article.to_dict(), lines)


@cli.command()
@index_option
@format_option("table", "json")
def stats(index_path: Path, fmt: str) -> None:
    """Summarise the index: articles, date span, sources, size.

    \b
    Example:
      searcher stats --index indexdir
    """
    with Index.open(index_path) as idx:
        summary = idx.stats()
    emit(fmt, summary.to_dict(), lambda: _stats_lines(summary))


def _stats_lines(summary: Stats) -> Iterator[str]:
    yield f"index     {summary.path} ({summary.size_bytes / 1e6:,.1f} MB)"
    yield f"articles  {summary.articles:,} from {_count(summary.files, 'file')}"
    if summary.first_date:
        yield f"dates     {summary.first_date} to {summary.last_date}"
    yield f"undated   {summary.undated:,}"
    yield "sources"
    for name, count in summary.sources.items():
        yield f"  {count:>7,}  {name or '(none)'}"


def main() -> None:
    """Entry point of the ``searcher`` script."""
    cli(prog_name="searcher")
