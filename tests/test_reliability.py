"""Reliability: hostile files, full disks and read-only folders, hostile queries, and (slow)
kill -9 at random moments, searches during updates, a tree of 500 bad files.

The slow tests run small versions of ``bench.reliability``, which records the full runs
in ``bench/RESULTS.md``.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import gzip
import json
import os
import random
import shutil
import string
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from whoosh.filedb.structfile import StructFile

from bench import reliability as bench
from searcher import Index, QueryError, SearcherError, SearchTimeout, ingest
from searcher.check import check_index
from searcher.engine.storage import exists
from searcher.ingest import Limits
from searcher.query.parser import QueryBuilder
from searcher.query.syntax import MAX_NESTING
from searcher.schema import build_schema
from searcher.search import match as search_module

from tests.conftest import RECORDS, build_index, whoosh_writer


def _skipped(report) -> dict[str, str]:
    return {Path(path).name: reason for path, reason in report.skipped}


# -- files that are not what they seem ---------------------------------------------------------


def test_links_that_lead_nowhere_and_pipes_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "good.txt").write_text("A good title\n\nWith a body.")
    (folder / "a.html").symlink_to("b.html")
    (folder / "b.html").symlink_to("a.html")
    (folder / "self.txt").symlink_to("self.txt")
    (folder / "gone.jsonl").symlink_to("nowhere.jsonl")
    (folder / "folder.txt").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(folder / "pipe.html")
    report = Index.create(tmp_path / "idx").update([folder])
    loop = "cannot read: Too many levels of symbolic links"
    assert _skipped(report) == {
        "a.html": loop,
        "b.html": loop,
        "self.txt": loop,
        "gone.jsonl": "cannot read: No such file or directory",
        "folder.txt": "cannot read: Is a directory",
        "pipe.html": "not a regular file",
    }
    assert [Path(p).name for p in report.added] == ["good.txt"]


def test_a_folder_that_cannot_be_listed_keeps_its_articles(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulated (the hostile tree has a real one): a listing that fails must not read as
    "every file in it was deleted"."""
    (corpus / "sub").mkdir()
    (corpus / "sub" / "inner.txt").write_text("Inner title\n\nInner body.")
    idx = Index.create(tmp_path / "idx")
    idx.update([corpus])
    scandir = os.scandir

    def refuse(path):
        if Path(path).name == "sub":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    report = idx.update([corpus])
    assert report.skipped == [(str(corpus / "sub"), "cannot read the folder: Permission denied")]
    assert report.removed == []
    assert idx.search("inner").total == 1


def test_a_file_name_that_is_not_utf8_is_skipped_not_fatal(tmp_path: Path, run) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "ok.txt").write_text("Fine title\n\nFine body.")
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as out:
        out.write(b"Latin name\n\nA body.")
    result = run("index", str(folder), "--index", str(tmp_path / "idx"), "--format", "json")
    report = json.loads(result.output)
    assert report["skipped"] == [
        {
            "path": f"{folder}/caf\\xe9.txt",
            "reason": "the file name is not valid UTF-8; rename the file",
        }
    ]
    assert [Path(p).name for p in report["added"]] == ["ok.txt"]


def test_a_file_too_large_is_skipped_before_it_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "big.txt").write_bytes(b"word " * 300_000)
    (folder / "big.jsonl").write_bytes(b"x" * 3_000_000)  # not JSON lines: one document
    (folder / "page.html").write_bytes(b"<p>" + b"word " * 300_000)
    record = json.dumps({"title": "Fine", "body": "word " * 100}) + "\n"
    (folder / "lines.jsonl").write_text(record * 6_000)  # 3.1 MB, read record by record
    idx = Index.create(tmp_path / "idx")
    report = idx.update([folder], limits=Limits(file_mb=2, article_mb=1))
    assert _skipped(report) == {
        "big.txt": "file too large (1.5 MB; the limit is 1.0 MB; raise --max-article-mb)",
        "big.jsonl": "file too large (3.0 MB; the limit is 2.0 MB; raise --max-file-mb)",
        "page.html": "file too large (1.5 MB; the limit is 1.0 MB; raise --max-article-mb)",
    }
    assert [Path(path).name for path in report.added] == ["lines.jsonl"]
    assert report.articles_added == 6_000


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "bomb.txt.gz",
            r"file too large: it decompresses to over 5\.0 MB \(raise --max-article-mb\)",
        ),
        (
            "bomb.json.gz",
            r"file too large: it decompresses to over 5\.0 MB \(raise --max-file-mb\)",
        ),
        ("bomb.jsonl.gz", r"binary data, not text"),  # read record by record, so no limit
    ],
)
def test_a_gzip_bomb_is_refused_in_bounded_memory(tmp_path: Path, name: str, expected: str) -> None:
    bomb = tmp_path / name
    filler = b"[\n" + b" " * 50_000_000 if name.endswith(".json.gz") else bytes(50_000_000)
    bomb.write_bytes(gzip.compress(filler))
    tracemalloc.start()
    try:
        with pytest.raises(SearcherError, match=expected):
            ingest.read(bomb, Limits(file_mb=5, article_mb=5))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * 5_000_000


