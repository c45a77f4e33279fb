"""``searcher serve --workers 2``: several processes answer as one, and stop with it."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.web.conftest import served


def _children(pid: int) -> set[int]:
    shown = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return {int(line) for line in shown.stdout.split()}


def _alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists() and "zombie" not in _state(pid)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split("\n")[0]
    except (OSError, IndexError):
        return "zombie"


def test_several_processes_answer_as_one_and_stop_with_it(archive_path: Path, run) -> None:
    expected = json.loads(
        run("search", "zebrafish", "--index", str(archive_path), "--format", "json").output
    )
    with served(archive_path, "--workers", "2") as (url, process):
        bodies = [
            json.load(urllib.request.urlopen(f"{url}/api/search?q=zebrafish", timeout=10))
            for _ in range(8)
        ]
        workers = _children(process.pid)
    assert bodies == [expected] * 8
    assert len(workers) >= 2
    # Workers exit with the server; a helper process (multiprocessing's resource tracker)
    # exits once it sees the server gone, a moment later.
    deadline = time.monotonic() + 5
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(_alive, workers))
