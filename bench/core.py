"""Core benchmark: searcher against the naive Whoosh recipe, SQLite FTS5 and tantivy.

    python -m bench.core [--corpus reuters|news2017|all] [--scales 1,2,5,10]
        [--repeat N] [--skip-naive] [--skip-update] [--out FILE]

On the same records (see ``bench.core_systems``), each system indexes each corpus in a fresh
spawned child, whose peak memory is sampled over it and all its descendants (searcher's update
runs a pool of workers); then this process times the query shapes on each index, and
``searcher search`` from cold processes. Reuters is also indexed as 2, 5 and 10 copies with
distinct ids to show growth; the naive recipe (about a minute per 20k articles) runs at x1
only. Last, the cost of updating 1% of the articles against a full rebuild, on the corpus laid
out as one file per publication day. Tables, with the acceptance targets of issue 18 checked
against the figures measured, are printed and replace this benchmark's section of ``--out``
(default ``bench/RESULTS.md``).
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import gzip
import importlib.util
import json
import math
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from functools import partial
from importlib.metadata import version
from multiprocessing import get_context
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from bench.common import (
    REPO,
    RESULTS,
    Clock,
    Machine,
    data_dir,
    elapsed_ms,
    run_command,
    table,
    write_section,
)
from bench.core_systems import (
    FTS5,
    NAIVE,
    PAGE,
    SEARCHER,
    SYSTEMS,
    TANTIVY,
    TANTIVY_THREADS,
    Built,
    Engine,
    Records,
    Shape,
    System,
    Updated,
    Words,
    build_searcher,
    searcher_options,
    update_searcher,
    utc_day,
)
from searcher import Filters

SECTION = "bench_core"
CLI_RUNS = 5
MIB = 1024 * 1024
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
#: How often the memory of an indexing child and its workers is sampled.
SAMPLE_SECONDS = 0.02
#: The update experiment: its random days, the share of articles to change, and file ages
#: (far beyond the updater's 2 s "racy" window, so unchanged files cost one stat).
SEED, UPDATE_SHARE, UPDATE_SLACK = 5, 0.01, 1.25
LAID_OUT_AGE, CHANGED_AGE = 2 * 86400, 3600

# Acceptance targets of issue 18 (issue 5's, tightened).
NAIVE_SPEEDUP = 10.0
FTS5_SLOWDOWN = 2.5


@dataclass(frozen=True)
class SizeTargets:
    """What an index of at least ``articles`` must meet: its indexing's peak memory, each
    shape's p95, and whether each searched shape must beat FTS5's p95."""

    articles: int
    peak: int
    p95_ms: dict[Shape, float]
    beat_fts5: bool


#: "At ≈216k articles" and "at ≈1.08M articles".
SIZES = (
    SizeTargets(
        200_000,
        1024 * MIB,
        {Shape.TERM: 20.0, Shape.AND: 20.0, Shape.PHRASE: 20.0, Shape.DATES: 20.0}
        | {Shape.FACETS: 30.0},
        beat_fts5=True,
    ),
    SizeTargets(
        1_000_000,
        2048 * MIB,
        {Shape.TERM: 100.0, Shape.AND: 100.0, Shape.PHRASE: 100.0},
        beat_fts5=False,
    ),
)
CLI_LIMIT_MS = 250.0
UPDATE_LIMIT = 0.03
#: "Linear" indexing: time per article at the largest scale within this factor of the smallest.
LINEAR_SLACK = 1.25

T = TypeVar("T")


@dataclass(frozen=True)
class Corpus:
    name: str
    filename: str
    words: Words
    #: The record key of the id, for corpora that can be copied with distinct ids (scaled).
    id_key: str | None = None


CORPORA = {
    "reuters": Corpus(
        "reuters",
        "reuters21578.jsonl.gz",
        Words("oil", "oil prices", "interest rates", (date(1987, 4, 1), date(1987, 4, 30))),
        id_key="newid",
    ),
    "news2017": Corpus(
        "news2017",
        "news-articles-2017.csv.gz",
        Words("trump", "white house", "white house", (date(2017, 2, 1), date(2017, 2, 28))),
    ),
}


def log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


# -- corpora on disk ---------------------------------------------------------------------------


def corpus_files(corpus: Corpus, scales: list[int], tmp: Path) -> dict[int, list[Path]]:
    """The files of each scale: the corpus file itself, or the first N of its copies."""
    source = data_dir() / corpus.filename
    if corpus.id_key is None:
        return {1: [source]}
    copies = write_copies(source, corpus.id_key, tmp / f"{corpus.name}-copies", max(scales))
    return {scale: copies[:scale] for scale in scales}


def write_copies(source: Path, id_key: str, folder: Path, count: int) -> list[Path]:
    """The JSONL corpus ``count`` times, one plain JSONL file a copy, ids suffixed -1, -2..."""
    folder.mkdir()
    paths = [folder / f"copy-{number:02d}.jsonl" for number in range(1, count + 1)]
    with contextlib.ExitStack() as stack, gzip.open(source, "rt", encoding="utf-8") as lines:
        outs = [stack.enter_context(path.open("w", encoding="utf-8")) for path in paths]
        for line in lines:
            if line.strip():
                record = json.loads(line)
                own = record.get(id_key)
                for number, out in enumerate(outs, 1):
                    record[id_key] = f"{own}-{number}"
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return paths


def write_days(files: list[Path], folder: Path) -> int:
    """The articles of ``files`` as one JSONL file per publication day (UTC; the undated in
    one more), aged; returns how many articles there are."""
    folder.mkdir()
    count = 0
    for articles in Records([str(path) for path in files], Clock()):
        by_day: defaultdict[str, list[str]] = defaultdict(list)
        for article in articles:
            day = utc_day(article.date)
            record = {
                k: v for k, v in article.to_dict().items() if k not in {"path", "fingerprint"}
            }
            by_day[day.isoformat() if day else "undated"].append(json.dumps(record) + "\n")
        for day_name, lines in by_day.items():
            with (folder / f"{day_name}.jsonl").open("a", encoding="utf-8") as out:
                out.writelines(lines)
        count += len(articles)
    age(folder.iterdir(), LAID_OUT_AGE)
    return count


def rewrite_days(folder: Path, articles: int) -> tuple[int, int]:
    """Edit the body of every article of day files taken at random (fixed seed) until at
    least ``UPDATE_SHARE`` of the articles changed, passing over files that would take the
    share past ``UPDATE_SHARE * UPDATE_SLACK`` (a day file can hold 1.7% of the articles);
    returns the files and articles changed."""
    days = sorted(folder.iterdir())
    random.Random(SEED).shuffle(days)
    wanted = math.ceil(articles * UPDATE_SHARE)
    files = changed = 0
    for path in days:
        if changed >= wanted:
            break
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        if changed + len(records) > wanted * UPDATE_SLACK:
            continue
        for record in records:
            record["body"] += "\n\nThis article was corrected."
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        age([path], CHANGED_AGE)
        files, changed = files + 1, changed + len(records)
    return files, changed


def age(paths: Iterable[Path], seconds: float) -> None:
    """Set modification times ``seconds`` in the past."""
    then = time.time() - seconds
    for path in paths:
        os.utime(path, (then, then))


def disk_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())


# -- measuring ---------------------------------------------------------------------------------


@dataclass
class Peak:
    """Peak resident memory of a process: with all its descendants, and alone (bytes).

    Sampled, because ``ru_maxrss`` misses the workers, and in a spawned process also counts
    the parent's pages copied by the fork before its exec.
    """

    tree: int = 0
    process: int = 0


def tree_rss(root: int) -> Peak:
    """Resident bytes of ``root`` with all its descendants, and alone, from one pass over
    ``/proc`` (``/proc/PID/task/TID/children`` is missing on some kernels, this one's among
    them). The RSS of ``/proc/PID/stat`` is the one ``VmRSS`` shows."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_bytes()
            except OSError:  # it ended meanwhile
                continue
            fields = stat.rsplit(b")", 1)[1].split()  # after the command, which may hold spaces
            parents[int(name)] = int(fields[1])
            rss[int(name)] = int(fields[21]) * PAGE_BYTES
    children: defaultdict[int, list[int]] = defaultdict(list)
    for pid, parent in parents.items():
        children[parent].append(pid)
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children[pid])
    return Peak(total, rss.get(root, 0))


