"""Reliability trials: kill -9 at random moments, searches during updates, hostile files.

    python bench/reliability.py [crash|concurrency|hostile|all] [--trials N] [--out FILE]

- crash: ``searcher index`` is killed (SIGKILL) at a random moment of its run; then the index
  must open, pass ``check_index``, hold exactly the state before or after the run (which one
  the moment decides) and converge, when the run is repeated, to what an uninterrupted run
  gives. Three kinds of run: an update of an index of many small segments (its commit merges
  them), a ``--rebuild``, and the first run that creates the index. The child logs each phase
  it enters (through wrappers installed in the child only). Each kill waits for the child to
  enter a phase (the phases taken in turn), then for a random part of that phase's length in
  a reference run; the phase the kill hit is the child's last mark.
- concurrency: processes search in a loop (one ``Index`` kept open, or opened for every
  search) while updates run; every answer must be the old or the new state. Then two
  ``searcher index`` runs at once: with waiting both succeed and nothing is lost; without,
  one exits with a clear message.
- hostile: a tree of 500+ bad files beside good ones is indexed by the CLI (without the
  power to read unreadable files, even as root); every good file must be indexed, every bad
  one listed with a reason, and the peak RSS is measured.

Results go to a section of ``--out`` (default ``bench/RESULTS.md``), replacing the last run's.
The tests in ``tests/test_reliability.py`` run small versions of the same functions.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import itertools
import json
import os
import random
import re
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from searcher import Index
from searcher.check import check_index, exists
from searcher.update.updater import MERGE_BELOW, MERGE_COUNT

REPO = Path(__file__).resolve().parents[1]
SECTION_START = "<!-- reliability:start -->"
SECTION_END = "<!-- reliability:end -->"
#: The words whose hit counts tell the corpus versions apart in searches.
OLD_WORD, NEW_WORD = "quillback", "zephyrine"

# -- running searcher --------------------------------------------------------------------------


#: Runs the searcher CLI and, at exit, prints the interpreter's own peak RSS. A child's
#: ``ru_maxrss`` from wait4 is no use here: Linux carries the RSS the child had when it was
#: forked across exec, so a child of a large test process reports the parent's size.
PEAK_MARK = "peak-rss-kib:"
_CLI_WITH_PEAK = f"""import atexit, sys
from searcher.cli import main
def peak():
    with open('/proc/self/status') as status:
        kib = next(line.split()[1] for line in status if line.startswith('VmHWM'))
    print('{PEAK_MARK}', kib, file=sys.stderr)
atexit.register(peak)
sys.argv[0] = 'searcher'
main()
"""


def searcher_cmd(*args: str | Path) -> list[str]:
    """The command line of ``searcher ARGS`` in a fresh interpreter that reports its peak RSS."""
    return [sys.executable, "-c", _CLI_WITH_PEAK, *map(str, args)]


def unprivileged(args: list[str]) -> list[str] | None:
    """``args`` run without the power to ignore file permissions, or None when impossible.

    Root reads a chmod 000 file anyway, so as root the command runs under ``setpriv`` with
    CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH dropped: the kernel then checks permissions
    for it as for anyone (it stays uid 0, so the interpreter under /root still runs).
    """
    if os.geteuid() != 0:
        return args
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}", *args]


@dataclass
class Finished:
    """A finished child process: exit code, output, wall time and peak RSS."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float


