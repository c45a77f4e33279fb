"""Core benchmark: indexing, no-op update, query latency and CLI cold start on the real corpora.

    python bench/bench_core.py [--corpus reuters|news2017|all] [--repeat N] [--out FILE]

Each corpus is indexed into a fresh temporary folder by a fresh (spawned) child process, which
reports its own peak RSS (``resource.getrusage(RUSAGE_SELF).ru_maxrss``, so the figure includes
the interpreter and imports, about 32 MiB). Queries run in this process on the opened index,
after one warm-up; CLI timings are fresh processes. The tables are printed and written to a
section of ``--out`` (default ``bench/RESULTS.md``), replacing the previous run's section.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import math
import os
import platform
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from importlib.metadata import version
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from searcher import Index, Results

REPO = Path(__file__).resolve().parents[1]
SECTION_START = "<!-- bench_core:start -->"
SECTION_END = "<!-- bench_core:end -->"
CLI_RUNS = 5
MIB = 1024 * 1024


@dataclass(frozen=True)
class QuerySpec:
    """One timed query: a label for the table and the keyword arguments of ``Index.search``."""

    label: str
    text: str
    options: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        extra = ", ".join(f"{key}={value!r}" for key, value in self.options.items())
        return f"`{self.text}`" + (f" {extra}" if extra else "")


@dataclass(frozen=True)
class Corpus:
    name: str
    filename: str
    cli_term: str
    queries: tuple[QuerySpec, ...]


def standard_queries(
    term: str, two_terms: str, phrase: str, month: tuple[str, str]
) -> tuple[QuerySpec, ...]:
    """The same query shapes for every corpus, with words and a month that occur in it."""
    return (
        QuerySpec("single term", term),
        QuerySpec("two-term AND", two_terms),
        QuerySpec("phrase", phrase),
        QuerySpec("term + date range", term, {"date_from": month[0], "date_to": month[1]}),
        QuerySpec("term + facets", term, {"facets": ["source", "month"]}),
        QuerySpec("term, newest first", term, {"sort": "newest"}),
        QuerySpec("term, page_size=1000", term, {"page_size": 1000}),
        QuerySpec("all articles + facets", "*", {"facets": ["source", "month"]}),
    )


CORPORA = {
    "reuters": Corpus(
        "reuters",
        "reuters21578.jsonl.gz",
        "oil",
        standard_queries("oil", "oil prices", '"interest rates"', ("1987-04-01", "1987-04-30")),
    ),
    "news2017": Corpus(
        "news2017",
        "news-articles-2017.csv.gz",
        "trump",
        standard_queries("trump", "white house", '"white house"', ("2017-02-01", "2017-02-28")),
    ),
}


@dataclass
class IndexRun:
    articles: int
    skipped_files: int
    warnings: int
    seconds: float
    peak_rss_bytes: int
    size_bytes: int
    # Measured by the parent, after the child has indexed:
    records: int = 0
    noop_seconds: float = 0.0


@dataclass
class QueryRun:
    spec: QuerySpec
    total: int
    hits: int
    p50_ms: float
    p95_ms: float


@dataclass
class CorpusRun:
    corpus: Corpus
    index: IndexRun
    queries: list[QueryRun]
    cli_ms: float


# -- measuring -------------------------------------------------------------------------------


def data_dir() -> Path:
    return Path(os.environ.get("SEARCHER_TEST_DATA") or REPO.parent / "shared" / "data")


def count_records(path: Path) -> int:
    """Records in a corpus file as its reader sees them: JSON lines or CSV rows."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        if path.name.endswith(".csv.gz"):
            csv.field_size_limit(sys.maxsize)
            return sum(1 for _ in csv.DictReader(handle))
        return sum(1 for line in handle if line.strip())


def index_in_child(index_dir: str, corpus_file: str) -> IndexRun:
    """Runs in a fresh process: create the index, index the corpus, report time and peak RSS."""
    idx = Index.create(index_dir)
    started = time.perf_counter()
    report = idx.update([corpus_file])
    seconds = time.perf_counter() - started
    stats = idx.stats()
    idx.close()
    return IndexRun(
        articles=stats.articles,
        skipped_files=len(report.skipped),
        warnings=len(report.warnings),
        seconds=seconds,
        peak_rss_bytes=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        size_bytes=stats.size_bytes,
    )


