"""Ranking quality on the TIME magazine collection: MAP and nDCG@10 through the searcher library.

    python -m bench.relevance [--data DIR] [--variants] [--cost] [--arabic] [--out FILE]

The 423 articles of ``time-magazine/TIME.ALL`` are written to a JSONL records file (id = the
article's 1-based position; date from the ``*TEXT`` header; no title, so ingest takes the
first sentence as it does for any untitled record) and indexed with ``Index.update``. Each of
the 83 requests in ``TIME.QUE`` is searched as an OR of its words, lower-cased (so no word
reads as an operator), with the collection's stop words (``TIME.STP``) dropped and each word
kept once, ranking up to 1,000 articles with the library's own ``match`` and ``ranked`` (what
``Index.search`` pages through, without building snippets).

Judgments: ``TIME.REL`` numbers articles as the original 425-article collection did (the data
README). ``TIME.ALL`` lacks two of the articles numbered 371 to 377, none of them judged, so a
number up to 370 is the article's 1-based position in ``TIME.ALL`` and one from 378 on is its
position plus two (request 23's 425 is the 423rd and last article); ``load`` refuses a judgment
in the gap or past the last article rather than score against the wrong one. As news searches
are short, the figures are also given for each request cut to its first two words. The stock
systems' figures beside ours are the data README's, measured there on the same protocol.

``--variants`` also measures each ranking variant tried and a grid of BM25 parameters;
``--cost`` only times the ranking step of the default and the costlier variants on
Reuters-21578; ``--arabic`` only runs the Arabic known-item benchmark (``bench.known_item``).
``--out`` writes the tables between the markers of their section in a results file
(bench/RESULTS.md), leaving the rest as it is.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import statistics
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from whoosh import query, scoring
from whoosh.searching import Searcher

from bench import known_item
from bench.common import (
    Clock,
    Machine,
    data_dir,
    elapsed_ms,
    row,
    run_command,
    table,
    write_section,
)
from searcher import Index
from searcher.engine.texts import text_of
from searcher.engine.view import WhooshView
from searcher.engine.weighting import Scored, WithBonus, query_words
from searcher.ranking.model import DEFAULT, FieldScoring, NewsBM25F, Ranking
from searcher.ranking.preferences import preference
from searcher.search.match import match
from searcher.search.order import ranked

COLLECTION = "time-magazine"
REUTERS = "reuters21578.jsonl.gz"
RESULTS = 1000
#: Short requests, as news searches are typed: each request's first this many words.
SHORT = 2
#: TIME.REL numbers up to this are positions in TIME.ALL; TIME.ALL lacks two of the next ones.
_LAST_BEFORE_GAP = 370
#: TIME.REL numbers from this on are positions in TIME.ALL plus the two missing articles.
_FIRST_AFTER_GAP = 378
_MISSING = 2
#: Stock systems on the same protocol and judgments, as the data README gives them (not run
#: here): name, MAP, nDCG@10.
STOCK = (
    ("Whoosh BM25F, stemming analyzer", 0.675, 0.735),
    ("SQLite FTS5 bm25 (porter)", 0.692, 0.747),
    ("tantivy 0.27 (en_stem)", 0.696, 0.754),
    ("bm25s (Lucene's BM25, Snowball English)", 0.701, 0.759),
)
SECTION = "relevance"
COST_SECTION = "relevance-cost"
ARABIC_SECTION = "relevance-arabic"
#: ``*TEXT 017 01/04/63 PAGE 020``; one header reads ``08/30 63``.
_HEADER = re.compile(r"^\*TEXT\s+(\d+)\s+(\d\d)/(\d\d)[/ ](\d\d)", re.MULTILINE)
#: Reuters searches timed by ``--cost``: one to three words, common and rare.
COST_QUERIES = (
    "oil",
    "oil prices",
    "interest rates",
    "coffee",
    "trade deficit",
    "bank of japan",
    "wheat exports",
    "takeover bid",
    "opec output cut",
    "dollar yen",
)
COST_PAGE = 20
COST_REPEAT = 5


@dataclass(frozen=True)
class Collection:
    """Articles as records, requests as word lists, and the relevant articles' ids."""

    records: list[dict[str, str]]
    requests: list[list[str]]
    #: Relevant article ids per request (see ``article_id``).
    relevant: list[set[str]]


