"""Ranking quality on the TIME magazine collection: MAP and nDCG@10 through the searcher library.

    python bench/relevance.py [--data DIR] [--variants] [--out FILE]

The 423 articles of ``time-magazine/TIME.ALL`` are written to a JSONL records file (id = the
article's 1-based position; date from the ``*TEXT`` header; no title, so ingest takes the
first sentence as it does for any untitled record) and indexed with ``Index.update``. Each of
the 83 requests in ``TIME.QUE`` is searched as an OR of its words, lower-cased (so no word
reads as an operator), with the collection's stop words (``TIME.STP``) dropped and each word
kept once, ranking up to 1,000 articles with the library's own ``match`` and ``ranked`` (what
``Index.search`` pages through, without building snippets).

Judgments: ``TIME.REL`` numbers articles by position in the original 425-article collection;
``TIME.ALL`` lacks two of them, between numbers 370 and 378 (no judgment names 371-377), so
from 378 on a number is the position plus two: 425, judged relevant to request 23 ("countries
newly joined united nations"), is the 423rd article ("the U.N. grew to a total of 113
members"). Figures are given with these corrected judgments and, for comparison with
figures measured before, with the numbers read as plain positions ("as positions"); and, as
news searches are short, for each request cut to its first two words (corrected judgments).

``--variants`` also measures each ranking variant tried; ``--out`` writes the table between
the ``relevance`` markers of a results file (bench/RESULTS.md), leaving the rest as it is.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from whoosh import query, scoring
from whoosh.searching import Searcher

from searcher import Index
from searcher.ranking import DEFAULT, FieldScoring, NewsBM25F, Ranking, Scored, preference
from searcher.search import match, ranked

REPO = Path(__file__).resolve().parents[1]
COLLECTION = "time-magazine"
RESULTS = 1000
#: Short requests, as news searches are typed: each request's first this many words.
SHORT = 2
#: TIME.REL numbers above this count the two articles missing from TIME.ALL.
_LAST_BEFORE_GAP = 370
_GAP = 2
SECTION_START = "<!-- relevance:start -->"
SECTION_END = "<!-- relevance:end -->"
#: ``*TEXT 017 01/04/63 PAGE 020``; one header reads ``08/30 63``.
_HEADER = re.compile(r"^\*TEXT\s+(\d+)\s+(\d\d)/(\d\d)[/ ](\d\d)", re.MULTILINE)


@dataclass(frozen=True)
class Collection:
    """Articles as records, requests as word lists, and two readings of the judgments."""

    records: list[dict[str, str]]
    requests: list[list[str]]
    #: Relevant article ids per request, the numbers corrected for the two missing articles.
    relevant: list[set[str]]
    #: The same numbers read as plain positions in TIME.ALL.
    as_positions: list[set[str]]


@dataclass(frozen=True)
class Scores:
    map: float
    ndcg10: float


@dataclass(frozen=True)
class Figures:
    """A ranking's scores under both readings of the judgments, and on short requests."""

    corrected: Scores
    as_positions: Scores
    #: Corrected judgments, each request cut to its first ``SHORT`` words.
    short: Scores


def data_dir() -> Path:
    """``$SEARCHER_TEST_DATA`` when set, else ``../shared/data`` beside the repository."""
    return Path(os.environ.get("SEARCHER_TEST_DATA") or REPO.parent / "shared" / "data")


def _records(text: str) -> list[dict[str, str]]:
    body = text.split("*STOP", 1)[0]
    headers = list(_HEADER.finditer(body))
    records = []
    for position, header in enumerate(headers, 1):
        end = headers[position].start() if position < len(headers) else len(body)
        month, day, year = header.group(2, 3, 4)
        records.append(
            {
                "id": str(position),
                "title": "",
                "date": f"19{year}-{month}-{day}",
                "body": " ".join(body[header.end() : end].split("\n", 1)[-1].split()),
            }
        )
    return records


def _requests(text: str, stop_words: set[str]) -> list[list[str]]:
    requests = []
    for block in re.split(r"^\*FIND\s+\d+\s*$", text.split("*STOP", 1)[0], flags=re.MULTILINE)[1:]:
        words = [w for w in re.findall(r"\w+", block.lower()) if w not in stop_words]
        requests.append(list(dict.fromkeys(words)))
    return requests


