"""Commands that build and describe an index: ``index``, ``stats``."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from searcher.cli.app import cli, count_lines, emit, format_option, index_option, plural
from searcher.index import LOCK_TIMEOUT, Index, Stats, UpdateReport

_MAX_LISTED = 20


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
    emit(fmt, report.to_dict, lambda: _report_lines(report))


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
        f"{len(report.skipped)} skipped; {plural(report.articles_added, 'article')} written "
        f"in {report.seconds:.1f}s"
    )
    for path, reason in report.skipped:
        yield f"skipped {path}: {reason}"
    for path, message in report.warnings[:_MAX_LISTED]:
        yield f"warning {path}: {message}"
    if len(report.warnings) > _MAX_LISTED:
        yield f"… and {len(report.warnings) - _MAX_LISTED} more warnings (see --format json)"


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
    emit(fmt, summary.to_dict, lambda: _stats_lines(summary))


def _stats_lines(summary: Stats) -> Iterator[str]:
    yield f"index     {summary.path} ({summary.size_bytes / 1e6:,.1f} MB)"
    yield f"articles  {summary.articles:,} from {plural(summary.files, 'file')}"
    if summary.first_date:
        yield f"dates     {summary.first_date} to {summary.last_date}"
    yield f"undated   {summary.undated:,}"
    yield "sources"
    yield from count_lines(summary.sources)
