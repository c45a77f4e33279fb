"""Searches during updates, and two updates at once.

Processes search in a loop (one ``Index`` kept open, or opened for every search) while
updates run; every answer must be the old or the new state. Then two ``searcher index`` runs
at once: with waiting both succeed and nothing is lost; without, one exits with a clear
message.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import REPO
from bench.reliability.kills import child_cmd, hold_file, read_log
from bench.reliability.runs import (
    answers,
    bench_cmd,
    build_base,
    fresh_copy,
    index_state,
    run_measured,
    searcher_cmd,
    signature,
    write_corpus,
)
from searcher import Index


def search_loop(index_path: Path, stop: Path, reopen: bool) -> dict[str, Any]:
    """Search until ``stop`` exists: the answers seen (in order, each once per run of
    equal answers) and every failure. ``reopen`` opens the index for every search."""
    seen: list[list] = []
    failures: list[str] = []
    searches = 0
    idx = None
    while not stop.exists():
        try:
            if idx is None or reopen:
                idx = Index.open(index_path)
            found = list(answers(idx))
            if not seen or seen[-1][0] != found:
                seen.append([found, 0])
            seen[-1][1] += 1
        except Exception as exc:  # every failure counts, whatever it is
            failures.append(f"{type(exc).__name__}: {exc}")
        finally:
            searches += 1
            if reopen and idx is not None:
                idx.close()
    return {"searches": searches, "seen": seen, "failures": failures, "reopen": reopen}


@dataclass
class ConcurrencySummary:
    searches: int
    failures: list[str]
    #: Answers that were neither the state before nor after the update running then.
    mixed: int
    updates: int
    searchers: int
    seconds: float
    per_state: Counter = field(default_factory=Counter)


def concurrency(
    work: Path, searchers: int = 3, updates: int = 3, scale: float = 1.0
) -> ConcurrencySummary:
    """Searches in ``searchers`` processes while ``updates`` updates run one after another
    (corpus version 1, 0, 1, …); the first commit merges the base's segments."""
    started = time.monotonic()
    corpus, index_path = work / "corpus", work / "searched"
    write_corpus(corpus, 0, scale)
    shutil.rmtree(index_path, ignore_errors=True)
    build_base(index_path, corpus)
    states = [signature(index_path)]
    stop = work / "stop"
    stop.unlink(missing_ok=True)
    loops = [
        subprocess.Popen(
            bench_cmd(
                "search-loop",
                "--index",
                index_path,
                "--stop",
                stop,
                *(["--reopen"] if n % 3 == 2 else []),
            ),
            cwd=REPO,
            stdout=subprocess.PIPE,
        )
        for n in range(searchers)
    ]
    time.sleep(1.0)
    for number in range(updates):
        write_corpus(corpus, (number + 1) % 2, scale)
        finished = run_measured(searcher_cmd("index", corpus, "--index", index_path))
        if finished.returncode != 0:
            raise RuntimeError(f"update {number} failed: {finished.stderr}")
        states.append(signature(index_path))
        time.sleep(0.5)
    stop.touch()
    reports = [json.loads(loop.communicate(timeout=120)[0]) for loop in loops]
    summary = ConcurrencySummary(0, [], 0, updates, searchers, 0.0)
    for report in reports:
        summary.searches += report["searches"]
        summary.failures += report["failures"]
        position = 0  # which state the searcher saw last: answers may only move forward
        for found, count in report["seen"]:
            following = [n for n in range(position, len(states)) if list(states[n]) == found]
            if following and following[0] <= position + 1:
                position = following[0]
                summary.per_state[position] += count
            else:
                summary.mixed += count
    summary.seconds = time.monotonic() - started
    return summary


@dataclass
class WritersSummary:
    runs: int = 0
    lost: int = 0
    refused: int = 0
    clear_refusals: int = 0
    failures: list[str] = field(default_factory=list)


def concurrent_writers(work: Path, rounds: int = 3, scale: float = 1.0) -> WritersSummary:
    """Two ``searcher index`` runs at once on a new index: waiting, both succeed and both
    folders end up indexed; with ``--lock-timeout 0`` the second is refused clearly, and
    the first run's update stands."""
    corpus = work / "corpus"
    write_corpus(corpus, 1, scale)
    wire, notes = corpus / "wire", corpus / "notes"
    reference = work / "writers-reference"
    shutil.rmtree(reference, ignore_errors=True)
    with Index.open(reference, create=True) as idx:
        idx.update([wire])
        only_wire = index_state(reference)
        idx.update([notes])
    both = index_state(reference)
    summary = WritersSummary()
    for number in range(rounds):
        index_path = fresh_copy(None, work / f"writers-{number}")
        pair = [
            subprocess.Popen(
                searcher_cmd("index", folder, "--index", index_path),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for folder in (wire, notes)
        ]
        for run in pair:
            _, err = run.communicate(timeout=300)
            summary.runs += 1
            if run.returncode != 0:
                summary.failures.append(err.decode())
        summary.lost += index_state(index_path) != both
    index_path = fresh_copy(None, work / "writers-refused")
    log = work / "writers.log"
    log.unlink(missing_ok=True)
    hold = hold_file(log)
    hold.touch()  # the first run waits in its reading, holding the lock, until the second ends
    first = subprocess.Popen(
        child_cmd(log, "index", wire, "--index", index_path, pause="read"),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
    )
    while "read" not in {phase for _, phase in read_log(log)} and first.poll() is None:
        time.sleep(0.005)  # the first run holds the lock once it reads files
    second = run_measured(
        searcher_cmd("index", notes, "--index", index_path, "--lock-timeout", "0")
    )
    hold.unlink()
    first.wait(timeout=300)
    summary.runs += 2
    summary.refused += second.returncode != 0
    summary.clear_refusals += "another process is updating the index" in second.stderr
    summary.lost += first.returncode != 0 or index_state(index_path) != only_wire
    retried = run_measured(searcher_cmd("index", notes, "--index", index_path))
    summary.runs += 1
    summary.lost += retried.returncode != 0 or index_state(index_path) != both
    return summary


def render_concurrency(found: ConcurrencySummary, writers: WritersSummary) -> list[str]:
    """The searches' and the writers' part of the results, as markdown lines."""
    failures = found.failures[:5] + writers.failures[:5]
    return [
        "### Searches during updates, and two updates at once",
        "",
        f"- {found.searches:,} searches in {found.searchers} processes (two keep an `Index` "
        f"open, one opens it for every search) during {found.updates} updates (the first "
        f"merges the base's segments): **{len(found.failures)} failed**, **{found.mixed} "
        f"answered with neither the state before nor the state after** the update running; "
        f"answers per state (0 = before the first update): {dict(sorted(found.per_state.items()))}",
        f"- {writers.runs} `searcher index` runs, started in pairs on the same index (new, "
        f"so both also create it): **{writers.lost} lost updates**; with `--lock-timeout 0` "
        f"the second run was refused {writers.refused} of 1 times, {writers.clear_refusals} "
        f"with the message 'another process is updating the index'; other failures: "
        f"{len(writers.failures)}",
        *(f"  - {failure}" for failure in failures),
    ]
