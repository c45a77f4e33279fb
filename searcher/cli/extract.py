"""``extract``: what would be indexed for each file, to debug a page that looks wrong."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from searcher.cli.app import cli, emit, format_option
from searcher.errors import IngestError
from searcher.ingest import Parsed
from searcher.ingest.extract import extract


@cli.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option("table", "json", "jsonl")
def extract_cmd(paths: tuple[Path, ...], fmt: str) -> None:
    """Print exactly what indexing would store for each file; no index is touched.

    One record per article (one per HTML page), or the reason a file would be skipped.

    \b
    Examples:
      searcher extract saved/page.html
      searcher extract corpus/ --format jsonl | jq .title
    """
    rows = (row for path, result in extract(paths) for row in _rows(path, result))
    emit(fmt, lambda: {"results": list(rows)}, lambda: _lines(rows), rows)


def _rows(path: Path, result: Parsed | IngestError) -> Iterator[dict[str, Any]]:
    if isinstance(result, IngestError):
        yield {"path": str(path), "skipped": result.reason}
        return
    for article in result.articles:
        yield {**article.to_dict(), "warnings": result.warnings}


def _lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        if "skipped" in row:
            yield f"skipped {row['path']}: {row['skipped']}"
            continue
        yield click.style(row["path"], bold=True)
        for name in ("title", "date", "source", "url", "authors", "language"):
            value = ", ".join(row[name]) if name == "authors" else row[name]
            yield f"  {name + ':':<10}{value or '-'}"
        for warning in row["warnings"]:
            yield f"  warning:  {warning}"
        yield ""
        yield from (f"  {line}" if line else "" for line in row["body"].splitlines())
        yield ""