class PeakRss(threading.Thread):
    """Samples ``tree_rss`` of a process every ``SAMPLE_SECONDS`` until ``done`` is set."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = Peak()
        self.done = threading.Event()

    def run(self) -> None:
        while True:
            now = tree_rss(self.pid)
            self.peak = Peak(max(self.peak.tree, now.tree), max(self.peak.process, now.process))
            if self.done.wait(SAMPLE_SECONDS):
                return


def _child(sender: Connection, fn: Callable[..., Any], args: tuple) -> None:
    try:
        outcome = (True, fn(*args))
    except Exception:
        outcome = (False, traceback.format_exc())
    sender.send(outcome)


def in_child(fn: Callable[..., T], *args: Any) -> tuple[T, Peak]:
    """``fn(*args)`` in a fresh spawned process, and its peak memory."""
    context = get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, fn, args))
    process.start()
    sender.close()
    sampler = PeakRss(process.pid)
    sampler.start()
    try:
        ok, value = receiver.recv()
    finally:
        process.join()
        sampler.done.set()
        sampler.join()
    if not ok:
        raise RuntimeError(f"{fn.__name__} failed in its process:\n{value}")
    return value, sampler.peak


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


@dataclass
class QueryRun:
    total: int
    p50_ms: float
    p95_ms: float


def export_runs(repeat: int) -> int:
    return max(3, repeat // 5)


def measure_query(engine: Engine, shape: Shape, words: Words, repeat: int) -> QueryRun:
    run = partial(engine.run, shape, words)
    total = run()  # the warm-up, and the count shown next to the timings
    runs = export_runs(repeat) if shape is Shape.EXPORT else repeat
    samples = [elapsed_ms(run) for _ in range(runs)]
    return QueryRun(total, percentile(samples, 50), percentile(samples, 95))


def median_process_ms(command: list[str]) -> float:
    run = partial(subprocess.run, command, check=True, capture_output=True)
    return statistics.median(elapsed_ms(run) for _ in range(CLI_RUNS))


def compile_package() -> None:
    """Byte-compile searcher's modules, as installing a package does: with bytecode writing
    off (``PYTHONDONTWRITEBYTECODE``, set on the bench machine) and an editable install,
    every cold process would compile them from source again (about 60 ms of a cold start)."""
    compileall.compile_dir(str(REPO / "searcher"), quiet=1)


def searcher_command() -> str:
    return str(Path(sys.executable).parent / "searcher")


def run_label(corpus: Corpus, scale: int) -> str:
    return f"{corpus.name} x{scale}"


@dataclass
class SystemRun:
    built: Built
    peak: Peak
    size_bytes: int
    queries: dict[Shape, QueryRun]


@dataclass
class ScaleRun:
    corpus: Corpus
    scale: int
    #: By system name; a system not run at this scale is missing.
    systems: dict[str, SystemRun]
    cli_ms: float

    @property
    def label(self) -> str:
        return run_label(self.corpus, self.scale)

    def seconds(self, system: System) -> float | None:
        run = self.systems.get(system.name)
        return run.built.seconds if run else None


def run_scale(
    corpus: Corpus, scale: int, files: list[Path], folder: Path, systems: list[System], repeat: int
) -> ScaleRun:
    """Index the files with each system, time the queries on each index, then the CLI."""
    label = run_label(corpus, scale)
    folder.mkdir()
    runs = {}
    for system in systems:
        path = folder / system.filename
        log(f"[{label}] {system.name}: indexing {len(files)} file(s) ...")
        built, peak = in_child(system.build, str(path), [str(file) for file in files])
        log(f"[{label}] {system.name}: {built.articles:,} articles in {built.seconds:.1f} s")
        engine = system.engine(str(path), built)
        try:
            queries = {shape: measure_query(engine, shape, corpus.words, repeat) for shape in Shape}
        finally:
            engine.close()
        runs[system.name] = SystemRun(built, peak, disk_bytes(path), queries)
    index = str(folder / SEARCHER.filename)
    cli = [searcher_command(), "search", corpus.words.term, "--index", index, "--limit", "10"]
    return ScaleRun(corpus, scale, runs, median_process_ms(cli))


@dataclass
class UpdateRun:
    label: str
    day_files: int
    first: Built
    noop: Updated
    files_changed: int
    articles_changed: int
    update: Updated
    update_peak: Peak
    rebuild: Updated
    rebuild_peak: Peak

    @property
    def ratio(self) -> float:
        return self.update.seconds / self.rebuild.seconds


def run_update(corpus: Corpus, scale: int, files: list[Path], tmp: Path) -> UpdateRun:
    """Index the corpus laid out by day, change >= 1% of its articles, then time an update
    against a rebuild of the same files."""
    label = run_label(corpus, scale)
    days, index = tmp / f"days-{corpus.name}-{scale}", tmp / f"days-{corpus.name}-{scale}-index"
    log(f"[{label} by day] laying out and indexing ...")
    articles = write_days(files, days)
    first, _ = in_child(build_searcher, str(index), [str(days)])
    noop, _ = in_child(update_searcher, str(index), [str(days)], False)
    files_changed, articles_changed = rewrite_days(days, articles)
    log(f"[{label} by day] {articles_changed:,} articles changed; update, then rebuild ...")
    update, update_peak = in_child(update_searcher, str(index), [str(days)], False)
    rebuild, rebuild_peak = in_child(update_searcher, str(index), [str(days)], True)
    day_files = sum(1 for _ in days.iterdir())
    shutil.rmtree(days)
    shutil.rmtree(index)
    return UpdateRun(
        label,
        day_files,
        first,
        noop,
        files_changed,
        articles_changed,
        update,
        update_peak,
        rebuild,
        rebuild_peak,
    )


# -- acceptance --------------------------------------------------------------------------------


@dataclass
class Check:
    criterion: str
    measured: str
    target: str
    met: bool | None  # None: not measured by this run


def checks(runs: list[ScaleRun], updates: list[UpdateRun]) -> list[Check]:
    """The acceptance criteria of issue 18, judged on this run's figures."""
    found: list[Check] = []
    for run in (r for r in runs if r.scale == 1):
        mine = run.systems[SEARCHER.name].built.seconds
        naive, fts5 = run.seconds(NAIVE), run.seconds(FTS5)
        speedup = f"{times(naive / mine)} ({naive:.1f} s / {mine:.1f} s)" if naive else "not run"
        found.append(
            Check(
                f"indexing speed-up on the naive recipe, {run.label}",
                speedup,
                f"≥ {NAIVE_SPEEDUP:g}x",
                naive / mine >= NAIVE_SPEEDUP if naive else None,
            )
        )
        if fts5:
            found.append(
                Check(
                    f"indexing time against FTS5, {run.label}",
                    f"{times(mine / fts5)} ({mine:.1f} s / {fts5:.1f} s)",
                    f"≤ {FTS5_SLOWDOWN:g}x",
                    mine / fts5 <= FTS5_SLOWDOWN,
                )
            )
    found += large_checks(runs)
    cli = next((r.cli_ms for r in runs if r.corpus.name == "news2017"), None)
    found.append(
        Check(
            "`searcher search` from a cold process, news2017 index",
            f"{cli:.0f} ms" if cli is not None else "not run",
            f"≤ {CLI_LIMIT_MS:.0f} ms",
            cli <= CLI_LIMIT_MS if cli is not None else None,
        )
    )
    for update in updates:
        found.append(
            Check(
                f"updating {update.articles_changed:,} articles against a rebuild, {update.label}",
                f"{update.ratio:.1%} ({update.update.seconds:.2f} s / "
                f"{update.rebuild.seconds:.1f} s)",
                f"≤ {UPDATE_LIMIT:.0%}",
                update.ratio <= UPDATE_LIMIT,
            )
        )
    found += growth_checks([r for r in runs if r.corpus.id_key])
    return found


