"""Shared fixtures: a small news corpus written for the tests, its index, the real data sets."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from searcher import Index

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpus" / "000_d4473e61198c45d4.txt"

#: Small articles with known words, dates and sources; ids are kept as given.
RECORDS = [
    {
        "id": "a1",
        "title": "Aid convoy reaches Rafah",
        "body": "A convoy carrying humanitarian aid crossed the Rafah gate into Gaza on Monday.",
        "date": "2023-10-30",
        "source": "Wire One",
        "url": "https://wire.example/a1",
    },
    {
        "id": "a2",
        "title": "Central bank holds rates",
        "body": "The central bank kept interest rates unchanged, citing inflation.",
        "date": "2023-11-02T09:30:00Z",
        "source": "Daily Ledger",
        "url": "https://ledger.example/a2",
    },
    {
        "id": "a3",
        "title": "Ceasefire talks resume",
        "body": "Diplomats said ceasefire talks would resume, and aid groups asked for access.",
        "date": "2023-11-03T23:30:00+00:00",
        "source": "Wire One",
        "url": "https://wire.example/a3",
    },
    {
        "id": "a4",
        "title": "Markets rally",
        "body": "Stocks rallied after the central to the bank statement surprised traders.",
        "date": "2023-12-15",
        "source": "Daily Ledger",
        "url": "https://ledger.example/a4",
    },
    {
        "id": "a5",
        "title": "Undated note on aid",
        "body": "An archive note about aid deliveries, with no date.",
        "source": "Wire One",
        "url": "https://wire.example/a5",
    },
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder with the bundled seed article and a JSONL file of RECORDS."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    lines = "\n".join(json.dumps(record) for record in RECORDS)
    (folder / "news.jsonl").write_text(lines + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def index(tmp_path: Path, corpus: Path) -> Index:
    """An index of ``corpus``."""
    idx = Index.create(tmp_path / "idx")
    idx.update([corpus])
    yield idx
    idx.close()


def shared_data() -> Path | None:
    """The read-only real data sets, or None when absent (a failure under CI=true)."""
    folder = Path(os.environ.get("SEARCHER_TEST_DATA") or REPO.parent / "shared" / "data")
    if folder.is_dir():
        return folder
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI needs the shared test data at {folder} (set SEARCHER_TEST_DATA)")
    pytest.skip(f"the shared test data is not at {folder}; set SEARCHER_TEST_DATA to run this")
    return None
