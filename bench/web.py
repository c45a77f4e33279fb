"""The web interface under load (issue 16): requests per second and p50/p95 latency of
``/api/search`` and of the HTML search page with 1, 8 and 32 concurrent clients on loopback,
and whether any request fails while ``searcher index`` updates the index under the server.

    python -m bench.web [--corpus 2017|reuters10] [--index DIR] [--seconds S] [--out FILE]

Without ``--index`` the corpus is indexed into a temporary folder with the default command:
the 2017 news corpus, or Reuters written ten times under distinct ids (215,770 articles).
``searcher serve`` runs as a subprocess, as a user starts it; each client is a thread with
one keep-alive connection, asking the corpus's queries in turn (each client from its own
starting point) for ``--seconds`` per run. The update run starts ``searcher index`` on a
file of new articles (the corpus's first 500 records under new ids, written to the
temporary folder) while 8 clients search, and checks that the server finds them after its
commit. Each corpus has its own section of ``--out``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import http.client
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from bench.common import Machine, data_dir, run_command, table, write_section
from bench.core import write_copies


@dataclass(frozen=True)
class Corpus:
    section: str
    heading: str
    about: str
    queries: list[str]


NEWS_2017 = "news-articles-2017.csv.gz"
REUTERS = "reuters21578.jsonl.gz"
REUTERS_COPIES = 10
QUERIES_2017 = [
    "trump",
    "merkel",
    '"white house"',
    "korea missile",
    "refugees",
    "brexit",
    "putin",
    "climate change",
    "election",
    "china trade",
    "syria",
    "police",
]
QUERIES_REUTERS = [
    "oil",
    "oil prices",
    '"interest rates"',
    "coffee",
    "dollar yen",
    "opec",
    "wheat exports",
    "bank",
    "trade deficit",
    "gold",
    "merger",
    "strike",
]
CORPORA = {
    "2017": Corpus(
        "web",
        "## Web interface under load (issue 16)",
        f"{NEWS_2017} (3,823 articles)",
        QUERIES_2017,
    ),
    "reuters10": Corpus(
        "web-reuters10",
        "## Web interface under load: Reuters x10 (issue 16)",
        f"{REUTERS} x{REUTERS_COPIES} under distinct ids (215,770 articles)",
        QUERIES_REUTERS,
    ),
}
CLIENTS = (1, 8, 32)
#: The issue's target: with 8 clients the search API's p95 within this, no failure.
TARGET_P95_MS = 100.0
NEW_ARTICLES = 500


def serve(index: Path, workers: int) -> tuple[subprocess.Popen, int]:
    """``searcher serve`` with ``workers`` processes on a free loopback port, once it answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "searcher", "serve", "--index", str(index)]
    command += ["--workers", str(workers)]
    process = subprocess.Popen([*command, "--port", str(port)])
    for _ in range(400):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, port
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("searcher serve did not start")


def load(
    port: int, path: str, queries: list[str], clients: int, seconds: float, fresh: bool = False
) -> dict[str, float]:
    """``clients`` threads asking ``path`` with each of ``queries`` for ``seconds``: the rate, the
    median and 95th percentile latency, the requests refused with 503 (beyond the bound on
    searches at once) and the failed ones (any other status, or no answer). With ``fresh``
    every request differs (a parameter the server ignores), so no kept answer is reused."""
    latencies: list[float] = []
    failures, refusals = [0], [0]
    deadline = time.perf_counter() + seconds
    lock = threading.Lock()

    def client(first: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, failed, refused, n = [], 0, 0, first
        while time.perf_counter() < deadline:
            asked = {"q": queries[n % len(queries)]}
            query = urllib.parse.urlencode({**asked, "n": f"{first}-{n}"} if fresh else asked)
            n += 1
            started = time.perf_counter()
            try:
                connection.request("GET", f"{path}?{query}")
                answer = connection.getresponse()
                answer.read()
                ok = answer.status == 200
                refused += answer.status == 503
                failed -= answer.status == 503
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append((time.perf_counter() - started) * 1000)
            failed += not ok
        connection.close()
        with lock:
            latencies.extend(mine)
            failures[0] += failed
            refusals[0] += refused

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "rps": len(ordered) / wall,
        "p50": statistics.median(ordered),
        "p95": ordered[int(0.95 * (len(ordered) - 1))],
        "refused": refusals[0],
        "failed": failures[0],
    }


def new_articles(corpus: str, folder: Path) -> Path:
    """The corpus's first records under new ids, as a JSON lines file for an update."""
    out = folder / "update.jsonl"
    with out.open("w") as lines:
        for n, (title, body) in enumerate(islice(_texts(corpus), NEW_ARTICLES)):
            article = {"id": f"bench-new-{n}", "title": title, "body": body}
            lines.write(json.dumps(article) + "\n")
    return out


def _texts(corpus: str) -> Iterator[tuple[str, str]]:
    if corpus == "2017":
        with gzip.open(data_dir() / NEWS_2017, "rt", encoding="utf-8") as rows:
            yield from ((row["title"], row["text"]) for row in csv.DictReader(rows))
    else:
        with gzip.open(data_dir() / REUTERS, "rt", encoding="utf-8") as rows:
            records = (json.loads(line) for line in rows if line.strip())
            yield from ((r.get("title") or "", r.get("body") or "") for r in records)


