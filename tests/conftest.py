"""Shared fixtures: small corpora written for the tests and their indexes, built as users build
theirs (``build_index``); the ``searcher`` command (``run``); the real data sets."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from whoosh import index as whoosh_index
from whoosh import writing

from searcher import Index
from searcher.cli import cli
from searcher.cluster import layout
from searcher.cluster.client import Address
from searcher.engine import storage

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

WIRE = (
    "The United Nations said on Tuesday that a convoy of forty trucks carrying food, water and "
    "medicine had crossed into the besieged city after days of negotiations between the warring "
    "sides, and that a second convoy would follow later in the week if the ceasefire held."
)
#: One wire story as three outlets ran it: as sent, with a line added, with two words edited.
COPIES = [
    {
        "id": "w1",
        "title": "UN convoy reaches besieged city",
        "body": WIRE,
        "date": "2023-11-07T08:00:00Z",
        "source": "Wire One",
    },
    {
        "id": "w2",
        "title": "Convoy of forty trucks enters city",
        "body": WIRE + " Aid groups welcomed the news.",
        "date": "2023-11-07T10:00:00Z",
        "source": "Daily Ledger",
    },
    {
        "id": "w3",
        "title": "UN convoy reaches besieged city",
        "body": WIRE.replace("forty", "40").replace("Tuesday", "Monday"),
        "date": "2023-11-08",
        "source": "Evening Post",
    },
]

FILLER = " ".join(f"word{n}" for n in range(15))


def note(id: str, body: str, title: str = "", date: str | None = None) -> dict:
    """A record for the ranking tests."""
    return {"id": id, "title": title or f"note {id}", "body": body, "date": date, "source": "S"}


#: Articles whose order under each ranking is known (the ``small`` index).
NOTES = [
    # Rare words count more than repeated common ones.
    note("common", "market market market report"),
    note("rare", "tariff report"),
    note("m1", "market report"),
    note("m2", "market report"),
    note("m3", "market report"),
    # A title mention counts about half a body mention; both count most.
    note("in-title", "figures for the year", title="budget"),
    note("in-body", "budget figures for the year"),
    note("in-both", "budget figures for the year", title="budget"),
    # The same words, far apart (indexed first) and side by side.
    note("apart", f"white {FILLER} house"),
    note("adjacent", f"white house {FILLER}"),
    # The same text at different ages, and undated.
    note("undated", "ceasefire talks"),
    note("old", "ceasefire talks", date="2023-01-01"),
    note("month", "ceasefire talks", date="2023-10-02"),
    note("newest", "ceasefire talks", date="2023-11-01"),
]

#: Articles of three outlets, most named only by their page's host (the ``outlets`` index):
#: wire.example's pages name "Wire One" once, paper.example's and news.other.example's never.
OUTLET_RECORDS = [
    {"id": "n1", "title": "Aid one", "body": "An aid convoy.", "date": "2023-10-02",
     "source": "Wire One", "url": "https://www.wire.example/n1"},
    {"id": "n2", "title": "Aid two", "body": "Aid talks.", "date": "2023-10-05",
     "url": "https://wire.example/n2"},
    {"id": "n3", "title": "Rates", "body": "Bank rates held.", "date": "2023-11-01",
     "url": "https://www.paper.example/n3"},
    {"id": "n4", "title": "Aid three", "body": "Aid again.", "date": "2023-11-03",
     "url": "https://paper.example/n4"},
    {"id": "n5", "title": "Aid four", "body": "Aid at last.", "date": "2023-11-04",
     "url": "https://news.other.example/n5"},
]  # fmt: skip

PAGE = (
    '<html lang="en"><head><title>Convoy reaches Rafah | Wire One</title>'
    '<meta property="og:site_name" content="Wire One">'
    '<meta name="author" content="Ann Lee">'
    '<link rel="canonical" href="https://wire.example/2023/11/03/convoy">'
    "</head><body><nav><a href='/'>Home</a></nav><article>"
    "<p>A convoy carrying humanitarian aid crossed the Rafah gate on Monday.</p>"
    "<p>Trucks carried food, water and medicine, officials said.</p>"
    "</article></body></html>"
)
#: The text ``searcher extract`` finds in PAGE.
BODY = (
    "A convoy carrying humanitarian aid crossed the Rafah gate on Monday.\n\n"
    "Trucks carried food, water and medicine, officials said."
)

#: Articles of the older state of a folder that the update on top of ``build_index`` takes
#: away: one from the changed file, one in the file it removes.
_STALE = {
    "id": "stale",
    "title": "Withdrawn story",
    "body": "The publisher withdrew this story within the hour.",
    "date": "2023-11-20",
    "source": "Wire One",
}
_REMOVED = {
    "id": "removed",
    "title": "Retracted story",
    "body": "A retracted story, its file deleted since.",
    "date": "2023-10-01",
    "source": "Daily Ledger",
}


def build_index(folder: Path, path: Path) -> Index:
    """Index ``folder`` at ``path`` the way users do, and return the index, open.

    As two runs of ``searcher index`` (``Index.open`` with ``create``, then ``update`` with the
    default workers): the first on an older state of the folder, the second on the folder as it
    is. The second adds the folder's last file by name (when it holds more than one), changes
    its first JSON lines file (whose last record is new and whose stale one goes) and removes a
    file, so the index has several segments and deleted articles.
    """
    files = sorted(p for p in folder.iterdir() if p.is_file())
    changed = min(p for p in files if p.suffix == ".jsonl")
    added = [p for p in files if p != changed][-1:]
    final = {p: p.read_bytes() for p in [changed, *added]}
    records = changed.read_text("utf-8").splitlines()[:-1]
    changed.write_text("\n".join([*records, json.dumps(_STALE)]) + "\n", "utf-8")
    for p in added:
        p.unlink()
    removed = folder / "retracted.jsonl"
    removed.write_text(json.dumps(_REMOVED) + "\n", "utf-8")
    with Index.open(path, create=True) as idx:
        idx.update([folder])
    removed.unlink()
    for p, data in final.items():
        p.write_bytes(data)
    idx = Index.open(path, create=True)
    report = idx.update([folder])
    assert (report.added, report.updated, report.removed) == (
        [str(p) for p in added],
        [str(changed)],
        [str(removed)],
    ), report.to_dict()
    searcher = idx.searcher()
    assert len(searcher.leaf_searchers()) > 2 and searcher.doc_count_all() > searcher.doc_count()
    return idx


def whoosh_writer(idx: Index) -> writing.IndexWriter:
    """A writer of plain Whoosh on the index's folder (an index stays one Whoosh can open):
    another writer holding the lock, or one writing what searcher never would."""
    return whoosh_index.open_dir(str(idx.path)).writer()


def segment_sizes(idx: Index) -> list[int]:
    """The documents (deleted ones included) of each segment of the index's latest commit."""
    return storage.segment_sizes(whoosh_index.open_dir(str(idx.path)))


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """``run(*args, exit_code=0)``: ``searcher ARGS`` through click's runner, asserting the exit
    code; the index is tmp_path/idx (where the fixtures build theirs) unless ``--index`` says
    otherwise. Exceptions are not caught, so a crash fails with its traceback instead of passing
    as exit code 1. ``result.text`` is the output with tmp_path written ``TMP``."""
    monkeypatch.setenv("SEARCHER_INDEX", str(tmp_path / "idx"))

    def invoke(*args: str, exit_code: int = 0) -> Result:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
        assert result.exit_code == exit_code, result.output
        result.text = result.output.replace(str(tmp_path), "TMP")
        return result

    return invoke


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
def index(tmp_path: Path, corpus: Path) -> Iterator[Index]:
    """An index of ``corpus`` at tmp_path/idx."""
    idx = build_index(corpus, tmp_path / "idx")
    yield idx
    idx.close()