def run_measured(args: list[str], timeout: float = 600) -> Finished:
    """Run ``args`` to the end and measure it; the child's own peak RSS comes from wait4."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(args, stdout=out, stderr=err)
        try:
            _, status, usage = _wait4(child.pid, started + timeout)
        except TimeoutError:
            child.kill()
            child.wait()
            raise
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        marks = re.findall(rf"^{PEAK_MARK} (\d+)$", stderr, re.MULTILINE)
        return Finished(
            child.returncode,
            out.read().decode("utf-8", "replace"),
            re.sub(rf"^{PEAK_MARK} \d+\n?", "", stderr, flags=re.MULTILINE),
            time.monotonic() - started,
            int(marks[-1]) / 1024 if marks else usage.ru_maxrss / 1024,
        )


def _wait4(pid: int, deadline: float) -> tuple[int, int, Any]:
    while True:
        found, status, usage = os.wait4(pid, os.WNOHANG)
        if found:
            return found, status, usage
        if time.monotonic() > deadline:
            raise TimeoutError(f"process {pid} still runs")
        time.sleep(0.02)


# -- what an index holds -----------------------------------------------------------------------

#: An index's state: every stored document as a tuple; ``EMPTY`` when only the format record.
State = frozenset
EMPTY: State = State({("meta",)})


def index_state(path: Path) -> State | None:
    """Everything the index at ``path`` holds, or None when there is no index.

    File records count by path, size and hash (not mtime or the racy flag, which depend on
    when a file was read); articles by every stored field.
    """
    if not exists(path):
        return None
    with Index.open(path) as idx:
        found = set()
        for fields in idx.searcher().all_stored_fields():
            if "id" in fields:
                found.add(("article", *sorted(fields.items())))
            elif "path" in fields:
                meta = json.loads(fields["meta"])
                found.add(("file", fields["path"], meta["size"], meta["sha256"]))
            else:
                found.add(("meta",))
        return State(found)


def signature(path: Path) -> tuple:
    """What searches answer (see ``answers``), or () when there is no index."""
    if not exists(path):
        return ()
    with Index.open(path) as idx:
        return answers(idx)


def answers(idx: Index) -> tuple:
    """What one search answers about the words only one corpus version holds: the total, the
    counts per source and month, and the newest hits (a mix of states would show in these).
    One search, as each search sees one commit."""
    found = idx.search(f"{OLD_WORD} OR {NEW_WORD}", facets=["source", "month"], sort="newest")
    facets = json.dumps(found.facets, sort_keys=True)
    return (found.total, facets, *(hit.id for hit in found.hits))


# -- a corpus in versions ----------------------------------------------------------------------

_VOCABULARY = [
    "".join(random.Random(n).choices(string.ascii_lowercase, k=4 + n % 6)) for n in range(3000)
]


def _text(rng: random.Random, words: int, marker: str = "") -> str:
    body = " ".join(rng.choices(_VOCABULARY, k=words))
    return f"{marker} {body}" if marker else body


def _records(rng: random.Random, prefix: str, count: int, marker: str = "") -> str:
    rows = [
        {
            "id": f"{prefix}-{n}",
            "title": _text(rng, 6),
            "body": _text(rng, 120, marker),
            "date": f"2023-{1 + n % 12:02d}-{1 + n % 28:02d}",
            "source": rng.choice(["Wire One", "Daily Ledger", "Gazette"]),
        }
        for n in range(count)
    ]
    return "\n".join(json.dumps(row) for row in rows) + "\n"


def write_corpus(folder: Path, version: int, scale: float = 1.0) -> None:
    """Version 0 or 1 of a test corpus in ``folder`` (replacing what is there).

    Version 1 adds many records (the bulk of an update), changes and deletes some files of
    version 0, and holds ``NEW_WORD`` where version 0 held ``OLD_WORD``. Files are dated a
    minute back, so an update trusts their stat as it would in real use.
    """
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "wire").mkdir(parents=True)
    (folder / "notes").mkdir()
    batch = max(4, int(40 * scale))
    for n in range(12):
        if version == 1 and n in (3, 4):
            continue  # deleted in version 1
        marker = OLD_WORD if n < 5 else ""
        changed = version == 1 and n < 3
        rng = random.Random(n + 100 * changed)
        text = _records(rng, f"b{n}", batch + 3 * changed, NEW_WORD if changed else marker)
        (folder / "wire" / f"batch{n:02d}.jsonl").write_text(text)
    for n in range(6 if version == 1 else 0):
        rng = random.Random(1000 + n)
        text = _records(rng, f"new{n}", int(100 * scale), NEW_WORD)
        (folder / "wire" / f"new{n}.jsonl").write_text(text)
    for n in range(max(4, int(20 * scale))):
        if version == 1 and n in (0, 1):
            continue
        rng = random.Random(5000 + n + 100 * (version == 1 and n in (2, 3)))
        title = _text(rng, 5).capitalize()
        (folder / "notes" / f"note{n:02d}.txt").write_text(f"{title}\n\n{_text(rng, 200)}\n")
    past = time.time() - 60
    for path in folder.rglob("*"):
        os.utime(path, (past, past))


def build_base(index_path: Path, corpus: Path) -> None:
    """An index of part of version 0, built by one run per file, as a cron-fed index grows:
    small segments, just enough of them that the next commit merges them all."""
    with Index.open(index_path, create=True) as idx:
        for path in sorted(corpus.rglob("*.jsonl")):
            idx.update([path])
            if _merges([segment.doc_count_all() for segment in idx._ix._read_toc().segments]):
                return
    raise RuntimeError("the corpus is too small for the next commit to merge")


def _merges(sizes: list[int]) -> bool:
    """Whether an update's merge policy (``Updater.merge_policy``) merges segments of these
    sizes at the next commit."""
    return sum(size < MERGE_BELOW for size in sizes) >= MERGE_COUNT


# -- crash trials --------------------------------------------------------------------------

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


def _child_cmd(log: Path, *args: str | Path, pause: str = "") -> list[str]:
    return [sys.executable, __file__, "child", "--log", str(log), "--pause", pause, "--"] + [
        str(arg) for arg in args
    ]


def read_log(log: Path) -> list[tuple[float, str]]:
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
        index_path = _fresh_copy(base if kind.base else None, work / f"reference-{kind.name}")
        log = work / f"reference-{kind.name}.log"
        log.unlink(missing_ok=True)
        finished = run_measured(_child_cmd(log, *kind.args(corpus, index_path)))
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


def _fresh_copy(base: Path | None, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    if base is not None:
        shutil.copytree(base, target)
    return target


def _trial(work: Path, kind: Kind, corpus: Path, base: Path, target: tuple) -> Trial:
    """Start a run and kill it in a phase: ``delay`` seconds (random, within the phase's
    length in the reference run) after it enters ``phase`` for the ``entry``-th time; with
    ``pause``, the child pauses there for the kill."""
    phase, entry, delay, pause = target
    index_path = _fresh_copy(base if kind.base else None, work / "trial")
    log = work / "trial.log"
    log.unlink(missing_ok=True)
    child = subprocess.Popen(
        _child_cmd(log, *kind.args(corpus, index_path), pause=phase if pause else ""),
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


# -- concurrency -------------------------------------------------------------------------


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
            [
                sys.executable,
                __file__,
                "search-loop",
                "--index",
                str(index_path),
                "--stop",
                str(stop),
                *(["--reopen"] if n % 3 == 2 else []),
            ],
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
        index_path = _fresh_copy(None, work / f"writers-{number}")
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
    index_path = _fresh_copy(None, work / "writers-refused")
    log = work / "writers.log"
    log.unlink(missing_ok=True)
    hold = hold_file(log)
    hold.touch()  # the first run waits in its reading, holding the lock, until the second ends
    first = subprocess.Popen(
        _child_cmd(log, "index", wire, "--index", index_path, pause="read"),
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


# -- hostile files -------------------------------------------------------------------------

INDEX, SKIP, EITHER = "indexed", "skipped", "either"
_MB = 1_000_000


def shown(path: Path | str) -> str:
    """A path as searcher reports it: bytes that are not UTF-8 escaped."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _page(title: str, body: str, head: str = "", charset: str = "utf-8") -> str:
    return (
        f'<!doctype html><html><head><meta charset="{charset}">{head}<title>{title}</title>'
        f"</head><body><article><h1>{title}</h1>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in body.split("\n\n"))
        + "</article></body></html>"
    )


