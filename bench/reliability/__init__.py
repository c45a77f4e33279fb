"""Reliability trials: kill -9 at random moments, searches during updates, hostile files.

    python -m bench.reliability [crash|concurrency|hostile|all] [--trials N] [--out FILE]

Run from the repository root; the trials start ``python -m bench.reliability`` processes of
their own there.

- crash (``kills``): ``searcher index`` killed with SIGKILL in each phase of an update that
  merges, a ``--rebuild`` and a first run; the index must open, pass ``check_index``, hold
  the state before or after the run, and converge when the run is repeated.
- concurrency (``searches``): processes search while updates run and must see the old or
  the new state; two ``searcher index`` runs at once lose nothing, or one is refused clearly.
- hostile (``hostile_files``): a tree of 500+ bad files beside 100 good ones is indexed by
  the CLI; every good file must be indexed, every bad one listed with a reason.

``all`` runs the three and replaces their section of ``--out`` (default ``bench/RESULTS.md``);
the others only print. ``runs`` holds what they share. The tests in
``tests/test_reliability.py`` run small versions of the functions exported here.
"""

from bench.reliability.hostile_files import hostile
from bench.reliability.kills import crash_trials
from bench.reliability.runs import index_state, searcher_cmd, unprivileged
from bench.reliability.searches import concurrency, concurrent_writers

__all__ = [
    "concurrency",
    "concurrent_writers",
    "crash_trials",
    "hostile",
    "index_state",
    "searcher_cmd",
    "unprivileged",
]