@pytest.fixture
def indexed(tmp_path: Path) -> Path:
    """A folder holding RECORDS alone, as one JSONL file, indexed at tmp_path/idx."""
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "news.jsonl").write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n")
    build_index(folder, tmp_path / "idx").close()
    return folder


@pytest.fixture
def records_index(tmp_path: Path, indexed: Path) -> Iterator[Index]:
    """The index of ``indexed``."""
    with Index.open(tmp_path / "idx") as idx:
        yield idx


@pytest.fixture
def copies(tmp_path: Path, corpus: Path) -> Iterator[Index]:
    """An index of ``corpus`` plus COPIES, at tmp_path/idx."""
    (corpus / "copies.jsonl").write_text("\n".join(json.dumps(r) for r in COPIES) + "\n")
    idx = build_index(corpus, tmp_path / "idx")
    yield idx
    idx.close()


def _records_index(tmp_path: Path, name: str, records: list[dict]) -> Iterator[Index]:
    """An index at tmp_path/idx of ``records``, as one JSON lines file in tmp_path/``name``."""
    folder = tmp_path / name
    folder.mkdir()
    lines = "".join(json.dumps(r) + "\n" for r in records)
    (folder / "news.jsonl").write_text(lines, encoding="utf-8")
    idx = build_index(folder, tmp_path / "idx")
    yield idx
    idx.close()


