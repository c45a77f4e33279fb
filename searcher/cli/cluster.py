"""``searcher cluster init|start|stop``: a local Sphinx/Manticore cluster for development and
CI (production clusters are the operator's)."""

from __future__ import annotations

from pathlib import Path

import click

from searcher.cli.app import cli
from searcher.cluster import layout
from searcher.cluster.client import Address

_FOLDER = click.argument("folder", type=click.Path(file_okay=False, path_type=Path))


@cli.group()
def cluster() -> None:
    """A local cluster of Sphinx searchd processes (apt-get install sphinxsearch).

    \b
    Example:
      searcher cluster init --shards 2 --mirrors 1 --port 9306 news-cluster
      searcher cluster start news-cluster
      searcher index corpus/ --index sphinx://127.0.0.1:9306/news
      searcher search trump --index sphinx://127.0.0.1:9306/news --facet source
      searcher cluster stop news-cluster
    """


@cluster.command()
@click.option("--shards", type=click.IntRange(min=1), default=2, show_default=True)
@click.option(
    "--mirrors",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Copies of each shard beside the first, each its own searchd.",
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=9306,
    show_default=True,
    help="The head's SphinxQL port; the shards take the ports above it.",
)
@click.option("--name", default="news", show_default=True, help="The distributed index.")
@_FOLDER
def init(shards: int, mirrors: int, port: int, name: str, folder: Path) -> None:
    """Write the configuration of a cluster into FOLDER, and tell this machine's searcher
    where its shards are.

    \b
    Example:
      searcher cluster init --shards 2 --mirrors 1 news-cluster
    """
    made = layout.init(folder, shards, mirrors, port, name)
    Address.parse(made.url).remember(made.writers())
    copies = shards * (1 + mirrors)
    click.echo(f"{folder}: {shards} shards, {copies} searchd and a head; index {made.url}")


@cluster.command()
@_FOLDER
def start(folder: Path) -> None:
    """Start the cluster in FOLDER and wait until every searchd answers.

    \b
    Example:
      searcher cluster start news-cluster
    """
    made = layout.start(folder)
    click.echo(f"started {made.url}")


@cluster.command()
@_FOLDER
def stop(folder: Path) -> None:
    """Stop every searchd of the cluster in FOLDER, by its pid.

    \b
    Example:
      searcher cluster stop news-cluster
    """
    stopped = layout.stop(folder)
    click.echo(f"stopped {len(stopped)} searchd" if stopped else "nothing was running")
