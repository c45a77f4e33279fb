"""``searcher sources``: the outlets an index holds, their names and collections."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click

from searcher.cli.app import cli, emit, format_option, index_option, plural
from searcher.index import Index
from searcher.research.outlets import Outlet

OUTLET_COLUMNS = ("name", "articles", "hosts", "collections")


@cli.group(invoke_without_command=True)
@index_option
@format_option("table", "json", "csv")
@click.pass_context
def sources(ctx: click.Context, index_path: Path, fmt: str) -> None:
    """List the outlets with their articles, hosts and collections; name hosts and make
    collections.

    An article's outlet is the source its record or page names; else the name given to
    its page's host (searcher sources set), else the site name other pages of that host
    carry, else the host without www. The names live in the index folder (sources.toml):
    changing them needs no rebuild.

    \b
    Examples:
      searcher sources
      searcher sources set bbc.co.uk BBC
      searcher sources collection uk BBC "The Guardian"
      searcher search brexit --collection uk
    """
    if ctx.invoked_subcommand is not None:
        return
    with Index.open(index_path) as idx:
        outlets = idx.outlets()
    rows = [outlet.to_dict() for outlet in outlets]
    csv_rows = [
        {**row, "hosts": " ".join(row["hosts"]), "collections": " ".join(row["collections"])}
        for row in rows
    ]
    emit(fmt, lambda: {"outlets": rows}, lambda: _outlet_lines(outlets), csv_rows, OUTLET_COLUMNS)


def _outlet_lines(outlets: list[Outlet]) -> Iterator[str]:
    total = sum(outlet.articles for outlet in outlets)
    yield f"{plural(len(outlets), 'outlet')}, {plural(total, 'article')}"
    width = max((len(outlet.name) for outlet in outlets), default=0)
    for outlet in outlets:
        hosts = ", ".join(outlet.hosts) or "-"
        within = f"  [{', '.join(outlet.collections)}]" if outlet.collections else ""
        yield f"  {outlet.articles:>7,}  {outlet.name or '(none)':<{width}}  {hosts}{within}"


@sources.command("set")
@click.argument("host")
@click.argument("name")
@index_option
def set_name(host: str, name: str, index_path: Path) -> None:
    """Name the outlet of HOST's pages, for the articles that name no source themselves.

    \b
    Example:
      searcher sources set bbc.co.uk BBC
    """
    with Index.open(index_path) as idx:
        idx.name_host(host, name)
    click.echo(f"{host} is now {name}")


@sources.command()
@click.argument("name")
@click.argument("outlets", nargs=-1)
@click.option("--remove", is_flag=True, help="Drop the collection NAME.")
@index_option
def collection(name: str, outlets: tuple[str, ...], remove: bool, index_path: Path) -> None:
    """Make NAME the collection of OUTLETS (names or hosts), for --collection NAME.

    \b
    Examples:
      searcher sources collection uk BBC "The Guardian" rte.ie
      searcher trend refugees --collection uk --split source
      searcher sources collection uk --remove
    """
    if bool(outlets) == remove:
        raise click.UsageError("give the collection's outlets, or --remove to drop it")
    with Index.open(index_path) as idx:
        idx.set_collection(name, outlets)
    click.echo(f"collection {name} removed" if remove else f"{name}: {', '.join(outlets)}")


@sources.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@index_option
def import_map(path: Path, index_path: Path) -> None:
    """Merge a sources map file into the index's: TOML as sources.toml ([names] host =
    "name", [collections] name = [outlets]) or CSV with the columns host,name.

    \b
    Example:
      searcher sources import outlets.csv
    """
    with Index.open(index_path) as idx:
        named = idx.import_sources(path)
    click.echo(f"{plural(named, 'host')} named from {path}")