def measure_indexing(index_dir: Path, corpus_file: Path) -> IndexRun:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        run = pool.submit(index_in_child, str(index_dir), str(corpus_file)).result()
    run.records = count_records(corpus_file)
    with Index.open(index_dir) as idx:
        started = time.perf_counter()
        report = idx.update([corpus_file])
        run.noop_seconds = time.perf_counter() - started
    if report.articles_added or report.added or report.updated:
        raise RuntimeError(f"the no-op update changed the index: {report.to_dict()}")
    return run


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def elapsed_ms(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def measure_query(idx: Index, spec: QuerySpec, repeat: int) -> QueryRun:
    def search() -> Results:
        return idx.search(spec.text, **spec.options)

    results = search()  # the warm-up, and the counts shown next to the timings
    samples = [elapsed_ms(search) for _ in range(repeat)]
    return QueryRun(
        spec, results.total, len(results.hits), percentile(samples, 50), percentile(samples, 95)
    )


def median_process_ms(command: list[str]) -> float:
    run = partial(subprocess.run, command, check=True, capture_output=True)
    return statistics.median(elapsed_ms(run) for _ in range(CLI_RUNS))


def searcher_command() -> str:
    return str(Path(sys.executable).parent / "searcher")


def run_corpus(corpus: Corpus, repeat: int) -> CorpusRun:
    corpus_file = data_dir() / corpus.filename
    with tempfile.TemporaryDirectory(prefix=f"bench-{corpus.name}-") as tmp:
        index_dir = Path(tmp) / "index"
        print(f"[{corpus.name}] indexing {corpus_file} ...", file=sys.stderr, flush=True)
        indexing = measure_indexing(index_dir, corpus_file)
        print(f"[{corpus.name}] {indexing.seconds:.1f} s; querying ...", file=sys.stderr)
        with Index.open(index_dir) as idx:
            queries = [measure_query(idx, spec, repeat) for spec in corpus.queries]
        cli = [searcher_command(), "search", corpus.cli_term, "--index", str(index_dir)]
        cli_ms = median_process_ms([*cli, "--limit", "10"])
    return CorpusRun(corpus, indexing, queries, cli_ms)


# -- reporting -------------------------------------------------------------------------------


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def indexing_table(runs: list[CorpusRun]) -> str:
    header = ["corpus", "records", "articles", "skipped files", "warnings", "index s"]
    header += ["articles/s", "peak RSS MiB", "index MiB", "no-op update s"]
    return table(header, [indexing_row(run.corpus.name, run.index) for run in runs])


def indexing_row(name: str, run: IndexRun) -> list[str]:
    return [
        name,
        f"{run.records:,}",
        f"{run.articles:,}",
        str(run.skipped_files),
        str(run.warnings),
        f"{run.seconds:.1f}",
        f"{run.articles / run.seconds:,.0f}",
        f"{run.peak_rss_bytes / MIB:.0f}",
        f"{run.size_bytes / MIB:.1f}",
        f"{run.noop_seconds:.3f}",
    ]


def query_table(runs: list[CorpusRun]) -> str:
    header = ["corpus", "query", "search", "total hits", "hits returned", "p50 ms", "p95 ms"]
    rows = [
        [
            run.corpus.name,
            q.spec.label,
            q.spec.describe(),
            f"{q.total:,}",
            f"{q.hits:,}",
            f"{q.p50_ms:.1f}",
            f"{q.p95_ms:.1f}",
        ]
        for run in runs
        for q in run.queries
    ]
    return table(header, rows)


def cli_table(runs: list[CorpusRun], import_ms: float) -> str:
    rows = [['`python -c "import searcher"`', f"{import_ms:.0f}"]]
    for run in runs:
        command = f"`searcher search {run.corpus.cli_term} --index DIR --limit 10`"
        rows.append([f"{command} ({run.corpus.name})", f"{run.cli_ms:.0f}"])
    return table(["command (fresh process)", f"median of {CLI_RUNS}, ms"], rows)


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def ram_gib() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3


def code_version() -> str:
    """The git commit, and a hash of the library's sources (the tree may hold uncommitted work)."""
    git = ["git", "-C", str(REPO), "describe", "--always", "--dirty"]
    commit = subprocess.run(git, capture_output=True, text=True).stdout.strip() or "none yet"
    digest = hashlib.sha256()
    for path in sorted((REPO / "searcher").rglob("*.py")):
        digest.update(path.read_bytes())
    return f"git commit {commit}, searcher/**/*.py sha256 {digest.hexdigest()[:12]}"


def load_average() -> str:
    return "/".join(f"{value:.2f}" for value in os.getloadavg())


def report(
    runs: list[CorpusRun], import_ms: float, repeat: int, *, code: str, load_at_start: str
) -> str:
    now = datetime.now(UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
    return "\n\n".join(
        [
            f"## bench_core — {now}",
            "\n".join(
                [
                    f"- machine: {os.cpu_count()} CPUs, {cpu_model()}, {ram_gib():.1f} GiB RAM"
                    f" (load average 1/5/15 min: {load_at_start} at start,"
                    f" {load_average()} at end)",
                    f"- code at start: {code}",
                    f"- Python {platform.python_version()}, whoosh-reloaded"
                    f" {version('whoosh-reloaded')}",
                    f"- command: `python {shlex.join(sys.argv)}`",
                    f"- queries: in-process, 1 warm-up then {repeat} timed runs each;"
                    " p50/p95 by nearest rank",
                    "- peak RSS: `getrusage(RUSAGE_SELF).ru_maxrss` of the spawned child that"
                    " indexes (includes the interpreter)",
                ]
            ),
            "### Indexing (one run each; fresh index, one `Index.update` of the corpus file)",
            indexing_table(runs),
            "### Query latency (`Index.search`, default page_size=20 unless shown)",
            query_table(runs),
            "### CLI cold start",
            cli_table(runs, import_ms),
        ]
    )


def write_section(out: Path, text: str) -> None:
    """Replace this benchmark's section of ``out``, or append one; other text stays."""
    section = f"{SECTION_START}\n{text}\n{SECTION_END}\n"
    old = out.read_text() if out.exists() else "# Benchmark results\n"
    if SECTION_START in old and SECTION_END in old:
        before, rest = old.split(SECTION_START, 1)
        after = rest.split(SECTION_END, 1)[1].lstrip("\n")
        new = before + section + ("\n" + after if after else "")
    else:
        new = old.rstrip("\n") + "\n\n" + section
    out.write_text(new)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=[*CORPORA, "all"], default="all")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per query")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "RESULTS.md")
    args = parser.parse_args()

    names = list(CORPORA) if args.corpus == "all" else [args.corpus]
    started, code, load_at_start = time.perf_counter(), code_version(), load_average()
    runs = [run_corpus(CORPORA[name], args.repeat) for name in names]
    import_ms = median_process_ms([sys.executable, "-c", "import searcher"])
    text = report(runs, import_ms, args.repeat, code=code, load_at_start=load_at_start)
    print(text)
    write_section(args.out, text)
    print(f"\nwritten to {args.out} in {time.perf_counter() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