def test_records_with_too_much_text_are_skipped(tmp_path: Path) -> None:
    big = "word " * 400_000
    lines = [
        {"id": "ok", "title": "Fine", "body": "fine"},
        {"id": "big", "title": "Big", "body": big},
    ]
    jsonl = tmp_path / "r.jsonl"
    jsonl.write_text("\n".join(map(json.dumps, lines)))
    parsed = ingest.read(jsonl, Limits(article_mb=1))
    assert [a.id for a in parsed.articles] == ["ok"]
    assert parsed.warnings == [
        "line 2: its text is 2.0 MB; the limit is 1.0 MB (raise --max-article-mb): skipped"
    ]
    table = tmp_path / "r.csv"
    table.write_text(f"id,title,text\nok,Fine,fine\nbig,Big,{big}\nafter,After,after\n")
    parsed = ingest.read(table, Limits(article_mb=1))
    assert [a.id for a in parsed.articles] == ["ok"]
    assert parsed.warnings == [
        "record 2: a field is over 1.0 MB, more than one article may hold"
        " (raise --max-article-mb); rest of file skipped"
    ]


def test_a_file_growing_past_its_limit_while_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "log.txt"
    path.write_bytes(b"x" * 2_000_000)
    fstat = os.fstat

    def before_it_grew(fd: int) -> os.stat_result:
        found = fstat(fd)
        return os.stat_result((*found[:6], 10, *found[7:10]))  # st_size 10

    monkeypatch.setattr(os, "fstat", before_it_grew)
    with pytest.raises(
        SearcherError, match=r"file too large \(1\.0 MB; the limit is 1\.0 MB; raise"
    ):
        ingest.read_bytes(path, Limits(article_mb=1))


# -- the command line's report -----------------------------------------------------------------


def test_index_writes_a_report_file(tmp_path: Path, corpus: Path, run) -> None:
    (corpus / "empty.html").write_bytes(b"")
    report_file = tmp_path / "run.json"
    args = ["index", str(corpus), "--index", str(tmp_path / "idx"), "--report", str(report_file)]
    run(*args, "--max-article-mb", "4")
    report = json.loads(report_file.read_text())
    assert report["ok"] is True
    assert report["limits"] == {"max_file_mb": 128.0, "max_article_mb": 4.0}
    assert report["skipped"] == [{"path": str(corpus / "empty.html"), "reason": "empty file"}]
    assert len(report["added"]) == 2
    assert report["articles_added"] == len(RECORDS) + 1
    assert report["finished"]


def test_a_failed_run_writes_why_in_its_report(
    tmp_path: Path, index: Index, corpus: Path, run
) -> None:
    report_file = tmp_path / "run.json"
    writer = whoosh_writer(index)
    try:
        args = ["index", str(corpus), "--index", str(index.path), "--lock-timeout", "0"]
        result = run(*args, "--report", str(report_file), exit_code=1)
    finally:
        writer.cancel()
    assert "another process is updating the index" in result.output
    report = json.loads(report_file.read_text())
    assert report["ok"] is False
    assert report["error"].startswith("another process is updating the index")
    assert report["hint"]


# -- creation, rebuilds, full disks, read-only folders -------------------------------------------


