"""The ``searcher`` group and what every command shares: errors, ``--index``, ``--format``."""

from __future__ import annotations

import functools
import importlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from searcher.cluster.client import is_cluster
from searcher.errors import QueryError, SearcherError
from searcher.index import default_index_path
from searcher.search.csv_text import csv_chunks
from searcher.search.filters import Filters

#: The module of ``searcher.cli`` that defines each command: it is imported when its command
#: runs (or a help page lists them all), so a search never loads indexing, the web or the
#: cluster.
COMMANDS = {
    "check": "indexing",
    "cluster": "cluster",
    "duplicates": "duplicates",
    "extract": "extract",
    "forget": "indexing",
    "index": "indexing",
    "kwic": "analytics",
    "search": "searching",
    "serve": "serving",
    "show": "searching",
    "similar": "duplicates",
    "sources": "sources",
    "stats": "indexing",
    "trend": "analytics",
    "watch": "watching",
}


class SearcherGroup(click.Group):
    """Turns library errors into one-line messages with a fix; no traceback reaches a user.
    Commands are loaded from their modules (``COMMANDS``) when asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(f"searcher.cli.{COMMANDS[cmd_name]}")
        return super().get_command(ctx, cmd_name)

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
        except BrokenPipeError:
            # The reader went away (``searcher search … | head``): stop quietly, with the
            # status a shell reports for cat or grep killed by SIGPIPE.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(141)  # 128 + SIGPIPE
        except Exception as exc:
            if os.environ.get("SEARCHER_DEBUG"):
                raise
            raise click.ClickException(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "  rerun with SEARCHER_DEBUG=1 for the traceback, and please report it"
            ) from exc


def _hint(exc: SearcherError) -> str:
    return f"  hint: {exc.hint}"


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


class IndexLocation(click.ParamType):
    """An index folder (a ``Path``), or a cluster's address (``sphinx://HOST:PORT/INDEX``,
    kept as text: a path would fold its ``//``)."""

    name = "DIR|URL"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return value if is_cluster(value) else Path(value)


def index_option(func: Callable) -> Callable:
    """``--index DIR|URL``, defaulting to ``$SEARCHER_INDEX`` or ``./indexdir``."""
    return click.option(
        "--index",
        "index_path",
        type=IndexLocation(),
        default=lambda: os.environ.get("SEARCHER_INDEX") or str(default_index_path()),
        show_default="$SEARCHER_INDEX or ./indexdir",
        help="Index folder, or a cluster: sphinx://HOST:PORT/INDEX (manticore:// too).",
    )(func)


_FROM_HELP = "First day: 2023-10-01, 2023-10, 7d (7 days ago)."
_SOURCE_HELP = (
    "Only from NAME, an outlet's name or host in any case (BBC, bbc.co.uk); repeat for several."
)
_COLLECTION_HELP = "Only from the outlets of collection NAME (see searcher sources)."


_FILTER_HELP = (
    'Only articles whose FIELD holds VALUE, as FIELD:"VALUE" finds them (places=usa, '
    "authors=slaughter); repeat for several (one field: any value; several: all)."
)

_EXACT_HELP = (
    'Every "phrase" as written (any case, white space and punctuation), not its stems; '
    '="…" makes one phrase exact.'
)


def _field_value(ctx: click.Context, param: click.Parameter, given: tuple[str, ...]) -> tuple:
    """``FIELD=VALUE`` pairs, refused without the ``=``."""
    pairs = []
    for item in given:
        name, equals, value = item.partition("=")
        if not equals or not name.strip() or not value.strip():
            raise click.BadParameter(f"'{item}' is not FIELD=VALUE (e.g. places=usa)")
        pairs.append((name.strip(), value.strip()))
    return tuple(pairs)


_LANG_HELP = (
    "Only articles in this language (ar, ckb, tr, de…), the query's words analysed in it "
    "alone; repeatable."
)
_INDEXED_HELP = "Only articles first indexed since WHEN: 2h, 30min, 7d, 2023-11-03T08:00."


