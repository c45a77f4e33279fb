"""Crash trials: ``searcher index`` killed with SIGKILL at moments spread over its phases.

After each kill the index must open, pass ``check_index``, hold exactly the state before or
after the run (which one the moment decides) and converge, when the run is repeated, to what
an uninterrupted run gives. Three kinds of run: an update of an index of many small segments
(its commit merges them), a ``--rebuild``, and the first run that creates the index. The child
logs each phase it enters (searcher's own through its phase hook, ``searcher.update.phases``;
Whoosh's commit through wrappers installed in the child only). Each kill waits for
the child to enter a phase (the phases taken in turn), then for a random part of that phase's
length in a reference run; the phase the kill hit is the child's last mark.
"""

from __future__ import annotations

import functools
import itertools
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import REPO, table
from bench.reliability.runs import (
    EMPTY,
    State,
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
from searcher.check import check_index

#: Phases of an indexing run in order, as the child logs them.
PHASES = (
    "open",
    "create",
    "created",
    "walk",
    "read",
    "add",
    "write",
    "commit",
    "merge",
    "segment",
    "toc",
    "rename",
    "committed",
    "exit",
)
#: Phases shorter than this in the reference run (the merge decision, the table of contents'
#: rename: microseconds) cannot be hit by timing; the child pauses in them for ``PAUSE``.
SHORT = 0.005
PAUSE = 0.2
#: The order in which trials aim at phases: the commit's first, so a few trials cover them.
AIMS = ("merge", "segment", "rename", "write", "add", "committed", "toc", "commit", "read")
AIMS += ("create",)
AIMS += tuple(phase for phase in PHASES if phase not in AIMS)
#: Phases in which the new table of contents is not live yet: the index is as before.
_BEFORE_RENAME = frozenset(PHASES[: PHASES.index("rename")])


def child_main(log: Path, argv: list[str], pause: str = "") -> None:
    """Run ``searcher ARGV``, logging each phase as it is entered (for kills to be placed),
    and sleeping ``PAUSE`` seconds on entering the ``pause`` phase."""
    from whoosh import index as whoosh_index
    from whoosh import writing
    from whoosh.filedb.filestore import FileStorage

    from searcher.cli import main
    from searcher.update import phases

    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    state = {"last": "", "quiet": False}

    def mark(phase: str) -> None:
        if phase != state["last"] and not state["quiet"]:
            state["last"] = phase
            os.write(fd, f"{time.monotonic():.6f} {phase}\n".encode())
            if phase == pause:
                time.sleep(PAUSE)
                waited = time.monotonic() + HOLD_LIMIT
                while hold_file(log).exists() and time.monotonic() < waited:
                    time.sleep(0.01)

    def wrap(owner: Any, name: str, before: str | None, after: str | None = None) -> None:
        """Mark a phase of Whoosh's commit, which has no hook of its own."""
        function = owner.__dict__[name]

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if before:
                mark(before)
            result = function(*args, **kwargs)
            if after:
                mark(after)
            return result

        setattr(owner, name, wrapper)

    def on_phase(phase: str) -> None:
        if phase == "created":
            state["quiet"] = False
        mark(phase)
        if phase == "create":
            state["quiet"] = True  # the creation's own commit is part of "create"

    phases.watch(on_phase)
    wrap(writing.SegmentWriter, "commit", "commit")
    wrap(writing.SegmentWriter, "add_reader", "merge")
    wrap(writing.SegmentWriter, "_finalize_segment", "segment")
    wrap(writing.SegmentWriter, "_commit_toc", "toc")
    wrap(FileStorage, "rename_file", "rename")  # the new table of contents, written, goes live
    wrap(whoosh_index.TOC, "write", None, "committed")
    try:
        sys.argv = ["searcher", *argv]
        main()
    finally:
        mark("exit")


#: The most a paused child waits for its hold file to go (see ``hold_file``).
HOLD_LIMIT = 60.0


def hold_file(log: Path) -> Path:
    """While this file exists, a child paused in its phase stays there (after ``PAUSE``)."""
    return log.with_suffix(".hold")


def child_cmd(log: Path, *args: str | Path, pause: str = "") -> list[str]:
    """``searcher ARGS`` run by ``child_main``, logging its phases to ``log``."""
    return bench_cmd("child", "--log", log, "--pause", pause, "--", *args)


def read_log(log: Path) -> list[tuple[float, str]]:
    """The phase marks a child logged: when (``time.monotonic``) and which phase."""
    if not log.exists():
        return []
    marks = []
    for line in log.read_text().splitlines():
        at, _, phase = line.partition(" ")
        marks.append((float(at), phase))
    return marks


@dataclass(frozen=True)
class Kind:
    """One way an indexing run starts: the index before it, and the command."""

    name: str
    base: bool
    rebuild: bool

    def args(self, corpus: Path, index_path: Path) -> list[str | Path]:
        extra = ["--rebuild"] if self.rebuild else []
        return ["index", corpus, "--index", index_path, "--lock-timeout", "10", *extra]


KINDS = (Kind("update", True, False), Kind("rebuild", True, True), Kind("fresh", False, False))


@dataclass
class Trial:
    kind: str
    target: str
    phase: str
    delay: float
    paused: bool
    state: str = ""
    problems: list[str] = field(default_factory=list)
    #: What the killed run left that is not part of the index, and what outlived the re-run.
    leftovers: list[str] = field(default_factory=list)
    leftovers_after: list[str] = field(default_factory=list)


@dataclass
class CrashSummary:
    trials: list[Trial]
    reference: dict[str, list[tuple[float, str]]]
    seconds: float

    def count(self, what: Callable[[Trial], Any]) -> Counter:
        return Counter(what(trial) for trial in self.trials)

    @property
    def failed(self) -> list[Trial]:
        return [trial for trial in self.trials if trial.problems]


def _durations(marks: list[tuple[float, str]]) -> dict[str, list[float]]:
    """How long each phase lasted in a run, each time it was entered (files are read and
    added in turn)."""
    durations: dict[str, list[float]] = {}
    for (at, phase), (until, _) in itertools.pairwise(marks):
        durations.setdefault(phase, []).append(until - at)
    return durations


def _expected(kind: Kind, phase: str, before: State | None, after: State) -> list[State | None]:
    """The states an index may be in after a kill in ``phase``: the last commit's."""
    if kind.base:
        start = [before]
    elif phase in ("open", "create"):
        start = [None, EMPTY]  # the creation may have moved its files in just before
    else:
        start = [EMPTY]
    if phase in _BEFORE_RENAME:
        return start
    return [*start, after] if phase == "rename" else [after]


def _name(found: State | None, states: dict[str, State | None]) -> str:
    return next((name for name, state in states.items() if state == found), "other")


def crash_trials(work: Path, trials: int, seed: int = 1, scale: float = 1.0) -> CrashSummary:
    """Kill ``searcher index`` ``trials`` times at moments spread over its phases."""
    started = time.monotonic()
    rng = random.Random(seed)
    work.mkdir(parents=True, exist_ok=True)
    corpus, base = work / "corpus", work / "base"
    write_corpus(corpus, 0, scale)
    build_base(base, corpus)
    before = index_state(base)
    write_corpus(corpus, 1, scale)
    reference, after = {}, None
    for kind in KINDS:
        index_path = fresh_copy(base if kind.base else None, work / f"reference-{kind.name}")
        log = work / f"reference-{kind.name}.log"
        log.unlink(missing_ok=True)
        finished = run_measured(child_cmd(log, *kind.args(corpus, index_path)), cwd=REPO)
        if finished.returncode != 0:
            raise RuntimeError(f"the reference {kind.name} run failed: {finished.stderr}")
        reference[kind.name] = read_log(log)
        state = index_state(index_path)
        if after is not None and state != after:
            raise RuntimeError(f"a {kind.name} run gives another index than an update")
        after = state
    states = {"before": before, "after": after, "empty": EMPTY, "none": None}
    with Index.create(work / "empty") as empty:
        signatures = {
            "before": signature(base),
            "after": signature(work / "reference-update"),
            "empty": answers(empty),
            "none": (),
        }
    results = []
    for number in range(trials):
        kind = KINDS[number % len(KINDS)]
        durations = _durations(reference[kind.name])
        aims = [phase for phase in AIMS if phase in durations]
        phase = aims[(number // len(KINDS)) % len(aims)]
        entry = rng.randrange(len(durations[phase]))
        pause = durations[phase][entry] < SHORT
        delay = rng.uniform(0, PAUSE if pause else durations[phase][entry])
        trial = _trial(work, kind, corpus, base, (phase, entry, delay, pause))
        allowed = _expected(kind, trial.phase, before, after)
        found = _inspect(work / "trial", trial)
        trial.state = _name(found, states)
        if not trial.problems and found not in allowed:
            names = "/".join(_name(state, states) for state in allowed)
            trial.problems.append(f"holds the {trial.state} state, not {names}")
        if not trial.problems and signature(work / "trial") != signatures[trial.state]:
            trial.problems.append("searches do not answer what the index holds")
        _converge(work / "trial", kind, corpus, after, trial)
        results.append(trial)
    return CrashSummary(results, reference, time.monotonic() - started)


def _trial(work: Path, kind: Kind, corpus: Path, base: Path, target: tuple) -> Trial:
    """Start a run and kill it in a phase: ``delay`` seconds (random, within the phase's
    length in the reference run) after it enters ``phase`` for the ``entry``-th time; with
    ``pause``, the child pauses there for the kill."""
    phase, entry, delay, pause = target
    index_path = fresh_copy(base if kind.base else None, work / "trial")
    log = work / "trial.log"
    log.unlink(missing_ok=True)
    child = subprocess.Popen(
        child_cmd(log, *kind.args(corpus, index_path), pause=phase if pause else ""),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while child.poll() is None and [p for _, p in read_log(log)].count(phase) <= entry:
        time.sleep(0.001)
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait()
    marks = read_log(log)
    return Trial(kind.name, phase, marks[-1][1] if marks else "open", delay, pause)


def _inspect(index_path: Path, trial: Trial) -> State | None:
    """The state a killed run left; damage found by opening or checking is a problem."""
    try:
        found = index_state(index_path)
    except Exception as exc:  # any failure to open is the finding
        trial.problems.append(f"the index does not open: {type(exc).__name__}: {exc}")
        return None
    if found is not None:
        report = check_index(index_path)
        trial.problems.extend(f"check: {problem}" for problem in report.problems)
        trial.leftovers = report.leftovers
    return found


def _converge(index_path: Path, kind: Kind, corpus: Path, after: State, trial: Trial) -> None:
    """Run the interrupted command again and compare with an uninterrupted run."""
    finished = run_measured(searcher_cmd(*kind.args(corpus, index_path)))
    if finished.returncode != 0:
        trial.problems.append(f"the re-run fails: {finished.stderr.strip()}")
        return
    if index_state(index_path) != after:
        trial.problems.append("the re-run does not give the uninterrupted run's index")
    report = check_index(index_path)
    trial.problems.extend(f"check after the re-run: {problem}" for problem in report.problems)
    trial.leftovers_after = report.leftovers


# -- results ---------------------------------------------------------------------------------


def _corrupt(trial: Trial) -> bool:
    return any(p.startswith(("the index does not open", "check:")) for p in trial.problems)


def _leftover_kind(name: str) -> str:
    return name.split("-")[0] + "-*" if name.startswith(".") else name


def render_crash(summary: CrashSummary) -> list[str]:
    """The crash trials' part of the results, as markdown lines."""
    kinds = [kind.name for kind in KINDS]
    hits = summary.count(lambda t: (t.kind, t.phase))
    states = summary.count(lambda t: (t.kind, t.state))
    names = ("before", "after", "empty", "none", "other")
    phases = [phase for phase in PHASES if any(hits[kind, phase] for kind in kinds)]
    trials = summary.trials
    lines = [
        f"### Crash trials: `searcher index` killed with SIGKILL ({len(trials)} trials, "
        f"{summary.seconds:.0f} s)",
        "",
        "Phase each kill hit (the child's last phase mark), by kind of run:",
        "",
        table(
            ["phase", *kinds, "all"],
            [[p, *(hits[k, p] for k in kinds), sum(hits[k, p] for k in kinds)] for p in phases],
        ),
        "",
        "State found after the kill (`before`: the last commit before the run; `after`: the "
        "run's own commit; `empty`/`none`: a first run's new index before its commit, or none "
        "yet):",
        "",
        table(["kind", *names], [[k, *(states[k, name] for name in names)] for k in kinds]),
        "",
        f"- {sum(t.paused for t in trials)} kills aimed at phases too short to hit by timing "
        f"(under {SHORT * 1000:g} ms in the reference run, such as reading a small file, the "
        f"merge decision or the rename that makes the new table of contents live) were made "
        f"while the child paused {PAUSE:g} s on entering them",
        f"- corrupt indexes (do not open, or fail `check_index`): **{sum(map(_corrupt, trials))}**",
        f"- trials with any problem (corrupt, not the last commit's state, searches not "
        f"answering that state, a re-run not converging to the uninterrupted run's index): "
        f"**{len(summary.failed)}**",
        f"- kills that left files the check notes (temporary runs, orphan segments): "
        f"{sum(bool(t.leftovers) for t in trials)}; files still there after the re-run: "
        f"{sorted(Counter(_leftover_kind(n) for t in trials for n in t.leftovers_after).items())}",
    ]
    return lines + [f"  - {trial}" for trial in summary.failed]