def test_a_creation_that_fails_halfway_leaves_no_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    replace = os.replace

    def fail_on_the_table_of_contents(source, target):
        if str(target).endswith(".toc"):
            raise OSError(errno.EIO, "Input/output error")
        replace(source, target)

    monkeypatch.setattr(os, "replace", fail_on_the_table_of_contents)
    with pytest.raises(SearcherError, match="cannot create an index"):
        Index.create(tmp_path / "idx")
    assert not exists(tmp_path / "idx")
    assert [f.name for f in (tmp_path / "idx").iterdir() if f.name.startswith(".")] == []
    monkeypatch.undo()
    with Index.open(tmp_path / "idx", create=True) as idx:
        assert idx.check().ok


def test_rebuild_replaces_an_index_of_another_format(tmp_path: Path, corpus: Path, run) -> None:
    idx = Index.create(tmp_path / "idx")
    writer = whoosh_writer(idx)
    writer.delete_by_term("kind", "meta")
    writer.add_document(kind="meta", meta=json.dumps({"schema_version": 0}))
    writer.commit()
    args = ["index", str(corpus), "--index", str(tmp_path / "idx")]
    run(*args, exit_code=1)
    run(*args, "--rebuild")
    with Index.open(tmp_path / "idx") as rebuilt:
        assert len(rebuilt) == len(RECORDS) + 1


def _bytes_written(monkeypatch: pytest.MonkeyPatch, fail_after: float | None = None) -> list[int]:
    """Count what Whoosh writes; past ``fail_after`` bytes, writes fail as on a full disk."""
    written = [0]
    write = StructFile.write

    def counted(self, data, *args):
        written[0] += len(data)
        if fail_after is not None and written[0] > fail_after:
            raise OSError(errno.ENOSPC, "No space left on device")
        return write(self, data, *args)

    monkeypatch.setattr(StructFile, "write", counted)
    return written


#: Whoosh does not close the files of a segment whose writing failed: they are closed when
#: collected. The tests collect them (``gc.collect()``) while this filter applies.
whoosh_leaks_files = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


@whoosh_leaks_files
@pytest.mark.parametrize("share", [0.0, 0.2, 0.5, 0.8, 0.99])
def test_a_full_disk_leaves_the_index_as_it_was(
    tmp_path: Path, index: Index, corpus: Path, monkeypatch: pytest.MonkeyPatch, share: float
) -> None:
    """Writes fail after ``share`` of what the update writes: while adding, writing the
    segment, assembling it, or writing the table of contents."""
    rows = [{"id": f"n{n}", "title": f"New {n}", "body": "fresh words " * 50} for n in range(60)]
    (corpus / "more.jsonl").write_text("\n".join(map(json.dumps, rows)))
    before = bench.index_state(index.path)
    trial = tmp_path / "trial"
    shutil.copytree(index.path, trial)
    with monkeypatch.context() as patch:
        total = _bytes_written(patch)
        Index.open(trial).update([corpus])
    with monkeypatch.context() as patch:
        _bytes_written(patch, fail_after=share * total[0])
        with pytest.raises(SearcherError, match="No space left on device") as caught:
            index.update([corpus])
    assert "it is left as it was" in str(caught.value)
    assert "free disk space" in caught.value.hint
    del caught
    gc.collect()
    assert bench.index_state(index.path) == before
    assert check_index(index.path).ok
    index.update([corpus], lock_timeout=0)  # the failed update gave the lock back
    assert index.search("fresh").total == 60


@whoosh_leaks_files
@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="needs root to mount")
def test_a_really_full_disk(tmp_path: Path, corpus: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(disk)]).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        idx = Index.create(disk / "idx")
        idx.update([corpus])
        before = bench.index_state(disk / "idx")
        rng = random.Random(3)
        words = ["".join(rng.choices(string.ascii_lowercase, k=8)) for _ in range(20_000)]
        rows = [
            {"id": f"f{n}", "title": "Filler", "body": " ".join(words[n::40])} for n in range(40)
        ]
        (corpus / "filler.jsonl").write_text("\n".join(map(json.dumps, rows)))
        with pytest.raises(SearcherError, match="No space left on device"):
            idx.update([corpus])
        idx.close()
        assert bench.index_state(disk / "idx") == before
        assert check_index(disk / "idx").ok
    finally:
        gc.collect()  # the failed writer's files, which keep the disk busy
        subprocess.run(["umount", "--lazy", str(disk)], check=True)