def large_checks(runs: list[ScaleRun]) -> list[Check]:
    """Memory and latency of each size's targets, on the largest run if it is that large."""
    largest = max(runs, key=lambda r: r.systems[SEARCHER.name].built.articles)
    mine = largest.systems[SEARCHER.name]
    articles = mine.built.articles
    where = f"{largest.label} ({articles:,} articles)"
    found = []
    for size in SIZES:
        large = articles >= size.articles
        absent = f"not run (largest: {where})"
        found.append(
            Check(
                f"indexing peak memory (Σ RSS), ≥ {size.articles:,} articles",
                f"{mib(mine.peak.tree)} MiB, {where}" if large else absent,
                f"≤ {mib(size.peak)} MiB",
                mine.peak.tree <= size.peak if large else None,
            )
        )
        for shape, limit in size.p95_ms.items():
            p95 = mine.queries[shape].p95_ms
            found.append(
                Check(
                    f"p95 {shape}, ≥ {size.articles:,} articles",
                    f"{p95:.1f} ms, {where}" if large else absent,
                    f"≤ {limit:g} ms",
                    p95 <= limit if large else None,
                )
            )
        fts5 = largest.systems.get(FTS5.name)
        if size.beat_fts5 and fts5 is not None:
            slower = [
                shape
                for shape in Shape
                if shape is not Shape.EXPORT
                and mine.queries[shape].p95_ms >= fts5.queries[shape].p95_ms
            ]
            found.append(
                Check(
                    f"every search shape's p95 below FTS5's, ≥ {size.articles:,} articles",
                    ("slower: " + ", ".join(slower) if slower else "all faster") + f", {where}"
                    if large
                    else absent,
                    "all faster",
                    not slower if large else None,
                )
            )
    return found


