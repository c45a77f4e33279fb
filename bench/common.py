"""What every benchmark shares: where the data and results are, the machine record, tables.

Results are compared across runs on a shared machine, so each run records the same facts
about the machine, the code and the software beside its figures, in the same words.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shlex
import subprocess
import time
from collections.abc import Callable, Iterable, Sequence
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: Where the benchmarks write their sections by default.
RESULTS = REPO / "bench" / "RESULTS.md"
#: The machine's speed at the start and end of a run: this many additions in a Python loop.
CALIBRATION_STEPS = 3_000_000


def data_dir() -> Path:
    """The real data sets: ``$SEARCHER_TEST_DATA`` when set and not empty, else
    ``../shared/data`` beside the repository."""
    return Path(os.environ.get("SEARCHER_TEST_DATA") or REPO.parent / "shared" / "data")


def write_section(out: Path, name: str, text: str, heading: str = "") -> None:
    """Put ``text`` between the ``<!-- name:start -->`` and ``<!-- name:end -->`` markers of
    ``out``, leaving everything outside them as it is; without the markers, append them (under
    ``heading``, if given) to ``out``, which is created if missing."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    old = out.read_text(encoding="utf-8") if out.exists() else "# Benchmark results\n"
    if start in old and end in old:
        before, rest = old.split(start, 1)
        new = f"{before}{start}\n{text}\n{end}{rest.split(end, 1)[1]}"
    else:
        head = f"{heading}\n\n" if heading else ""
        new = old.rstrip("\n") + f"\n\n{head}{start}\n{text}\n{end}\n"
    out.write_text(new, encoding="utf-8")


def run_command(module: str, args: Sequence[str]) -> str:
    """The command line that runs benchmark ``module`` with ``args``, as results record it."""
    return shlex.join(["python", "-m", module, *args])


def row(cells: Iterable[object]) -> str:
    """One line of a markdown table."""
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def table(header: Sequence[str], rows: Iterable[Iterable[object]]) -> str:
    """A markdown table."""
    return "\n".join([row(header), row(["---"] * len(header)), *map(row, rows)])


class Clock:
    """A stopwatch that adds up the time spent inside its ``with`` blocks."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __enter__(self) -> Clock:
        self._started = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds += time.perf_counter() - self._started


def elapsed_ms(call: Callable[[], object]) -> float:
    """Wall time of one ``call()``, in milliseconds."""
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


class Machine:
    """What a run's figures depend on besides the code they measure, noted when the run
    starts: the machine is shared, and its speed moves between runs and within one (by a
    third or more), so its load and the time of a fixed loop are recorded at both ends."""

    def __init__(self) -> None:
        self.code = _code_version()
        self.at_start = _machine_state()

    def record(self, command: str, software: str = "") -> list[str]:
        """The record as markdown list items, ended now; ``software`` follows the Python and
        Whoosh versions (``", SQLite 3.45.1"``)."""
        return [
            f"- machine: {os.cpu_count()} CPUs, {_cpu_model()}, {_ram_gib():.1f} GiB RAM"
            f" ({self.at_start} at start; {_machine_state()} at end)",
            f"- code at start: {self.code}",
            f"- Python {platform.python_version()}, whoosh-reloaded"
            f" {version('whoosh-reloaded')}{software}",
            f"- command: `{command}`",
        ]


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _ram_gib() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3


def _code_version() -> str:
    """The git commit, and a hash of the library's sources (the tree may hold uncommitted work)."""
    git = ["git", "-C", str(REPO), "describe", "--always", "--dirty"]
    commit = subprocess.run(git, capture_output=True, text=True).stdout.strip() or "none yet"
    digest = hashlib.sha256()
    for path in sorted((REPO / "searcher").rglob("*.py")):
        digest.update(path.read_bytes())
    return f"git commit {commit}, searcher/**/*.py sha256 {digest.hexdigest()[:12]}"


def _machine_state() -> str:
    """The load average, and how long a fixed pure-Python loop takes."""
    started, total = time.perf_counter(), 0
    for n in range(CALIBRATION_STEPS):
        total += n
    loop_ms = (time.perf_counter() - started) * 1000
    load = "/".join(f"{value:.2f}" for value in os.getloadavg())
    return f"load average 1/5/15 min {load}, a {CALIBRATION_STEPS:,}-step loop {loop_ms:.0f} ms"