@pytest.fixture
def small(tmp_path: Path) -> Iterator[Index]:
    """An index of NOTES at tmp_path/idx."""
    yield from _records_index(tmp_path, "notes", NOTES)


@pytest.fixture
def outlets(tmp_path: Path) -> Iterator[Index]:
    """An index of OUTLET_RECORDS at tmp_path/idx, their folder at tmp_path/outlets."""
    yield from _records_index(tmp_path, "outlets", OUTLET_RECORDS)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A page, a page without text and a JSON lines file of two records."""
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    records = [{"title": "One", "body": "First."}, {"title": "Two", "body": "Second."}]
    (tmp_path / "c.jsonl").write_text("\n".join(map(json.dumps, records)), encoding="utf-8")
    return tmp_path


def shared_data() -> Path | None:
    """The read-only real data sets, or None when absent (a failure under CI=true)."""
    folder = Path(os.environ.get("SEARCHER_TEST_DATA") or REPO.parent / "shared" / "data")
    if folder.is_dir():
        return folder
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI needs the shared test data at {folder} (set SEARCHER_TEST_DATA)")
    pytest.skip(f"the shared test data is not at {folder}; set SEARCHER_TEST_DATA to run this")
    return None


def free_ports(count: int) -> int:
    """The first of ``count`` consecutive loopback ports that are free now."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            first = probe.getsockname()[1]
        if first + count > 65535:
            continue
        try:
            for port in range(first, first + count):
                with socket.socket() as taken:
                    taken.bind(("127.0.0.1", port))
        except OSError:
            continue
        return first
    raise RuntimeError("no free run of loopback ports")


def has_searchd() -> None:
    """Skip without Sphinx's searchd (a failure under CI=true, where .ci/run installs it)."""
    if shutil.which("searchd"):
        return
    if os.environ.get("CI") == "true":
        pytest.fail("CI needs Sphinx's searchd (apt-get install sphinxsearch; .ci/run does)")
    pytest.skip("Sphinx's searchd is not installed (apt-get install sphinxsearch)")


@contextlib.contextmanager
def running_cluster(folder: Path, shards: int = 2, mirrors: int = 1) -> Iterator[layout.Layout]:
    """A local cluster in ``folder`` on free loopback ports, its shards known to searcher
    (``$SEARCHER_CLUSTERS`` is under ``folder``), always stopped by pid afterwards."""
    has_searchd()
    made = layout.init(folder, shards, mirrors, free_ports(2 + 2 * shards * (1 + mirrors)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SEARCHER_CLUSTERS", str(folder / "clusters"))
        Address.parse(made.url).remember(made.writers())
        try:
            layout.start(folder)
            yield made
        finally:
            layout.stop(folder)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[layout.Layout]:
    """A two-shard cluster with a mirror of each, empty, in tmp_path/cluster."""
    with running_cluster(tmp_path / "cluster") as made:
        yield made


def waits_for_lock(lock: Path, change: Callable[[], object]) -> None:
    """Assert that ``change`` waits while another holder has ``lock``, and runs once it is
    released: what keeps two processes from losing one's change to a shared file."""
    done = threading.Event()
    worker = threading.Thread(target=lambda: (change(), done.set()))
    with storage.file_lock(lock):
        worker.start()
        assert not done.wait(0.3), "it changed the file while another held the lock"
    worker.join(10)
    assert done.is_set()
