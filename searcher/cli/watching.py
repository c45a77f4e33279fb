"""``searcher watch``: standing queries saved in the index folder, run after each update."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click

from searcher.cli.app import cli, emit, filter_options, format_option, index_option, plural
from searcher.cli.searching import hit_lines
from searcher.documents import moment_of
from searcher.index import Index
from searcher.research.watches import Watch, WatchRun
from searcher.search.filters import Filters
from searcher.search.results import HIT_COLUMNS


@cli.group()
def watch() -> None:
    """Standing queries: save a search once, see what is new for it after each update.

    \b
    Example (a cron job):
      searcher index incoming/ && searcher watch run --since-last --format jsonl >> alerts.jsonl
    """


@watch.command("add")
@click.argument("name")
@click.argument("query")
@index_option
@filter_options
def add(name: str, query: str, index_path: Path, filters: Filters) -> None:
    """Save QUERY, with its filters, as the watch NAME.

    Relative dates (--from 7d) count from each run's day. The first run with
    --since-last shows what the updates after this one bring.

    \b
    Example:
      searcher watch add refugees 'refugee* OR asylum' --source BBC
    """
    with Index.open(index_path) as idx:
        saved = idx.watch(name, query, filters)
    click.echo(f"watching {saved.name}: {_described(saved)}")


@watch.command("list")
@index_option
@format_option("table", "json")
def list_cmd(index_path: Path, fmt: str) -> None:
    """List the saved watches.

    \b
    Example:
      searcher watch list --format json
    """
    with Index.open(index_path) as idx:
        watches = list(idx.watches())
    document = lambda: {"watches": [w.to_dict() for w in watches]}  # noqa: E731
    emit(fmt, document, lambda: _list_lines(watches))


@watch.command("remove")
@click.argument("name")
@index_option
def remove(name: str, index_path: Path) -> None:
    """Delete the watch NAME.

    \b
    Example:
      searcher watch remove refugees
    """
    with Index.open(index_path) as idx:
        idx.watches().remove(name)
    click.echo(f"removed {name}")


@watch.command("run")
@click.argument("names", nargs=-1)
@index_option
@click.option(
    "--since-last",
    is_flag=True,
    help="Only articles first indexed since this watch's last --since-last run (and mark it).",
)
@format_option("table", "json", "jsonl", "csv")
def run(names: tuple[str, ...], index_path: Path, since_last: bool, fmt: str) -> None:
    """Run the watches NAMES (default all), printing each one's hits, newest first.

    With --since-last, each watch prints only the articles that updates after
    its last --since-last run took in, and then remembers this update: the
    next run prints nothing until an update brings more. Without it, every
    match is printed and nothing is remembered. jsonl and csv rows name the
    watch in a first column, "watch".

    \b
    Example:
      searcher index incoming/ && searcher watch run --since-last --format jsonl >> alerts.jsonl
    """
    with Index.open(index_path) as idx:
        runs = idx.run_watches(names, since_last=since_last)
        rows = ({"watch": r.watch.name, **hit.to_dict()} for r in runs for hit in r.hits)
        document = lambda: {"watches": [_run_dict(r) for r in runs]}  # noqa: E731
        emit(fmt, document, lambda: _run_lines(runs, since_last), rows, ("watch", *HIT_COLUMNS))
        if since_last:
            idx.watches().mark(runs)


def _described(saved: Watch) -> str:
    filters = saved.to_dict()["filters"]
    shown = " ".join(f"{name}={value}" for name, value in filters.items())
    return f"{saved.query}" + (f" ({shown})" if shown else "")


def _list_lines(watches: list[Watch]) -> Iterator[str]:
    if not watches:
        yield "no watches; add one with: searcher watch add NAME QUERY"
    for saved in watches:
        seen = moment_of(saved.seen)
        when = seen.isoformat(sep=" ", timespec="seconds") if seen else "never"
        yield f"{saved.name}: {_described(saved)}; last seen update {when}"


def _run_dict(found: WatchRun) -> dict:
    return {
        "name": found.watch.name,
        "query": found.watch.query,
        "total": len(found.hits),
        "hits": [hit.to_dict() for hit in found.hits],
    }


def _run_lines(runs: list[WatchRun], since_last: bool) -> Iterator[str]:
    new = " new" if since_last else ""
    for found in runs:
        count = plural(len(found.hits), "article")
        yield f"{found.watch.name}: {count}{new} for {found.watch.query}"
        for rank, hit in enumerate(found.hits, 1):
            yield from hit_lines(rank, hit)