def build_index(corpus: str, folder: Path) -> Path:
    """The corpus indexed with the default command into ``folder``/idx."""
    index = folder / "idx"
    if corpus == "2017":
        given = [str(data_dir() / NEWS_2017)]
    else:
        given = [
            str(p)
            for p in write_copies(data_dir() / REUTERS, "newid", folder / "copies", REUTERS_COPIES)
        ]
    build = [sys.executable, "-m", "searcher", "index", *given, "--index", str(index)]
    subprocess.run(build, check=True, stdout=subprocess.DEVNULL)
    return index


def found(port: int, query: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/api/search?" + urllib.parse.urlencode({"q": query}))
    total = json.loads(connection.getresponse().read())["total"]
    connection.close()
    return total


def during_update(
    port: int, corpus: str, index: Path, folder: Path, seconds: float
) -> dict[str, float]:
    """8 clients on the API while ``searcher index`` adds NEW_ARTICLES articles."""
    update = [sys.executable, "-m", "searcher", "index", str(new_articles(corpus, folder))]
    before = found(port, "id:bench-new-0")
    runner = subprocess.Popen([*update, "--index", str(index)], stdout=subprocess.DEVNULL)
    figures = load(port, "/api/search", CORPORA[corpus].queries, 8, seconds, fresh=True)
    runner.wait()
    figures["update_exit"] = runner.returncode
    figures["failed"] += figures["refused"]  # during an update, a refusal is a failure too
    figures["found_before"], figures["found_after"] = before, found(port, "id:bench-new-0")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="2017")
    parser.add_argument("--index", type=Path, help="an index of the corpus to serve")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each run")
    parser.add_argument("--workers", type=int, default=1, help="searcher serve --workers")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("RESULTS.md"))
    args = parser.parse_args()
    corpus = CORPORA[args.corpus]
    machine = Machine()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        index = args.index
        if index is None:
            index = build_index(args.corpus, folder)
        else:
            copy = folder / "idx"
            subprocess.run(["cp", "-r", str(index), str(copy)], check=True)
            index = copy
        process, port = serve(index, args.workers)
        try:
            rows = []
            runs = (("/api/search", False), ("/", False), ("/api/search", True))
            for path, fresh in runs:
                load(port, path, corpus.queries, 1, 1.0)  # warm-up: first searches open, cache
                for clients in CLIENTS:
                    f = load(port, path, corpus.queries, clients, args.seconds, fresh)
                    kept = "every request new" if fresh else "answers kept"
                    figures = [f["requests"], f"{f['rps']:.0f}", f"{f['p50']:.1f}"]
                    rows.append(
                        [
                            path,
                            kept,
                            clients,
                            *figures,
                            f"{f['p95']:.1f}",
                            f["refused"],
                            f["failed"],
                        ]
                    )
                    print(rows[-1], flush=True)
            update = during_update(port, args.corpus, index, folder, args.seconds)
            print(update, flush=True)
        finally:
            process.terminate()
            process.wait(10)
    given = [
        "--corpus",
        args.corpus,
        "--seconds",
        str(args.seconds),
        "--workers",
        str(args.workers),
    ]
    given += ["--index", str(args.index)] if args.index else []
    verdicts = []
    for kept in ("answers kept", "every request new"):
        eight = next(r for r in rows if r[:3] == ["/api/search", kept, 8])
        holds = float(eight[6]) <= TARGET_P95_MS and eight[8] == 0
        verdicts.append(
            f"{kept}: **{'holds' if holds else 'misses'}** (p95 {eight[6]} ms, {eight[8]} failed)"
        )
    text = "\n".join(
        [
            *machine.record(run_command("bench.web", given)),
            f"- corpus: {corpus.about}; {len(corpus.queries)} queries in turn; each run "
            f"{args.seconds:g} s; clients are threads on loopback, one keep-alive connection "
            "each; latency in ms",
            "",
            table(
                ["path", "cache", "clients", "requests", "req/s", "p50", "p95", "503", "failed"],
                rows,
            ),
            "",
            f"While `searcher index` added {NEW_ARTICLES} articles (exit status "
            f"{update['update_exit']}), 8 clients on /api/search: {update['requests']} requests, "
            f"{update['rps']:.0f}/s, p50 {update['p50']:.1f} ms, p95 {update['p95']:.1f} ms, "
            f"**{update['failed']} failed**; a new article found before the commit: "
            f"{update['found_before']}, after it: {update['found_after']} (no restart).",
            "",
            f"Target (8 clients, /api/search, p95 ≤ {TARGET_P95_MS:g} ms, no failure; set for "
            f"the 2017 corpus{'' if args.corpus == '2017' else ', shown here for comparison'}): "
            f"{'; '.join(verdicts)}. The machine is shared: the load average and loop time "
            "above say how much.",
        ]
    )
    section, heading = corpus.section, corpus.heading
    if args.workers > 1:
        section, heading = (
            f"{section}-workers{args.workers}",
            f"{heading}, --workers {args.workers}",
        )
    write_section(args.out, section, text, heading)


if __name__ == "__main__":
    main()