def _run_unprivileged(*args: str | Path) -> subprocess.CompletedProcess:
    command = bench.unprivileged(bench.searcher_cmd(*args))
    if command is None:
        pytest.skip("as root, a file cannot be made unreadable without setpriv")
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_a_read_only_index_folder_gives_a_clear_error(tmp_path: Path, index: Index, corpus: Path):
    (corpus / "more.txt").write_text("Another title\n\nAnother body.")
    before = bench.index_state(index.path)
    index.path.chmod(0o555)
    try:
        done = _run_unprivileged("index", corpus, "--index", index.path)
    finally:
        index.path.chmod(0o755)
    assert done.returncode == 1
    assert done.stderr.startswith(f"Error: cannot write to the index at {index.path}: ")
    assert "Permission denied; it is left as it was" in done.stderr
    assert "hint: check the folder's permissions" in done.stderr
    assert bench.index_state(index.path) == before
    assert check_index(index.path).ok


def test_an_unreadable_file_is_skipped_with_its_reason(tmp_path: Path, corpus: Path) -> None:
    secret = corpus / "secret.txt"
    secret.write_text("Secret title\n\nSecret body.")
    secret.chmod(0)
    report_file = tmp_path / "run.json"
    try:
        done = _run_unprivileged(
            "index", corpus, "--index", tmp_path / "idx", "--report", report_file
        )
    finally:
        secret.chmod(0o644)
    assert done.returncode == 0, done.stderr
    skipped = json.loads(report_file.read_text())["skipped"]
    assert skipped == [{"path": str(secret), "reason": "cannot read: Permission denied"}]


# -- queries -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wordy(tmp_path_factory: pytest.TempPathFactory) -> Index:
    """An index with a large vocabulary, so wildcards reach their caps."""
    rng = random.Random(11)
    vocabulary = [
        "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9))) for _ in range(12_000)
    ]
    folder = tmp_path_factory.mktemp("wordy")
    rows = [
        {
            "id": f"w{n}",
            "title": " ".join(rng.sample(vocabulary, 6)),
            "body": " ".join(rng.sample(vocabulary, 100)),
            "date": f"20{rng.randint(10, 23)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            "source": rng.choice(["Wire One", "Daily Ledger"]),
        }
        for n in range(200)
    ]
    (folder / "w.jsonl").write_text("\n".join(map(json.dumps, rows)))
    idx = build_index(folder, folder / "idx")
    yield idx
    idx.close()


_PIECES = [
    "gaza", "aid", "ab", "AND", "OR", "NOT", "ANDNOT", "(", ")", '"', "*", "?", "a*", "*a*",
    "?b*", "title:", "body:", "source:", "url:", "id:", "date:", "foo:", "date:[", "TO", "]",
    "{", "}", "[", "~", "~5", "^2", "-", "+", ":", "\\", "'", "date:>", "date:2023",
    "date:[2010 TO 2023]", "date:[* TO *]", "0000-00-00", "9999-99-99", "7d", "yesterday",
    "\x00", "\u202e", "\ufffd", "ق", "é", " ", "\n", "\t", "x" * 80,
]  # fmt: skip
_SOUP = st.lists(st.sampled_from(_PIECES), max_size=40)
QUERIES = st.text(max_size=200) | _SOUP.map("".join) | _SOUP.map(" ".join)
#: Slack over the time cap for what runs after the capped search (snippets, "did you mean").
SLACK = 2.0


def _search_within_cap(idx: Index, text: str) -> None:
    started = time.monotonic()
    with contextlib.suppress(QueryError, SearchTimeout):
        idx.search(text)
    assert time.monotonic() - started < search_module.TIME_LIMIT + SLACK


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUERIES)
@example("NOT NOT ab")
@example("(" * 500 + ")" * 500)
@example("{0TO]")  # a range over every word: the refusal names the range
def test_any_query_string_gives_results_or_a_query_error(wordy: Index, text: str) -> None:
    _search_within_cap(wordy, text)