@dataclass(frozen=True)
class Scores:
    map: float
    ndcg10: float


@dataclass(frozen=True)
class Figures:
    """A ranking's scores on the requests as written, and on short requests."""

    whole: Scores
    #: Each request cut to its first ``SHORT`` words.
    short: Scores


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


def article_id(number: int) -> str:
    """The id (1-based position in ``TIME.ALL``) of the article ``TIME.REL`` numbers
    ``number``, which counts the two articles ``TIME.ALL`` lacks."""
    if number <= _LAST_BEFORE_GAP:
        return str(number)
    if number >= _FIRST_AFTER_GAP:
        return str(number - _MISSING)
    raise ValueError(
        f"TIME.REL number {number} is one of {_LAST_BEFORE_GAP + 1}-{_FIRST_AFTER_GAP - 1},"
        " where TIME.ALL lacks two articles: which article it means is unknown"
    )


def load(folder: Path) -> Collection:
    """The TIME collection under ``folder`` (the shared data folder)."""
    base = folder / COLLECTION
    read = lambda name: (base / name).read_text(encoding="latin-1")  # noqa: E731
    stop_words = set(read("TIME.STP").lower().split())
    requests = _requests(read("TIME.QUE"), stop_words)
    records = _records(read("TIME.ALL"))
    relevant: list[set[str]] = [set() for _ in requests]
    for line in read("TIME.REL").splitlines():
        if line.strip():
            number, *docs = line.split()
            relevant[int(number) - 1] = {article_id(int(doc)) for doc in docs}
    unknown = set().union(*relevant) - {record["id"] for record in records}
    if unknown:
        raise ValueError(f"TIME.REL judges articles TIME.ALL does not hold: {sorted(unknown)}")
    return Collection(records, requests, relevant)


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
        out.append([snapshot.view.stored(n)["id"] for n, _ in best])
    return out


def scores(ranked_ids: list[list[str]], judgments: list[set[str]]) -> Scores:
    """MAP and nDCG@10 over every request."""
    pairs = list(zip(ranked_ids, judgments, strict=True))
    return Scores(
        statistics.fmean(average_precision(ids, rel) for ids, rel in pairs),
        statistics.fmean(ndcg(ids, rel) for ids, rel in pairs),
    )