def growth_checks(runs: list[ScaleRun]) -> list[Check]:
    """Indexing time linear in the corpus size, query time sub-linear (export is left out:
    it returns k times as many hits)."""
    if len(runs) < 2:
        return [Check("growth with corpus size", "not run (one scale)", "", None)]
    base, top = runs[0].systems[SEARCHER.name], runs[-1].systems[SEARCHER.name]
    size = top.built.articles / base.built.articles
    per_article = (top.built.seconds / top.built.articles) / (
        base.built.seconds / base.built.articles
    )
    span = f"{runs[-1].label} against {runs[0].label}"
    growth = {
        shape: top.queries[shape].p50_ms / base.queries[shape].p50_ms
        for shape in Shape
        if shape is not Shape.EXPORT
    }
    return [
        Check(
            f"indexing time per article, {span}",
            times(per_article),
            f"≤ {LINEAR_SLACK:g}x (linear)",
            per_article <= LINEAR_SLACK,
        ),
        Check(
            f"query p50 growth, {span} ({size:.1f}x the articles)",
            ", ".join(f"{shape} {times(value)}" for shape, value in growth.items()),
            f"each < {size:.1f}x (sub-linear)",
            all(value < size for value in growth.values()),
        ),
    ]


# -- reporting ---------------------------------------------------------------------------------


