"""Reliability trials: kill -9 at random moments, searches during updates, hostile files.

The command line of ``bench.reliability`` (see the package), and of the helper processes
its trials start: ``child`` (an indexing run that logs its phases) and ``search-loop``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench.common import RESULTS, Machine, run_command, write_section
from bench.reliability.hostile_files import hostile, render_hostile
from bench.reliability.kills import child_main, crash_trials, render_crash
from bench.reliability.searches import (
    concurrency,
    concurrent_writers,
    render_concurrency,
    search_loop,
)

SECTION = "reliability"


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.reliability", description=__doc__.splitlines()[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    child = sub.add_parser("child", help="(internal) run searcher, logging its phases")
    child.add_argument("--log", type=Path, required=True)
    child.add_argument("--pause", default="")
    child.add_argument("argv", nargs=argparse.REMAINDER)
    loop = sub.add_parser("search-loop", help="(internal) search until a file exists")
    loop.add_argument("--index", type=Path, required=True)
    loop.add_argument("--stop", type=Path, required=True)
    loop.add_argument("--reopen", action="store_true")
    crash = sub.add_parser("crash", help="kill indexing runs")
    crash.add_argument("--trials", type=int, default=60)
    crash.add_argument("--seed", type=int, default=1)
    sub.add_parser("concurrency", help="search during updates; two updates at once")
    sub.add_parser("hostile", help="index a tree of hostile files")
    every = sub.add_parser("all", help="all of them, written to --out")
    every.add_argument("--trials", type=int, default=60)
    every.add_argument("--seed", type=int, default=1)
    every.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    if args.command == "child":
        child_main(args.log, [a for a in args.argv if a != "--"], args.pause)
        return
    if args.command == "search-loop":
        print(json.dumps(search_loop(args.index, args.stop, args.reopen)))
        return
    machine = Machine()
    lines = []
    with tempfile.TemporaryDirectory(prefix="reliability-") as work:
        if args.command in ("crash", "all"):
            found = crash_trials(Path(work) / "crash", args.trials, args.seed, scale=0.5)
            lines += render_crash(found)
        if args.command in ("concurrency", "all"):
            found = concurrency(Path(work) / "concurrency", scale=0.5)
            lines += ["", *render_concurrency(found, concurrent_writers(Path(work) / "writers"))]
        if args.command in ("hostile", "all"):
            lines += ["", *render_hostile(hostile(Path(work) / "hostile"))]
    print("\n".join(lines))
    if args.command == "all":
        command = run_command("bench.reliability", ["all", "--trials", str(args.trials)])
        head = [f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC:", "", *machine.record(command)]
        text = "\n".join([*head, "", *lines])
        write_section(args.out, SECTION, text, heading="## Reliability")


if __name__ == "__main__":
    main()