@settings(max_examples=1000, deadline=None)
@given(QUERIES)
def test_the_parser_raises_only_query_errors(text: str) -> None:
    try:
        QueryBuilder(build_schema()).parse(text)
    except QueryError as exc:
        assert exc.position is None or 0 <= exc.position <= len(exc.query)


_LETTERS = string.ascii_lowercase


@pytest.mark.parametrize(
    "text",
    [
        "(" * (MAX_NESTING + 1) + "ab" + ")" * (MAX_NESTING + 1),
        "(" * MAX_NESTING + "ab" + ")" * MAX_NESTING,
        "NOT " * 400 + "ab",
        " OR ".join(f"{c}*" for c in _LETTERS),
        " ".join(f"{c}*" for c in _LETTERS),
        " OR ".join(f"{a}{b}*" for a in _LETTERS for b in _LETTERS)[:2000],
        " OR ".join("?" * n for n in range(1, 10)),
        "* ab",
        "title:* OR body:*",
        "title:[a TO z] " * 130,
        '"' + "ab " * 600 + '"',
        '"ab cd"~999999 ' * 100,
        "ab " * 666,
        "zzqx " * 400,
        "x" * 2001,
    ],
)
def test_hostile_queries_end_well_within_the_cap(wordy: Index, text: str) -> None:
    started = time.monotonic()
    with contextlib.suppress(QueryError):
        wordy.search(text)
    assert time.monotonic() - started < search_module.TIME_LIMIT / 4


# -- the slow trials ---------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    """Live processes whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(sys.platform != "linux", reason="reads processes from /proc")
def test_a_killed_update_leaves_no_worker_holding_the_lock(tmp_path: Path) -> None:
    """Killed with SIGKILL while its workers write, ``searcher index`` takes them with it,
    and the next run gets the index at once (forked workers shared its write lock)."""
    folder = tmp_path / "news"
    folder.mkdir()
    rng = random.Random(3)
    words = ["aid", "bank", "rafah", "talks", "rates", "gaza", "markets", "convoy"]
    for n in range(4):
        rows = [
            {"id": f"{n}-{i}", "title": "t", "body": " ".join(rng.choices(words, k=400))}
            for i in range(1500)
        ]
        (folder / f"{n}.jsonl").write_text("\n".join(map(json.dumps, rows)), "utf-8")
    Index.create(tmp_path / "idx").close()
    command = [sys.executable, "-m", "searcher", "index", str(folder), "--index"]
    run = subprocess.Popen([*command, str(tmp_path / "idx"), "--jobs", "2"])
    deadline = time.monotonic() + 60
    while not (workers := _children(run.pid)):
        assert run.poll() is None, "the run ended before it started its workers"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    run.kill()
    run.wait()
    deadline = time.monotonic() + 10
    while any(map(_alive, workers)):
        assert time.monotonic() < deadline, "workers outlived the killed run"
        time.sleep(0.05)
    with Index.open(tmp_path / "idx") as idx:
        idx.update([folder], lock_timeout=1)
        assert idx.search("*").total == 6000


@pytest.mark.slow
def test_kill_9_at_random_moments(tmp_path: Path) -> None:
    summary = bench.crash_trials(tmp_path, trials=9, seed=5, scale=0.25)
    assert {trial.kind for trial in summary.trials} == {"update", "rebuild", "fresh"}
    assert summary.failed == []


@pytest.mark.slow
def test_searches_during_updates_see_the_old_or_the_new_index(tmp_path: Path) -> None:
    summary = bench.concurrency(tmp_path, searchers=3, updates=2, scale=0.25)
    assert summary.failures == []
    assert summary.mixed == 0
    assert summary.searches > 30
    assert len(summary.per_state) >= 2


@pytest.mark.slow
def test_two_updates_at_once_lose_nothing(tmp_path: Path) -> None:
    summary = bench.concurrent_writers(tmp_path, rounds=2, scale=0.25)
    assert summary.failures == []
    assert summary.lost == 0
    assert (summary.refused, summary.clear_refusals) == (1, 1)


@pytest.mark.slow
def test_a_tree_of_hostile_files(tmp_path: Path) -> None:
    summary = bench.hostile(tmp_path)
    assert summary.problems == []
    assert summary.bad >= 500
    assert summary.good == 100
    assert summary.peak_rss_mb < 400
