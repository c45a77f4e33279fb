"""Running searcher in child processes, reading what an index holds, and the test corpus.

What every reliability trial shares: a searcher command measured to its end (exit code,
output, time, the interpreter's own peak RSS), an index's whole state to compare before and
after, and a synthetic corpus in two versions that searches can tell apart.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import string
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from searcher import Index
from searcher.engine import storage
from searcher.engine.storage import exists
from searcher.update.updater import MERGE_BELOW, MERGE_COUNT

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


def bench_cmd(*args: str | Path) -> list[str]:
    """``python -m bench.reliability ARGS``, the trials' own helper processes (a logging
    indexing run, a search loop); start it with ``cwd=bench.common.REPO``, where ``bench``
    imports."""
    return [sys.executable, "-m", "bench.reliability", *map(str, args)]


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


def run_measured(args: list[str], timeout: float = 600, cwd: Path | None = None) -> Finished:
    """Run ``args`` (in ``cwd``) to the end and measure it; the child's own peak RSS comes
    from wait4."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(args, stdout=out, stderr=err, cwd=cwd)
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


#: Stored fields that say when an article was indexed, not what it is.
_WHEN = ("indexed", "changed")


def index_state(path: Path) -> State | None:
    """Everything the index at ``path`` holds, or None when there is no index.

    File records count by path, size and hash (not mtime or the racy flag, which depend on
    when a file was read); articles by every stored field but ``indexed`` and ``changed``
    (which depend on when a run ran).
    """
    if not exists(path):
        return None
    with Index.open(path) as idx:
        found = set()
        view = idx.snapshot().view
        for fields in view.stored_many(view.live_docs()):
            if "id" in fields:
                said = {k: v for k, v in fields.items() if k not in _WHEN}
                found.add(("article", *sorted(said.items())))
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


def random_text(rng: random.Random, words: int, marker: str = "") -> str:
    """``words`` words of a fixed made-up vocabulary, after ``marker`` if given."""
    body = " ".join(rng.choices(_VOCABULARY, k=words))
    return f"{marker} {body}" if marker else body


def random_records(rng: random.Random, prefix: str, count: int, marker: str = "") -> str:
    """A JSONL file of ``count`` random articles, ids ``prefix-N``, bodies after ``marker``."""
    rows = [
        {
            "id": f"{prefix}-{n}",
            "title": random_text(rng, 6),
            "body": random_text(rng, 120, marker),
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
        text = random_records(rng, f"b{n}", batch + 3 * changed, NEW_WORD if changed else marker)
        (folder / "wire" / f"batch{n:02d}.jsonl").write_text(text)
    for n in range(6 if version == 1 else 0):
        rng = random.Random(1000 + n)
        text = random_records(rng, f"new{n}", int(100 * scale), NEW_WORD)
        (folder / "wire" / f"new{n}.jsonl").write_text(text)
    for n in range(max(4, int(20 * scale))):
        if version == 1 and n in (0, 1):
            continue
        rng = random.Random(5000 + n + 100 * (version == 1 and n in (2, 3)))
        title = random_text(rng, 5).capitalize()
        (folder / "notes" / f"note{n:02d}.txt").write_text(f"{title}\n\n{random_text(rng, 200)}\n")
    past = time.time() - 60
    for path in folder.rglob("*"):
        os.utime(path, (past, past))


def build_base(index_path: Path, corpus: Path) -> None:
    """An index of part of version 0, built by one run per file, as a cron-fed index grows:
    small segments, just enough of them that the next commit merges them all."""
    with Index.open(index_path, create=True) as idx:
        for path in sorted(corpus.rglob("*.jsonl")):
            idx.update([path])
            if _merges(storage.segment_sizes(whoosh_index.open_dir(str(idx.path)))):
                return
    raise RuntimeError("the corpus is too small for the next commit to merge")


def _merges(sizes: list[int]) -> bool:
    """Whether an update's merge policy (``Updater.commit``) merges segments of these
    sizes at the next commit."""
    return sum(size < MERGE_BELOW for size in sizes) >= MERGE_COUNT


def fresh_copy(base: Path | None, target: Path) -> Path:
    """``target`` emptied, then holding a copy of the index at ``base`` when there is one."""
    shutil.rmtree(target, ignore_errors=True)
    if base is not None:
        shutil.copytree(base, target)
    return target