class Tree:
    """A folder of planted files, each with what must become of it."""

    def __init__(self, root: Path, seed: int = 7) -> None:
        self.root = root
        self.rng = random.Random(seed)
        self.expected: dict[str, tuple[str, str]] = {}  # shown path -> (category, outcome)
        self.markers: dict[str, str] = {}  # good file -> a word only it holds
        self.locked: list[Path] = []  # made unreadable; readable again after the run

    def plant(self, category: str, name: str | bytes, data: bytes, outcome: str) -> Path:
        folder = self.root / category
        folder.mkdir(parents=True, exist_ok=True)
        path = Path(os.fsdecode(os.path.join(os.fsencode(folder), os.fsencode(name))))
        path.write_bytes(data)
        self.expect(path, category, outcome)
        return path

    def expect(self, path: Path, category: str, outcome: str) -> None:
        self.expected[shown(path.absolute())] = (category, outcome)

    def words(self, count: int) -> str:
        return _text(self.rng, count)

    def marker(self) -> str:
        n = len(self.markers)
        return "goodmark" + "".join(string.ascii_lowercase[(n // 26**i) % 26] for i in range(3))


def build_hostile_tree(root: Path, big: bool = True) -> Tree:
    """500+ bad files of every kind a crawl brings, beside 100 good ones; ``big`` adds the
    100 MB text, the 20 MB page, the CSV with a 50 MB field and the gzip bomb."""
    tree = Tree(root)
    _plant_good(tree)
    _plant_garbage(tree)
    _plant_text_troubles(tree)
    _plant_records(tree)
    _plant_filesystem(tree)
    if big:
        _plant_big(tree)
    return tree


def _plant_good(tree: Tree) -> None:
    for n in range(100):
        marker = tree.marker()
        body = f"{tree.words(40)} {marker} {tree.words(40)}.\n\n{tree.words(60)}."
        kind = ("txt", "html", "jsonl", "csv")[n % 4]
        if kind == "txt":
            data = f"Good article {n}\n\n{body}\n".encode()
        elif kind == "html":
            data = _page(f"Good page {n}", body).encode()
        elif kind == "jsonl":
            rows = [{"id": f"good{n}-{i}", "title": f"Good {n}", "body": body} for i in range(3)]
            data = "\n".join(map(json.dumps, rows)).encode()
        else:
            data = f'id,title,text\ngood{n},"Good {n}","{body}"\n'.encode()
        path = tree.plant("good", f"good{n:03d}.{kind}", data, INDEX)
        tree.markers[shown(path.absolute())] = marker


def _plant_garbage(tree: Tree) -> None:
    rng = tree.rng
    for n in range(40):
        tree.plant("binary", f"random{n}.html", rng.randbytes(rng.randint(64, 65536)), SKIP)
    magics = [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0\x00\x10JFIF", b"GIF89a", b"RIFF\x00\x00WEBP"]
    for n in range(40):
        data = magics[n % 4] + rng.randbytes(rng.randint(512, 32768))
        tree.plant("images", f"photo{n}.html", data, SKIP)
    extensions = ["txt", "html", "htm", "jsonl", "json", "csv", "tsv", "md"]
    for n in range(40):
        tree.plant("empty", f"empty{n}.{extensions[n % 8]}", b"", SKIP)
    for n in range(10):
        tree.plant("blank", f"blank{n}.{extensions[n % 8]}", b" \n\t\r\n " * (n + 1), SKIP)
    for n in range(10):
        data = rng.randbytes(2000)
        tree.plant("gzip", f"garbage{n}.jsonl.gz", b"\x1f\x8b\x08\x00" + data[:500], SKIP)
        whole = gzip.compress(_records(rng, f"gz{n}", 20).encode())
        tree.plant("gzip", f"truncated{n}.jsonl.gz", whole[: len(whole) // 2], SKIP)
    for n in range(5):
        tree.plant("json", f"deep{n}.json", b"[" * (100_000 + n) + b"]" * (50 * n), SKIP)
        scalar = [b"null", b"42", b'"just a string"', b"true", b"[]"][n]
        tree.plant("json", f"scalar{n}.json", scalar, SKIP)
        tree.plant("json", f"number{n}.json", b'{"title": 1e999, "body": -1e999}', EITHER)


def _plant_text_troubles(tree: Tree) -> None:
    rng = tree.rng
    page = _page("A page that is cut short", tree.words(300)).encode()
    for n in range(60):
        tree.plant("truncated", f"cut{n}.html", page[: rng.randint(1, len(page) - 1)], EITHER)
    for n, tag in enumerate(["div", "span", "b", "section", "font"] * 2):
        text = f"<p>{tree.words(50)}</p>" if n < 5 else ""
        closed = f"</{tag}>" * 10_000 if n % 2 == 0 else ""
        data = f"<html><body>{f'<{tag}>' * 10_000}{text}{closed}</body></html>".encode()
        tree.plant("nested", f"deep{n}.html", data, EITHER)
    arabic = "تقرير عن المساعدات الإنسانية والمعبر " * 20
    for n in range(50):
        words = tree.words(80)
        variant = n % 5
        if variant == 0:  # says UTF-8, is cp1252
            data = _page("Café crème", f"{words} naïve café", charset="utf-8").encode("cp1252")
        elif variant == 1:  # says windows-1256, is UTF-8
            data = _page("تقرير", arabic, charset="windows-1256").encode()
        elif variant == 2:  # says UTF-16 in the page, is UTF-8
            data = _page("Résumé", f"{words} résumé", charset="utf-16").encode()
        elif variant == 3:  # a charset nobody knows
            data = _page("Unknown", words, charset="x-no-such-charset").encode()
        else:  # a UTF-16 BOM on a page that says UTF-8
            data = _page("Bom", words, charset="utf-8").encode("utf-16")
        tree.plant("encoding", f"mismatch{n}.html", data, INDEX)
    for n in range(30):
        good = f"Invalid bytes {n}\n\n{tree.words(100)}".encode()
        cut = rng.randint(20, len(good) - 10)
        bad = rng.choice([b"\xff\xfe\xfa", b"\xc3\x28", b"\xe2\x82", b"\xf0\x9f\x98", b"\x80"])
        tree.plant("invalid-utf8", f"bytes{n}.txt", good[:cut] + bad + good[cut:], INDEX)
    for n in range(30):
        text = f"Nul bytes {n}\n\n{tree.words(150)}".encode()
        every = 200 if n < 20 else 3  # a few NULs in text, or mostly NULs
        data = b"".join(text[i : i + every] + b"\x00" for i in range(0, len(text), every))
        tree.plant("nul", f"nul{n}.txt", data, INDEX if n < 20 else SKIP)
    dates = ["0000-00-00", "9999-99-99", "2023-13-45", "2023-02-30", "-1", "99999999999999"]
    dates += ["NaN", "1e400", "31/31/2031", "yesterday at noon maybe"]
    for n in range(40):
        date = dates[n % len(dates)]
        if n % 3 == 0:
            data = json.dumps({"title": f"Dated {n}", "body": tree.words(60), "date": date})
            tree.plant("dates", f"date{n}.jsonl", data.encode(), INDEX)
        elif n % 3 == 1:
            data = f"Title: Dated {n}\nDate: {date}\n\n{tree.words(60)}"
            tree.plant("dates", f"date{n}.txt", data.encode(), INDEX)
        else:
            head = f'<meta property="article:published_time" content="{date}">'
            tree.plant(
                "dates", f"date{n}.html", _page(f"Dated {n}", tree.words(60), head).encode(), INDEX
            )
    for n in range(5):
        text = f"Old Mac text {n}\r\r{tree.words(80)}\r\f\v{tree.words(40)}"
        tree.plant("misc", f"breaks{n}.txt", text.encode(), INDEX)
        script = "<script>" + "var x = 1;" * 100_000 + "</script>"
        page = _page(f"Scripted {n}", tree.words(100), head=script + "<!--" + "-" * 50_000 + "-->")
        tree.plant("misc", f"script{n}.html", page.encode(), EITHER)


def _plant_records(tree: Tree) -> None:
    for n in range(20):
        lines = [
            json.dumps({"id": f"part{n}-{i}", "title": "Part", "body": tree.words(30)})
            for i in range(5)
        ]
        lines[1] = lines[1][: len(lines[1]) // 2]  # cut in the middle
        lines[3] = "{not json at all"
        tree.plant("jsonl", f"partly{n}.jsonl", "\n".join(lines).encode(), INDEX)
        broken = "\n".join(['{"title": "x", "body": ', "[1, 2", "}}}", "nul\x00l"] * (n + 1))
        tree.plant("jsonl", f"broken{n}.jsonl", broken.encode(), SKIP)
    for n in range(10):
        data = f'title,text\n"Unclosed {n},{tree.words(30)}\n"Next",{tree.words(30)}\n'
        tree.plant("csv", f"quotes{n}.csv", data.encode(), EITHER)
    for n in range(5):
        data = f"alpha,beta,gamma\n{tree.words(3)},{tree.words(3)},{tree.words(3)}\n"
        tree.plant("csv", f"noheader{n}.csv", data.encode(), SKIP)
        tree.plant("csv", f"mismatched{n}.tsv", b"title\ttext\na\tb\tc\td\n\t\t\t\n", EITHER)


def _plant_filesystem(tree: Tree) -> None:
    links = tree.root / "links"
    links.mkdir(parents=True)
    for n in range(5):
        (links / f"loop{n}a.html").symlink_to(f"loop{n}b.html")
        (links / f"loop{n}b.html").symlink_to(f"loop{n}a.html")
        (links / f"self{n}.txt").symlink_to(f"self{n}.txt")
        (links / f"dangling{n}.jsonl").symlink_to(f"nowhere{n}.jsonl")
        for name in (f"loop{n}a.html", f"loop{n}b.html", f"self{n}.txt", f"dangling{n}.jsonl"):
            tree.expect(links / name, "links", SKIP)
    for n in range(2):
        os.mkfifo(tree.root / "links" / f"pipe{n}.html")
        tree.expect(links / f"pipe{n}.html", "pipes", SKIP)
    for n in range(20):
        text = f"Secret {n}\n\n{tree.words(20)}".encode()
        tree.locked.append(tree.plant("unreadable", f"secret{n}.txt", text, SKIP))
    locked = tree.root / "locked"
    for n in range(5):
        (locked / f"inside{n}.txt").parent.mkdir(exist_ok=True)
        (locked / f"inside{n}.txt").write_text(f"Inside {n}\n\n{tree.words(20)}")
    tree.locked.append(locked)
    tree.expect(locked, "unreadable folder", SKIP)
    for path in tree.locked:
        path.chmod(0)
    for n in range(5):
        name = f"caf\xe9-{n}.txt".encode("latin-1")  # a Latin-1 name, not UTF-8
        tree.plant("names", name, f"Latin name {n}\n\n{tree.words(30)}".encode(), SKIP)


def _plant_big(tree: Tree) -> None:
    chunk = (tree.words(2000) + "\n").encode()
    folder = tree.root / "huge"
    folder.mkdir()
    with (folder / "big.txt").open("wb") as out:
        while out.tell() < 100 * _MB:
            out.write(chunk)
    tree.expect(folder / "big.txt", "huge", SKIP)
    page = _page("Enormous page", tree.words(500)).encode()
    tree.plant("huge", "enormous.html", page + b"<!--" + b"x" * 20 * _MB + b"-->", SKIP)
    tree.plant("huge", "one-line.txt", tree.words(1_000_000).encode(), INDEX)
    good = f"id,title,text\nsmall,Small row,{tree.words(50)}\n".encode()
    with (folder / "wide.csv").open("wb") as out:  # one good row, one with a 50 MB field
        out.write(good + b'wide,Wide row,"')
        while out.tell() < 50 * _MB:
            out.write(chunk.replace(b'"', b""))
        out.write(b'"\n')
    tree.expect(folder / "wide.csv", "huge", INDEX)
    squeeze = zlib.compressobj(9, wbits=31)
    with (folder / "bomb.jsonl.gz").open("wb") as out:
        for _ in range(300):
            out.write(squeeze.compress(bytes(_MB)))
        out.write(squeeze.flush())
    tree.expect(folder / "bomb.jsonl.gz", "huge", SKIP)


@dataclass
class HostileSummary:
    planted: Counter
    bad: int
    good: int
    outcomes: Counter  # (category, indexed or skipped)
    reasons: Counter
    problems: list[str]
    peak_rss_mb: float
    seconds: float
    unreadable_enforced: bool
    articles: int = 0
    warnings: int = 0


def hostile(work: Path, big: bool = True) -> HostileSummary:
    """Index a hostile tree with the CLI, without permission to read unreadable files."""
    tree = build_hostile_tree(work / "tree", big)
    index_path, report_path = work / "hostile-index", work / "hostile-report.json"
    command = unprivileged(
        searcher_cmd("index", tree.root, "--index", index_path, "--report", report_path)
    )
    enforced = command is not None
    if command is None:  # root without setpriv: it reads anything, so do not count on refusals
        command = searcher_cmd("index", tree.root, "--index", index_path, "--report", report_path)
        for path, (category, _) in tree.expected.items():
            if category.startswith("unreadable"):
                tree.expected[path] = (category, EITHER)
    try:
        finished = run_measured(command)
    finally:
        for path in tree.locked:
            path.chmod(0o700)
    problems = []
    if finished.returncode != 0:
        problems.append(f"the run failed: {finished.stderr.strip()}")
    report = json.loads(report_path.read_text()) if report_path.exists() else {}
    indexed = set(report.get("added", []))
    skipped = {item["path"]: item["reason"] for item in report.get("skipped", [])}
    outcomes, reasons = Counter(), Counter()
    for path, (category, outcome) in tree.expected.items():
        got = INDEX if path in indexed else SKIP if path in skipped else "missing"
        outcomes[category, got] += 1
        if got == SKIP:
            reasons[_reason_kind(skipped[path])] += 1
            if not skipped[path]:
                problems.append(f"{path} is skipped without a reason")
        if got == "missing" or outcome not in (got, EITHER):
            problems.append(f"{path} ({category}): {got}, expected {outcome}")
    strays = (indexed | set(skipped)) - set(tree.expected)
    problems += [f"{path} was not planted" for path in sorted(strays)]
    summary = HostileSummary(
        planted=Counter(category for category, _ in tree.expected.values()),
        bad=sum(1 for category, _ in tree.expected.values() if category != "good"),
        good=len(tree.markers),
        outcomes=outcomes,
        reasons=reasons,
        problems=problems,
        peak_rss_mb=finished.peak_rss_mb,
        seconds=finished.seconds,
        unreadable_enforced=enforced,
        warnings=len(report.get("warnings", [])),
    )
    if exists(index_path):
        _check_good_files(index_path, tree, summary)
    return summary


def _check_good_files(index_path: Path, tree: Tree, summary: HostileSummary) -> None:
    with Index.open(index_path) as idx:
        summary.articles = len(idx)
        for path, marker in tree.markers.items():
            hits = idx.search(marker, page_size=5).hits
            if not any(idx.get(hit.id).path == path for hit in hits):
                summary.problems.append(f"{path}: its article is not found by '{marker}'")
    summary.problems += [f"check: {problem}" for problem in check_index(index_path).problems]


def _reason_kind(reason: str) -> str:
    """A reason without its particulars (sizes, line numbers, names), to count by kind."""
    kind = reason.split(" (")[0].split(":")[0]
    return kind if len(kind) < 60 else kind[:57] + "..."


# -- results ---------------------------------------------------------------------------------


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    return lines + ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]


def _corrupt(trial: Trial) -> bool:
    return any(p.startswith(("the index does not open", "check:")) for p in trial.problems)


def _leftover_kind(name: str) -> str:
    return name.split("-")[0] + "-*" if name.startswith(".") else name


def render_crash(summary: CrashSummary) -> list[str]:
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
        *_table(
            ["phase", *kinds, "all"],
            [[p, *(hits[k, p] for k in kinds), sum(hits[k, p] for k in kinds)] for p in phases],
        ),
        "",
        "State found after the kill (`before`: the last commit before the run; `after`: the "
        "run's own commit; `empty`/`none`: a first run's new index before its commit, or none "
        "yet):",
        "",
        *_table(["kind", *names], [[k, *(states[k, name] for name in names)] for k in kinds]),
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


def render_concurrency(found: ConcurrencySummary, writers: WritersSummary) -> list[str]:
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


def render_hostile(found: HostileSummary) -> list[str]:
    out = found.outcomes
    rows = [
        [c, found.planted[c], out[c, INDEX], out[c, SKIP], out[c, "missing"]]
        for c in sorted(found.planted)
    ]
    if not found.unreadable_enforced:
        how = "NOT enforced: root without setpriv reads them"
    elif os.geteuid() == 0:
        how = "really unreadable: the run is root without CAP_DAC_OVERRIDE (setpriv)"
    else:
        how = "really unreadable: the run is an ordinary user"
    return [
        f"### Hostile files ({found.bad} bad, {found.good} good, indexed by the CLI in "
        f"{found.seconds:.1f} s)",
        "",
        *_table(["category", "planted", "indexed", "skipped", "missing"], rows),
        "",
        *_table(["reason given", "files"], [list(item) for item in found.reasons.most_common()]),
        "",
        f"- peak RSS of the indexing process: **{found.peak_rss_mb:.0f} MiB**; "
        f"{found.articles:,} articles indexed, {found.warnings} warnings",
        f"- unreadable files and folder: {how}",
        f"- problems (a good file not indexed or not found by its word, a bad file without "
        f"a reason, a file unaccounted for): **{len(found.problems)}**",
        *(f"  - {problem}" for problem in found.problems[:10]),
    ]


def write_section(out: Path, lines: list[str]) -> None:
    """Replace this script's section of ``out``, or append one; other text stays."""
    section = f"{SECTION_START}\n" + "\n".join(lines) + f"\n{SECTION_END}\n"
    old = out.read_text() if out.exists() else "# Benchmark results\n"
    if SECTION_START in old and SECTION_END in old:
        before, rest = old.split(SECTION_START, 1)
        new = before + section + rest.split(SECTION_END, 1)[1].lstrip("\n")
    else:
        new = old.rstrip("\n") + "\n\n## Reliability\n\n" + section
    out.write_text(new)


# -- entry point ---------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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
    every.add_argument("--out", type=Path, default=REPO / "bench" / "RESULTS.md")
    args = parser.parse_args()
    if args.command == "child":
        child_main(args.log, [a for a in args.argv if a != "--"], args.pause)
        return
    if args.command == "search-loop":
        print(json.dumps(search_loop(args.index, args.stop, args.reopen)))
        return
    load = os.getloadavg()[0]
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
        head = (
            f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: `python bench/reliability.py all "
            f"--trials {args.trials}`; {os.cpu_count()} CPUs, load average {load:.2f} at the "
            f"start, {os.getloadavg()[0]:.2f} at the end."
        )
        write_section(args.out, [head, "", *lines])


if __name__ == "__main__":
    main()