def times(value: float) -> str:
    """A ratio as ``0.19x``, ``2.1x``, ``37x``."""
    return f"{value:.2g}x" if value < 10 else f"{value:.0f}x"


def versus(mine: float, others: dict[str, float | None]) -> str:
    """``mine`` as a multiple of each other system's figure that was measured."""
    shown = [f"{times(mine / value)} {name}" for name, value in others.items() if value]
    return ", ".join(shown) or "—"


def mib(value: int) -> str:
    return f"{value / MIB:,.0f}"


def indexing_table(runs: list[ScaleRun]) -> str:
    header = ["run", "system", "articles", "index s", "parse s", "articles/s"]
    header += ["peak RSS MiB: Σ with workers / process", "index MiB"]
    header += ["searcher's time"]
    rows = []
    for run in runs:
        others = {system.name: run.seconds(system) for system in (NAIVE, FTS5, TANTIVY)}
        for system in SYSTEMS:
            found = run.systems.get(system.name)
            if found is None:
                rows.append([run.label, system.name, "not run", *["—"] * (len(header) - 3)])
                continue
            built = found.built
            parse = "in index s" if built.parse_seconds is None else f"{built.parse_seconds:.1f}"
            rows.append(
                [
                    run.label,
                    system.name,
                    f"{built.articles:,}",
                    f"{built.seconds:.1f}",
                    parse,
                    f"{built.articles / built.seconds:,.0f}",
                    f"{mib(found.peak.tree)} / {mib(found.peak.process)}",
                    f"{found.size_bytes / MIB:,.1f}",
                    versus(built.seconds, others) if system is SEARCHER else "",
                ]
            )
    return table(header, rows)


def query_table(runs: list[ScaleRun]) -> str:
    names = [system.name for system in SYSTEMS]
    header = ["run", "query", "total: " + " / ".join(names)]
    header += [f"{name} p50 / p95 ms" for name in names] + ["searcher's p95"]
    rows = []
    for run in runs:
        for shape in Shape:
            found = {
                name: run.systems[name].queries[shape] for name in names if name in run.systems
            }
            totals = [f"{found[n].total:,}" if n in found else "not run" for n in names]
            latency = [
                f"{found[n].p50_ms:.1f} / {found[n].p95_ms:.1f}" if n in found else "not run"
                for n in names
            ]
            others = {n: found[n].p95_ms if n in found else None for n in names[1:]}
            mine = versus(found[SEARCHER.name].p95_ms, others)
            rows.append([run.label, describe(shape, run.corpus.words), " / ".join(totals)])
            rows[-1] += [*latency, mine]
    return table(header, rows)


