"""CSV text of hits and rows, written the same way by every surface (the CLI, the web)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

#: What a UTF-8 file starts with for Excel to read it as UTF-8 (not the local code page).
BOM = "\ufeff"
#: What starts a cell that spreadsheets read as a formula (OWASP's CSV injection list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_chunks(
    rows: Iterable[dict[str, Any]], columns: Iterable[str], *, bom: bool = False
) -> Iterator[str]:
    """The header, then each row's line as it comes, so a stream of rows stays a stream.

    ``bom`` makes a CSV for Excel: a byte-order mark, which Excel needs to read it as UTF-8
    rather than the local code page, and no cell Excel would run as a formula (an article's
    ``=HYPERLINK(…)`` is text).
    """
    buffer = io.StringIO(BOM if bom else "")
    buffer.seek(0, io.SEEK_END)
    writer = csv.DictWriter(
        buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _as_text(v) for k, v in row.items()} if bom else row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def csv_cells(row: dict[str, Any]) -> dict[str, Any]:
    """A row of chosen fields as CSV cells: a list (authors, a records file's keywords)
    joined by "; ", a highlight as ``start-end``."""
    return {name: _cell(value) for name, value in row.items()}


def _cell(value: Any) -> Any:
    if not isinstance(value, list):
        return value
    return "; ".join("-".join(map(str, v)) if isinstance(v, list) else str(v) for v in value)


def _as_text(value: Any) -> Any:
    """A cell a spreadsheet shows as text: one that would start a formula gets a quote."""
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_START) else value
