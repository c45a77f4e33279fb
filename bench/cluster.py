"""The cluster beside the Whoosh engine: indexing rate, query latency with 1 and 8 clients,
and ranking quality on TIME.

    python -m bench.cluster [--data DIR] [--reuters N] [--rounds N] [--out FILE]

Results go to bench/RESULTS.md (or ``--out``), section "cluster". A local Sphinx cluster
(``searcher cluster``: two shards, one mirror each, on loopback) and a Whoosh index are
fed the same files through ``Index.update``: the 2017 news corpus, and with ``--reuters N``
Reuters-21578 copied N times (ids suffixed, as ``bench.core`` does).
Each client (a thread with its own ``Index.open``) runs the query list ``--rounds`` times,
one result page of 10 with source and month facets a search, as the CLI asks; latencies are
per search, p50 and p95 over every search of every client. TIME's 83 requests are searched
as ``bench.relevance`` searches them (an OR of the words), the best 1,000 kept, on both; on
the cluster with its own ranking alone and with its best hits scored again by searcher's
model (``cluster.rerank``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from bench import relevance
from bench.common import RESULTS, Machine, data_dir, run_command, table, write_section
from bench.core import CORPORA, log, write_copies
from searcher import Index
from searcher.cluster import layout
from searcher.cluster.client import Address
from searcher.cluster.rerank import Rescorer

QUERIES = [
    "trump",
    '"white house"',
    "trump putin",
    "trump OR putin",
    "(syria OR iraq) NOT russia",
    '"prime minister"',
    "title:trump",
    "korea date:2017-01",
    "oil prices",
    "*",
]
CLIENTS = (1, 8)


def _free_base() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def feed(idx: Index, files: list[Path]) -> tuple[int, float]:
    started = time.perf_counter()
    report = idx.update(files)
    return report.articles_added, time.perf_counter() - started


def latencies(open_index: Callable[[], Index], clients: int, rounds: int) -> list[float]:
    """Milliseconds of every search of ``clients`` threads, each running the list."""
    found: list[float] = []
    lock = threading.Lock()

    def client() -> None:
        with open_index() as idx:
            idx.search("warm", page_size=10)
            mine = []
            for _ in range(rounds):
                for text in QUERIES:
                    started = time.perf_counter()
                    idx.search(text, facets=["source", "month"], page_size=10)
                    mine.append((time.perf_counter() - started) * 1000)
        with lock:
            found.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return found


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1]


def time_scores(
    idx: Index, collection: relevance.Collection, depth: int | None = None
) -> relevance.Scores:
    """TIME's figures; on a cluster, with its best ``depth`` hits in searcher's order."""
    ranked = []
    with _depth(depth):
        for request in collection.requests:
            results = idx.search(relevance.query_text(request), page_size=relevance.RESULTS)
            ranked.append([hit.id for hit in results.hits])
    return relevance.scores(ranked, collection.relevant)


@contextlib.contextmanager
def _depth(depth: int | None) -> Iterator[None]:
    kept = Rescorer.depth
    Rescorer.depth = kept if depth is None else depth
    try:
        yield
    finally:
        Rescorer.depth = kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=data_dir())
    parser.add_argument("--reuters", type=int, default=0, metavar="N")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    machine = Machine()
    tmp = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    os.environ["SEARCHER_CLUSTERS"] = str(tmp / "clusters")
    files = [args.data / CORPORA["news2017"].filename]
    if args.reuters:
        reuters = args.data / CORPORA["reuters"].filename
        files += write_copies(reuters, "newid", tmp / "reuters", args.reuters)
    folder = tmp / "cluster"
    made = layout.init(folder, shards=2, mirrors=1, port=_free_base())
    Address.parse(made.url).remember(made.writers())
    layout.start(folder)
    try:
        rows, quality = [], []
        whoosh = Index.create(tmp / "whoosh")
        cluster = Index.open(made.url)
        for name, idx in (("Whoosh", whoosh), ("cluster", cluster)):
            count, seconds = feed(idx, files)
            log(f"{name}: {count} articles in {seconds:.1f} s")
            rows.append([name, f"{count:,}", f"{seconds:.1f}", f"{count / seconds:,.0f}"])
        whoosh.close()
        cluster.close()
        latency_rows = []
        for name, opener in (
            ("Whoosh", lambda: Index.open(tmp / "whoosh")),
            ("cluster", lambda: Index.open(made.url)),
        ):
            for clients in CLIENTS:
                found = latencies(opener, clients, args.rounds)
                log(f"{name}, {clients} clients: p50 {_p(found, 50):.1f} ms")
                latency_rows.append(
                    [name, clients, len(found), f"{_p(found, 50):.1f}", f"{_p(found, 95):.1f}"]
                )
        collection = relevance.load(args.data)
        time_files = tmp / "time"
        time_files.mkdir()
        whoosh_time = relevance.build_index(collection, time_files)
        records = time_files / "time.jsonl"
        with Index.open(made.url) as cluster_time:
            cluster_time.update([records], rebuild=True)  # TIME alone on the cluster
            for name, idx, depth in (
                ("Whoosh (searcher's BM25F)", whoosh_time, None),
                ("cluster, its own ranking alone", cluster_time, 0),
                (f"cluster, its best {Rescorer.depth} scored again", cluster_time, Rescorer.depth),
            ):
                got = time_scores(idx, collection, depth)
                quality.append([name, f"{got.map:.4f}", f"{got.ndcg10:.4f}"])
        whoosh_time.close()
    finally:
        layout.stop(folder)
    command = run_command("bench.cluster", [f"--reuters={args.reuters}", f"--rounds={args.rounds}"])
    text = "\n".join(
        [
            *machine.record(command, ", Sphinx 2.2.11 (2 shards x 2 replicas, loopback)"),
            "- corpus: news-articles-2017 (3,823 articles)"
            + (f" + Reuters-21578 x{args.reuters}" if args.reuters else ""),
            "",
            table(["engine", "articles", "seconds", "articles/s"], rows),
            "",
            table(["engine", "clients", "searches", "p50 ms", "p95 ms"], latency_rows),
            "",
            table(["TIME (83 requests)", "MAP", "nDCG@10"], quality),
        ]
    )
    print(text)
    write_section(args.out or RESULTS, "cluster", text, "## The cluster beside Whoosh")


if __name__ == "__main__":
    main()
