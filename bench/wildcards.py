"""Wildcards on Reuters-21578: what broad prefixes cost, from ``Index.search`` (one page).

    python -m bench.wildcards [--data DIR] [--index DIR] [--repeat N] [--out FILE]

Builds the Reuters index with the default command (or reuses ``--index``) and times each
query ``--repeat`` times in one process, quoting the median and the slowest run. To compare
two versions, run it from each checkout in turn on the same machine (an index is read only
by the version that wrote it).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from bench.common import Machine, data_dir, elapsed_ms, table, write_section
from searcher import Index

REUTERS = "reuters21578.jsonl.gz"
QUERIES = ("s*", "sh*", "oil*", "petro* prices", "wh?at")
SECTION = "wildcards"


def measure(idx: Index, repeat: int) -> list[list[object]]:
    rows = []
    for text in QUERIES:
        total = idx.search(text).total
        runs = sorted(elapsed_ms(lambda t=text: idx.search(t)) for _ in range(repeat))
        rows.append(
            [f"`{text}`", f"{total:,}", f"{statistics.median(runs):,.0f}", f"{runs[-1]:,.0f}"]
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    machine = Machine()
    with tempfile.TemporaryDirectory() as scratch:
        path = args.index or Path(scratch) / "reuters"
        with Index.open(path, create=True) as idx:
            if not len(idx):
                idx.update([(args.data or data_dir()) / REUTERS])
            rows = measure(idx, args.repeat)
    text = "\n".join(
        [
            *machine.record(f"python -m bench.wildcards --repeat {args.repeat}"),
            "",
            table(["query", "matches", "median ms", "slowest ms"], rows),
        ]
    )
    print(text)
    if args.out:
        write_section(args.out, SECTION, text, heading="## Wildcards on Reuters")


if __name__ == "__main__":
    main()