def _position(number: str) -> str:
    n = int(number)
    return str(n - _GAP if n > _LAST_BEFORE_GAP else n)


def load(folder: Path) -> Collection:
    """The TIME collection under ``folder`` (the shared data folder)."""
    base = folder / COLLECTION
    read = lambda name: (base / name).read_text(encoding="latin-1")  # noqa: E731
    stop_words = set(read("TIME.STP").lower().split())
    requests = _requests(read("TIME.QUE"), stop_words)
    judged: list[list[str]] = [[] for _ in requests]
    for line in read("TIME.REL").splitlines():
        if line.strip():
            number, *docs = line.split()
            judged[int(number) - 1] = docs
    return Collection(
        _records(read("TIME.ALL")),
        requests,
        [{_position(n) for n in docs} for docs in judged],
        [set(docs) for docs in judged],
    )


def build_index(collection: Collection, folder: Path) -> Index:
    """A new index of the collection's articles in ``folder``."""
    records = folder / "time.jsonl"
    records.write_text("".join(json.dumps(r) + "\n" for r in collection.records), "utf-8")
    idx = Index.create(folder / "index")
    report = idx.update([records])
    if report.skipped or len(idx) != len(collection.records):
        raise RuntimeError(f"TIME did not index cleanly: {report.to_dict()}")
    return idx


def average_precision(ranking: Sequence[str], relevant: set[str]) -> float:
    """Mean of the precision at each relevant article's rank, over all relevant articles."""
    found, total = 0, 0.0
    for rank, doc in enumerate(ranking, 1):
        if doc in relevant:
            found += 1
            total += found / rank
    return total / len(relevant) if relevant else 0.0


def ndcg(ranking: Sequence[str], relevant: set[str], k: int = 10) -> float:
    """Binary-gain nDCG at ``k``: discounted relevant hits over the best possible."""
    gain = sum(1 / math.log2(r + 1) for r, doc in enumerate(ranking[:k], 1) if doc in relevant)
    ideal = sum(1 / math.log2(r + 1) for r in range(1, min(k, len(relevant)) + 1))
    return gain / ideal if ideal else 0.0


def query_text(words: Iterable[str]) -> str:
    """An OR of lower-case words: searcher requires every word unless told otherwise."""
    return " OR ".join(words)


def rankings(
    idx: Index, collection: Collection, ranking: Ranking = DEFAULT, words: int | None = None
) -> list[list[str]]:
    """The ids of the best ``RESULTS`` articles for each request (or its first ``words``
    words), best first."""
    snapshot = idx.snapshot()
    out = []
    for request in collection.requests:
        found = match(snapshot, query_text(request[:words]))
        best = ranked(snapshot, found, "relevance", RESULTS, ranking)
        out.append([snapshot.searcher.stored_fields(n)["id"] for n, _ in best])
    return out


def scores(ranked_ids: list[list[str]], judgments: list[set[str]]) -> Scores:
    """MAP and nDCG@10 over every request."""
    pairs = list(zip(ranked_ids, judgments, strict=True))
    return Scores(
        statistics.fmean(average_precision(ids, rel) for ids, rel in pairs),
        statistics.fmean(ndcg(ids, rel) for ids, rel in pairs),
    )


def evaluate(idx: Index, collection: Collection, ranking: Ranking = DEFAULT) -> Figures:
    """``ranking``'s figures under both readings of the judgments, and on short requests."""
    ranked_ids = rankings(idx, collection, ranking)
    return Figures(
        scores(ranked_ids, collection.relevant),
        scores(ranked_ids, collection.as_positions),
        scores(rankings(idx, collection, ranking, SHORT), collection.relevant),
    )


class _WhooshIdf(NewsBM25F):
    """Whoosh's own idf, ``log(N / (n + 1)) + 1``: with it, NewsBM25F is Whoosh's BM25F."""

    idf = scoring.WeightingModel.idf


@dataclass(frozen=True)
class WhooshBM25F(Ranking):
    """Whoosh's BM25F with these fields; ``stock`` ranks as the searcher's own model does
    (the title's index-time boost of 2 included)."""

    stock: bool = False

    def query(self, q: query.Query, searcher: Searcher) -> query.Query:
        return q if self.stock else Scored(q, _WhooshIdf(self.fields, self.other))


