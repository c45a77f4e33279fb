"""Commands that build, describe and verify an index: ``index``, ``stats``, ``check``."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from searcher.check import CheckReport, check_index
from searcher.cli.app import cli, count_lines, emit, format_option, index_option, plural
from searcher.errors import OptionError, SearcherError
from searcher.index import LOCK_TIMEOUT, Index
from searcher.ingest import LIMITS, Limits
from searcher.query.parser import QUERY_FIELDS
from searcher.stats import Stats
from searcher.update.report import UpdateReport

_MAX_LISTED = 20
#: The exit status of ``index --strict`` when files were skipped.
STRICT_EXIT = 3


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
@click.option(
    "--max-file-mb",
    type=click.FloatRange(min=0, min_open=True),
    default=LIMITS.file_mb,
    show_default=True,
    help="Largest JSON document (an array of records) or file of another type to read whole,"
    " once decompressed; JSON lines, CSV and TSV files are read record by record, any size.",
)
@click.option(
    "--max-article-mb",
    type=click.FloatRange(min=0, min_open=True),
    default=LIMITS.article_mb,
    show_default=True,
    help="Largest text or HTML file to read, and the most text one record may hold.",
)
@click.option(
    "--strict",
    is_flag=True,
    help=f"Exit with status {STRICT_EXIT} when a file was skipped (the rest is committed).",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    show_default="one per core",
    help="Worker processes that read files and write segments.",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write what the run did (or why it failed) to FILE, as JSON.",
)
@format_option("table", "json")
def index_cmd(
    paths: tuple[Path, ...],
    index_path: Path,
    rebuild: bool,
    lock_timeout: float,
    max_file_mb: float,
    max_article_mb: float,
    strict: bool,
    jobs: int | None,
    report_path: Path | None,
    fmt: str,
) -> None:
    """Create or update the index from files and folders (HTML, text, JSONL, CSV, .gz).

    Only new and changed files are read, and only their new and changed articles
    written (--format json and --report list the ids added, changed and removed);
    files gone from an indexed folder are removed. Safe to run from cron while
    others search: a run that fails or is killed leaves the index as it was.
    Every file of a folder is indexed or listed as skipped, with the reason (and
    the option that lifts a limit).

    Exit status: 0 when the run is committed, also with files skipped; 3 with
    --strict when files were skipped (the rest is committed all the same); 1 when
    the run failed and the index is as it was.

    \b
    Example:
      searcher index corpus/ archive/2023.jsonl.gz --index indexdir --report run.json
    """
    if report_path is not None:
        _check_writable(report_path)
    limits = Limits(max_file_mb, max_article_mb)
    run = {"index": str(index_path), "paths": [str(p) for p in paths], "limits": limits.to_dict()}
    try:
        opened = Index.open(index_path, create=True, replace_unreadable=rebuild)
        with opened as idx, _progress() as progress:
            report = idx.update(
                paths,
                rebuild=rebuild,
                progress=progress,
                lock_timeout=lock_timeout,
                limits=limits,
                workers=jobs,
            )
    except SearcherError as exc:
        if report_path:
            _write_json(report_path, {**run, "ok": False, "error": str(exc), "hint": exc.hint})
        raise
    if report_path:
        _write_json(report_path, {**run, "ok": True, **report.to_dict()})
    emit(fmt, report.to_dict, lambda: _report_lines(report))
    if strict and report.skipped:
        click.echo(f"--strict: {plural(len(report.skipped), 'file')} skipped", err=True)
        raise click.exceptions.Exit(STRICT_EXIT)


def _check_writable(path: Path) -> None:
    """Refuse a report that could not be written before the run, not after it."""
    folder = path.resolve().parent
    if not folder.is_dir():
        problem = f"the folder {path.parent} does not exist"
    elif not os.access(folder, os.W_OK):
        problem = f"the folder {path.parent} is not writable"
    else:
        return
    raise OptionError(
        f"cannot write the report: {problem}",
        hint="create it, or give --report a file in a folder that does",
    )


def _write_json(path: Path, document: dict[str, Any]) -> None:
    """Write ``document`` to ``path`` whole or not at all, for a monitor that reads it."""
    document["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    folder = path.resolve().parent
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, delete=False) as out:
        json.dump(document, out, ensure_ascii=False, indent=2)
    os.replace(out.name, path)


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
            self._bar.update(done - self._bar.pos)  # unchanged files come all at once

        return update

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)


def _report_lines(report: UpdateReport) -> Iterator[str]:
    yield (
        f"{len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.removed)} removed, {len(report.unchanged)} unchanged, "
        f"{len(report.skipped)} skipped; {plural(report.articles_added, 'article')} written "
        f"({len(report.ids_added):,} new, {len(report.ids_changed):,} changed, "
        f"{len(report.ids_removed):,} removed) in {report.seconds:.1f}s"
    )
    for path, reason in report.skipped:
        yield f"skipped {path}: {reason}"
    for path, message in report.warnings[:_MAX_LISTED]:
        yield f"warning {path}: {message}"
    if len(report.warnings) > _MAX_LISTED:
        yield f"… and {len(report.warnings) - _MAX_LISTED} more warnings (see --format json)"


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@index_option
@click.option(
    "--lock-timeout",
    type=float,
    default=LOCK_TIMEOUT,
    show_default=True,
    help="Seconds to wait for another update to finish.",
)
@format_option("table", "json")
def forget(paths: tuple[Path, ...], index_path: Path, lock_timeout: float, fmt: str) -> None:
    """Drop the articles of files or folders that have moved or gone, without --rebuild.

    Each PATH is a file or a folder as it was indexed; it need not exist any more.
    Everything the index holds of it goes, in one commit; a PATH the index holds
    nothing of is an error, and then nothing is dropped.

    \b
    Example:
      mv archive/2023 /mnt/old/ && searcher forget archive/2023
    """
    with Index.open(index_path) as idx:
        report = idx.forget(paths, lock_timeout=lock_timeout)
    emit(fmt, report.to_dict, lambda: _report_lines(report))


@cli.command()
@index_option
@format_option("table", "json")
def stats(index_path: Path, fmt: str) -> None:
    """Summarise the index: articles, date span, sources, languages, size, and the records'
    own fields.

    \b
    Example:
      searcher stats --index indexdir
    """
    with Index.open(index_path) as idx:
        summary = idx.stats()
    emit(fmt, summary.to_dict, lambda: _stats_lines(summary))


@cli.command()
@index_option
@format_option("table", "json")
def check(index_path: Path, fmt: str) -> None:
    """Read the whole index through and report damage; exit 1 if there is any.

    Opens every segment, reads every stored article, posting and column, and
    cross-checks article ids and file records: about 3 s per 10 MB of index.
    Files an interrupted update left behind are noted, not counted as damage.

    \b
    Example:
      searcher check --index indexdir
    """
    found = check_index(index_path)
    emit(fmt, found.to_dict, lambda: _check_lines(found))
    if not found.ok:
        raise SearcherError(
            f"the index at {index_path} is damaged ({plural(len(found.problems), 'problem')})",
            hint=f"rebuild it with: searcher index PATH... --index {index_path} --rebuild",
        )


def _check_lines(found: CheckReport) -> Iterator[str]:
    yield f"index     {found.path}: generation {found.generation}, " + plural(
        found.segments, "segment"
    )
    yield (
        f"articles  {found.articles:,} from {plural(found.files, 'file')} "
        f"({plural(found.documents, 'document')}, {found.deleted:,} deleted)"
    )
    for problem in found.problems:
        yield f"problem   {problem}"
    for note in found.notes:
        yield f"note      {note}"
    verdict = "no problems" if found.ok else plural(len(found.problems), "problem")
    yield f"checked   in {found.seconds:.1f}s: {verdict}"


def _stats_lines(summary: Stats) -> Iterator[str]:
    size = summary.size_bytes
    yield f"index     {summary.path}" + (f" ({size / 1e6:,.1f} MB)" if size is not None else "")
    yield f"articles  {summary.articles:,} from {plural(summary.files, 'file')}"
    if summary.first_date:
        yield f"dates     {summary.first_date} to {summary.last_date}"
    yield f"undated   {summary.undated:,}"
    yield "sources"
    yield from count_lines(summary.sources)
    if summary.languages:
        yield "languages"
        yield from count_lines(summary.languages)
    if summary.fields:
        yield f"fields (besides {', '.join(QUERY_FIELDS)} and date)"
        yield from (f"  {name:<16} {kind}" for name, kind in summary.fields.items())