def filter_options(func: Callable) -> Callable:
    """``--from/--since``, ``--to``, ``--tz``, ``--source``, ``--collection``, ``--filter``,
    ``--lang``, ``--indexed-since``, ``--new-since-last-update`` and ``--exact``, passed on
    as one ``Filters``."""

    @functools.wraps(func)
    def with_filters(
        *args: Any,
        date_from: str,
        date_to: str,
        tz: str,
        sources: tuple[str, ...],
        collections: tuple[str, ...],
        field_values: tuple[tuple[str, str], ...],
        languages: tuple[str, ...],
        indexed_since: str | None,
        new: bool,
        exact: bool,
        **kwargs: Any,
    ) -> Any:
        filters = Filters(
            date_from,
            date_to,
            sources,
            tz,
            collections=collections,
            fields=field_values,
            languages=languages,
            indexed_since=indexed_since,
            new_since_last_update=new,
            exact=exact,
        )
        return func(*args, filters=filters, **kwargs)

    options = [
        click.option("--from", "--since", "date_from", metavar="DATE", help=_FROM_HELP),
        click.option("--to", "date_to", metavar="DATE", help="Last day, inclusive: 2023-11-03."),
        click.option("--tz", default="UTC", show_default=True, help="Time zone of calendar days."),
        click.option("--source", "sources", multiple=True, metavar="NAME", help=_SOURCE_HELP),
        click.option(
            "--collection", "collections", multiple=True, metavar="NAME", help=_COLLECTION_HELP
        ),
        click.option(
            "--filter",
            "field_values",
            multiple=True,
            metavar="FIELD=VALUE",
            callback=_field_value,
            help=_FILTER_HELP,
        ),
        click.option("--lang", "languages", multiple=True, metavar="CODE", help=_LANG_HELP),
        click.option("--indexed-since", metavar="WHEN", help=_INDEXED_HELP),
        click.option(
            "--new-since-last-update",
            "new",
            is_flag=True,
            help="Only articles the latest 'searcher index' run took in.",
        ),
        click.option("--exact", is_flag=True, help=_EXACT_HELP),
    ]
    for option in reversed(options):
        with_filters = option(with_filters)
    return with_filters


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
    document: Callable[[], dict[str, Any]],
    table: Callable[[], Iterable[str]],
    rows: Iterable[dict[str, Any]] = (),
    columns: Iterable[str] = (),
    *,
    bom: bool = False,
) -> None:
    """Print a result in the chosen format: one place for every command's output.

    Each form is built only when asked for, and ``rows`` are written as they come, so a
    generator of rows streams in constant memory. ``bom`` makes a CSV for Excel (see
    ``csv_chunks``).
    """
    if fmt == "json":
        click.echo(json.dumps(document(), ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        for chunk in csv_chunks(rows, columns, bom=bom):
            click.echo(chunk, nl=False)
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


def plural(n: int, noun: str) -> str:
    """``1 article``, ``2 articles``."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


#: Letters written right to left: Hebrew, Arabic, Syriac, Thaana and their presentation forms.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
#: First strong isolate … pop directional isolate (Unicode's bidi algorithm).
_FSI, _PDI = "\u2068", "\u2069"


def isolated(text: str) -> str:
    """``text`` as an isolate when it holds right-to-left letters, for the table format
    only: a terminal then lays it out apart, so an Arabic title or snippet neither moves the
    id, date and source beside it nor swaps its own ellipses. Machine formats keep the text
    as it is."""
    return f"{_FSI}{text}{_PDI}" if _RIGHT_TO_LEFT.search(text) else text


def count_lines(counts: dict[str, int], empty: str = "(none)") -> Iterator[str]:
    """Indented ``count  value`` lines, as facet and source tables show them."""
    for value, n in counts.items():
        yield f"  {n:>7,}  {isolated(value) if value else empty}"


def main() -> None:
    """Entry point of the ``searcher`` script."""
    cli(prog_name="searcher")