def _fields(title: float, body_b: float = 0.75, body_k1: float = 1.2) -> dict:
    return {"title": FieldScoring(weight=title), "body": FieldScoring(b=body_b, k1=body_k1)}


#: Each ranking tried, in the order tried; the default is measured and printed first.
VARIANTS: list[tuple[str, Ranking]] = [
    ("Whoosh BM25F as shipped (title boosted 2x at index time)", WhooshBM25F(stock=True)),
    ("Whoosh BM25F, body only (the issue's reference)", WhooshBM25F(fields=_fields(0))),
    ("Whoosh BM25F, title weight 1", WhooshBM25F(fields=_fields(1))),
    ("Lucene idf, body only", Ranking(fields=_fields(0))),
    ("Lucene idf, title weight 1", Ranking(fields=_fields(1))),
    ("Lucene idf, body b 0.5, body only", Ranking(fields=_fields(0, 0.5))),
    ("Lucene idf, body b 0.5, title 0.25", Ranking(fields=_fields(0.25, 0.5))),
    ("Lucene idf, body b 0.5, title 0.5", Ranking(fields=_fields(0.5, 0.5))),
    ("Lucene idf, body b 0.5, title 1", Ranking(fields=_fields(1, 0.5))),
    ("Lucene idf, body b 0.3, title 0.5", Ranking(fields=_fields(0.5, 0.3))),
    ("Lucene idf, body b 0.75, title 0.5", Ranking(fields=_fields(0.5, 0.75))),
    ("Lucene idf, body b 0.5 k1 0.9, title 0.5", Ranking(fields=_fields(0.5, 0.5, 0.9))),
    ("Lucene idf, body b 0.5 k1 1.6, title 0.5", Ranking(fields=_fields(0.5, 0.5, 1.6))),
    ("default + near bonus 0.25, adjacent (window 1)", Ranking(near_weight=0.25, near_window=1)),
    ("default + near bonus 0.25, window 5", Ranking(near_weight=0.25, near_window=5)),
    ("default + near bonus 0.1, window 10", Ranking(near_weight=0.1, near_window=10)),
    ("default + near bonus 0.25, window 10", Ranking(near_weight=0.25, near_window=10)),
    ("default + near bonus 0.5, window 10 (prefer close)", preference("close", None, "relevance")),
    ("default + prefer recent, half-life 30 days", preference("recent", None, "relevance")),
    ("default + prefer recent, half-life 365 days", Ranking(half_life_days=365)),
]


def _row(name: str, figures: Figures) -> str:
    cells = (figures.corrected, figures.as_positions, figures.short)
    return f"| {name} | " + " | ".join(f"{s.map:.4f} | {s.ndcg10:.4f}" for s in cells) + " |"


def write_section(out: Path, text: str) -> None:
    """Replace the text between this benchmark's markers in ``out``; the rest stays."""
    old = out.read_text()
    before, rest = old.split(SECTION_START, 1)
    after = rest.split(SECTION_END, 1)[1]
    out.write_text(f"{before}{SECTION_START}\n{text}\n{SECTION_END}{after}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=data_dir(), help="the shared data folder")
    parser.add_argument("--variants", action="store_true", help="measure every variant tried")
    parser.add_argument("--out", type=Path, help="write the tables into this file's section")
    args = parser.parse_args()
    if not (args.data / COLLECTION).is_dir():
        sys.exit(f"no {COLLECTION} folder in {args.data}; set SEARCHER_TEST_DATA or --data")
    collection = load(args.data)
    tried = [("**default**", DEFAULT), *(VARIANTS if args.variants else [])]
    lines = [
        "| ranking | MAP | nDCG@10 | MAP, as positions | nDCG@10, as positions "
        f"| MAP, first {SHORT} words | nDCG@10, first {SHORT} words |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        with build_index(collection, Path(tmp)) as idx:
            indexed = time.perf_counter() - started
            for name, ranking in tried:
                started = time.perf_counter()
                lines.append(_row(name, evaluate(idx, collection, ranking)))
                print(lines[-1], f"({time.perf_counter() - started:.1f} s)", flush=True)
    summary = (
        f"TIME: {len(collection.records)} articles, {len(collection.requests)} requests, "
        f"up to {RESULTS} results each; indexed in {indexed:.1f} s."
    )
    print(summary)
    if args.out:
        write_section(args.out, "\n".join([summary, "", *lines]))


if __name__ == "__main__":
    main()
