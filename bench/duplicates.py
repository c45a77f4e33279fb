"""Near-duplicate benchmark: sketch cost, grouping time, and the groups of the 2017 corpus.

    python -m bench.duplicates [--copies N]

Sketch cost is CPU time (``time.process_time``, best of 5 passes over the 2017 corpus), per
article and per 4 KB of title and body, since wall time on a shared machine measures the
others' load. Grouping is timed on the 2017 corpus and on about 200,000 sketches: the Reuters
and 2017 texts plus ``N`` (default 7) edited copies of each (3 % or 30 % of the words replaced,
or the text cut to 30-90 %), a harsher case than an archive, where most articles have no copy.
The 2017 groups are printed for checking by hand. Data: ``../shared/data`` or
``$SEARCHER_TEST_DATA``; results go in bench/RESULTS.md by hand.
"""

from __future__ import annotations

import argparse
import random
import time

from bench.common import data_dir
from searcher import Article, ingest
from searcher.analysis.sketch import THRESHOLD, groups, similarity, sketch


def articles(name: str) -> list[Article]:
    path = data_dir() / name
    return ingest.parse(path, path.read_bytes()).articles


def sketch_cost(corpus: list[Article]) -> None:
    size = sum(len(a.title) + len(a.body) for a in corpus)
    best = float("inf")
    for _ in range(5):
        started = time.process_time()
        for article in corpus:
            sketch(article.title, article.body)
        best = min(best, time.process_time() - started)
    print(
        f"sketch: {best / len(corpus) * 1e3:.3f} ms per article "
        f"(mean {size / len(corpus):,.0f} characters), {best / size * 4096 * 1e3:.3f} ms per 4 KB"
    )


def edited(text: str, rng: random.Random, vocabulary: list[str]) -> str:
    words = text.split()
    kind = rng.random()
    if kind < 0.7:
        share = 0.03 if kind < 0.4 else 0.3
        words = [rng.choice(vocabulary) if rng.random() < share else w for w in words]
    else:
        words = words[: max(1, int(len(words) * rng.uniform(0.3, 0.9)))]
    return " ".join(words)


def scale(texts: list[Article], copies: int) -> None:
    rng = random.Random(7)
    vocabulary = [word for article in texts[:3000] for word in article.body.split()]
    sketches = {n: sketch(a.title, a.body) for n, a in enumerate(texts)}
    for a in texts * copies:
        sketches[len(sketches)] = sketch(a.title, edited(a.body, rng, vocabulary))
    started = time.process_time()
    found = groups(sketches)
    seconds = time.process_time() - started
    grouped = sum(map(len, found))
    print(
        f"groups of {len(sketches):,} sketches: {seconds:.1f} s CPU, {len(found):,} groups "
        f"holding {grouped:,} articles, the largest {max(map(len, found))}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.duplicates", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--copies", type=int, default=7)
    options = parser.parse_args()
    news = articles("news-articles-2017.csv.gz")
    sketch_cost(news)
    by_id = {a.id: a for a in news}
    sketches = {a.id: sketch(a.title, a.body) for a in news}
    started = time.process_time()
    found = groups(sketches)
    seconds = time.process_time() - started
    print(f"2017 corpus: {len(found)} groups at {THRESHOLD} in {seconds:.2f} s CPU")
    for docs in found:
        first = sketches[docs[0]]
        for doc in docs:
            a = by_id[doc]
            print(f"  {similarity(first, sketches[doc]):.2f} {doc} {a.date} {a.source}: {a.title}")
        print()
    scale(news + articles("reuters21578.jsonl.gz"), options.copies)


if __name__ == "__main__":
    main()
