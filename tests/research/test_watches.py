"""Standing queries in the library: saved with their filters, run, and marked."""

from __future__ import annotations

import json
from pathlib import Path

from searcher import Filters, Index
from searcher.research.watches import WATCH_FILE, WATCH_LOCK, Watch

from tests.conftest import RECORDS, waits_for_lock


def test_a_watch_keeps_its_filters_as_written(records_index: Index) -> None:
    filters = Filters(date_from="30d", sources=["wire one"], tz="Asia/Gaza")
    records_index.watch("gaza", "aid", filters)
    saved = json.loads((records_index.path / WATCH_FILE).read_text())["watches"]
    assert saved[0]["filters"] == {"date_from": "30d", "sources": ["wire one"], "tz": "Asia/Gaza"}
    assert [w.filters for w in records_index.watches()] == [filters]


def test_only_since_last_runs_are_remembered(records_index: Index, indexed: Path) -> None:
    records_index.watch("aid", "aid")
    every = {r["id"] for r in RECORDS if "aid" in (r["title"] + r["body"]).lower()}
    (run,) = records_index.run_watches()
    assert {hit.id for hit in run.hits} == every
    records_index.watches().mark([run])  # what a plain run saw is all there was: nothing new
    (indexed / "more.jsonl").write_text(json.dumps(dict(RECORDS[0], id="n1")) + "\n")
    records_index.update([indexed])
    (new,) = records_index.run_watches(since_last=True)
    assert [hit.id for hit in new.hits] == ["n1"]
    records_index.watches().mark([new])
    assert records_index.run_watches(since_last=True)[0].hits == []


def test_changes_to_the_watches_wait_for_one_another(records_index: Index) -> None:
    watches = records_index.watches()
    waits_for_lock(records_index.path / WATCH_LOCK, lambda: watches.add(Watch("aid", "aid")))
    waits_for_lock(records_index.path / WATCH_LOCK, lambda: watches.remove("aid"))
    assert list(watches) == []
