"""Exports of every hit against SQLite FTS5 reading the same rows (issue 14, point 3).

    python -m bench.exports [--copies N] [--keep DIR] [--repeat N] [--out FILE]

Reuters is written as ``--copies`` copies with distinct ids (default 10: 215,770 articles, as
``bench.core`` makes them) and indexed by searcher and by FTS5 (``bench.core_systems``);
``--keep DIR`` keeps both indexes there and reuses them on the next run. Then each export is
timed ``--repeat`` times after a warm-up, in this process, searcher and FTS5 in turns: every
hit of ``oil`` (15,440 at x10), best first, read to the end. searcher's rows come from
``Index.export_rows``, FTS5's from one ``SELECT … ORDER BY rank`` of the same columns; the
export of hits with snippets (``Index.export``) is timed beside them, as ``searcher search
--all`` without ``--fields`` writes it.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.common import Machine, data_dir, elapsed_ms, run_command, table, write_section
from bench.core import write_copies
from bench.core_systems import build_fts5, build_searcher
from searcher import Index

SECTION = "exports"
REUTERS = "reuters21578.jsonl.gz"
QUERY = "oil"
#: The issue's target: an export of id, date and title within this factor of FTS5's.
TARGET = 3.0
#: Each export: its name, searcher's fields, FTS5's columns for the same rows, its target.
EXPORTS = [
    ("id, date, title", ["id", "date", "title"], "d.id, d.ts, fts.title", TARGET),
    (
        "id, date, title, body",
        ["id", "date", "title", "body"],
        "d.id, d.ts, fts.title, fts.body",
        None,
    ),
]


def build(folder: Path, copies: int) -> None:
    """Both indexes of ``copies`` copies of Reuters in ``folder``, unless already there."""
    if (folder / "fts5.sqlite").exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    paths = write_copies(data_dir() / REUTERS, "newid", folder / "copies", copies)
    files = [str(path) for path in paths]
    build_searcher(str(folder / "searcher"), files)
    build_fts5(str(folder / "fts5.sqlite"), files)


def medians_ms(reads: list[Callable[[], int]], repeat: int) -> list[tuple[int, float]]:
    """How many rows each read returns (its warm-up run), and the median of its ``repeat``
    runs, taken in turns: the machine is shared, and its load then weighs on all alike."""
    rows = [read() for read in reads]
    times = [[elapsed_ms(read) for read in reads] for _ in range(repeat)]
    return [(n, statistics.median(run[i] for run in times)) for i, n in enumerate(rows)]


def measure(folder: Path, repeat: int) -> list[list[object]]:
    db = sqlite3.connect(folder / "fts5.sqlite")
    rows = []
    with Index.open(folder / "searcher") as idx:
        for label, fields, columns, target in EXPORTS:
            sql = (
                f"SELECT {columns} FROM fts JOIN docs d ON d.rowid = fts.rowid"
                " WHERE fts MATCH ? ORDER BY fts.rank"
            )
            (ours, mine), (theirs, fts5) = medians_ms(
                [
                    lambda f=fields: sum(1 for _ in idx.export_rows(QUERY, f)),
                    lambda s=sql: len(db.execute(s, [QUERY]).fetchall()),
                ],
                repeat,
            )
            assert ours == theirs, f"searcher read {ours:,} rows, FTS5 {theirs:,}"
            ratio = mine / fts5
            check = (
                "" if target is None else f"≤ {target:g}x: {'met' if ratio <= target else 'MISSED'}"
            )
            rows.append(
                [label, f"{ours:,}", f"{mine:,.0f}", f"{fts5:,.0f}", f"{ratio:.1f}x", check]
            )
        [(hits, snippets)] = medians_ms([lambda: sum(1 for _ in idx.export(QUERY))], repeat)
        rows.append(
            ["hits with snippets (no `--fields`)", f"{hits:,}", f"{snippets:,.0f}", "", "", ""]
        )
    db.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--keep", type=Path, default=None, help="keep (and reuse) the indexes here")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    machine = Machine()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        build(folder, args.copies)
        rows = measure(folder, args.repeat)
    command = run_command("bench.exports", [f"--copies={args.copies}", f"--repeat={args.repeat}"])
    text = "\n".join(
        [
            *machine.record(command, f", SQLite {sqlite3.sqlite_version}"),
            f"- every hit of `{QUERY}` in Reuters x{args.copies}, best first, read to the end;"
            f" median of {args.repeat} runs after a warm-up, in one process",
            "",
            table(["export", "rows", "searcher ms", "FTS5 ms", "ratio", "target"], rows),
        ]
    )
    print(text)
    if args.out:
        write_section(args.out, SECTION, text, heading="## Exports against FTS5 (issue 14)")


if __name__ == "__main__":
    main()