def describe(shape: Shape, words: Words) -> str:
    extra = ", ".join(f"{key}={value!r}" for key, value in _options(shape, words))
    return f"{shape}: `{words.text(shape)}`" + (f" {extra}" if extra else "")


def _options(shape: Shape, words: Words) -> Iterator[tuple[str, Any]]:
    """A shape's search options, its filters' settings among them."""
    for key, value in searcher_options(shape, words).items():
        if isinstance(value, Filters):
            yield from (
                (f.name, getattr(value, f.name)) for f in fields(value) if getattr(value, f.name)
            )
        else:
            yield key, value


def growth_table(runs: list[ScaleRun]) -> str:
    """Figures of the scaled corpus by size, and how much each grew from the smallest."""
    header = ["figure", *(f"x{run.scale}" for run in runs), f"x{runs[-1].scale} / x{runs[0].scale}"]

    def row(label: str, values: list[float], shown: str = "{:,.1f}") -> list[str]:
        return [label, *map(shown.format, values), times(values[-1] / values[0])]

    by_system = {
        system.name: [run.systems[system.name] for run in runs] for system in (SEARCHER, FTS5)
    }
    mine = by_system[SEARCHER.name]
    rows = [
        row("articles", [run.built.articles for run in mine], "{:,.0f}"),
        row("searcher peak Σ RSS MiB", [run.peak.tree / MIB for run in mine], "{:,.0f}"),
    ]
    rows += [row(f"{n} index s", [run.built.seconds for run in r]) for n, r in by_system.items()]
    for shape in Shape:
        for name, system_runs in by_system.items():
            p50 = [run.queries[shape].p50_ms for run in system_runs]
            rows.append(row(f"{name} p50 ms, {shape}", p50))
    return table(header, rows)


def update_table(updates: list[UpdateRun]) -> str:
    header = ["run", "day files", "articles", "first index s", "no-op update s"]
    header += ["changed: files / articles", "update s", "reported: files / articles"]
    header += ["full rebuild s", "update / rebuild", "peak Σ RSS MiB: update / rebuild"]
    rows = [
        [
            u.label,
            str(u.day_files),
            f"{u.first.articles:,}",
            f"{u.first.seconds:.1f}",
            f"{u.noop.seconds:.3f}",
            f"{u.files_changed} / {u.articles_changed:,}"
            f" ({u.articles_changed / u.first.articles:.1%})",
            f"{u.update.seconds:.2f}",
            f"{u.update.files} / {u.update.articles_added:,}",
            f"{u.rebuild.seconds:.1f}",
            f"{u.ratio:.1%}",
            f"{mib(u.update_peak.tree)} / {mib(u.rebuild_peak.tree)}",
        ]
        for u in updates
    ]
    return table(header, rows)


def cli_table(runs: list[ScaleRun], import_ms: float) -> str:
    rows = [['`python -c "import searcher"`', f"{import_ms:.0f}"]]
    for run in runs:
        command = f"`searcher search {run.corpus.words.term} --index DIR --limit 10`"
        rows.append([f"{command} ({run.label})", f"{run.cli_ms:.0f}"])
    return table(["command (fresh process)", f"median of {CLI_RUNS}, ms"], rows)


def acceptance_table(found: list[Check]) -> str:
    verdict = {True: "met", False: "**not met**", None: "—"}
    rows = [[c.criterion, c.measured, c.target, verdict[c.met]] for c in found]
    return table(["criterion (issue 18)", "measured", "target", "verdict"], rows)