def evaluate(idx: Index, collection: Collection, ranking: Ranking = DEFAULT) -> Figures:
    """``ranking``'s figures on the requests as written, and on short requests."""
    return Figures(
        scores(rankings(idx, collection, ranking), collection.relevant),
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

    def query(self, q: query.Query, view: WhooshView) -> query.Query:
        return q if self.stock else Scored(q, _WhooshIdf(self.fields, self.other))


@dataclass(frozen=True)
class Feedback(Ranking):
    """Pseudo-relevance feedback as a re-ranking (RM3): the best ``docs`` matches of a first
    pass give ``terms`` expansion words, each weighted by its share of those articles' bodies
    (by score; times its idf when ``idf``; words in more than ``max_df`` of all articles
    left out), and their BM25F scores are added to the matches' own. ``original`` is the
    share of the query's words in the blend, as in RM3 (the expansion gets the rest, the
    query's words ``original / n`` each). The expansion is optional, so the matches stay
    the query's.
    """

    docs: int = 10
    terms: int = 10
    original: float = 0.8
    idf: bool = True
    max_df: float = 1.0

    def query(self, q: query.Query, view: WhooshView) -> query.Query:
        scored = super().query(q, view)
        searcher = view.searcher
        words = query_words(q, "body")
        if not words:
            return scored
        top = list(searcher.search(scored, limit=self.docs).items())
        expansion = self.expansion(searcher, top)
        if not expansion:
            return scored
        total = sum(weight for _, weight in expansion)
        scale = (1 - self.original) / self.original * len(words) / total
        bonus = query.Or(
            [
                query.Term(field, word, boost=weight * scale)
                for word, weight in expansion
                for field in ("title", "body")
            ]
        )
        return Scored(WithBonus(scored, bonus), NewsBM25F(self.fields, self.other))

    def expansion(self, searcher: Searcher, top: list[tuple[int, float]]) -> list[tuple]:
        """``(word, weight)`` of the best expansion words of the articles in ``top``."""
        body = searcher.schema["body"]
        weights: defaultdict[str, float] = defaultdict(float)
        total = sum(score for _, score in top) or 1.0
        for docnum, score in top:
            text = text_of(searcher.reader(), "body", docnum)
            counts = [(word, n) for word, n, _, _ in body.index(text)]
            length = sum(n for _, n in counts) or 1
            for word, n in counts:
                weights[word.decode()] += score / total * n / length
        articles = searcher.doc_count_all()
        for word in list(weights):
            found = searcher.doc_frequency("body", word)
            if found > self.max_df * articles:
                del weights[word]
            elif self.idf:
                weights[word] *= math.log(1 + (articles - found + 0.5) / (found + 0.5))
        return sorted(weights.items(), key=lambda item: -item[1])[: self.terms]


@dataclass(frozen=True)
class Bo1Feedback(Feedback):
    """``Feedback`` with Whoosh's own expansion words: ``Searcher.key_terms`` (Bo1, over
    the stored bodies of the best matches)."""

    def expansion(self, searcher: Searcher, top: list[tuple[int, float]]) -> list[tuple]:
        return searcher.key_terms([docnum for docnum, _ in top], "body", self.terms)


def _fields(title: float, body_b: float = 0.5, body_k1: float = 1.2) -> dict:
    return {"title": FieldScoring(weight=title), "body": FieldScoring(b=body_b, k1=body_k1)}


#: Each ranking tried beside the BM25 grid, in the order tried; the default comes first.
VARIANTS: list[tuple[str, Ranking]] = [
    ("Whoosh BM25F as shipped (title boosted 2x at index time)", WhooshBM25F(stock=True)),
    (
        "Whoosh BM25F, body b 0.75, body only (the issue's reference)",
        WhooshBM25F(fields=_fields(0, 0.75)),
    ),
    ("Whoosh BM25F, body b 0.75, title weight 1", WhooshBM25F(fields=_fields(1, 0.75))),
    ("Lucene idf, body b 0.75, body only", Ranking(fields=_fields(0, 0.75))),
    ("default + near bonus 0.25, adjacent (window 1)", Ranking(near_weight=0.25, near_window=1)),
    ("default + near bonus 0.25, window 5", Ranking(near_weight=0.25, near_window=5)),
    ("default + near bonus 0.1, window 10", Ranking(near_weight=0.1, near_window=10)),
    ("default + near bonus 0.25, window 10", Ranking(near_weight=0.25, near_window=10)),
    ("default + near bonus 0.5, window 10 (prefer close)", preference("close", None, "relevance")),
    ("default + prefer recent, half-life 30 days", preference("recent", None, "relevance")),
    ("default + prefer recent, half-life 365 days", Ranking(half_life_days=365)),
    *(
        (
            f"default + feedback: {docs} articles, {terms} words x idf, query share {share}",
            Feedback(docs=docs, terms=terms, original=share),
        )
        for docs, terms, share in itertools.product((5, 10, 20), (10, 20), (0.5, 0.7, 0.8))
    ),
    (
        "default + feedback as Anserini's RM3: 10 articles, 10 words in <= 10% of articles, "
        "query share 0.5",
        Feedback(docs=10, terms=10, original=0.5, idf=False, max_df=0.1),
    ),
    (
        "default + feedback, Whoosh key_terms (Bo1): 10 articles, 10 words, query share 0.7",
        Bo1Feedback(docs=10, terms=10, original=0.7),
    ),
]
#: The BM25 grid: body k1 and b, and the title's weight (title b and k1 stay 0.75 and 1.2).
GRID_K1 = (0.9, 1.2, 1.6, 2.0)
GRID_B = (0.3, 0.5, 0.75)
GRID_TITLE = (0.0, 0.25, 0.5, 1.0)
#: What ``--cost`` times besides the default: the opt-in closeness and the feedback.
COSTED: list[tuple[str, Ranking]] = [
    ("prefer close", preference("close", None, "relevance")),
    ("feedback: 10 articles, 10 words x idf, query share 0.8", Feedback()),
]


def _cells(name: str, figures: Figures) -> list[str]:
    """A ranking's row: MAP and nDCG@10 on the requests as written, and on short requests."""
    scored = (figures.whole, figures.short)
    return [name, *(f"{value:.4f}" for s in scored for value in (s.map, s.ndcg10))]


def against_stock(default: Figures) -> str:
    """A table of the default's figures beside the stock systems' (``STOCK``)."""
    ours = default.whole
    rows = [["**default** (measured here)", f"{ours.map:.3f}", f"{ours.ndcg10:.3f}", ""]]
    for name, stock_map, stock_ndcg10 in STOCK:
        difference = f"{ours.map - stock_map:+.3f} / {ours.ndcg10 - stock_ndcg10:+.3f}"
        rows.append(
            [f"{name} (data README)", f"{stock_map:.3f}", f"{stock_ndcg10:.3f}", difference]
        )
    return table(["system", "MAP", "nDCG@10", "default's MAP / nDCG@10 against it"], rows)


def grid(idx: Index, collection: Collection) -> list[str]:
    """A table of the BM25 grid: MAP / nDCG@10 for each body k1 and b (rows) and title
    weight (columns)."""
    rows = []
    for k1, b in itertools.product(GRID_K1, GRID_B):
        cells = []
        for title in GRID_TITLE:
            ids = rankings(idx, collection, Ranking(fields=_fields(title, b, k1)))
            found = scores(ids, collection.relevant)
            cells.append(f"{found.map:.3f} / {found.ndcg10:.3f}")
        rows.append([f"{k1:g}, {b:g}", *cells])
    header = ["body k1, b", *(f"title {t:g}" for t in GRID_TITLE)]
    return [
        "",
        "BM25 grid: MAP / nDCG@10 by body k1 and b (rows) and title weight:",
        "",
        table(header, rows),
    ]


def cost(folder: Path, data: Path, machine: Machine) -> list[str]:
    """The ranking step's time per query on Reuters-21578 (``ranked`` for a page of
    ``COST_PAGE``, median of ``COST_REPEAT`` runs after one warm-up), for the default and
    ``COSTED``; ``machine`` is noted before indexing, which loads a CPU itself."""
    idx = Index.create(folder / "reuters")
    with Clock() as indexing:
        idx.update([data / REUTERS])
    with idx:
        snapshot = idx.snapshot()
        found = [match(snapshot, text) for text in COST_QUERIES]
        caption = (
            f"Reuters-21578 ({len(idx):,} articles, indexed in {indexing.seconds:.0f} s): the"
            f" ranking step (`ranked`, a page of {COST_PAGE}) per query, ms, median of"
            f" {COST_REPEAT} runs; matches in brackets."
        )
        header = [
            "ranking",
            *(f"{t} ({len(f.docs)})" for t, f in zip(COST_QUERIES, found, strict=True)),
            "mean",
        ]
        rows = []
        for name, ranking in [("default", DEFAULT), *COSTED]:
            times = []
            for each in found:
                run = partial(ranked, snapshot, each, "relevance", COST_PAGE, ranking)
                run()  # the warm-up
                times.append(statistics.median(elapsed_ms(run) for _ in range(COST_REPEAT)))
            rows.append([name, *(f"{t:.0f}" for t in [*times, statistics.fmean(times)])])
            print(row(rows[-1]), flush=True)
    record = machine.record(run_command("bench.relevance", sys.argv[1:]))
    return [caption, "", *record, "", table(header, rows)]


def arabic(out: Path | None) -> None:
    """The Arabic known-item benchmark's figures, printed and written to ``out``."""
    texts = known_item.resources()
    if texts is None:
        sys.exit(f"no {known_item.PACKAGE}: pip install -e '.[arabic]'")
    machine = Machine()
    with tempfile.TemporaryDirectory() as tmp, Clock() as clock:
        found = known_item.known_item(Path(tmp), texts)
    rows = [
        ("plain words, vowelled index", f"{found.plain_on_vowelled:.3f}", found.found[0]),
        ("vowelled words, plain index", f"{found.vowelled_on_plain:.3f}", found.found[1]),
    ]
    text = table(["queries", "MRR@10", f"found in the first 10 of {found.queries}"], rows)
    summary = (
        f"Quran (Tanzil, {known_item.PACKAGE}): {found.queries} verses, "
        f"{known_item.WORDS} consecutive words each, in {clock.seconds:.0f} s."
    )
    print(summary, text, sep="\n")
    if out:
        record = machine.record(run_command("bench.relevance", sys.argv[1:]))
        write_section(out, ARABIC_SECTION, "\n".join([summary, "", *record, "", text]))


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.relevance", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--data", type=Path, default=data_dir(), help="the shared data folder")
    parser.add_argument("--variants", action="store_true", help="measure every variant tried")
    parser.add_argument("--cost", action="store_true", help="only time the ranking on Reuters")
    parser.add_argument("--arabic", action="store_true", help="only the Arabic known items")
    parser.add_argument("--out", type=Path, help="write the tables into this file's section")
    args = parser.parse_args()
    if args.arabic:
        arabic(args.out)
        return
    if args.cost:
        if not (args.data / REUTERS).is_file():
            sys.exit(f"no {REUTERS} in {args.data}; set SEARCHER_TEST_DATA or --data")
        with tempfile.TemporaryDirectory() as tmp:
            costs = cost(Path(tmp), args.data, Machine())
        if args.out:
            write_section(args.out, COST_SECTION, "\n".join(costs))
        return
    if not (args.data / COLLECTION).is_dir():
        sys.exit(f"no {COLLECTION} folder in {args.data}; set SEARCHER_TEST_DATA or --data")
    machine = Machine()
    collection = load(args.data)
    tried = [("**default**", DEFAULT), *(VARIANTS if args.variants else [])]
    header = [
        "ranking",
        "MAP",
        "nDCG@10",
        f"MAP, first {SHORT} words",
        f"nDCG@10, first {SHORT} words",
    ]
    figures, grids = [], []
    with tempfile.TemporaryDirectory() as tmp:
        with Clock() as indexing:
            idx = build_index(collection, Path(tmp))
        with idx:
            for name, ranking in tried:
                with Clock() as evaluating:
                    figures.append(evaluate(idx, collection, ranking))
                print(row(_cells(name, figures[-1])), f"({evaluating.seconds:.1f} s)", flush=True)
            if args.variants:
                grids = grid(idx, collection)
                print("\n".join(grids), flush=True)
    summary = (
        f"TIME: {len(collection.records)} articles, {len(collection.requests)} requests, "
        f"{sum(map(len, collection.relevant))} judgments, up to {RESULTS} results each; "
        f"indexed in {indexing.seconds:.1f} s."
    )
    stock = against_stock(figures[0])
    print(summary, stock, sep="\n")
    if args.out:
        rows = [_cells(name, found) for (name, _), found in zip(tried, figures, strict=True)]
        record = machine.record(run_command("bench.relevance", sys.argv[1:]))
        text = [summary, "", *record, "", stock, "", table(header, rows), *grids]
        write_section(args.out, SECTION, "\n".join(text))


if __name__ == "__main__":
    main()