def report(
    runs: list[ScaleRun],
    updates: list[UpdateRun],
    import_ms: float,
    repeat: int,
    machine: Machine,
) -> str:
    now = datetime.now(UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
    scaled = [run for run in runs if run.corpus.id_key]
    sections = [
        f"## bench_core — {now}",
        "\n".join(
            [
                *machine.record(
                    run_command("bench.core", sys.argv[1:]), f", SQLite {sqlite3.sqlite_version}"
                ),
                "- records: every system indexes the articles `searcher.ingest` makes of the same"
                " files (reuters xk: k plain JSONL copies of the corpus, ids suffixed -1…-k;"
                " news2017: the CSV itself)",
                "- indexing: each system in a fresh spawned process. searcher's time includes"
                " reading and parsing the files (`Index.update`, one worker per core); the naive"
                " recipe's and FTS5's leave out `ingest.parse` (shown as parse s). Peak RSS:"
                f" sampled every {SAMPLE_SECONDS * 1000:.0f} ms from `/proc`, Σ over the process"
                " and all its descendants (pages shared by forked workers count in each), and"
                " of the process alone; not `ru_maxrss`, which in a spawned process also counts"
                " the parent's pages copied before its exec",
                f"- queries: in-process, 1 warm-up then {repeat} timed runs each (export:"
                f" {export_runs(repeat)}); p50/p95 by nearest rank. A search is the total and"
                f" a page of {PAGE} hits: id, title, date, source (searcher's also has"
                " snippets); facets count every match; export reads every hit",
                "- naive Whoosh: `add_document` per article, one commit, StemmingAnalyzer"
                " (Porter, stop words dropped); queries by MultifieldParser(title, body); its"
                " total is `len(results)`, which whoosh-reloaded undercounts when its top-N"
                " collector prunes an AND by minimum score (`matcher.replace`). FTS5:"
                " `porter unicode61`, MATCH joined to a plain table (id, source, ts). tantivy"
                f" {version('tantivy')} (the high anchor): `en_stem` on title and body, its"
                " query parser with AND by default, a writer of"
                f" {TANTIVY_THREADS} threads; its month facet is 30-day buckets of `ts` (its"
                " aggregations have no calendar months)",
                "- no regression in search results: `tests/test_correctness.py` (not run here)",
                "- cold processes: searcher's modules byte-compiled first, as an installed"
                " package's are",
            ]
        ),
        "### Indexing",
        indexing_table(runs),
        "### Query latency",
        query_table(runs),
    ]
    if len(scaled) > 1:
        sections += ["### Growth (reuters copies)", growth_table(scaled)]
    if updates:
        sections += [
            f"### Updating {UPDATE_SHARE:.0%} of the articles against a full rebuild",
            "One JSONL file per publication day; day files taken at random (seed"
            f" {SEED}) get an edited body in every article until ≥ {UPDATE_SHARE:.0%} changed"
            f" (files that would take the share past {UPDATE_SHARE * UPDATE_SLACK:.2%} are"
            " passed over); then `Index.update([folder])` against"
            " `Index.update([folder], rebuild=True)`.",
            update_table(updates),
        ]
    sections += [
        "### CLI cold start",
        cli_table(runs, import_ms),
        "### Acceptance",
        acceptance_table(checks(runs, updates)),
    ]
    return "\n\n".join(sections)


def scales_arg(text: str) -> list[int]:
    scales = sorted({int(part) for part in text.split(",")})
    if not scales or scales[0] < 1:
        raise argparse.ArgumentTypeError("scales are whole numbers from 1, e.g. 1,2,5,10")
    return scales


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.core", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--corpus", choices=[*CORPORA, "all"], default="all")
    parser.add_argument(
        "--scales", type=scales_arg, default=[1, 2, 5, 10], help="reuters copies, e.g. 1,2"
    )
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per query")
    parser.add_argument("--skip-naive", action="store_true", help="leave out the naive recipe")
    parser.add_argument("--skip-update", action="store_true", help="leave out 1%% updates")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()

    names = list(CORPORA) if args.corpus == "all" else [args.corpus]
    if importlib.util.find_spec("tantivy") is None:
        parser.error("tantivy is not installed: pip install -e '.[bench]'")
    compile_package()
    started, machine = time.perf_counter(), Machine()
    runs: list[ScaleRun] = []
    updates: list[UpdateRun] = []
    with tempfile.TemporaryDirectory(prefix="bench-core-") as tmp_name:
        tmp = Path(tmp_name)
        for corpus in (CORPORA[name] for name in names):
            files = corpus_files(corpus, args.scales, tmp)
            for scale, paths in files.items():
                naive = scale == 1 and not args.skip_naive
                systems = [s for s in SYSTEMS if s is not NAIVE or naive]
                folder = tmp / f"{corpus.name}-{scale}"
                runs.append(run_scale(corpus, scale, paths, folder, systems, args.repeat))
                shutil.rmtree(folder)
            if not args.skip_update:
                for scale in sorted({min(files), max(files)}):
                    updates.append(run_update(corpus, scale, files[scale], tmp))
    import_ms = median_process_ms([sys.executable, "-c", "import searcher"])
    text = report(runs, updates, import_ms, args.repeat, machine)
    print(text)
    write_section(args.out, SECTION, text)
    log(f"written to {args.out} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
